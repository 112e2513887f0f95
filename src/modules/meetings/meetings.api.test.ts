import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { addDays, todayInChina } from '../../lib/dates.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface Meeting {
  id: string;
  types: string[];
  version: number;
  enteredLate: boolean;
  minutes: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}
interface BranchCompliance {
  kind: 'branch';
  requirements: { type: string; status: string; missing: string[]; cite: string }[];
}
interface SubtreeCompliance {
  kind: 'subtree';
  branches: number;
  summary: { type: string; met: number; missing: number; not_yet_due: number; branchesMissing: string[] }[];
}

let t: TestApp;
let secretary: Client;
let townId = '';
let branchId = '';
let groupId = '';
let otherBranchId = '';
const lastYear = Number(todayInChina().slice(0, 4)) - 1;

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch' | 'group') =>
    t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural', establishedOn: '2000-01-01' });
  townId = (await mk(root.id, 'TOWN', 'party_committee')).id;
  branchId = (await mk(townId, 'VILLAGE-BRANCH', 'branch')).id;
  groupId = (await mk(branchId, 'GROUP-1', 'group')).id;
  otherBranchId = (await mk(townId, 'OTHER-BRANCH', 'branch')).id;
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
});
afterAll(async () => {
  await t.close();
});

const base = (): Record<string, unknown> => ({ orgId: branchId, primaryType: 'general_meeting', heldOn: `${lastYear}-02-10`, place: '村委会会议室', host: '张书记', minutes: '会议记录' });

