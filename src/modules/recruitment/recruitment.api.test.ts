import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { putSetting } from '../settings/settings.repo.ts';
import { CALENDAR_SETTING, OVERRIDES_SETTING } from './recruitment.service.ts';

interface ErrorBody {
  error: { code: string; message: string; details: { rule?: { id: string; cite: string }; dates?: Record<string, string>; field?: string } | null };
}
interface CaseView {
  id: string;
  state: string;
  stage: number;
  version: number;
  memberId: string | null;
  nextStep: string | null;
  nextDueOn: string | null;
  idNumber: string;
}
interface StepResult {
  case: CaseView;
  warnings: { code: string; severity: string; rule: { cite: string } }[];
  next: { step: string; dueOn: string | null; earliestOn: string | null } | null;
}

const idFor = (birth: string, seq: number) => {
  const first17 = `440300${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

let t: TestApp;
let secretary: Client;
let rootId = '';
let townId = '';
let villageCommitteeId = '';
let branchId = '';
let otherBranchId = '';
const m = { a: '', b: '', c: '', d: '', p: '' };
let caseId = '';
let version = 0;

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  rootId = root.id;
  const mk = async (parentId: string, code: string, kind: 'party_committee' | 'branch') => (await t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' })).id;
  townId = await mk(rootId, 'TOWN', 'party_committee');
  villageCommitteeId = await mk(townId, 'VILLAGE-COMMITTEE', 'party_committee');
  branchId = await mk(villageCommitteeId, 'VILLAGE-BRANCH', 'branch');
  otherBranchId = await mk(townId, 'OTHER-BRANCH', 'branch');
  const member = async (seq: number, name: string, facts: { status: 'full' | 'probationary'; joinedAt: string; fullAt?: string }) =>
    (await t.services.members.create(CONSOLE_ACTOR, { orgId: branchId, name, idNumber: idFor('19800501', seq), ...facts })).id;
  m.a = await member(11, '甲', { status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });
  m.b = await member(13, '乙', { status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });
  m.c = await member(15, '丙', { status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });
  m.d = await member(17, '丁', { status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });
  m.p = await member(19, '戊', { status: 'probationary', joinedAt: '2022-12-01' });
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
});
afterAll(async () => {
  await t.close();
});

const step = (body: Record<string, unknown>) => secretary.call<StepResult & ErrorBody>('POST', `/api/v1/recruitment/cases/${caseId}/steps`, { version, ...body });
/** Records a step that must pass; keeps the version current. */
async function ok(body: Record<string, unknown>): Promise<StepResult> {
  const res = await step(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  version = res.body.case.version;
  return res.body;
}
/** A step that must be refused with the code (and nothing written). */
async function refused(body: Record<string, unknown>, status: number, code: string): Promise<ErrorBody> {
  const before = await secretary.call<{ steps: unknown[]; version: number }>('GET', `/api/v1/recruitment/cases/${caseId}`);
  const res = await step(body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  const after = await secretary.call<{ steps: unknown[]; version: number }>('GET', `/api/v1/recruitment/cases/${caseId}`);
  expect(after.body.steps).toHaveLength(before.body.steps.length);
  expect(after.body.version).toBe(before.body.version);
  return res.body;
}

/** A 支部党员大会 on the date with the given members present and a recruitment vote; answers the vote id. */
async function meetingVote(heldOn: string, present: string[], yes: number): Promise<string> {
  const meeting = await secretary.call<{ id: string }>('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'general_meeting', heldOn });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  const att = await secretary.call('PUT', `/api/v1/meetings/${meeting.body.id}/attendance`, { entries: present.map((memberId) => ({ memberId, status: 'present' })) });
  expect(att.status, JSON.stringify(att.body)).toBe(200);
  const vote = await secretary.call<{ id: string }>('POST', `/api/v1/meetings/${meeting.body.id}/votes`, { kind: 'recruitment', subject: '接收预备党员', yes });
  expect(vote.status, JSON.stringify(vote.body)).toBe(201);
  return vote.body.id;
}

describe('opening a case', () => {
  test.each<[string, Record<string, unknown>, number, string]>([
    ['a bad ID number', { idNumber: '440300199001010010' }, 400, 'recruitment.id_number_invalid'],
    ['a birth date that disagrees with the ID number', { birthDate: '1990-01-02' }, 400, 'recruitment.birth_date_mismatch'],
    ['an application dated in the future', { appliedOn: '2999-01-01' }, 400, 'recruitment.step_in_future'],
    ['malformed: no name', { name: '' }, 400, 'request.invalid'],
  ])('%s → %s', async (_label, patch, status, code) => {
    const res = await secretary.call<ErrorBody>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '申请人', idNumber: idFor('19900101', 21), appliedOn: '2022-01-05', ...patch });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (code !== 'request.invalid') expect(res.body.error.code).toBe(code);
  });

  test('an applicant under 18 is refused with 第五条 and the dates', async () => {
    const res = await secretary.call<ErrorBody>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '少年', idNumber: idFor('20100301', 31), appliedOn: '2024-01-05' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('recruitment.under_age');
    expect(res.body.error.details?.rule?.cite).toContain('第五条');
    expect(res.body.error.details?.dates).toMatchObject({ stepOn: '2024-01-05', birthDate: '2010-03-01', eighteenOn: '2028-03-01' });
  });

  test('a case is handled by a branch, and an existing member cannot apply again', async () => {
    const notBranch = await secretary.call<ErrorBody>('POST', '/api/v1/recruitment/cases', { orgId: villageCommitteeId, name: 'x', idNumber: idFor('19900101', 23), appliedOn: '2022-01-05' });
    expect(notBranch.status).toBe(404);
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: rootId });
    const committee = await admin.call<ErrorBody>('POST', '/api/v1/recruitment/cases', { orgId: villageCommitteeId, name: 'x', idNumber: idFor('19900101', 23), appliedOn: '2022-01-05' });
    expect(committee.body.error.code).toBe('recruitment.org_not_branch');
    const member = await secretary.call<ErrorBody>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '甲', idNumber: idFor('19800501', 11), appliedOn: '2022-01-05' });
    expect(member.status).toBe(409);
    expect(member.body.error.code).toBe('recruitment.already_member');
  });

  test('a valid application opens the case with the talk due within a month', async () => {
    const res = await secretary.call<CaseView>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '张三', idNumber: idFor('19900101', 21), appliedOn: '2022-01-05', workUnit: '村合作社' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ state: 'applicant', stage: 1, nextStep: 'application_talk', nextDueOn: '2022-02-05' });
    expect(res.body.idNumber).toMatch(/^440\*+\d{3}[\dX]$/);
    caseId = res.body.id;
    version = res.body.version;
    const again = await secretary.call<ErrorBody>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '张三', idNumber: idFor('19900101', 21), appliedOn: '2022-02-05' });
    expect(again.body.error.code).toBe('recruitment.case_exists');
  });
});

describe('a case from application to full member, with the mistakes refused on the way', () => {
  test('a late talk is stored as a soft warning citing 第七条', async () => {
    const res = await ok({ step: 'application_talk', on: '2022-02-20', actors: [{ role: 'talker', memberId: m.a }] });
    expect(res.warnings).toMatchObject([{ code: 'recruitment.talk_overdue', severity: 'soft' }]);
    expect(res.warnings[0]?.rule.cite).toContain('第七条');
  });

  test('bad input: future date, stale version, a step out of order', async () => {
    await refused({ step: 'activist_designation', on: '2999-01-01' }, 400, 'recruitment.step_in_future');
    const stale = await secretary.call<ErrorBody>('POST', `/api/v1/recruitment/cases/${caseId}/steps`, { version: version - 1, step: 'activist_designation', on: '2022-03-01' });
    expect(stale.status).toBe(409);
    const early = await refused({ step: 'target_designation', on: '2022-03-01' }, 422, 'recruitment.step_out_of_order');
    expect(early.error.details?.rule?.cite).toContain('第十二条');
  });

  test('activist stage: contacts must be full members', async () => {
    await ok({ step: 'activist_designation', on: '2022-03-01' });
    await refused({ step: 'activist_filing', on: '2022-03-05', committeeOrgId: otherBranchId }, 422, 'recruitment.committee_not_superior');
    await ok({ step: 'activist_filing', on: '2022-03-05', committeeOrgId: villageCommitteeId });
    await refused({ step: 'contacts_assigned', on: '2022-03-01', actors: [{ role: 'contact', memberId: m.p }] }, 422, 'recruitment.contacts_invalid');
    await ok({ step: 'contacts_assigned', on: '2022-03-01', actors: [{ role: 'contact', memberId: m.a }] });
    await ok({ step: 'activist_assessment', on: '2022-09-01', documents: [{ kind: 'assessment', title: '培养教育考察登记（2022上半年）' }] });
    const res = await ok({ step: 'activist_assessment', on: '2023-02-25' });
    expect(res.case.state).toBe('activist');
  });

  test('development target only after a full year as activist (第十二条), with the dates compared', async () => {
    const res = await refused({ step: 'target_designation', on: '2023-01-10' }, 422, 'recruitment.activist_period_too_short');
    expect(res.error.details?.dates).toEqual({ stepOn: '2023-01-10', activistOn: '2022-03-01', earliestOn: '2023-03-01' });
    expect(res.error.details?.rule).toEqual({ id: 'recruitment.2014.activist_period', cite: expect.stringContaining('第十二条') });
    await ok({ step: 'target_designation', on: '2023-03-05' });
    await ok({ step: 'target_filing', on: '2023-03-08', committeeOrgId: villageCommitteeId });
  });

  test('introducers: a probationary member or one under 留党察看 is refused (第十三条)', async () => {
    const discipline = await secretary.call('POST', `/api/v1/members/${m.d}/disciplinary-probations`, { startsOn: '2022-06-01', endsOn: '2024-06-01' });
    expect(discipline.status, JSON.stringify(discipline.body)).toBe(201);
    await refused({ step: 'introducers_assigned', on: '2023-03-10', actors: [{ role: 'introducer', memberId: m.a }, { role: 'introducer', memberId: m.p }] }, 422, 'recruitment.introducers_invalid');
    const probation = await refused({ step: 'introducers_assigned', on: '2023-03-10', actors: [{ role: 'introducer', memberId: m.a }, { role: 'introducer', memberId: m.d }] }, 422, 'recruitment.introducers_invalid');
    expect(probation.error.message).toContain('留党察看');
    await refused({ step: 'introducers_assigned', on: '2023-03-10', actors: [{ role: 'introducer', memberId: m.a }] }, 422, 'recruitment.introducers_invalid');
    await ok({ step: 'introducers_assigned', on: '2023-03-10', actors: [{ role: 'introducer', memberId: m.a }, { role: 'introducer', memberId: m.b }] });
  });

  test('training of at least 3 days or 24 hours (第十七条); only a 基层党委 not under a township committee approves (第二十六条)', async () => {
    await ok({ step: 'political_review', on: '2023-04-01', conclusion: 'qualified' });
    await refused({ step: 'training', on: '2023-04-10', training: { days: 2, hours: 16 } }, 422, 'recruitment.training_insufficient');
    await ok({ step: 'training', on: '2023-04-10', training: { days: 3, hours: 24 }, documents: [{ kind: 'training_certificate', title: '发展对象培训结业证书', number: 'PX2023-018' }] });
    await ok({ step: 'committee_review', on: '2023-05-01' });
    await refused({ step: 'preliminary_review', on: '2023-05-10', committeeOrgId: villageCommitteeId, passed: true }, 422, 'recruitment.approver_not_authorized');
    await ok({ step: 'preliminary_review', on: '2023-05-10', committeeOrgId: townId, passed: true });
    await ok({ step: 'application_form', on: '2023-05-15', documents: [{ kind: 'application_form', title: '入党志愿书', number: 'ZYS-0001' }] });
  });

  test('the admission vote comes from the meeting record: not quorate or not passed is refused', async () => {
    const notQuorate = await meetingVote('2023-05-18', [m.a], 1);
    await refused({ step: 'admission_meeting', on: '2023-05-18', voteId: notQuorate }, 422, 'recruitment.vote_not_quorate');
    await refused({ step: 'admission_meeting', on: '2023-05-20', voteId: notQuorate }, 422, 'recruitment.vote_mismatch');
    const failed = await meetingVote('2023-05-20', [m.a, m.b, m.c], 1);
    const res = await refused({ step: 'admission_meeting', on: '2023-05-20', voteId: failed }, 422, 'recruitment.vote_failed');
    expect(res.error.details?.rule?.cite).toContain('第二十二条');
    await refused({ step: 'admission_meeting', on: '2023-05-20' }, 422, 'recruitment.vote_missing');
    const passed = await meetingVote('2023-05-20', [m.a, m.b, m.c], 3);
    const done = await ok({ step: 'admission_meeting', on: '2023-05-20', voteId: passed });
    expect(done.next).toMatchObject({ step: 'approval_talk' });
  });

  test('approval makes the probationary member record, dated from the 支部大会', async () => {
    await ok({ step: 'approval_talk', on: '2023-06-01', actors: [{ role: 'approval_talker', name: '镇组织员老张' }] });
    const approved = await ok({ step: 'admission_approval', on: '2023-07-01', committeeOrgId: townId });
    expect(approved.case.state).toBe('probationary');
    expect(approved.case.memberId).not.toBeNull();
    const member = await secretary.call<{ status: string; joinedAt: string; name: string; orgId: string }>('GET', `/api/v1/members/${approved.case.memberId}`);
    expect(member.body).toMatchObject({ status: 'probationary', joinedAt: '2023-05-20', name: '张三', orgId: branchId });
    await refused({ step: 'admission_filing', on: '2023-07-10', committeeOrgId: townId }, 422, 'recruitment.committee_not_superior');
    await ok({ step: 'admission_filing', on: '2023-07-10', committeeOrgId: rootId });
    await ok({ step: 'placement', on: '2023-07-05' });
    const oath = await ok({ step: 'oath', on: '2023-07-05' });
    expect(oath.next).toMatchObject({ step: 'conversion_application', dueOn: '2024-05-20' });
  });

  test('conversion: not before the year of probation (第三十条); approval makes the member full from the end of probation', async () => {
    await ok({ step: 'conversion_application', on: '2024-05-10' });
    const early = await meetingVote('2024-05-15', [m.a, m.b, m.c], 3);
    const res = await refused({ step: 'conversion_meeting', on: '2024-05-15', voteId: early, outcome: 'convert' }, 422, 'recruitment.probation_not_ended');
    expect(res.error.details?.dates).toMatchObject({ admissionMeetingOn: '2023-05-20', probationEndsOn: '2024-05-20' });
    await refused({ step: 'conversion_meeting', on: '2024-05-15', voteId: early }, 400, 'recruitment.outcome_required');
    const vote = await meetingVote('2024-05-22', [m.a, m.b, m.c], 3);
    await ok({ step: 'conversion_meeting', on: '2024-05-22', voteId: vote, outcome: 'convert' });
    const converted = await ok({ step: 'conversion_approval', on: '2024-06-20', committeeOrgId: townId });
    expect(converted.case.state).toBe('full');
    const member = await secretary.call<{ status: string; fullAt: string }>('GET', `/api/v1/members/${converted.case.memberId}`);
    expect(member.body).toMatchObject({ status: 'full', fullAt: '2024-05-20' });
    const history = await secretary.call<{ action: string }[]>('GET', `/api/v1/members/${converted.case.memberId}/history`);
    expect(history.body.map((h) => h.action)).toEqual(expect.arrayContaining(['member.create', 'member.convert']));
    await ok({ step: 'archiving', on: '2024-07-01' });
  });

  test('the compliance report names the late talk with its article and no false alarm', async () => {
    const res = await secretary.call<{ state: string; findings: { code: string; rule: { cite: string } }[]; next: unknown; stored: { code: string }[] }>('GET', `/api/v1/recruitment/cases/${caseId}/compliance`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.state).toBe('full');
    expect(res.body.findings.map((f) => f.code)).toEqual(['recruitment.talk_overdue']);
    expect(res.body.stored.map((f) => f.code)).toEqual(['recruitment.talk_overdue']);
    expect(res.body.next).toBeNull();
    const detail = await secretary.call<{ steps: { step: string; ruleVersion: string; documents: { number: string | null }[] }[] }>('GET', `/api/v1/recruitment/cases/${caseId}`);
    expect(detail.body.steps).toHaveLength(25);
    expect(detail.body.steps.every((s) => s.ruleVersion === 'recruitment.2014')).toBe(true);
    expect(detail.body.steps.find((s) => s.step === 'application_form')?.documents[0]?.number).toBe('ZYS-0001');
  });
});

describe('公示 and objections', () => {
  let second = '';
  test('an objection received during the 公示 blocks the next step until resolved', async () => {
    const opened = await secretary.call<CaseView>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '李四', idNumber: idFor('19920202', 41), appliedOn: '2024-01-05' });
    second = opened.body.id;
    let v = opened.body.version;
    const rec = async (body: Record<string, unknown>) => {
      const res = await secretary.call<StepResult & ErrorBody>('POST', `/api/v1/recruitment/cases/${second}/steps`, { version: v, ...body });
      if (res.status === 201) v = res.body.case.version;
      return res;
    };
    expect((await rec({ step: 'application_talk', on: '2024-01-10' })).status).toBe(201);
    expect((await rec({ step: 'activist_designation', on: '2024-03-01' })).status).toBe(201);
    const noEnd = await secretary.call<ErrorBody>('POST', `/api/v1/recruitment/cases/${second}/publicity`, { subject: 'activist_designation', startsOn: '2024-03-04' });
    expect(noEnd.body.error.code).toBe('recruitment.publicity_end_required');
    const wrongSubject = await secretary.call<ErrorBody>('POST', `/api/v1/recruitment/cases/${second}/publicity`, { subject: 'target_designation', startsOn: '2024-03-04', endsOn: '2024-03-08' });
    expect(wrongSubject.body.error.code).toBe('recruitment.publicity_subject_missing');
    const publicity = await secretary.call<{ id: string; workingDays: number }>('POST', `/api/v1/recruitment/cases/${second}/publicity`, { subject: 'activist_designation', startsOn: '2024-03-04', endsOn: '2024-03-08' });
    expect(publicity.status, JSON.stringify(publicity.body)).toBe(201);
    expect(publicity.body.workingDays).toBe(5);
    const outside = await secretary.call<ErrorBody>('POST', `/api/v1/recruitment/publicity/${publicity.body.id}/objections`, { receivedOn: '2024-03-11', content: '反映问题' });
    expect(outside.body.error.code).toBe('recruitment.objection_outside_publicity');
    const objection = await secretary.call<{ id: string; version: number }>('POST', `/api/v1/recruitment/publicity/${publicity.body.id}/objections`, { receivedOn: '2024-03-06', content: '群众反映其曾有违纪行为' });
    expect(objection.status).toBe(201);
    const blocked = await rec({ step: 'activist_filing', on: '2024-03-12', committeeOrgId: villageCommitteeId });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe('recruitment.publicity_objection_unresolved');
    const resolved = await secretary.call('POST', `/api/v1/recruitment/objections/${objection.body.id}/resolve`, { resolvedOn: '2024-03-11', resolution: '经核实，反映不属实', version: objection.body.version });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect((await rec({ step: 'activist_filing', on: '2024-03-12', committeeOrgId: villageCommitteeId })).status).toBe(201);
    const contacts = await rec({ step: 'contacts_assigned', on: '2024-03-15', actors: [{ role: 'contact', memberId: m.b }, { role: 'contact', memberId: m.c }] });
    expect(contacts.body.next).toMatchObject({ step: 'activist_assessment', dueOn: '2024-09-01' });
  });

  test('the subtree report lists the pipeline, stored findings and overdue next steps', async () => {
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const res = await admin.call<{ counts: { state: string; count: number }[]; findings: { code: string; cases: number }[]; overdue: { caseId: string; nextStep: string }[]; stalled: { caseId: string }[] }>('GET', `/api/v1/orgs/${townId}/recruitment-report`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.counts).toEqual(expect.arrayContaining([expect.objectContaining({ state: 'full', count: 1 }), expect.objectContaining({ state: 'activist', count: 1 })]));
    expect(res.body.findings).toEqual([expect.objectContaining({ code: 'recruitment.talk_overdue', cases: 1 })]);
    // The second case's activist assessment was due six months after designation.
    expect(res.body.overdue).toEqual([expect.objectContaining({ caseId: second, nextStep: 'activist_assessment', nextDueOn: '2024-09-01' })]);
    expect(res.body.stalled.map((s) => s.caseId)).toEqual([second]);
    const pipeline = await admin.call<{ total: number; items: { stage: number }[] }>('GET', `/api/v1/recruitment/cases?orgId=${townId}&stage=2`);
    expect(pipeline.body.total).toBe(1);
  });
});

describe('local rules switched on by the locality (installation settings)', () => {
  test('公示 of 5 working days: the end skips the 2024 国庆 break, and a later year loads as data', async () => {
    const now = new Date().toISOString();
    await putSetting(t.handle.db, OVERRIDES_SETTING, { publicityWorkingDays: { value: 5, cite: { source: '某县发展党员工作规程', article: '第八条' } } }, now);
    await putSetting(t.handle.db, CALENDAR_SETTING, [{ year: 2027, source: '《国务院办公厅关于2027年部分节假日安排的通知》', holidays: ['2027-01-01'], workdays: [] }], now);
    const opened = await secretary.call<CaseView>('POST', '/api/v1/recruitment/cases', { orgId: branchId, name: '王五', idNumber: idFor('19930303', 51), appliedOn: '2024-08-01' });
    let v = opened.body.version;
    for (const [code, on] of [['application_talk', '2024-08-10'], ['activist_designation', '2024-09-25']] as const) {
      const res = await secretary.call<StepResult>('POST', `/api/v1/recruitment/cases/${opened.body.id}/steps`, { version: v, step: code, on });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      v = res.body.case.version;
    }
    const publicity = await secretary.call<{ endsOn: string; workingDays: number; approximate: boolean }>('POST', `/api/v1/recruitment/cases/${opened.body.id}/publicity`, { subject: 'activist_designation', startsOn: '2024-09-26' });
    expect(publicity.body).toMatchObject({ endsOn: '2024-10-08', workingDays: 5, approximate: false });
    const early = await secretary.call<StepResult>('POST', `/api/v1/recruitment/cases/${opened.body.id}/steps`, { version: v, step: 'activist_filing', on: '2024-10-08', committeeOrgId: villageCommitteeId });
    expect(early.status).toBe(201);
    expect(early.body.warnings).toMatchObject([{ code: 'recruitment.publicity_not_ended', severity: 'soft', rule: { cite: '某县发展党员工作规程 第八条' } }]);
    const rules = await secretary.call<{ overrides: Record<string, unknown>; calendarYears: { year: number }[] }>('GET', '/api/v1/recruitment/rules');
    expect(rules.body.overrides).toEqual({ publicityWorkingDays: { value: 5, cite: '某县发展党员工作规程 第八条' } });
    expect(rules.body.calendarYears.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
    await putSetting(t.handle.db, OVERRIDES_SETTING, {}, now);
  });
});

describe('scope and permissions', () => {
  test('a sibling branch secretary reaches none of it; an inspector reads but does not write', async () => {
    const other = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranchId });
    for (const [method, url, body] of [
      ['GET', `/api/v1/recruitment/cases/${caseId}`, undefined],
      ['GET', `/api/v1/recruitment/cases/${caseId}/compliance`, undefined],
      ['POST', `/api/v1/recruitment/cases/${caseId}/steps`, { version: 1, step: 'oath', on: '2024-01-01' }],
      ['POST', `/api/v1/recruitment/cases/${caseId}/publicity`, { subject: 'activist_designation', startsOn: '2024-01-01', endsOn: '2024-01-05' }],
      ['GET', `/api/v1/orgs/${branchId}/recruitment-report`, undefined],
    ] as const) {
      expect((await other.call(method, url, body)).status, `${method} ${url}`).toBe(404);
    }
    const inspector = await t.signIn({ roles: ['inspector'], homeOrgId: townId });
    expect((await inspector.call('GET', `/api/v1/recruitment/cases/${caseId}/compliance`)).status).toBe(200);
    expect((await inspector.call('POST', `/api/v1/recruitment/cases/${caseId}/steps`, { version: 1, step: 'oath', on: '2024-01-01' })).status).toBe(403);
    const rules = await inspector.call<{ steps: unknown[]; versions: { id: string }[] }>('GET', '/api/v1/recruitment/rules');
    expect(rules.body.steps).toHaveLength(25);
    expect(rules.body.versions.map((v) => v.id)).toEqual(['recruitment.2014']);
  });
});
