import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { todayInChina } from '../../lib/dates.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface Attendance {
  expected: number;
  present: number;
  leave: number;
  absent: number;
  votingExpected: number;
  votingPresent: number;
  entries: { memberId: string; status: string; voting: boolean }[];
}
interface Vote {
  kind: string;
  counts: { shouldAttend: number; present: number };
  outcome: { quorate: boolean; passed?: boolean; elected?: Record<string, boolean> };
  rule: { id: string; cite: string };
}
interface ErrorBody {
  error: { code: string };
}

const idNo = (seq: number) => {
  const first17 = `4403001980051${String(seq).padStart(3, '0')}1`;
  return first17 + checkCharacter(first17);
};
const lastYear = Number(todayInChina().slice(0, 4)) - 1;

let t: TestApp;
let secretary: Client;
let branchId = '';
let otherBranchId = '';
const m: Record<'a' | 'b' | 'c' | 'p' | 'late', string> = { a: '', b: '', c: '', p: '', late: '' };
let meetingId = '';
let committeeMeetingId = '';

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch') => t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' });
  const town = await mk(root.id, 'TOWN', 'party_committee');
  branchId = (await mk(town.id, 'VILLAGE-BRANCH', 'branch')).id;
  otherBranchId = (await mk(town.id, 'OTHER-BRANCH', 'branch')).id;
  const member = async (seq: number, name: string, facts: { status: 'full' | 'probationary'; joinedAt: string; fullAt?: string }) =>
    (await t.services.members.create(CONSOLE_ACTOR, { orgId: branchId, name, idNumber: idNo(seq), ...facts })).id;
  m.a = await member(11, '甲', { status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });
  m.b = await member(13, '乙', { status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });
  m.c = await member(15, '丙', { status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });
  m.p = await member(17, '丁', { status: 'probationary', joinedAt: `${lastYear}-01-10` });
  m.late = await member(19, '戊', { status: 'probationary', joinedAt: todayInChina() });
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
  const create = async (primaryType: string, heldOn: string) =>
    (await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType, heldOn })).body.id;
  meetingId = await create('general_meeting', `${lastYear}-06-10`);
  committeeMeetingId = await create('committee_meeting', `${lastYear}-06-11`);
});
afterAll(async () => {
  await t.close();
});

const put = (id: string, entries: unknown) => secretary.call<Attendance & ErrorBody>('PUT', `/api/v1/meetings/${id}/attendance`, { entries });

describe('attendance', () => {
  test('expected attendees are the roster on the meeting date; unlisted members are absent; probationary members have no vote', async () => {
    const res = await put(meetingId, [
      { memberId: m.a, status: 'present' },
      { memberId: m.b, status: 'leave', reason: '外出务工' },
      { memberId: m.p, status: 'present' },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ expected: 4, present: 2, leave: 1, absent: 1, votingExpected: 3, votingPresent: 1 });
    expect(res.body.entries.find((e) => e.memberId === m.c)?.status).toBe('absent');
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_id', '=', meetingId).execute();
    expect(audit.map((a) => a.action)).toContain('meeting.attendance');
  });

  test.each<[string, () => unknown, number, string | null]>([
    ['leave without a reason', () => [{ memberId: m.a, status: 'leave' }], 400, 'meeting.leave_reason_required'],
    ['a member who joined after the meeting', () => [{ memberId: m.late, status: 'present' }], 422, 'meeting.attendee_not_expected'],
    ['the same member twice', () => [{ memberId: m.a, status: 'present' }, { memberId: m.a, status: 'absent' }], 400, 'meeting.attendee_repeated'],
    ['malformed: unknown status', () => [{ memberId: m.a, status: 'asleep' }], 400, null],
    ['malformed: not a list', () => 'everyone', 400, null],
  ])('%s → %i', async (_label, entries, status, code) => {
    const res = await put(meetingId, entries());
    expect(res.status).toBe(status);
    if (code) expect(res.body.error.code).toBe(code);
  });

  test('a 支委会 takes the committee from the entries', async () => {
    const res = await put(committeeMeetingId, [
      { memberId: m.a, status: 'present' },
      { memberId: m.b, status: 'present' },
      { memberId: m.c, status: 'absent' },
    ]);
    expect(res.body).toMatchObject({ expected: 3, present: 2 });
  });
});