describe('meeting records', () => {
  test('records a 主题党日 that includes a 党课; it counts for both; late entry shows', async () => {
    const res = await secretary.call<Meeting>('POST', '/api/v1/meetings', { ...base(), primaryType: 'theme_day', types: ['party_lesson'], lecturer: '张书记', topic: '学习党章' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.types).toEqual(['party_lesson', 'theme_day']);
    expect(res.body.enteredLate).toBe(true);
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_id', '=', res.body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['meeting.create']);
  });

  test.each<[string, number, string, Record<string, unknown>]>([
    ['held in the future', 400, 'meeting.held_in_future', { heldOn: addDays(todayInChina(), 2) }],
    ['a 党小组会 without its group (第十条)', 422, 'meeting.group_required', { primaryType: 'group_meeting' }],
    ['a 党小组 of another branch', 422, 'meeting.group_invalid', { primaryType: 'group_meeting', groupId: 'OTHER' }],
    ['a 党课 without topic or lecturer', 400, 'meeting.lesson_details_required', { primaryType: 'party_lesson' }],
    ['"other" together with a counted type', 400, 'meeting.types_inconsistent', { types: ['other'] }],
    ['malformed: unknown type', 400, 'request.invalid', { primaryType: 'party_picnic' }],
    ['malformed: minutes over 100,000 characters', 400, 'request.invalid', { minutes: 'x'.repeat(100_001) }],
    ['malformed: unknown field', 400, 'request.invalid', { attendees: 12 }],
  ])('%s → %i %s', async (_label, status, code, change) => {
    const body = { ...base(), ...change };
    if (body.groupId === 'OTHER') body.groupId = otherBranchId;
    const res = await secretary.call<ErrorBody>('POST', '/api/v1/meetings', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (code !== 'request.invalid') expect(res.body.error.code).toBe(code);
  });

  test('an org-admin recording on a committee org gets the branch rule', async () => {
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const res = await admin.call<ErrorBody>('POST', '/api/v1/meetings', { ...base(), orgId: townId });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('meeting.org_not_branch');
  });

  test('edits with the version; a stale version is a conflict', async () => {
    const created = await secretary.call<Meeting>('POST', '/api/v1/meetings', { ...base(), primaryType: 'group_meeting', groupId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const edited = await secretary.call<Meeting>('PATCH', `/api/v1/meetings/${created.body.id}`, { version: 1, minutes: '补充记录' });
    expect(edited.body).toMatchObject({ version: 2, minutes: '补充记录' });
    const stale = await secretary.call<ErrorBody>('PATCH', `/api/v1/meetings/${created.body.id}`, { version: 1, minutes: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('meeting.version_stale');
    const bad = await secretary.call<ErrorBody>('PATCH', `/api/v1/meetings/${created.body.id}`, { version: 2, groupId: null });
    expect(bad.body.error.code).toBe('meeting.group_required');
    const malformed = await secretary.call<ErrorBody>('PATCH', `/api/v1/meetings/${created.body.id}`, { version: 'two' });
    expect(malformed.status).toBe(400);
  });

  test('lists by org, period and type', async () => {
    const all = await secretary.call<{ total: number; items: Meeting[] }>('GET', `/api/v1/meetings?orgId=${branchId}`);
    expect(all.body.total).toBe(2);
    const lessons = await secretary.call<{ total: number; items: Meeting[] }>('GET', `/api/v1/meetings?orgId=${branchId}&type=party_lesson&from=${lastYear}-01-01&to=${lastYear}-12-31`);
    expect(lessons.body.items.map((m) => m.types)).toEqual([['party_lesson', 'theme_day']]);
  });

  test('a sibling branch secretary sees nothing of this branch', async () => {
    const other = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranchId });
    const list = await secretary.call<{ items: Meeting[] }>('GET', `/api/v1/meetings?orgId=${branchId}`);
    const target = list.body.items[0] as Meeting;
    for (const [method, url, body] of [
      ['GET', `/api/v1/meetings/${target.id}`, undefined],
      ['PATCH', `/api/v1/meetings/${target.id}`, { version: target.version, place: 'x' }],
      ['GET', `/api/v1/meetings?orgId=${branchId}`, undefined],
      ['POST', '/api/v1/meetings', { ...base() }],
      ['GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}`, undefined],
    ] as const) {
      const res = await other.call<ErrorBody>(method, url, body);
      expect(res.status, url).toBe(404);
    }
  });

  test('an administrator has no access to meetings; an inspector reads but does not write', async () => {
    const admin = await t.signIn({ roles: ['system-admin'], homeOrgId: townId });
    expect((await admin.call('GET', `/api/v1/meetings?orgId=${branchId}`)).status).toBe(403);
    const inspector = await t.signIn({ roles: ['inspector'], homeOrgId: townId });
    expect((await inspector.call('GET', `/api/v1/meetings?orgId=${branchId}`)).status).toBe(200);
    expect((await inspector.call('POST', '/api/v1/meetings', base())).status).toBe(403);
  });
});

describe('meeting compliance over the API', () => {
  test('a branch whose year has no 支部党员大会 in Q3 shows Q3 missing, citing the article', async () => {
    for (const heldOn of [`${lastYear}-02-10`, `${lastYear}-05-12`, `${lastYear}-11-03`]) {
      expect((await secretary.call('POST', '/api/v1/meetings', { ...base(), heldOn })).status).toBe(201);
    }
    const res = await secretary.call<BranchCompliance>('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const general = res.body.requirements.find((r) => r.type === 'general_meeting');
    expect(general).toMatchObject({ status: 'missing', missing: [`${lastYear}-Q3`] });
    expect(general?.cite).toContain('第十条');
    const q1 = await secretary.call<BranchCompliance>('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}&quarter=1`);
    expect(q1.body.requirements.find((r) => r.type === 'party_lesson')?.status).toBe('met');
  });

  test('a committee org sees how many of its branches meet each rule', async () => {
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const res = await admin.call<SubtreeCompliance>('GET', `/api/v1/orgs/${townId}/compliance?year=${lastYear}&quarter=2`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.branches).toBe(2);
    expect(res.body.summary.find((s) => s.type === 'general_meeting')).toMatchObject({ met: 1, missing: 1, branchesMissing: [otherBranchId] });
  });

  test('bad periods are refused', async () => {
    expect((await secretary.call('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}&quarter=5`)).status).toBe(400);
    expect((await secretary.call('GET', `/api/v1/orgs/${branchId}/compliance?year=${lastYear}&quarter=1&month=2`)).status).toBe(400);
  });
});
