import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { addDays, todayInChina } from '../../lib/dates.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface Entry {
  memberId: string;
  name: string;
  memberStatus: string;
  finalGrade: string | null;
  proposedGrade: string | null;
  version: number;
}
interface Handling {
  id: string;
  memberId: string;
  measure: string;
  deadline: string;
  status: string;
  overdue: boolean;
  outcome: string | null;
  version: number;
}
interface Review {
  id: string;
  status: string;
  reviewed: number;
  excellentCap: number;
  finalExcellent: number;
  meetingId: string | null;
  version: number;
  entries: Entry[];
  handlings: Handling[];
}
interface ErrorBody {
  error: { code: string; details: { rule?: { id: string; cite: string }; memberIds?: string[] } | null };
}
interface Signal {
  threshold: number;
  rule: { id: string; cite: string };
  members: { memberId: string; name: string; idNumber: string; months: number; firstMonth: string; lastMonth: string; ongoing: boolean; decision: { decision: string; note: string | null } | null }[];
}

const idNo = (seq: number) => {
  const first17 = `1101011975031${String(seq).padStart(3, '0')}1`;
  return first17 + checkCharacter(first17);
};
const today = todayInChina();
const lastYear = Number(today.slice(0, 4)) - 1;
const month = (m: number) => `${lastYear}-${String(m).padStart(2, '0')}`;

let t: TestApp;
let secretary: Client;
let sibling: Client;
let townId = '';
let branchId = '';
let otherBranchId = '';
const m: Record<'a' | 'b' | 'c' | 'p' | 'late', string> = { a: '', b: '', c: '', p: '', late: '' };
let reviewId = '';

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch') => t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'government' });
  townId = (await mk(root.id, 'BUREAU', 'party_committee')).id;
  branchId = (await mk(townId, 'OFFICE-BRANCH', 'branch')).id;
  otherBranchId = (await mk(townId, 'OTHER-BRANCH', 'branch')).id;
  const member = async (seq: number, name: string, facts: { status: 'full' | 'probationary'; joinedAt: string; fullAt?: string }) =>
    (await t.services.members.create(CONSOLE_ACTOR, { orgId: branchId, name, idNumber: idNo(seq), phone: `1390000${String(seq).padStart(4, '0')}`, ...facts })).id;
  m.a = await member(11, '张明', { status: 'full', joinedAt: '2001-07-01', fullAt: '2002-07-01' });
  m.b = await member(13, '李华', { status: 'full', joinedAt: '2003-07-01', fullAt: '2004-07-01' });
  m.c = await member(15, '王芳', { status: 'full', joinedAt: '2008-07-01', fullAt: '2009-07-01' });
  m.p = await member(17, '赵强', { status: 'probationary', joinedAt: `${lastYear}-01-05` });
  m.late = await member(19, '钱新', { status: 'probationary', joinedAt: today });
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
  sibling = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranchId });
});
afterAll(async () => {
  await t.close();
});