describe('votes at a meeting (《中国共产党支部工作条例（试行）》)', () => {
  test('without a quorum of voting members nothing passes', async () => {
    const res = await secretary.call<Vote>('POST', `/api/v1/meetings/${meetingId}/votes`, { kind: 'general', subject: '村级重大事项', yes: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toMatchObject({ shouldAttend: 3, present: 1 });
    expect(res.body.outcome).toMatchObject({ quorate: false, passed: false });
    expect(res.body.rule.cite).toContain('支部党员大会');
  });

  test('with more than half of the voting members present and more than half of 应到 in favour it passes', async () => {
    await put(meetingId, [
      { memberId: m.a, status: 'present' },
      { memberId: m.b, status: 'present' },
      { memberId: m.p, status: 'present' },
    ]);
    const res = await secretary.call<Vote>('POST', `/api/v1/meetings/${meetingId}/votes`, { kind: 'general', subject: '村级重大事项', yes: 2 });
    expect(res.body.outcome).toMatchObject({ quorate: true, passed: true });
    const list = await secretary.call<Vote[]>('GET', `/api/v1/meetings/${meetingId}/votes`);
    expect(list.body).toHaveLength(2);
  });

  test('a committee vote counts every committee member present', async () => {
    const res = await secretary.call<Vote>('POST', `/api/v1/meetings/${committeeMeetingId}/votes`, { kind: 'committee', subject: '议题', yes: 2 });
    expect(res.body.outcome).toMatchObject({ quorate: true, passed: true });
  });

  test.each<[string, () => [string, unknown], number, string | null]>([
    ['a committee vote at a 支部党员大会', () => [meetingId, { kind: 'committee', subject: 'x', yes: 1 }], 422, 'meeting.vote_kind_mismatch'],
    ['more votes than voting members present', () => [meetingId, { kind: 'general', subject: 'x', yes: 2, no: 1 }], 400, 'vote.counts_inconsistent'],
    ['malformed: unknown kind', () => [meetingId, { kind: 'referendum', subject: 'x', yes: 1 }], 400, null],
    ['malformed: negative count', () => [meetingId, { kind: 'general', subject: 'x', yes: -1 }], 400, null],
  ])('%s → %i', async (_label, make, status, code) => {
    const [id, body] = make();
    const res = await secretary.call<ErrorBody>('POST', `/api/v1/meetings/${id}/votes`, body);
    expect(res.status).toBe(status);
    if (code) expect(res.body.error.code).toBe(code);
  });
});

describe('attendance before it is recorded', () => {
  test('the form starts from the roster on the meeting date, everyone absent, recorded: false', async () => {
    const fresh = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'general_meeting', heldOn: `${lastYear}-02-01` });
    const att = await secretary.call<Attendance & { recorded: boolean }>('GET', `/api/v1/meetings/${fresh.body.id}/attendance`);
    expect(att.body).toMatchObject({ recorded: false, expected: 4, present: 0, absent: 4, votingExpected: 3 });
    expect(att.body.entries.map((e) => e.memberId).sort()).toEqual([m.a, m.b, m.c, m.p].sort());
    const vote = await secretary.call<ErrorBody>('POST', `/api/v1/meetings/${fresh.body.id}/votes`, { kind: 'general', subject: '决议', yes: 0 });
    expect(vote.body.error.code).toBe('meeting.attendance_missing');
  });
});

describe('check-in by code', () => {
  test('a member linked to their record checks in to today\'s meeting and is marked present', async () => {
    const today = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'theme_day', heldOn: todayInChina() });
    const issued = await secretary.call<{ code: string; expiresAt: string }>('POST', `/api/v1/meetings/${today.body.id}/check-in-code`);
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.code).toMatch(/^\d{6}$/);
    const account = await t.signIn({ roles: ['member'], homeOrgId: branchId });
    const unlinked = await account.call<ErrorBody>('POST', '/api/v1/meetings/check-in', { code: issued.body.code });
    expect(unlinked.body.error.code).toBe('meeting.not_a_member');
    await t.handle.db.updateTable('members').set({ account_id: account.accountId }).where('id', '=', m.c).execute();
    const res = await account.call<{ meetingId: string }>('POST', '/api/v1/meetings/check-in', { code: issued.body.code });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const att = await secretary.call<Attendance>('GET', `/api/v1/meetings/${today.body.id}/attendance`);
    // Those who have not checked in are on the roster of the day, absent until the secretary records otherwise.
    expect(att.body.entries.filter((e) => e.status === 'present')).toEqual([expect.objectContaining({ memberId: m.c, voting: true })]);
    expect(att.body).toMatchObject({ expected: 5, present: 1, absent: 4, votingExpected: 3, votingPresent: 1 });
    const wrong = await account.call<ErrorBody>('POST', '/api/v1/meetings/check-in', { code: issued.body.code === '000000' ? '000001' : '000000' });
    expect(wrong.status).toBe(404);
    expect((await account.call('POST', '/api/v1/meetings/check-in', { code: '12ab56' })).status).toBe(400);
  });

  test('no code for a meeting of another day', async () => {
    const res = await secretary.call<ErrorBody>('POST', `/api/v1/meetings/${meetingId}/check-in-code`);
    expect(res.body.error.code).toBe('meeting.check_in_not_today');
  });

  test('a sibling branch secretary reaches none of it', async () => {
    const other = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranchId });
    for (const [method, url, body] of [
      ['GET', `/api/v1/meetings/${meetingId}/attendance`, undefined],
      ['PUT', `/api/v1/meetings/${meetingId}/attendance`, { entries: [] }],
      ['POST', `/api/v1/meetings/${meetingId}/check-in-code`, undefined],
      ['POST', `/api/v1/meetings/${meetingId}/votes`, { kind: 'general', subject: 'x', yes: 0 }],
      ['GET', `/api/v1/meetings/${meetingId}/votes`, undefined],
    ] as const) {
      expect((await other.call(method, url, body)).status, `${method} ${url}`).toBe(404);
    }
  });
});

describe('留党察看', () => {
  test('a full member under 留党察看 on the meeting date is expected but has no vote; before and after, the vote is back', async () => {
    const year = lastYear - 1;
    const probation = await secretary.call('POST', `/api/v1/members/${m.c}/disciplinary-probations`, { startsOn: `${year}-02-01`, endsOn: `${year}-08-01` });
    expect(probation.status, JSON.stringify(probation.body)).toBe(201);
    const votingOf = async (heldOn: string) => {
      const id = (await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'general_meeting', heldOn })).body.id;
      const res = await put(id, [{ memberId: m.c, status: 'present' }]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.entries.find((e) => e.memberId === m.c)?.voting;
    };
    expect(await votingOf(`${year}-01-31`)).toBe(true);
    expect(await votingOf(`${year}-03-10`)).toBe(false);
    expect(await votingOf(`${year}-08-01`)).toBe(true);
  });
});
