/**
 * 取消预备党员资格: when the 支部大会 decides to cancel and the committee approves, the person leaves the roster
 * (membership 'probation_cancelled') and the member's history says so.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface StepResult {
  case: { id: string; state: string; version: number; memberId: string | null };
}
interface ErrorBody {
  error: { code: string };
}

const idFor = (birth: string, seq: number) => {
  const first17 = `440300${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

let t: TestApp;
let secretary: Client;
let townId = '';
let villageCommitteeId = '';
let branchId = '';
const full: string[] = [];
let caseId = '';
let version = 0;

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = async (parentId: string, code: string, kind: 'party_committee' | 'branch') => (await t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' })).id;
  townId = await mk(root.id, 'TOWN', 'party_committee');
  villageCommitteeId = await mk(townId, 'VILLAGE-COMMITTEE', 'party_committee');
  branchId = await mk(villageCommitteeId, 'VILLAGE-BRANCH', 'branch');
  for (const [seq, name] of [[11, '甲'], [13, '乙'], [15, '丙']] as const) {
    full.push((await t.services.members.create(CONSOLE_ACTOR, { orgId: branchId, name, idNumber: idFor('19800501', seq), status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' })).id);
  }
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
});
afterAll(async () => {
  await t.close();
});

const step = (body: Record<string, unknown>) => secretary.call<StepResult & ErrorBody>('POST', `/api/v1/recruitment/cases/${caseId}/steps`, { version, ...body });
async function ok(body: Record<string, unknown>): Promise<StepResult> {
  const res = await step(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  version = res.body.case.version;
  return res.body;
}

/** A 支部党员大会 on the date with the three full members present and a passed vote; answers the vote id. */
async function passedVote(heldOn: string, subject: string): Promise<string> {
  const meeting = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'general_meeting', heldOn });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  const att = await secretary.call('PUT', `/api/v1/meetings/${meeting.body.id}/attendance`, { entries: full.map((memberId) => ({ memberId, status: 'present' })) });
  expect(att.status, JSON.stringify(att.body)).toBe(200);
  const vote = await secretary.call<{ id: string }>('POST', `/api/v1/meetings/${meeting.body.id}/votes`, { kind: 'recruitment', subject, yes: full.length });
  expect(vote.status, JSON.stringify(vote.body)).toBe(201);
  return vote.body.id;
}

const rosterIds = async () => {
  const res = await secretary.call<{ items: { id: string }[] }>('GET', `/api/v1/members?orgId=${branchId}&pageSize=100`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((i) => i.id);
};

describe('取消预备党员资格', () => {
  let memberId = '';

  test('the case reaches probation: the person is on the roster as a probationary member', async () => {
    const opened = await secretary.call<{ id: string; version: number }>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '赵六', idNumber: idFor('19900101', 21), appliedOn: '2022-01-05' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    caseId = opened.body.id;
    version = opened.body.version;
    const [a, b] = full as [string, string];
    await ok({ step: 'application_talk', on: '2022-01-20', actors: [{ role: 'talker', memberId: a }] });
    await ok({ step: 'activist_designation', on: '2022-03-01' });
    await ok({ step: 'activist_filing', on: '2022-03-05', committeeOrgId: villageCommitteeId });
    await ok({ step: 'contacts_assigned', on: '2022-03-01', actors: [{ role: 'contact', memberId: a }] });
    await ok({ step: 'activist_assessment', on: '2022-09-01' });
    await ok({ step: 'activist_assessment', on: '2023-02-25' });
    await ok({ step: 'target_designation', on: '2023-03-05' });
    await ok({ step: 'target_filing', on: '2023-03-08', committeeOrgId: villageCommitteeId });
    await ok({ step: 'introducers_assigned', on: '2023-03-10', actors: [{ role: 'introducer', memberId: a }, { role: 'introducer', memberId: b }] });
    await ok({ step: 'political_review', on: '2023-04-01', conclusion: 'qualified' });
    await ok({ step: 'training', on: '2023-04-10', training: { days: 3, hours: 24 } });
    await ok({ step: 'committee_review', on: '2023-05-01' });
    await ok({ step: 'preliminary_review', on: '2023-05-10', committeeOrgId: townId, passed: true });
    await ok({ step: 'application_form', on: '2023-05-15' });
    await ok({ step: 'admission_meeting', on: '2023-05-20', voteId: await passedVote('2023-05-20', '接收预备党员') });
    await ok({ step: 'approval_talk', on: '2023-06-01', actors: [{ role: 'approval_talker', name: '镇组织员老张' }] });
    const approved = await ok({ step: 'admission_approval', on: '2023-07-01', committeeOrgId: townId });
    memberId = approved.case.memberId as string;
    expect(memberId).toBeTruthy();
    await ok({ step: 'oath', on: '2023-07-05' });
    await ok({ step: 'conversion_application', on: '2024-05-10' });
    expect(await rosterIds()).toContain(memberId);
  });

  test('the cancellation approved: the member leaves the roster, the record and its history stay', async () => {
    await ok({ step: 'conversion_meeting', on: '2024-05-22', voteId: await passedVote('2024-05-22', '取消预备党员资格'), outcome: 'cancel' });
    // Until the committee approves, the person is still a probationary member on the roster.
    expect(await rosterIds()).toContain(memberId);
    const cancelled = await ok({ step: 'conversion_approval', on: '2024-06-20', committeeOrgId: townId });
    expect(cancelled.case.state).toBe('cancelled');

    const member = await secretary.call<{ membership: string; status: string }>('GET', `/api/v1/members/${memberId}`);
    expect(member.status, JSON.stringify(member.body)).toBe(200);
    expect(member.body).toMatchObject({ membership: 'probation_cancelled', status: 'probationary' });
    const roster = await rosterIds();
    expect(roster).not.toContain(memberId);
    expect(roster).toEqual(expect.arrayContaining(full));
    const cancelledList = await secretary.call<{ items: { id: string }[] }>('GET', `/api/v1/members?orgId=${branchId}&membership=probation_cancelled`);
    expect(cancelledList.body.items.map((i) => i.id)).toEqual([memberId]);
    const history = await secretary.call<{ action: string }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body.map((h) => h.action)).toEqual(expect.arrayContaining(['member.create', 'member.probation_cancelled']));
    expect(history.body.map((h) => h.action)).not.toContain('member.convert');
    // The record is history now: an edit is refused and nothing changes.
    const current = await secretary.call<{ version: number; name: string }>('GET', `/api/v1/members/${memberId}`);
    const edit = await secretary.call<ErrorBody>('PATCH', `/api/v1/members/${memberId}`, { version: current.body.version, name: '改名' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(409);
    expect(edit.body.error.code).toBe('member.not_active');
    expect((await secretary.call<{ name: string }>('GET', `/api/v1/members/${memberId}`)).body.name).toBe(current.body.name);
  });
});