const meeting = async (primaryType: string, heldOn: string, types?: string[]) => {
  const res = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType, heldOn, ...(types ? { types } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
};
const entry = (memberId: string) => {
  return secretary.call<Review>('GET', `/api/v1/reviews/${reviewId}`).then((r) => r.body.entries.find((e) => e.memberId === memberId) as Entry);
};
const grade = async (memberId: string, body: Record<string, unknown>, caller = secretary) => {
  const current = await entry(memberId);
  return caller.call<Entry & ErrorBody>('PATCH', `/api/v1/reviews/${reviewId}/entries/${memberId}`, { version: current?.version ?? 1, ...body });
};

describe('民主评议党员: opening a review', () => {
  test('the members reviewed are the full and probationary members on its first day', async () => {
    const res = await secretary.call<Review>('POST', '/api/v1/reviews', { orgId: branchId, year: lastYear, startsOn: `${lastYear}-12-20`, endsOn: `${lastYear}-12-31` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    reviewId = res.body.id;
    expect(res.body).toMatchObject({ status: 'open', reviewed: 4, excellentCap: 1, meetingId: null });
    expect(res.body.entries.map((e) => e.memberId).sort()).toEqual([m.a, m.b, m.c, m.p].sort());
    expect(res.body.entries.find((e) => e.memberId === m.p)?.memberStatus).toBe('probationary');
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_id', '=', reviewId).execute();
    expect(audit.map((a) => a.action)).toContain('review.create');
  });

  test.each<[string, () => Record<string, unknown>, number, string]>([
    ['a second review of the same year', () => ({ orgId: branchId, year: lastYear, startsOn: `${lastYear}-12-01`, endsOn: `${lastYear}-12-31` }), 409, 'review.exists'],
    ['a first day in the future', () => ({ orgId: branchId, year: lastYear + 1, startsOn: addDays(today, 1), endsOn: addDays(today, 10) }), 400, 'review.starts_in_future'],
    ['a first day two years after the year reviewed', () => ({ orgId: branchId, year: lastYear - 2, startsOn: `${lastYear}-01-10`, endsOn: `${lastYear}-01-20` }), 400, 'review.dates_inconsistent'],
    ['a last day before the first', () => ({ orgId: branchId, year: lastYear - 1, startsOn: `${lastYear}-01-10`, endsOn: `${lastYear}-01-01` }), 400, 'review.dates_inconsistent'],
    ['a review of a 党委 rather than a branch', () => ({ orgId: townId, year: lastYear, startsOn: `${lastYear}-12-01`, endsOn: `${lastYear}-12-31` }), 404, 'org.not_found'],
    ['malformed: unknown field', () => ({ orgId: branchId, year: lastYear, startsOn: `${lastYear}-12-01`, endsOn: `${lastYear}-12-31`, extra: 1 }), 400, 'request.invalid'],
    ['malformed: not a date', () => ({ orgId: branchId, year: lastYear, startsOn: `${lastYear}-02-30`, endsOn: `${lastYear}-12-31` }), 400, 'request.invalid'],
  ])('%s', async (_label, body, status, code) => {
    const res = await secretary.call<ErrorBody>('POST', '/api/v1/reviews', body());
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  test('an org administrator above the branch cannot open a review for the 党委 itself (422, cited)', async () => {
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const res = await admin.call<ErrorBody>('POST', '/api/v1/reviews', { orgId: townId, year: lastYear, startsOn: `${lastYear}-12-01`, endsOn: `${lastYear}-12-31` });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('review.org_not_branch');
    expect(res.body.error.details?.rule?.cite).toContain('支部工作条例');
    const list = await admin.call<{ total: number; items: { id: string; orgName: string }[] }>('GET', `/api/v1/reviews?orgId=${townId}&year=${lastYear}`);
    expect(list.body.items.map((i) => i.id)).toEqual([reviewId]);
  });
});

describe('grades and the 优秀 cap (one third of the members reviewed, rounded down)', () => {
  test('a member graded 优秀 within the cap', async () => {
    const res = await grade(m.a, { selfAssessment: '认真履行党员义务', peerScore: 95, democraticGrade: 'excellent', proposedGrade: 'excellent', finalGrade: 'excellent' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ finalGrade: 'excellent', version: 2 });
  });

  test.each<[string, Record<string, unknown>]>([
    ['a second 优秀 final grade of 4 members', { finalGrade: 'excellent' }],
    ['a second 优秀 proposed grade of 4 members', { proposedGrade: 'excellent' }],
  ])('%s → 422 with the rule cited', async (_label, body) => {
    const res = await grade(m.b, body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('review.excellent_over_cap');
    expect(res.body.error.details?.rule?.cite).toContain('三分之一');
    expect((await entry(m.b)).finalGrade).toBeNull();
  });

  test.each<[string, () => [string, Record<string, unknown>], number, string]>([
    ['a grade for a member not in the review (joined after its first day)', () => [m.late, { version: 1, finalGrade: 'qualified' }], 422, 'review.member_not_reviewed'],
    ['a stale version', () => [m.a, { version: 1, finalGrade: 'qualified' }], 409, 'review.entry_version_stale'],
    ['a score above 100', () => [m.b, { version: 1, peerScore: 101 }], 400, 'request.invalid'],
    ['an unknown grade', () => [m.b, { version: 1, finalGrade: 'outstanding' }], 400, 'request.invalid'],
  ])('%s', async (_label, make, status, code) => {
    const [memberId, body] = make();
    const res = await secretary.call<ErrorBody>('PATCH', `/api/v1/reviews/${reviewId}/entries/${memberId}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  });
});

describe('the review and the compliance engine meet through the meeting record', () => {
  test('a meeting not counting as 民主评议党员 cannot be linked', async () => {
    const general = await meeting('general_meeting', `${lastYear}-12-21`);
    const review = await secretary.call<Review>('GET', `/api/v1/reviews/${reviewId}`);
    const res = await secretary.call<ErrorBody>('PATCH', `/api/v1/reviews/${reviewId}`, { version: review.body.version, meetingId: general });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('review.meeting_invalid');
  });

  test('the linked 支部党员大会 counting as 民主评议党员 meets the yearly requirement', async () => {
    const held = await meeting('general_meeting', `${lastYear}-12-22`, ['member_review']);
    const review = await secretary.call<Review>('GET', `/api/v1/reviews/${reviewId}`);
    const res = await secretary.call<Review>('PATCH', `/api/v1/reviews/${reviewId}`, { version: review.body.version, meetingId: held });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.meetingId).toBe(held);
    const compliance = await secretary.call<{ requirements: { type: string; status: string }[] }>('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}`);
    expect(compliance.body.requirements.find((r) => r.type === 'member_review')?.status).toBe('met');
  });
});

describe('closing fixes the grades; 不合格 opens organizational handling', () => {
  const close = async (handlings: unknown[]) => {
    const review = await secretary.call<Review>('GET', `/api/v1/reviews/${reviewId}`);
    return secretary.call<Review & ErrorBody>('POST', `/api/v1/reviews/${reviewId}/close`, { version: review.body.version, handlings });
  };
  const deadline = addDays(today, 90);

  test('not before every member has a final grade', async () => {
    const res = await close([]);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('review.grades_incomplete');
    expect(res.body.error.details?.memberIds?.sort()).toEqual([m.b, m.c, m.p].sort());
  });

  test('not without a handling measure for the member graded 不合格 (cited)', async () => {
    await grade(m.b, { finalGrade: 'qualified' });
    await grade(m.c, { finalGrade: 'basically_qualified' });
    await grade(m.p, { finalGrade: 'unqualified' });
    const res = await close([]);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('review.handling_required');
    expect(res.body.error.details?.rule?.cite).toContain('不合格党员组织处置办法');
    const stray = await close([{ memberId: m.p, measure: 'rectify', deadline }, { memberId: m.c, measure: 'rectify', deadline }]);
    expect(stray.body.error.code).toBe('review.handling_not_unqualified');
    const state = await secretary.call<Review>('GET', `/api/v1/reviews/${reviewId}`);
    expect(state.body).toMatchObject({ status: 'open', handlings: [] });
  });

  test('closing with 限期改正 and a deadline', async () => {
    const res = await close([{ memberId: m.p, measure: 'rectify', deadline }]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('closed');
    expect(res.body.handlings).toEqual([expect.objectContaining({ memberId: m.p, measure: 'rectify', deadline, status: 'open', overdue: false })]);
  });

  test('edits after closing are refused', async () => {
    const edit = await grade(m.b, { finalGrade: 'basically_qualified' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('review.closed');
    const again = await close([]);
    expect(again.body.error.code).toBe('review.closed');
    const dates = await secretary.call<ErrorBody>('PATCH', `/api/v1/reviews/${reviewId}`, { version: 99, endsOn: `${lastYear}-12-30` });
    expect(dates.body.error.code).toBe('review.closed');
  });

  test('the outcome of the handling is recorded once', async () => {
    const open = await secretary.call<Handling[]>('GET', `/api/v1/reviews/handlings?orgId=${branchId}&status=open`);
    expect(open.body).toHaveLength(1);
    const handling = open.body[0] as Handling;
    const future = await secretary.call<ErrorBody>('PATCH', `/api/v1/reviews/handlings/${handling.id}`, { version: handling.version, outcome: '已改正', outcomeOn: addDays(today, 1) });
    expect(future.body.error.code).toBe('review.outcome_date_invalid');
    const res = await secretary.call<Handling>('PATCH', `/api/v1/reviews/handlings/${handling.id}`, { version: handling.version, outcome: '经教育已改正，恢复正常组织生活', outcomeOn: today });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', outcome: '经教育已改正，恢复正常组织生活' });
    const twice = await secretary.call<ErrorBody>('PATCH', `/api/v1/reviews/handlings/${handling.id}`, { version: res.body.version, outcome: 'x', outcomeOn: today });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('review.handling_closed');
  });
});

describe('党章第九条 signal: absent from all organizational life, without leave, six consecutive months', () => {
  beforeAll(async () => {
    // January to June of last year, one 主题党日 a month: 张明 and the probationary 赵强 absent throughout; 李华 on
    // leave in April; 王芳 present.
    for (let i = 1; i <= 6; i++) {
      const id = await meeting('theme_day', `${month(i)}-10`);
      const entries = [
        { memberId: m.c, status: 'present' },
        ...(i === 4 ? [{ memberId: m.b, status: 'leave', reason: '出差' }] : []),
      ];
      const res = await secretary.call('PUT', `/api/v1/meetings/${id}/attendance`, { entries });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });

  test('the absent members are flagged, masked, with the run and the article cited; leave breaks a run', async () => {
    const res = await secretary.call<Signal>('GET', `/api/v1/orgs/${branchId}/absence-signal?asOf=${lastYear}-07-15`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.threshold).toBe(6);
    expect(res.body.rule.cite).toContain('《中国共产党章程》 第九条');
    expect(res.body.members.map((x) => x.memberId)).toEqual([m.a, m.p]);
    const flagged = res.body.members[0];
    expect(flagged).toMatchObject({ name: '张明', months: 6, firstMonth: month(1), lastMonth: month(6), ongoing: true, decision: null });
    expect(flagged?.idNumber).toMatch(/^110\*+\d{3}[\dX]$/);
  });

  test('before the sixth month nobody is flagged; a higher org sees its branches', async () => {
    const early = await secretary.call<Signal>('GET', `/api/v1/orgs/${branchId}/absence-signal?asOf=${lastYear}-05-31`);
    expect(early.body.members).toEqual([]);
    const admin = await t.signIn({ roles: ['inspector'], homeOrgId: townId });
    const above = await admin.call<Signal>('GET', `/api/v1/orgs/${townId}/absence-signal?asOf=${lastYear}-07-15`);
    expect(above.body.members.map((x) => x.memberId)).toEqual([m.a, m.p]);
    expect((await admin.call<ErrorBody>('POST', '/api/v1/absence-signal/decisions', { memberId: m.a, asOf: `${lastYear}-07-15`, decision: 'talked_to' })).status).toBe(403);
  });

  test('people decide: the decision is recorded, audited and shown with the flag', async () => {
    const res = await secretary.call<{ decision: string; firstMonth: string }>('POST', '/api/v1/absence-signal/decisions', {
      memberId: m.a,
      asOf: `${lastYear}-07-15`,
      decision: 'talked_to',
      note: '支部书记已谈心谈话，说明外派工作原因',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ decision: 'talked_to', firstMonth: month(1) });
    const list = await secretary.call<Signal>('GET', `/api/v1/orgs/${branchId}/absence-signal?asOf=${lastYear}-07-15`);
    expect(list.body.members[0]?.decision).toMatchObject({ decision: 'talked_to', note: '支部书记已谈心谈话，说明外派工作原因' });
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_id', '=', m.a).execute();
    expect(audit.map((a) => a.action)).toContain('absence.decide');
  });

  test.each<[string, () => Record<string, unknown>, number, string]>([
    ['a member who is not flagged', () => ({ memberId: m.c, asOf: `${lastYear}-07-15`, decision: 'no_action' }), 422, 'absence.not_flagged'],
    ['a date in the future', () => ({ memberId: m.a, asOf: addDays(today, 1), decision: 'handled' }), 400, 'absence.as_of_future'],
    ['an unknown decision', () => ({ memberId: m.a, decision: 'expelled' }), 400, 'request.invalid'],
  ])('%s', async (_label, body, status, code) => {
    const res = await secretary.call<ErrorBody>('POST', '/api/v1/absence-signal/decisions', body());
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  test('a signal as of a future date is refused', async () => {
    const res = await secretary.call<ErrorBody>('GET', `/api/v1/orgs/${branchId}/absence-signal?asOf=${addDays(today, 3)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('absence.as_of_future');
  });
});

describe('scope: a sibling branch secretary reaches none of it (404 like a missing id)', () => {
  test('every route', async () => {
    const handling = (await secretary.call<Handling[]>('GET', `/api/v1/reviews/handlings?orgId=${branchId}`)).body[0] as Handling;
    for (const [method, url, body] of [
      ['GET', `/api/v1/reviews/${reviewId}`, undefined],
      ['PATCH', `/api/v1/reviews/${reviewId}`, { version: 1 }],
      ['PATCH', `/api/v1/reviews/${reviewId}/entries/${m.a}`, { version: 1, finalGrade: 'qualified' }],
      ['POST', `/api/v1/reviews/${reviewId}/close`, { version: 1 }],
      ['GET', `/api/v1/reviews?orgId=${branchId}`, undefined],
      ['GET', `/api/v1/reviews/handlings?orgId=${branchId}`, undefined],
      ['PATCH', `/api/v1/reviews/handlings/${handling.id}`, { version: handling.version, outcome: 'x', outcomeOn: today }],
      ['POST', '/api/v1/reviews', { orgId: branchId, year: lastYear - 1, startsOn: `${lastYear}-01-10`, endsOn: `${lastYear}-01-20` }],
      ['GET', `/api/v1/orgs/${branchId}/absence-signal`, undefined],
      ['POST', '/api/v1/absence-signal/decisions', { memberId: m.a, decision: 'handled' }],
    ] as const) {
      expect((await sibling.call(method, url, body)).status, `${method} ${url}`).toBe(404);
    }
  });
});
