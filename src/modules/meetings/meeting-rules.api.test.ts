import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { todayInChina } from '../../lib/dates.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}
interface Rules {
  orgId: string;
  version: number;
  overrides: Record<string, { cadence: string }>;
  requirements: { type: string; cadence: string; cite: string; source: { kind: string; orgId?: string; orgName?: string; ruleVersion?: string } }[];
}
interface BranchCompliance {
  kind: 'branch';
  requirements: { type: string; cadence: string; status: string; missing: string[]; cite: string }[];
}
interface SubtreeCompliance {
  kind: 'subtree';
  branches: number;
  summary: { type: string; met: number; missing: number; not_applicable: number; branchesMissing: string[] }[];
}

let t: TestApp;
let countyAdmin: Client;
let countyId = '';
let townId = '';
let branchId = '';
let committeeBranchId = '';
let groupId = '';
let otherCountyId = '';
const lastYear = Number(todayInChina().slice(0, 4)) - 1;
const lessonMonthly = { party_lesson: { cadence: 'month', cite: { source: '《某县党支部工作规范》', article: '第八条' } } };

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch' | 'group') =>
    t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: `${code}党组织`, kind, domain: 'rural', establishedOn: '2000-01-01' });
  countyId = (await mk(root.id, 'COUNTY', 'party_committee')).id;
  otherCountyId = (await mk(root.id, 'OTHER-COUNTY', 'party_committee')).id;
  townId = (await mk(countyId, 'TOWN', 'party_committee')).id;
  branchId = (await mk(townId, 'BRANCH', 'branch')).id;
  committeeBranchId = (await mk(townId, 'BIG-BRANCH', 'branch')).id;
  groupId = (await mk(branchId, 'GROUP', 'group')).id;
  // The big branch elected a committee (secretary and 委员) two years ago; the small one has a secretary only.
  for (const position of ['secretary', 'member', 'member'] as const) {
    await t.services.orgs.addCommitteeMember(CONSOLE_ACTOR, committeeBranchId, { personName: '王某', position, startedOn: `${lastYear - 1}-01-01` });
  }
  await t.services.orgs.addCommitteeMember(CONSOLE_ACTOR, branchId, { personName: '李某', position: 'secretary', startedOn: `${lastYear - 1}-01-01` });
  countyAdmin = await t.signIn({ roles: ['org-admin'], homeOrgId: countyId });
});
afterAll(async () => {
  await t.close();
});

