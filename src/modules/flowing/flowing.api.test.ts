/**
 * Flowing members (流动党员) and community reporting (双报到) through the API, on both dialects: the flag follows
 * the open record, the yearly report and the overdue list, community rules and service hours, and a sibling
 * branch that sees nothing.
 */
import { readFileSync, existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, addMonths, todayInChina } from '../../lib/dates.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { addMember, buildTree, snapshot, type ErrorBody, type Tree } from '../transfers/test-fixtures.ts';

interface Flowing {
  id: string;
  memberId: string;
  contact: string | null;
  startedOn: string;
  endedOn: string | null;
  lastReportedOn: string | null;
  reportDueOn: string | null;
  reportOverdue: boolean;
  version: number;
  reports?: { reportedOn: string; content: string }[];
}
interface Registration {
  id: string;
  memberId: string;
  homeOrg: { id: string };
  communityOrg: { id: string; name: string };
  endedOn: string | null;
  totalMinutes: number;
  side: string;
  version: number;
}
interface Page<T> {
  total: number;
  items: T[];
}

let t: TestApp;
let tree: Tree;
let secA1: Client;
let secA2: Client;
let secCommunity: Client;
let adminA: Client;
const today = todayInChina();
const PHONE = '13987654321';

beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t);
  secA1 = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.branchA1 });
  secA2 = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.branchA2 });
  secCommunity = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.communityBranch });
  adminA = await t.signIn({ roles: ['org-admin'], homeOrgId: tree.townA });
});
afterAll(async () => {
  await t.close();
});

const flag = async (memberId: string) => (await secA1.call<{ flags: { flowing: boolean } }>('GET', `/api/v1/members/${memberId}`)).body.flags.flowing;

