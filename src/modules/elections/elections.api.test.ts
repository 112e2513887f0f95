import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { addDays, addMonths, addYears, todayInChina } from '../../lib/dates.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface Election {
  id: string;
  state: string;
  version: number;
  heldOn: string;
  margin: { minCandidates: number; candidates: number; percent: number; enough: boolean; setByOrgId: string | null; rule: { id: string; cite: string } };
  candidates: { memberId: string; name: string; votes: number | null; result: string | null; position: string | null }[];
  count: { shouldAttend: number; present: number; quorate: boolean; elected: number; tied: string[]; unfilled: number; rule: { id: string; cite: string } } | null;
  approvers: { id: string; name: string }[];
  termId: string | null;
}
interface ErrorBody {
  error: { code: string; details: { rule?: { id: string; cite: string }; field?: string } | null };
}
type Answer = Election & ErrorBody;

const idNo = (seq: number) => {
  const first17 = `1101011975031${String(seq).padStart(3, '0')}1`;
  return first17 + checkCharacter(first17);
};
const lastYear = Number(todayInChina().slice(0, 4)) - 1;
const heldOn = `${lastYear}-06-10`;
const approvedOn = `${lastYear}-06-25`;

let t: TestApp;
let secretary: Client;
let townId = '';
let branchId = '';
let otherBranchId = '';
let meetingId = '';
let seq = 0;
const full: string[] = [];
let probationary = '';
let outsider = '';
let disciplined = '';

async function member(orgId: string, name: string, status: 'full' | 'probationary' = 'full'): Promise<string> {
  seq += 1;
  const facts = status === 'full' ? { status, joinedAt: '2001-07-01', fullAt: '2002-07-01' } : { status, joinedAt: `${lastYear}-01-10` };
  return (await t.services.members.create(CONSOLE_ACTOR, { orgId, name, idNumber: idNo(seq), ...facts })).id;
}

/** A 支部党员大会 of the branch with its attendance: the first `present` full members present, the others absent. */
async function generalMeeting(client: Client, orgId: string, on: string, presentIds: string[]): Promise<string> {
  const meeting = await client.call<{ id: string }>('POST', '/api/v1/meetings', { orgId, primaryType: 'general_meeting', heldOn: on });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  const attendance = await client.call('PUT', `/api/v1/meetings/${meeting.body.id}/attendance`, {
    entries: presentIds.map((memberId) => ({ memberId, status: 'present' })),
  });
  expect(attendance.status, JSON.stringify(attendance.body)).toBe(200);
  return meeting.body.id;
}

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch') =>
    t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: `${code}名称`, kind, domain: 'government' });
  const town = await mk(root.id, 'BUREAU', 'party_committee');
  townId = town.id;
  branchId = (await mk(town.id, 'OFFICE-BRANCH', 'branch')).id;
  otherBranchId = (await mk(town.id, 'OTHER-BRANCH', 'branch')).id;
  for (const name of ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八']) full.push(await member(branchId, name));
  probationary = await member(branchId, '冯九', 'probationary');
  outsider = await member(otherBranchId, '陈十');
  disciplined = await member(branchId, '褚十一');
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
  // Under 留党察看 since before the election: attends without a vote, cannot stand.
  const probation = await secretary.call('POST', `/api/v1/members/${disciplined}/disciplinary-probations`, { startsOn: `${lastYear - 1}-01-01` });
  expect(probation.status, JSON.stringify(probation.body)).toBe(201);
  // The previous committee and term, elected three years before.
  await t.services.orgs.startTerm(CONSOLE_ACTOR, branchId, { startedOn: `${lastYear - 3}-06-01` });
  await t.services.orgs.addCommitteeMember(CONSOLE_ACTOR, branchId, { personName: '老书记', position: 'secretary', startedOn: `${lastYear - 3}-06-20` });
  // 7 of the 8 voting members present; the probationary member attends without a vote.
  meetingId = await generalMeeting(secretary, branchId, heldOn, [...full.slice(0, 7), probationary]);
});
afterAll(async () => {
  await t.close();
});