const rulesOf = async (client: Client, orgId: string) => {
  const res = await client.call<Rules>('GET', `/api/v1/orgs/${orgId}/meeting-rules`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const requirement = (rules: Rules, type: string) => rules.requirements.find((r) => r.type === type);

describe('local meeting rules', () => {
  test('without overrides every cadence comes from the national rules', async () => {
    const rules = await rulesOf(countyAdmin, branchId);
    expect(rules.version).toBe(0);
    expect(rules.overrides).toEqual({});
    expect(requirement(rules, 'party_lesson')).toMatchObject({ cadence: 'quarter', source: { kind: 'national', ruleVersion: 'meetings.2018' } });
  });

  test('a county requiring a monthly 党课 applies to its branches, audited, and the compliance follows it', async () => {
    const put = await countyAdmin.call<Rules>('PUT', `/api/v1/orgs/${countyId}/meeting-rules`, { version: 0, overrides: lessonMonthly });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.version).toBe(1);
    expect(put.body.overrides).toEqual(lessonMonthly);
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'summary']).where('target_id', '=', countyId).where('action', '=', 'meeting_rules.update').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toMatchObject({ before: {}, after: { party_lesson: 'month' } });

    const atBranch = await rulesOf(countyAdmin, branchId);
    expect(atBranch.version).toBe(0);
    expect(requirement(atBranch, 'party_lesson')).toMatchObject({ cadence: 'month', cite: '《某县党支部工作规范》 第八条', source: { kind: 'local', orgId: countyId, orgName: 'COUNTY党组织' } });
    expect(requirement(atBranch, 'general_meeting')?.source.kind).toBe('national');

    const held = await countyAdmin.call('POST', '/api/v1/meetings', { orgId: branchId, primaryType: 'party_lesson', heldOn: `${lastYear}-02-10`, topic: '党章', lecturer: '李某' });
    expect(held.status).toBe(201);
    const q1 = await countyAdmin.call<BranchCompliance>('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}&quarter=1`);
    expect(requirement({ requirements: q1.body.requirements } as unknown as Rules, 'party_lesson')).toMatchObject({
      cadence: 'month',
      status: 'missing',
      missing: [`${lastYear}-01`, `${lastYear}-03`],
    });
    // Another county keeps the national rule.
    const elsewhere = await rulesOf(await t.signIn({ roles: ['org-admin'], homeOrgId: otherCountyId }), otherCountyId);
    expect(requirement(elsewhere, 'party_lesson')?.cadence).toBe('quarter');
  });

  test('the nearest locality wins for the types it sets', async () => {
    const townRules = { theme_day: { cadence: 'month', cite: { source: '《某镇规定》', article: '第二条' } }, party_lesson: { cadence: 'quarter', cite: { source: '《某镇规定》', article: '第三条' } } };
    const put = await countyAdmin.call<Rules>('PUT', `/api/v1/orgs/${townId}/meeting-rules`, { version: 0, overrides: townRules });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const atBranch = await rulesOf(countyAdmin, branchId);
    expect(requirement(atBranch, 'party_lesson')).toMatchObject({ cadence: 'quarter', source: { kind: 'local', orgId: townId } });
    expect(requirement(atBranch, 'theme_day')?.source).toMatchObject({ kind: 'local', orgId: townId });
    // An empty set returns the town to the county's rule.
    const cleared = await countyAdmin.call<Rules>('PUT', `/api/v1/orgs/${townId}/meeting-rules`, { version: 1, overrides: {} });
    expect(cleared.body.version).toBe(2);
    expect(requirement(await rulesOf(countyAdmin, branchId), 'party_lesson')?.source).toMatchObject({ kind: 'local', orgId: countyId });
  });

  test.each<[string, number, string, () => string, unknown]>([
    ['a stale version', 409, 'meeting_rules.version_stale', () => countyId, { version: 0, overrides: lessonMonthly }],
    ['a version never issued', 409, 'meeting_rules.version_stale', () => branchId, { version: 3, overrides: lessonMonthly }],
    ['a yearly 支部党员大会 (第十条)', 422, 'meeting_rules.too_loose', () => branchId, { version: 0, overrides: { general_meeting: { cadence: 'year', cite: { source: 'x', article: 'y' } } } }],
    ['a 党小组', 422, 'meeting_rules.org_is_group', () => groupId, { version: 0, overrides: lessonMonthly }],
    ['an org outside the caller’s subtree', 404, 'org.not_found', () => otherCountyId, { version: 0, overrides: lessonMonthly }],
    ['an unknown meeting type', 400, 'request.invalid', () => branchId, { version: 0, overrides: { party_picnic: { cadence: 'month', cite: { source: 'x', article: 'y' } } } }],
    ['the type "other"', 400, 'request.invalid', () => branchId, { version: 0, overrides: { other: { cadence: 'month', cite: { source: 'x', article: 'y' } } } }],
    ['an unknown cadence', 400, 'request.invalid', () => branchId, { version: 0, overrides: { party_lesson: { cadence: 'week', cite: { source: 'x', article: 'y' } } } }],
    ['an override without its citation', 400, 'request.invalid', () => branchId, { version: 0, overrides: { party_lesson: { cadence: 'month' } } }],
  ])('refuses %s → %i %s, writing nothing', async (_label, status, code, org, body) => {
    const before = await t.handle.db.selectFrom('meeting_rule_overrides').select(['org_id', 'version']).orderBy('org_id').execute();
    const res = await countyAdmin.call<ErrorBody>('PUT', `/api/v1/orgs/${org()}/meeting-rules`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (code === 'meeting_rules.too_loose') expect(res.body.error.details).toMatchObject({ rule: { cite: expect.stringContaining('第十条') } });
    expect(await t.handle.db.selectFrom('meeting_rule_overrides').select(['org_id', 'version']).orderBy('org_id').execute()).toEqual(before);
  });

  test('a branch secretary reads the rules but cannot set them', async () => {
    const secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
    expect((await secretary.call('GET', `/api/v1/orgs/${branchId}/meeting-rules`)).status).toBe(200);
    expect((await secretary.call('PUT', `/api/v1/orgs/${branchId}/meeting-rules`, { version: 0, overrides: lessonMonthly })).status).toBe(403);
    expect((await secretary.call('GET', `/api/v1/orgs/${townId}/meeting-rules`)).status).toBe(404);
  });
});

describe('compliance knows the structure on each date', () => {
  test('支委会 is owed by the branch with a committee only; 党小组会 by the branch with a group only', async () => {
    const small = await countyAdmin.call<BranchCompliance>('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}`);
    expect(small.body.requirements.find((r) => r.type === 'committee_meeting')?.status).toBe('not_applicable');
    expect(small.body.requirements.find((r) => r.type === 'group_meeting')?.status).toBe('missing');
    const big = await countyAdmin.call<BranchCompliance>('GET', `/api/v1/orgs/${committeeBranchId}/compliance?year=${lastYear}`);
    expect(big.body.requirements.find((r) => r.type === 'committee_meeting')).toMatchObject({ status: 'missing' });
    expect(big.body.requirements.find((r) => r.type === 'committee_meeting')?.missing).toHaveLength(12);
    expect(big.body.requirements.find((r) => r.type === 'group_meeting')?.status).toBe('not_applicable');

    const town = await countyAdmin.call<SubtreeCompliance>('GET', `/api/v1/orgs/${townId}/compliance?year=${lastYear}`);
    expect(town.body.branches).toBe(2);
    expect(town.body.summary.find((s) => s.type === 'committee_meeting')).toMatchObject({ missing: 1, not_applicable: 1, branchesMissing: [committeeBranchId] });
  });

  test('a group dissolved mid-year owes 党小组会 only for the months it existed whole', async () => {
    const group = await t.services.orgs.get(CONSOLE_ACTOR, groupId);
    await t.services.orgs.dissolve(CONSOLE_ACTOR, groupId, { version: group.version, dissolvedOn: `${lastYear}-04-15` });
    const res = await countyAdmin.call<BranchCompliance>('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}`);
    expect(res.body.requirements.find((r) => r.type === 'group_meeting')?.missing).toEqual([1, 2, 3].map((m) => `${lastYear}-0${m}@${groupId}`));
  });
});
