/**
 * Mentor pairs, the reserve-cadre pool and care records through the API, on both dialects, with a sibling branch
 * that sees nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, todayInChina } from '../../lib/dates.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { addMember, buildTree, snapshot, type ErrorBody, type Tree } from '../transfers/test-fixtures.ts';

interface Pair {
  id: string;
  mentor: { id: string; name: string };
  mentee: { id: string; name: string };
  org: { id: string };
  endedOn: string | null;
  version: number;
}
interface Reserve {
  id: string;
  memberId: string;
  removedOn: string | null;
  records: { kind: string; content: string }[];
  version: number;
}
interface Totals {
  visits: number;
  fundRecords: number;
  fundsFen: number;
  totalFen: number;
  membersCared: number;
}
interface Page<T> {
  total: number;
  items: T[];
}

let t: TestApp;
let tree: Tree;
let secA1: Client;
let secA2: Client;
let adminA: Client;
const today = todayInChina();
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t);
  secA1 = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.branchA1 });
  secA2 = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.branchA2 });
  adminA = await t.signIn({ roles: ['org-admin'], homeOrgId: tree.townA });
});
afterAll(async () => {
  await t.close();
});

describe('mentor pairs (老党员传帮带)', () => {
  let veteran = '';
  let young = '';
  let pair: Pair;

  beforeAll(async () => {
    veteran = await addMember(t, tree.branchA1, '老党员', { flags: { veteran: true } });
    young = await addMember(t, tree.branchA1, '新党员', { status: 'probationary' });
  });

  test('a full member mentors a probationary one; both histories record it', async () => {
    const res = await secA1.call<Pair>('POST', '/api/v1/mentor-pairs', { mentorId: veteran, menteeId: young, startedOn: today });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    pair = res.body;
    expect(pair).toMatchObject({ mentor: { id: veteran, name: '老党员' }, mentee: { id: young, name: '新党员' }, org: { id: tree.branchA1 }, endedOn: null });
    for (const id of [veteran, young]) {
      const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${id}/history`);
      expect(history.body[0]?.action).toBe('mentor_pair.start');
    }
  });

  test.each<[string, () => Record<string, string>, number, string]>([
    ['a probationary mentor (422)', () => ({ mentorId: young, menteeId: veteran }), 422, 'mentor_pair.mentor_not_full'],
    ['the same person (422)', () => ({ mentorId: veteran, menteeId: veteran }), 422, 'mentor_pair.same_person'],
    ['a mentee with an open pair (409)', () => ({ mentorId: veteran, menteeId: young }), 409, 'mentor_pair.already_open'],
  ])('%s', async (_label, ids, status, code) => {
    const res = await secA1.call<ErrorBody>('POST', '/api/v1/mentor-pairs', { ...ids(), startedOn: today });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (status === 422) expect(res.body.error.details?.rule?.id).toBe(code);
  });

  test('a township pairs members of two of its branches; a branch secretary cannot reach the other branch (404)', async () => {
    const mentee = await addMember(t, tree.branchA2, '外支部党员');
    expect((await secA1.call<ErrorBody>('POST', '/api/v1/mentor-pairs', { mentorId: veteran, menteeId: mentee, startedOn: today })).status).toBe(404);
    const res = await adminA.call<Pair>('POST', '/api/v1/mentor-pairs', { mentorId: veteran, menteeId: mentee, startedOn: today });
    expect(res.body.org.id).toBe(tree.branchA2);
  });

  test('ending needs the current version; lists filter by state', async () => {
    expect((await secA1.call('POST', `/api/v1/mentor-pairs/${pair.id}/end`, { endedOn: today, version: 2 })).status).toBe(409);
    expect((await secA1.call('POST', `/api/v1/mentor-pairs/${pair.id}/end`, { endedOn: addDays(today, -1), version: 1 })).status).toBe(400);
    const ended = await secA1.call<Pair>('POST', `/api/v1/mentor-pairs/${pair.id}/end`, { endedOn: today, version: 1 });
    expect(ended.body).toMatchObject({ endedOn: today, version: 2 });
    const open = await secA1.call<Page<Pair>>('GET', `/api/v1/mentor-pairs?orgId=${tree.branchA1}`);
    expect(open.body.total).toBe(0);
    const all = await adminA.call<Page<Pair>>('GET', `/api/v1/mentor-pairs?orgId=${tree.townA}&state=all`);
    expect(all.body.total).toBe(2);
  });
});

describe('reserve-cadre pool (后备干部人才库)', () => {
  let entry: Reserve;

  test('a member joins the pool once; training and assessments are recorded; removal needs the version', async () => {
    const memberId = await addMember(t, tree.branchA1, '后备人选');
    const res = await secA1.call<Reserve>('POST', '/api/v1/reserve-cadres', { memberId, targetPost: '村党组织书记', addedOn: addDays(today, -30) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    entry = res.body;
    expect((await secA1.call<ErrorBody>('POST', '/api/v1/reserve-cadres', { memberId, targetPost: 'x', addedOn: today })).status).toBe(409);
    for (const kind of ['training', 'assessment']) {
      const rec = await secA1.call('POST', `/api/v1/reserve-cadres/${entry.id}/records`, { kind, recordedOn: today, content: `${kind} 记录` });
      expect(rec.status).toBe(201);
    }
    expect((await secA1.call('POST', `/api/v1/reserve-cadres/${entry.id}/records`, { kind: 'training', recordedOn: addDays(today, -31), content: 'x' })).status).toBe(400);
    const list = await secA1.call<Page<Reserve>>('GET', `/api/v1/reserve-cadres?orgId=${tree.branchA1}`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]?.records.map((r) => r.kind).sort()).toEqual(['assessment', 'training']);
    expect((await secA1.call('POST', `/api/v1/reserve-cadres/${entry.id}/remove`, { removedOn: today, version: 2 })).status).toBe(409);
    const removed = await secA1.call<Reserve>('POST', `/api/v1/reserve-cadres/${entry.id}/remove`, { removedOn: today, version: 1 });
    expect(removed.body).toMatchObject({ removedOn: today, version: 2 });
    expect(removed.body.records).toHaveLength(2);
    expect((await secA1.call<ErrorBody>('POST', `/api/v1/reserve-cadres/${entry.id}/records`, { kind: 'training', recordedOn: today, content: 'x' })).status).toBe(409);
    expect((await secA1.call<Page<Reserve>>('GET', `/api/v1/reserve-cadres?orgId=${tree.branchA1}`)).body.total).toBe(0);
    expect((await secA1.call<Page<Reserve>>('GET', `/api/v1/reserve-cadres?orgId=${tree.branchA1}&state=ended`)).body.total).toBe(1);
    const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body.map((h) => h.action)).toEqual(['reserve_cadre.remove', 'reserve_cadre.record', 'reserve_cadre.record', 'reserve_cadre.add', 'member.create']);
  });
});

describe('care for members in difficulty (困难党员关爱), money in fen', () => {
  test('visits and funds; a fund needs money; totals per year and per child org', async () => {
    const a1 = await addMember(t, tree.branchA1, '困难甲', { flags: { hardship: true } });
    const a2 = await addMember(t, tree.branchA2, '困难乙', { flags: { hardship: true } });
    const care = (client: Client, body: Record<string, unknown>) => client.call<{ amountFen: number } & ErrorBody>('POST', '/api/v1/care-records', body);
    expect((await care(secA1, { memberId: a1, kind: 'visit', recordedOn: today, amountFen: 0, note: '走访' })).status).toBe(201);
    expect((await care(secA1, { memberId: a1, kind: 'visit', recordedOn: today, amountFen: 20_000, note: '走访并送慰问金' })).status).toBe(201);
    expect((await care(secA1, { memberId: a1, kind: 'fund', recordedOn: today, amountFen: 50_050, note: '救助金' })).status).toBe(201);
    expect((await care(secA2, { memberId: a2, kind: 'fund', recordedOn: today, amountFen: 100_000, note: '救助金' })).status).toBe(201);
    expect((await care(secA2, { memberId: a2, kind: 'visit', recordedOn: `${year - 1}-12-31`, amountFen: 0, note: '去年走访' })).status).toBe(201);
    const zeroFund = await care(secA1, { memberId: a1, kind: 'fund', recordedOn: today, amountFen: 0, note: 'x' });
    expect(zeroFund.status).toBe(400);
    expect(zeroFund.body.error.code).toBe('care.fund_amount_required');
    for (const amountFen of [-1, 1.5, '100']) expect((await care(secA1, { memberId: a1, kind: 'fund', recordedOn: today, amountFen, note: 'x' })).status).toBe(400);

    const totals = await adminA.call<Totals & { year: number; own: Totals; byChild: (Totals & { orgId: string; code: string })[] }>(
      'GET',
      `/api/v1/care-records/totals?orgId=${tree.townA}&year=${year}`,
    );
    expect(totals.status).toBe(200);
    expect(totals.body).toMatchObject({ year, visits: 2, fundRecords: 2, fundsFen: 150_050, totalFen: 170_050, membersCared: 2 });
    expect(totals.body.own).toMatchObject({ visits: 0, totalFen: 0 });
    expect(totals.body.byChild).toEqual([
      { orgId: tree.branchA1, code: 'BRANCH-A1', name: 'BRANCH-A1党组织', visits: 2, fundRecords: 1, fundsFen: 50_050, totalFen: 70_050, membersCared: 1 },
      { orgId: tree.branchA2, code: 'BRANCH-A2', name: 'BRANCH-A2党组织', visits: 0, fundRecords: 1, fundsFen: 100_000, totalFen: 100_000, membersCared: 1 },
    ]);
    const lastYear = await adminA.call<Totals>('GET', `/api/v1/care-records/totals?orgId=${tree.townA}&year=${year - 1}`);
    expect(lastYear.body).toMatchObject({ visits: 1, fundsFen: 0 });
    const branch = await secA1.call<Totals & { byChild: unknown[] }>('GET', `/api/v1/care-records/totals?orgId=${tree.branchA1}`);
    expect(branch.body).toMatchObject({ visits: 2, fundsFen: 50_050, byChild: [] });
    const listed = await adminA.call<Page<{ memberName: string; amountFen: number }>>('GET', `/api/v1/care-records?orgId=${tree.townA}&year=${year}`);
    expect(listed.body.total).toBe(4);
    expect((await adminA.call<Page<unknown>>('GET', `/api/v1/care-records?orgId=${tree.townA}`)).body.total).toBe(5);
    const history = await secA1.call<{ action: string; changes: { amountFen: number } }[]>('GET', `/api/v1/members/${a1}/history`);
    expect(history.body[0]).toMatchObject({ action: 'care.record', changes: { amountFen: 50_050 } });
  });
});

describe('a sibling branch secretary', () => {
  test('gets 404 on every pool endpoint with ids of the other branch, and nothing changes', async () => {
    const mentor = await addMember(t, tree.branchA1, '兄弟导师');
    const mentee = await addMember(t, tree.branchA1, '兄弟学员');
    const pair = await secA1.call<Pair>('POST', '/api/v1/mentor-pairs', { mentorId: mentor, menteeId: mentee, startedOn: today });
    const entry = await secA1.call<Reserve>('POST', '/api/v1/reserve-cadres', { memberId: mentee, targetPost: '支部委员', addedOn: today });
    const own = await addMember(t, tree.branchA2, '本支部党员');
    const before = await snapshot(t);
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/mentor-pairs', { mentorId: mentor, menteeId: own, startedOn: today }],
      ['POST', '/api/v1/mentor-pairs', { mentorId: own, menteeId: mentee, startedOn: today }],
      ['POST', `/api/v1/mentor-pairs/${pair.body.id}/end`, { endedOn: today, version: 1 }],
      ['GET', `/api/v1/mentor-pairs?orgId=${tree.branchA1}`, undefined],
      ['POST', '/api/v1/reserve-cadres', { memberId: mentor, targetPost: 'x', addedOn: today }],
      ['POST', `/api/v1/reserve-cadres/${entry.body.id}/records`, { kind: 'training', recordedOn: today, content: 'x' }],
      ['POST', `/api/v1/reserve-cadres/${entry.body.id}/remove`, { removedOn: today, version: 1 }],
      ['GET', `/api/v1/reserve-cadres?orgId=${tree.branchA1}`, undefined],
      ['POST', '/api/v1/care-records', { memberId: mentor, kind: 'visit', recordedOn: today, amountFen: 0, note: 'x' }],
      ['GET', `/api/v1/care-records?orgId=${tree.branchA1}`, undefined],
      ['GET', `/api/v1/care-records/totals?orgId=${tree.branchA1}`, undefined],
      ['GET', `/api/v1/care-records/totals?orgId=${tree.townA}`, undefined],
    ];
    for (const [method, url, body] of cases) {
      const res = await secA2.call<ErrorBody>(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error.code).toMatch(/not_found$/);
    }
    expect(await snapshot(t)).toEqual(before);
  });
});