describe('flowing members', () => {
  let memberId = '';
  let record: Flowing;

  test('going away sets the flag; the contact is stored encrypted and answered masked', async () => {
    memberId = await addMember(t, tree.branchA1, '张流动');
    const res = await secA1.call<Flowing>('POST', '/api/v1/flowing', { memberId, destination: '广东省深圳市', contact: `本人 ${PHONE}`, startedOn: addMonths(today, -3) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    record = res.body;
    expect(record).toMatchObject({ contact: '本人 139****4321', lastReportedOn: null, reportDueOn: addMonths(addMonths(today, -3), 12), reportOverdue: false });
    expect(await flag(memberId)).toBe(true);
    const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body[0]?.action).toBe('flowing.start');
    const rows = await sql<Record<string, unknown>>`select * from flowing_records`.execute(t.handle.db);
    expect(JSON.stringify(rows.rows)).not.toContain(PHONE);
  });

  test('one open record per member (409)', async () => {
    const res = await secA1.call<ErrorBody>('POST', '/api/v1/flowing', { memberId, destination: '别处', startedOn: today });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('flowing.already_open');
  });

  test('the whole contact only through the audited reveal, for a role allowed to see it', async () => {
    expect((await secA1.call('POST', `/api/v1/flowing/${record.id}/reveal-contact`)).status).toBe(403);
    const revealed = await adminA.call<{ value: string }>('POST', `/api/v1/flowing/${record.id}/reveal-contact`);
    expect(revealed.body.value).toBe(`本人 ${PHONE}`);
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_id', '=', record.id).where('action', '=', 'personal.reveal').execute();
    expect(audit).toHaveLength(1);
  });

  test('reports move last_reported_on forward (never back) and show on the record', async () => {
    const early = addMonths(today, -2);
    const late = addMonths(today, -1);
    expect((await secA1.call('POST', `/api/v1/flowing/${record.id}/reports`, { reportedOn: late, content: '在深圳参加流入地党组织生活' })).status).toBe(201);
    expect((await secA1.call('POST', `/api/v1/flowing/${record.id}/reports`, { reportedOn: early, content: '补记' })).status).toBe(201);
    const detail = await secA1.call<Flowing>('GET', `/api/v1/flowing/${record.id}`);
    expect(detail.body).toMatchObject({ lastReportedOn: late, reportDueOn: addMonths(late, 12) });
    expect(detail.body.reports?.map((r) => r.reportedOn)).toEqual([late, early]);
    const before = await secA1.call<ErrorBody>('POST', `/api/v1/flowing/${record.id}/reports`, { reportedOn: addMonths(today, -4), content: 'x' });
    expect(before.status).toBe(400);
    const future = await secA1.call<ErrorBody>('POST', `/api/v1/flowing/${record.id}/reports`, { reportedOn: addDays(today, 1), content: 'x' });
    expect(future.status).toBe(400);
  });

  test('overdue: no report within a year, counting from the start when there is none', async () => {
    const silent = await addMember(t, tree.branchA1, '李未报');
    const silentRec = await secA1.call<Flowing>('POST', '/api/v1/flowing', { memberId: silent, destination: '外地', startedOn: addMonths(today, -13) });
    expect(silentRec.body.reportOverdue).toBe(true);
    const reported = await addMember(t, tree.branchA1, '王已报');
    const reportedRec = await secA1.call<Flowing>('POST', '/api/v1/flowing', { memberId: reported, destination: '外地', startedOn: addMonths(today, -30) });
    await secA1.call('POST', `/api/v1/flowing/${reportedRec.body.id}/reports`, { reportedOn: addMonths(today, -2), content: '年度报告' });
    const stale = await addMember(t, tree.branchA1, '赵久未报');
    const staleRec = await secA1.call<Flowing>('POST', '/api/v1/flowing', { memberId: stale, destination: '外地', startedOn: addMonths(today, -30) });
    await secA1.call('POST', `/api/v1/flowing/${staleRec.body.id}/reports`, { reportedOn: addMonths(today, -14), content: '去年的报告' });

    const overdue = await adminA.call<Page<Flowing>>('GET', `/api/v1/flowing?orgId=${tree.townA}&overdue=true`);
    expect(overdue.body.items.map((i) => i.memberId).sort()).toEqual([silent, stale].sort());
    const all = await secA1.call<Page<Flowing>>('GET', `/api/v1/flowing?orgId=${tree.branchA1}`);
    expect(all.body.total).toBe(4);
  });

  test('ending needs the current version, clears the flag, and closes the record to reports', async () => {
    const stale = await secA1.call<ErrorBody>('POST', `/api/v1/flowing/${record.id}/end`, { endedOn: today, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('flowing.version_stale');
    const current = (await secA1.call<Flowing>('GET', `/api/v1/flowing/${record.id}`)).body;
    const beforeStart = await secA1.call<ErrorBody>('POST', `/api/v1/flowing/${record.id}/end`, { endedOn: addMonths(today, -4), version: current.version });
    expect(beforeStart.status).toBe(400);
    const ended = await secA1.call<Flowing>('POST', `/api/v1/flowing/${record.id}/end`, { endedOn: today, version: current.version });
    expect(ended.body).toMatchObject({ endedOn: today, reportDueOn: null, reportOverdue: false });
    expect(await flag(memberId)).toBe(false);
    const late = await secA1.call<ErrorBody>('POST', `/api/v1/flowing/${record.id}/reports`, { reportedOn: today, content: 'x' });
    expect(late.status).toBe(409);
    const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body.map((h) => h.action)).toEqual(['flowing.end', 'flowing.report', 'flowing.report', 'flowing.start', 'member.create']);
  });
});

describe('community reporting (在职党员到社区报到)', () => {
  const registeredOn = addMonths(today, -6);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const lastYearEnd = addDays(yearStart, -1);
  const sessionDay = registeredOn > yearStart ? registeredOn : yearStart;
  const lastYearServed = registeredOn <= lastYearEnd;
  let worker = '';
  let registration: Registration;

  test('a member not in service is refused (422 with the rule)', async () => {
    const idle = await addMember(t, tree.branchA1, '钱不在职');
    const res = await secA1.call<ErrorBody>('POST', '/api/v1/community/registrations', { memberId: idle, communityOrgId: tree.communityBranch, registeredOn: today });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('community.member_not_in_service');
    expect(res.body.error.details?.rule?.cite).toContain('社区报到');
  });

  test.each<[string, keyof Tree]>([
    ['a rural branch', 'branchB1'],
    ['a community committee, not a branch', 'communityCommittee'],
  ])('%s is no community (422)', async (_label, key) => {
    const m = await addMember(t, tree.branchA1, '孙在职', { flags: { inService: true } });
    const res = await secA1.call<ErrorBody>('POST', '/api/v1/community/registrations', { memberId: m, communityOrgId: tree[key], registeredOn: today });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('community.org_not_community_branch');
  });

  test('an in-service member registers with a community in another township and keeps their branch', async () => {
    worker = await addMember(t, tree.branchA1, '周在职', { flags: { inService: true } });
    const res = await secA1.call<Registration>('POST', '/api/v1/community/registrations', { memberId: worker, communityOrgId: tree.communityBranch, registeredOn });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    registration = res.body;
    expect(registration).toMatchObject({ homeOrg: { id: tree.branchA1 }, communityOrg: { id: tree.communityBranch, name: 'COMMUNITY-B-1党组织' }, side: 'home', totalMinutes: 0 });
    const member = await secA1.call<{ orgId: string }>('GET', `/api/v1/members/${worker}`);
    expect(member.body.orgId).toBe(tree.branchA1);
    const again = await secA1.call<ErrorBody>('POST', '/api/v1/community/registrations', { memberId: worker, communityOrgId: tree.communityBranch, registeredOn: today });
    expect(again.status).toBe(409);
  });

  test('the community side records service; the home side cannot (403); minutes are 1..1440', async () => {
    const url = `/api/v1/community/registrations/${registration.id}/service`;
    const home = await secA1.call<ErrorBody>('POST', url, { servedOn: today, minutes: 60, description: '社区清扫' });
    expect(home.status).toBe(403);
    expect(home.body.error.code).toBe('community.community_side_only');
    for (const minutes of [0, 1441, 30.5]) expect((await secCommunity.call('POST', url, { servedOn: today, minutes, description: 'x' })).status).toBe(400);
    const before = await secCommunity.call<ErrorBody>('POST', url, { servedOn: addMonths(today, -7), minutes: 60, description: 'x' });
    expect(before.status).toBe(400);
    expect(before.body.error.code).toBe('community.served_before_registration');
    for (const [servedOn, minutes] of [
      [sessionDay, 90],
      [today, 30],
    ] as const) {
      const res = await secCommunity.call<{ minutes: number }>('POST', url, { servedOn, minutes, description: '志愿服务' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // A session of last year stays out of this year's total (when the registration already ran then).
    if (lastYearServed) expect((await secCommunity.call('POST', url, { servedOn: lastYearEnd, minutes: 45, description: '去年' })).status).toBe(201);
    const other = await addMember(t, tree.branchA1, '吴在职', { flags: { inService: true } });
    const reg2 = await secA1.call<Registration>('POST', '/api/v1/community/registrations', { memberId: other, communityOrgId: tree.communityBranch, registeredOn: today });
    await secCommunity.call('POST', `/api/v1/community/registrations/${reg2.body.id}/service`, { servedOn: today, minutes: 240, description: '义诊' });

    const hours = await secCommunity.call<{ totalMinutes: number; members: { memberId: string; minutes: number; sessions: number }[] }>(
      'GET',
      `/api/v1/community/hours?orgId=${tree.communityBranch}&year=${today.slice(0, 4)}`,
    );
    expect(hours.body.totalMinutes).toBe(360);
    expect(hours.body.members).toEqual([
      { memberId: other, memberName: '吴在职', homeOrgName: 'BRANCH-A1党组织', minutes: 240, sessions: 1 },
      { memberId: worker, memberName: '周在职', homeOrgName: 'BRANCH-A1党组织', minutes: 120, sessions: 2 },
    ]);
    const fromAbove = await t.signIn({ roles: ['org-admin'], homeOrgId: tree.townB });
    const townHours = await fromAbove.call<{ totalMinutes: number }>('GET', `/api/v1/community/hours?orgId=${tree.townB}&year=${today.slice(0, 4)}`);
    expect(townHours.body.totalMinutes).toBe(360);
    const homeHours = await secA1.call<{ totalMinutes: number }>('GET', `/api/v1/community/hours?orgId=${tree.branchA1}&year=${today.slice(0, 4)}`);
    expect(homeHours.body.totalMinutes).toBe(0);
  });

  test('both sides list the registration and say which side they are on', async () => {
    const home = await secA1.call<Page<Registration>>('GET', `/api/v1/community/registrations?orgId=${tree.branchA1}`);
    expect(home.body.items.map((r) => [r.memberId, r.side])).toContainEqual([worker, 'home']);
    const community = await secCommunity.call<Page<Registration>>('GET', `/api/v1/community/registrations?orgId=${tree.communityBranch}`);
    expect(community.body.items.find((r) => r.id === registration.id)).toMatchObject({ side: 'community', totalMinutes: 120 + (lastYearServed ? 45 : 0) });
    const onlyHome = await secCommunity.call<Page<Registration>>('GET', `/api/v1/community/registrations?orgId=${tree.communityBranch}&side=home`);
    expect(onlyHome.body.total).toBe(0);
    const root = await t.signIn({ roles: ['org-admin'], homeOrgId: tree.root });
    const both = await root.call<Page<Registration>>('GET', `/api/v1/community/registrations?orgId=${tree.root}`);
    expect(both.body.items.every((r) => r.side === 'both')).toBe(true);
  });

  test('either side ends it, with the current version', async () => {
    const stale = await secCommunity.call<ErrorBody>('POST', `/api/v1/community/registrations/${registration.id}/end`, { endedOn: today, version: 2 });
    expect(stale.status).toBe(409);
    const ended = await secCommunity.call<Registration>('POST', `/api/v1/community/registrations/${registration.id}/end`, { endedOn: today, version: 1 });
    expect(ended.body).toMatchObject({ endedOn: today, version: 2 });
    const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${worker}/history`);
    expect(history.body[0]?.action).toBe('community.end');
    expect(history.body.map((h) => h.action)).toContain('community.service');
  });
});

describe('a sibling branch secretary', () => {
  test('gets 404 on every flowing and community endpoint with ids of the other branch, and nothing changes', async () => {
    const m = await addMember(t, tree.branchA1, '郑兄弟', { flags: { inService: true } });
    const rec = await secA1.call<Flowing>('POST', '/api/v1/flowing', { memberId: m, destination: '外地', startedOn: today });
    const reg = await secA1.call<Registration>('POST', '/api/v1/community/registrations', { memberId: m, communityOrgId: tree.communityBranch, registeredOn: today });
    const fresh = await addMember(t, tree.branchA1, '王兄弟', { flags: { inService: true } });
    const siblingAdmin = await t.signIn({ roles: ['org-admin'], homeOrgId: tree.branchA2 });
    const before = await snapshot(t);
    const cases: [Client, string, string, unknown][] = [
      [secA2, 'GET', `/api/v1/flowing/${rec.body.id}`, undefined],
      [secA2, 'POST', `/api/v1/flowing/${rec.body.id}/end`, { endedOn: today, version: 1 }],
      [secA2, 'POST', `/api/v1/flowing/${rec.body.id}/reports`, { reportedOn: today, content: 'x' }],
      [siblingAdmin, 'POST', `/api/v1/flowing/${rec.body.id}/reveal-contact`, undefined],
      [secA2, 'GET', `/api/v1/flowing?orgId=${tree.branchA1}`, undefined],
      [secA2, 'POST', '/api/v1/flowing', { memberId: fresh, destination: 'x', startedOn: today }],
      [secA2, 'GET', `/api/v1/community/registrations/${reg.body.id}`, undefined],
      [secA2, 'POST', `/api/v1/community/registrations/${reg.body.id}/end`, { endedOn: today, version: 1 }],
      [secA2, 'POST', `/api/v1/community/registrations/${reg.body.id}/service`, { servedOn: today, minutes: 10, description: 'x' }],
      [secA2, 'GET', `/api/v1/community/registrations?orgId=${tree.branchA1}`, undefined],
      [secA2, 'GET', `/api/v1/community/hours?orgId=${tree.communityBranch}`, undefined],
      [secA2, 'POST', '/api/v1/community/registrations', { memberId: fresh, communityOrgId: tree.communityBranch, registeredOn: today }],
    ];
    for (const [client, method, url, body] of cases) {
      const res = await client.call<ErrorBody>(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error.code).toMatch(/not_found$/);
    }
    expect(await snapshot(t)).toEqual(before);
    const list = await secA2.call<Page<Flowing>>('GET', `/api/v1/flowing?orgId=${tree.branchA2}&state=all`);
    expect(list.body.total).toBe(0);
  });

  test('no clear-text contact phone in the database files', async () => {
    if (!t.handle.sqlite) return;
    t.handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of [t.handle.sqlite.name, `${t.handle.sqlite.name}-wal`]) {
      if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(PHONE))).toBe(false);
    }
  });
});