describe('an election installs a committee and sets the next term end', () => {
  let election: Election;

  test('created on its 支部党员大会: the day is the meeting\'s, 差额 needs 4 candidates for 3 seats', async () => {
    const res = await secretary.call<Answer>('POST', '/api/v1/elections', { orgId: branchId, seats: 3, meetingId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    election = res.body;
    expect(election).toMatchObject({ state: 'draft', heldOn, margin: { minCandidates: 4, percent: 20, candidates: 0, enough: false } });
    expect(election.approvers.map((a) => a.id)[0]).toBe(townId);
    const again = await secretary.call<Answer>('POST', '/api/v1/elections', { orgId: branchId, seats: 3, meetingId });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('election.already_open');
  });

  test.each<[string, () => string[], number, string]>([
    ['差额 too small: 3 candidates for 3 seats', () => full.slice(0, 3), 422, 'election.margin_too_small'],
    ['a probationary member cannot stand', () => [...full.slice(0, 3), probationary], 422, 'election.candidate_not_full_member'],
    ['a member under 留党察看 cannot stand', () => [...full.slice(0, 3), disciplined], 422, 'election.candidate_under_probation'],
    ['a member of another branch cannot stand', () => [...full.slice(0, 3), outsider], 422, 'election.candidate_not_member'],
    ['an unknown id cannot stand', () => [...full.slice(0, 3), 'no-such-member'], 422, 'election.candidate_not_member'],
    ['a candidate listed twice', () => [full[0] ?? '', full[0] ?? '', full[1] ?? '', full[2] ?? ''], 400, 'election.candidate_repeated'],
  ])('%s, nothing written', async (_, ids, status, code) => {
    const res = await secretary.call<Answer>('PUT', `/api/v1/elections/${election.id}/candidates`, { version: election.version, memberIds: ids() });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (status === 422) expect(res.body.error.details?.rule?.cite).toMatch(code === 'election.candidate_under_probation' ? /章程》第四十条/ : /选举工作条例/);
    const now = await secretary.call<Answer>('GET', `/api/v1/elections/${election.id}`);
    expect(now.body.candidates).toHaveLength(0);
    expect(now.body.version).toBe(election.version);
  });

  test('four full members stand', async () => {
    const res = await secretary.call<Answer>('PUT', `/api/v1/elections/${election.id}/candidates`, { version: election.version, memberIds: full.slice(0, 4) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    election = res.body;
    expect(election.margin).toMatchObject({ candidates: 4, minCandidates: 4, enough: true });
    expect(election.candidates.map((c) => c.name)).toEqual(['赵一', '钱二', '孙三', '李四']);
  });

  test.each<[string, (ids: string[]) => unknown, string]>([
    ['more votes than voters present', (ids) => ids.map((memberId, i) => ({ memberId, votes: i === 0 ? 8 : 1 })), 'election.votes_exceed_voters'],
    ['more votes than the ballots hold', (ids) => ids.map((memberId) => ({ memberId, votes: 6 })), 'election.votes_exceed_ballots'],
    ['a candidate left out', (ids) => ids.slice(1).map((memberId) => ({ memberId, votes: 1 })), 'election.votes_incomplete'],
  ])('%s → 400', async (_, votes, code) => {
    const res = await secretary.call<Answer>('PUT', `/api/v1/elections/${election.id}/ballots`, { version: election.version, votes: votes(full.slice(0, 4)) });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe(code);
  });

  test('confirming before the count is refused', async () => {
    const res = await secretary.call<Answer>('POST', `/api/v1/elections/${election.id}/confirm`, {
      version: election.version,
      approvedOn,
      approvedByOrgId: townId,
      secretaryMemberId: full[0],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('election.not_counted');
  });

  test('the ballots: 应到 8 voting members, 实到 7 — quorate (> 4/5); > half of 7 elects', async () => {
    const votes = [7, 6, 5, 2].map((v, i) => ({ memberId: full[i], votes: v }));
    const res = await secretary.call<Answer>('PUT', `/api/v1/elections/${election.id}/ballots`, { version: election.version, votes });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    election = res.body;
    expect(election.count).toMatchObject({ shouldAttend: 8, present: 7, quorate: true, elected: 3, tied: [], unfilled: 0, rule: { id: 'votes.2018.election' } });
    expect(election.count?.rule.cite).toContain('五分之四');
    expect(election.candidates.map((c) => c.result)).toEqual(['elected', 'elected', 'elected', 'not_elected']);
  });

  test.each<[string, () => Record<string, unknown>, number, string]>([
    ['an approver that is not a superior', () => ({ approvedByOrgId: otherBranchId }), 422, 'election.approver_not_superior'],
    ['a secretary who was not elected', () => ({ secretaryMemberId: full[3] }), 422, 'election.post_not_elected'],
    ['an approval before the election', () => ({ approvedOn: addDays(heldOn, -1) }), 400, 'election.approved_before_election'],
  ])('confirm with %s', async (_, change, status, code) => {
    const res = await secretary.call<Answer>('POST', `/api/v1/elections/${election.id}/confirm`, {
      version: election.version,
      approvedOn,
      approvedByOrgId: townId,
      secretaryMemberId: full[0],
      ...change(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  test('confirmed: the elected committee replaces the old one, and the new term ends 3 years after the election', async () => {
    const res = await secretary.call<Answer>('POST', `/api/v1/elections/${election.id}/confirm`, {
      version: election.version,
      approvedOn,
      approvedByOrgId: townId,
      secretaryMemberId: full[0],
      deputyMemberIds: [full[1]],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'confirmed' });
    expect(res.body.candidates.map((c) => c.position)).toEqual(['secretary', 'deputy_secretary', 'member', null]);

    const committee = await secretary.call<{ personName: string; position: string; startedOn: string; endedOn: string | null }[]>(
      'GET',
      `/api/v1/orgs/${branchId}/committee?includeEnded=true`,
    );
    const current = committee.body.filter((c) => c.endedOn === null);
    expect(current.map((c) => [c.personName, c.position, c.startedOn]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      ['钱二', 'deputy_secretary', approvedOn],
      ['孙三', 'member', approvedOn],
      ['赵一', 'secretary', approvedOn],
    ]);
    expect(committee.body.find((c) => c.personName === '老书记')?.endedOn).toBe(approvedOn);

    const terms = await secretary.call<{ items: { id: string; startedOn: string; endsOn: string; current: boolean }[] }>('GET', `/api/v1/orgs/${branchId}/terms`);
    const term = terms.body.items.find((i) => i.current);
    expect(term).toMatchObject({ id: res.body.termId, startedOn: heldOn, endsOn: addYears(heldOn, 3) });

    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('org_path', 'is not', null).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['election.confirm', 'committee.replace', 'term.start']));

    const closed = await secretary.call<Answer>('PUT', `/api/v1/elections/${res.body.id}/candidates`, { version: res.body.version, memberIds: full.slice(0, 4) });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('election.closed');
  });

  test('another branch\'s secretary sees no such election (404), nor may write to it', async () => {
    const other = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranchId });
    const read = await other.call<ErrorBody>('GET', `/api/v1/elections/${election.id}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('election.not_found');
    const write = await other.call<ErrorBody>('POST', `/api/v1/elections/${election.id}/cancel`, { version: 1 });
    expect(write.status).toBe(404);
    const create = await other.call<ErrorBody>('POST', '/api/v1/elections', { orgId: branchId, seats: 3, meetingId });
    expect(create.status).toBe(404);
    const list = await other.call<ErrorBody>('GET', `/api/v1/elections?orgId=${branchId}`);
    expect(list.status).toBe(404);
  });
});

describe('nothing half-written when the confirmation fails', () => {
  test('a term that cannot start rolls back the committee already replaced in the same transaction', async () => {
    const voters: string[] = [];
    for (const name of ['甲一', '甲二', '甲三', '甲四', '甲五']) voters.push(await member(otherBranchId, name));
    const otherSecretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranchId });
    const on = `${lastYear}-03-01`;
    const meeting = await generalMeeting(otherSecretary, otherBranchId, on, voters);
    let e = (await otherSecretary.call<Answer>('POST', '/api/v1/elections', { orgId: otherBranchId, seats: 1, meetingId: meeting })).body;
    e = (await otherSecretary.call<Answer>('PUT', `/api/v1/elections/${e.id}/candidates`, { version: e.version, memberIds: voters.slice(0, 2) })).body;
    e = (await otherSecretary.call<Answer>('PUT', `/api/v1/elections/${e.id}/ballots`, { version: e.version, votes: [{ memberId: voters[0], votes: 4 }, { memberId: voters[1], votes: 1 }] })).body;
    expect(e.state).toBe('counted');
    // A term recorded as started after the election's day: the new term cannot start before it.
    await t.services.orgs.startTerm(CONSOLE_ACTOR, otherBranchId, { startedOn: `${lastYear}-04-01` });
    await t.services.orgs.addCommitteeMember(CONSOLE_ACTOR, otherBranchId, { personName: '原书记', position: 'secretary', startedOn: `${lastYear}-01-01` });

    const res = await otherSecretary.call<Answer>('POST', `/api/v1/elections/${e.id}/confirm`, {
      version: e.version,
      approvedOn: `${lastYear}-04-15`,
      approvedByOrgId: townId,
      secretaryMemberId: voters[0],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe('term.not_after_previous');
    const committee = await otherSecretary.call<{ personName: string; endedOn: string | null }[]>('GET', `/api/v1/orgs/${otherBranchId}/committee?includeEnded=true`);
    expect(committee.body.map((c) => [c.personName, c.endedOn])).toEqual([['原书记', null]]);
    const after = await otherSecretary.call<Answer>('GET', `/api/v1/elections/${e.id}`);
    expect(after.body).toMatchObject({ state: 'counted', version: e.version, termId: null });
    expect(after.body.candidates.every((c) => c.position === null)).toBe(true);
    const confirms = await t.handle.db.selectFrom('audit_log').select('action').where('target_id', '=', e.id).execute();
    expect(confirms.map((a) => a.action)).not.toContain('election.confirm');

    const cancelled = await otherSecretary.call<Answer>('POST', `/api/v1/elections/${e.id}/cancel`, { version: e.version });
    expect(cancelled.body.state).toBe('cancelled');
  });
});

describe('a 党委 election without a branch meeting record, the locality 差额, ties', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
  });

  test('a locality raises the 差额 to 50%: 2 seats then need 3 candidates, and the view says who set it', async () => {
    const before = await admin.call<{ percent: number; version: number }>('GET', `/api/v1/elections/margin?orgId=${townId}`);
    expect(before.body).toMatchObject({ percent: 20 });
    const put = await admin.call<{ percent: number; setByOrgId: string }>('PUT', '/api/v1/elections/margin', { orgId: townId, percent: 50, version: before.body.version });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ percent: 50, setByOrgId: townId });
    const staleWrite = await admin.call<ErrorBody>('PUT', '/api/v1/elections/margin', { orgId: townId, percent: 30, version: before.body.version });
    expect(staleWrite.status).toBe(409);

    let e = (await admin.call<Answer>('POST', '/api/v1/elections', { orgId: townId, seats: 2, heldOn: `${lastYear}-09-01` })).body;
    expect(e.margin).toMatchObject({ minCandidates: 3, percent: 50, setByOrgId: townId });
    const two = await admin.call<Answer>('PUT', `/api/v1/elections/${e.id}/candidates`, { version: e.version, memberIds: full.slice(4, 6) });
    expect(two.status).toBe(422);
    expect(two.body.error.code).toBe('election.margin_too_small');
    // Candidates of a 党委 are members of any branch of its subtree.
    e = (await admin.call<Answer>('PUT', `/api/v1/elections/${e.id}/candidates`, { version: e.version, memberIds: [...full.slice(4, 6), outsider] })).body;
    expect(e.candidates).toHaveLength(3);

    const fromAttendance = await admin.call<Answer>('PUT', `/api/v1/elections/${e.id}/ballots`, { version: e.version, votes: e.candidates.map((c) => ({ memberId: c.memberId, votes: 1 })) });
    expect(fromAttendance.status).toBe(400);
    expect(fromAttendance.body.error.code).toBe('election.counts_required');
    // 50 应到, 45 实到: 甲 30, then a tie at 25 for the second seat.
    const votes = [30, 25, 25].map((v, i) => ({ memberId: e.candidates[i]?.memberId, votes: v }));
    e = (await admin.call<Answer>('PUT', `/api/v1/elections/${e.id}/ballots`, { version: e.version, votes, shouldAttend: 50, present: 45 })).body;
    expect(e.count).toMatchObject({ quorate: true, elected: 1, tied: [e.candidates[1]?.memberId, e.candidates[2]?.memberId] });
    const confirm = await admin.call<Answer>('POST', `/api/v1/elections/${e.id}/confirm`, {
      version: e.version,
      approvedOn: `${lastYear}-09-10`,
      approvedByOrgId: (await t.services.orgs.home(CONSOLE_ACTOR)).id,
      secretaryMemberId: e.candidates[0]?.memberId,
    });
    expect(confirm.status).toBe(422);
    expect(confirm.body.error.code).toBe('election.revote_needed');
    expect(confirm.body.error.details?.rule?.id).toBe('votes.2018.election');

    const reset = await admin.call<{ percent: number; version: number }>('GET', `/api/v1/elections/margin?orgId=${townId}`);
    await admin.call('PUT', '/api/v1/elections/margin', { orgId: townId, percent: null, version: reset.body.version });
  });

  test('a meeting of the wrong kind, or a meeting for a 党委, is refused', async () => {
    const lesson = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'theme_day', heldOn: `${lastYear}-07-01` });
    expect(lesson.status, JSON.stringify(lesson.body)).toBe(201);
    const wrong = await secretary.call<ErrorBody>('POST', '/api/v1/elections', { orgId: branchId, seats: 3, meetingId: lesson.body.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('election.meeting_not_general');
    const missing = await secretary.call<ErrorBody>('POST', '/api/v1/elections', { orgId: branchId, seats: 3 });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('election.meeting_required');
  });
});

describe('terms: reminders, overdue for the superior, approved postponement ≤ 1 year', () => {
  test('the new term shows as due 6 months before its end; a postponement moves it, one past a year is refused citing 第三条', async () => {
    const endsOn = addYears(heldOn, 3);
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const asOf = addMonths(endsOn, -5);
    const due = await admin.call<{ dueSoon: { orgId: string; endsOn: string; regularEndsOn: string }[]; overdue: { orgId: string }[]; months: number }>(
      'GET',
      `/api/v1/elections/terms-due?asOf=${asOf}`,
    );
    expect(due.status, JSON.stringify(due.body)).toBe(200);
    expect(due.body.months).toBe(6);
    expect(due.body.dueSoon.find((d) => d.orgId === branchId)).toMatchObject({ endsOn, regularEndsOn: endsOn });
    // The other branch's term (recorded in the half-written test) ends about three months earlier.
    expect(due.body.dueSoon.map((d) => d.orgId)).toContain(otherBranchId);

    const tooLong = await admin.call<ErrorBody>('POST', '/api/v1/elections/term-postponements', {
      orgId: branchId,
      newEndsOn: addDays(addYears(endsOn, 1), 1),
      approvedByOrgId: townId,
      approvedOn: heldOn,
      reason: '村两委换届统筹安排',
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.code).toBe('term.postponement_too_long');
    expect(tooLong.body.error.details?.rule?.cite).toContain('第三条');

    const notSuperior = await admin.call<ErrorBody>('POST', '/api/v1/elections/term-postponements', {
      orgId: branchId,
      newEndsOn: addMonths(endsOn, 6),
      approvedByOrgId: otherBranchId,
      approvedOn: heldOn,
      reason: '统筹安排',
    });
    expect(notSuperior.status).toBe(422);

    const ok = await admin.call<{ previousEndsOn: string; newEndsOn: string; approvedByOrgName: string }>('POST', '/api/v1/elections/term-postponements', {
      orgId: branchId,
      newEndsOn: addMonths(endsOn, 6),
      approvedByOrgId: townId,
      approvedOn: heldOn,
      reason: '统筹安排',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ previousEndsOn: endsOn, newEndsOn: addMonths(endsOn, 6), approvedByOrgName: 'BUREAU名称' });
    const terms = await admin.call<{ items: { current: boolean; endsOn: string }[] }>('GET', `/api/v1/orgs/${branchId}/terms`);
    expect(terms.body.items.find((i) => i.current)?.endsOn).toBe(addMonths(endsOn, 6));

    const after = await admin.call<{ dueSoon: { orgId: string; postponement: { newEndsOn: string } | null; regularEndsOn: string }[]; overdue: { orgId: string }[] }>(
      'GET',
      `/api/v1/elections/terms-due?asOf=${addMonths(endsOn, 1)}`,
    );
    expect(after.body.dueSoon.find((d) => d.orgId === branchId)).toMatchObject({ regularEndsOn: endsOn, postponement: { newEndsOn: addMonths(endsOn, 6) } });
    // Past its end without a postponement: overdue, listed for the superior.
    expect(after.body.overdue.map((d) => d.orgId)).toContain(otherBranchId);

    const list = await admin.call<unknown[]>('GET', `/api/v1/elections/term-postponements?orgId=${branchId}`);
    expect(list.body).toHaveLength(1);
  });
});
