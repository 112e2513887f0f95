/**
 * A year of dues in a small county: two towns, three branches, members of every kind, monthly closes and the
 * remittances. The figures must reconcile to the fen from member to branch to town to county, and equal amounts
 * worked out here from the rule table (中组发〔2008〕3号), not from the code under test.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSheetBytes } from '../../lib/spreadsheet.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { monthRange } from './dues-ledger.ts';
import { yuan } from './dues.export.ts';
import { expectStatus, fullMember, makeMember, makeOrg } from './dues.test-support.ts';

interface Figures {
  members: number;
  dueFen: number;
  paidFen: number;
  outstandingFen: number;
  rateBasisPoints: number | null;
  arrearsMembers: number;
  collectedFen: number;
  extraFen: number;
  centreFen: number;
}
interface Report {
  totals: Figures;
  children: (Figures & { orgId: string })[];
  members: (Figures & { memberId: string })[];
}
interface Arrears {
  flaggedCount: number;
  rule: { cite: string; consecutiveMonths: number };
  branches: { orgId: string; members: { memberId: string; unpaidMonths: string[]; flagged: { from: string; to: string; months: number } | null; decision: { outcome: string } | null }[] }[];
}

const MONTHS = monthRange('2025-01', '2025-12');
type Schedule = (month: string) => string[][];

/** One member: its base, its monthly due by the rule table, and which months it pays when. */
interface Plan {
  key: string;
  branch: 'b1a' | 'b1b' | 'b2a';
  joined?: { status: 'probationary'; joinedAt: string };
  base: Record<string, unknown>;
  monthlyDueFen: number;
  firstMonth: string;
  /** For each ledger month, the groups of months paid in it (one payment each). */
  pays: Schedule;
}

const monthly: Schedule = (m) => [[m]];
const except = (skip: string[]): Schedule => (m) => (skip.includes(m) ? [] : [[m]]);
const quarterEnd: Schedule = (m) => (['03', '06', '09', '12'].includes(m.slice(5)) ? [monthRange(`${m.slice(0, 5)}${String(Number(m.slice(5)) - 2).padStart(2, '0')}`, m)] : []);

const PLANS: Plan[] = [
  // 3000.00 yuan: ≤ 3000 → 0.5% = 15.00
  { key: 'a1', branch: 'b1a', base: { category: 'in_service', monthlyIncomeFen: 300_000 }, monthlyDueFen: 1500, firstMonth: '2025-01', pays: monthly },
  // 3000.01 yuan: 1% = 30.0001 → 30.00; pays three months at each quarter's end
  { key: 'a2', branch: 'b1a', base: { category: 'in_service', monthlyIncomeFen: 300_001 }, monthlyDueFen: 3000, firstMonth: '2025-01', pays: quarterEnd },
  // probationary from 2025-05-20; 10000.01 yuan: 2% = 200.0002 → 200.00
  { key: 'a3', branch: 'b1a', joined: { status: 'probationary', joinedAt: '2025-05-20' }, base: { category: 'in_service', monthlyIncomeFen: 1_000_001, effectiveMonth: '2025-05' }, monthlyDueFen: 20000, firstMonth: '2025-05', pays: (m) => (m >= '2025-05' ? [[m]] : []) },
  // pension 5000.01 yuan: > 5000 → 1% = 50.0001 → 50.00; November and December unpaid
  { key: 'a4', branch: 'b1a', base: { category: 'retired', monthlyIncomeFen: 500_001 }, monthlyDueFen: 5000, firstMonth: '2025-01', pays: except(['2025-11', '2025-12']) },
  // farmer: 0.50 yuan chosen by the branch
  { key: 'b1', branch: 'b1b', base: { category: 'farmer', farmerAmountFen: 50 }, monthlyDueFen: 50, firstMonth: '2025-01', pays: monthly },
  // 5000.00 yuan: ≤ 5000 → 1% = 50.00; April to September unpaid: six consecutive months
  { key: 'lazy', branch: 'b1b', base: { category: 'in_service', monthlyIncomeFen: 500_000 }, monthlyDueFen: 5000, firstMonth: '2025-01', pays: except(monthRange('2025-04', '2025-09')) },
  // exempt by an approved hardship decision: nothing due, nothing paid, never in arrears
  { key: 'exempt', branch: 'b1b', base: { category: 'retired', monthlyIncomeFen: 400_000, hardship: { kind: 'exempt', reason: '特困', decidedOn: '2024-12-20' } }, monthlyDueFen: 0, firstMonth: '2025-01', pays: () => [] },
  // student: 0.20 yuan; five months unpaid (August to December)
  { key: 'five', branch: 'b1b', base: { category: 'student' }, monthlyDueFen: 20, firstMonth: '2025-01', pays: except(monthRange('2025-08', '2025-12')) },
  // self-employed: the previous quarter's average (4000 + 6000 + 6200) / 3 = 5400 yuan → 1.5% = 81.00
  { key: 'c1', branch: 'b2a', base: { category: 'self_employed', previousQuarterIncomeFen: [400_000, 600_000, 620_000] }, monthlyDueFen: 8100, firstMonth: '2025-01', pays: monthly },
  // 11500 yuan: 2% = 230.00
  { key: 'c2', branch: 'b2a', base: { category: 'in_service', monthlyIncomeFen: 1_150_000 }, monthlyDueFen: 23000, firstMonth: '2025-01', pays: monthly },
];

let t: TestApp;
let admin: Client;
const org: Record<'root' | 'town1' | 'town2' | 'b1a' | 'b1b' | 'b2a', string> = { root: '', town1: '', town2: '', b1a: '', b1b: '', b2a: '' };
const memberIds = new Map<string, string>();
/** What the test paid, per branch: the books must hold exactly this. */
const collected = { b1a: 0, b1b: 0, b2a: 0 };
const remitted: number[] = [];

const member = (key: string) => memberIds.get(key) as string;
const sum = (items: readonly Figures[], field: keyof Figures) => items.reduce((a, f) => a + (f[field] as number), 0);
const FIELDS = ['dueFen', 'paidFen', 'outstandingFen', 'members', 'arrearsMembers'] as const;
const report = async (orgId: string, query = 'year=2025') => expectStatus<Report>(await admin.call('GET', `/api/v1/orgs/${orgId}/dues/report?${query}`), 200);

beforeAll(async () => {
  t = await startTestApp();
  org.root = (await t.createRoot()).id;
  org.town1 = await makeOrg(t, org.root, 'TOWN-1', 'party_committee');
  org.town2 = await makeOrg(t, org.root, 'TOWN-2', 'party_committee');
  org.b1a = await makeOrg(t, org.town1, 'B-1A', 'branch');
  org.b1b = await makeOrg(t, org.town1, 'B-1B', 'branch');
  org.b2a = await makeOrg(t, org.town2, 'B-2A', 'branch');
  admin = await t.signIn({ roles: ['org-admin'], homeOrgId: org.root });

  for (const plan of PLANS) {
    const id = await makeMember(t, org[plan.branch], plan.key, plan.joined ?? fullMember);
    memberIds.set(plan.key, id);
    const created = expectStatus<{ id: string; version: number }>(await admin.call('POST', '/api/v1/dues/bases', { memberId: id, effectiveMonth: '2025-01', ...plan.base }), 201);
    if (plan.base.hardship) {
      expectStatus(await admin.call('POST', `/api/v1/dues/bases/${created.id}/hardship-review`, { decision: 'approved', reviewedOn: '2024-12-28', version: created.version }), 200);
    }
  }

  for (const month of MONTHS) {
    for (const plan of PLANS) {
      for (const months of plan.pays(month)) {
        const paidOn = `${month}-${months.length > 1 ? '25' : '10'}`;
        const p = expectStatus<{ id: string; totalFen: number }>(
          await admin.call('POST', '/api/v1/dues/payments', { memberId: member(plan.key), months, paidOn, method: 'cash', collectedBy: '收款人' }),
          201,
        );
        expect(p.totalFen).toBe(plan.monthlyDueFen * months.length);
        collected[plan.branch] += p.totalFen;
        if (plan.key === 'c2' && month === '2025-04') {
          // Recorded against the wrong member, reversed, recorded again: the books net out.
          expectStatus(await admin.call('POST', `/api/v1/dues/payments/${p.id}/reversal`, { reason: '录错', reversedOn: '2025-04-12' }), 201);
          expectStatus(await admin.call('POST', '/api/v1/dues/payments', { memberId: member('c2'), months, paidOn: '2025-04-14', method: 'transfer', collectedBy: '收款人' }), 201);
        }
      }
    }
    if (month === '2025-06') {
      expectStatus(await admin.call('POST', '/api/v1/dues/extra-payments', { memberId: member('c1'), amountFen: 150_000, paidOn: '2025-06-15', method: 'cash', collectedBy: '收款人' }), 201);
      collected.b2a += 150_000;
    }
    for (const branch of ['b1a', 'b1b', 'b2a'] as const) {
      expectStatus(await admin.call('POST', `/api/v1/orgs/${org[branch]}/dues/closes`, { month }), 201);
    }
  }

  for (const branch of ['b1a', 'b1b', 'b2a'] as const) {
    const r = expectStatus<{ amountFen: number }>(await admin.call('POST', `/api/v1/orgs/${org[branch]}/dues/remittances`, { months: MONTHS, amountFen: collected[branch], remittedOn: '2026-01-05' }), 201);
    remitted.push(r.amountFen);
  }
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('a year of a branch’s ledger reconciles to the fen from member to branch to county', () => {
  const expectedDue = (plans: readonly Plan[]) => plans.reduce((a, p) => a + p.monthlyDueFen * MONTHS.filter((m) => m >= p.firstMonth).length, 0);
  const expectedPaid = (plans: readonly Plan[]) => plans.reduce((a, p) => a + p.monthlyDueFen * MONTHS.flatMap((m) => p.pays(m).flat()).length, 0);

  test('each branch: its members add up to it, and to what the rule table says', async () => {
    for (const branch of ['b1a', 'b1b', 'b2a'] as const) {
      const r = await report(org[branch]);
      const plans = PLANS.filter((p) => p.branch === branch);
      for (const field of ['dueFen', 'paidFen', 'outstandingFen'] as const) expect(sum(r.members, field), `${branch} ${field}`).toBe(r.totals[field]);
      expect(r.totals.dueFen).toBe(expectedDue(plans));
      expect(r.totals.paidFen).toBe(expectedPaid(plans));
      expect(r.totals.collectedFen).toBe(collected[branch]);
      for (const plan of plans) {
        const row = r.members.find((x) => x.memberId === member(plan.key));
        expect(row?.dueFen, plan.key).toBe(expectedDue([plan]));
        expect(row?.paidFen, plan.key).toBe(expectedPaid([plan]));
      }
    }
  });

  test('towns and the county: children equal their own reports and add up to the total', async () => {
    const county = await report(org.root);
    for (const [town, branches] of [['town1', ['b1a', 'b1b']], ['town2', ['b2a']]] as const) {
      const r = await report(org[town]);
      for (const branch of branches) {
        const own = await report(org[branch]);
        const child = r.children.find((c) => c.orgId === org[branch]);
        for (const field of [...FIELDS, 'collectedFen', 'extraFen', 'centreFen'] as const) expect(child?.[field], `${town}/${branch} ${field}`).toBe(own.totals[field]);
      }
      for (const field of [...FIELDS, 'collectedFen'] as const) expect(sum(r.children, field), `${town} ${field}`).toBe(r.totals[field]);
      const inCounty = county.children.find((c) => c.orgId === org[town]);
      for (const field of [...FIELDS, 'collectedFen'] as const) expect(inCounty?.[field]).toBe(r.totals[field]);
    }
    for (const field of [...FIELDS, 'collectedFen', 'extraFen', 'centreFen'] as const) expect(sum(county.children, field), `county ${field}`).toBe(county.totals[field]);
    const due = expectedDue(PLANS);
    const paid = expectedPaid(PLANS);
    expect(county.totals).toMatchObject({
      members: PLANS.length,
      dueFen: due,
      paidFen: paid,
      outstandingFen: due - paid,
      rateBasisPoints: Math.floor((paid * 20000 + due) / (2 * due)),
      arrearsMembers: 3,
      collectedFen: collected.b1a + collected.b1b + collected.b2a,
      extraFen: 150_000,
      centreFen: 150_000,
    });
    expect(county.totals.collectedFen).toBe(remitted.reduce((a, b) => a + b, 0));
  });

  test('the four quarters and the twelve months add up to the year', async () => {
    const year = await report(org.root);
    const quarters = await Promise.all([1, 2, 3, 4].map((q) => report(org.root, `year=2025&quarter=${q}`)));
    const months = await Promise.all(MONTHS.map((_m, i) => report(org.root, `year=2025&month=${i + 1}`)));
    for (const field of ['dueFen', 'paidFen', 'outstandingFen', 'collectedFen'] as const) {
      expect(sum(quarters.map((q) => q.totals), field), field).toBe(year.totals[field]);
      expect(sum(months.map((q) => q.totals), field), field).toBe(year.totals[field]);
    }
  });

  test('the closes of a branch add up to its remittance', async () => {
    const closes = expectStatus<{ collectedFen: number; remittanceId: string | null }[]>(await admin.call('GET', `/api/v1/orgs/${org.b2a}/dues/closes?year=2025`), 200);
    expect(closes).toHaveLength(12);
    expect(closes.reduce((a, c) => a + c.collectedFen, 0)).toBe(collected.b2a);
    expect(closes.every((c) => c.remittanceId !== null)).toBe(true);
  });

  test('the county report as xlsx carries the same totals', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.root}/dues/report.xlsx?year=2025`, headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    const rows = [];
    for await (const row of readSheetBytes(res.rawPayload, 'xlsx')) rows.push(row.values);
    const total = rows.find((r) => r['单位/党员'] === '合计');
    expect(total?.['应交（元）']).toBe(yuan((await report(org.root)).totals.dueFen));
    expect(total?.['收缴（元）']).toBe(yuan(collected.b1a + collected.b1b + collected.b2a));
  });
});

describe('arrears and the six-month flag (党章 第九条)', () => {
  const arrears = async (orgId: string, asOf = '2026-01-10') => expectStatus<Arrears>(await admin.call('GET', `/api/v1/orgs/${orgId}/dues/arrears?asOf=${asOf}`), 200);
  const entry = (a: Arrears, key: string) => a.branches.flatMap((b) => b.members).find((x) => x.memberId === member(key));

  test('six unpaid months raise the flag; five do not; an approved exemption owes nothing', async () => {
    const a = await arrears(org.root);
    expect(a.rule.consecutiveMonths).toBe(6);
    expect(a.rule.cite).toContain('第九条');
    expect(a.flaggedCount).toBe(1);
    expect(entry(a, 'lazy')).toMatchObject({ unpaidMonths: monthRange('2025-04', '2025-09'), flagged: { from: '2025-04', to: '2025-09', months: 6 }, decision: null });
    expect(entry(a, 'five')).toMatchObject({ unpaidMonths: monthRange('2025-08', '2025-12'), flagged: null });
    expect(entry(a, 'a4')).toMatchObject({ unpaidMonths: ['2025-11', '2025-12'], flagged: null });
    expect(entry(a, 'exempt')).toBeUndefined();
    expect(a.branches.find((b) => b.orgId === org.b1b)?.members.map((x) => x.memberId).sort()).toEqual([member('lazy'), member('five')].sort());
  });

  test('as of mid-September the run is only five months long', async () => {
    const a = await arrears(org.b1b, '2025-09-15');
    expect(entry(a, 'lazy')).toMatchObject({ flagged: null, unpaidMonths: monthRange('2025-04', '2025-08') });
  });

  test('the system flags, a person records the decision', async () => {
    const body = { memberId: member('lazy'), streakFrom: '2025-04', streakTo: '2025-09', outcome: 'justified', decidedOn: '2026-01-15', note: '外出务工，已补交' };
    expectStatus(await admin.call('POST', '/api/v1/dues/lapse-decisions', { ...body, streakTo: '2025-08' }), 422, 'dues.not_flagged');
    expectStatus(await admin.call('POST', '/api/v1/dues/lapse-decisions', { ...body, memberId: member('five'), streakFrom: '2025-08', streakTo: '2025-12' }), 422, 'dues.not_flagged');
    expectStatus(await admin.call('POST', '/api/v1/dues/lapse-decisions', { ...body, decidedOn: '2099-01-01' }), 400, 'dues.decided_in_future');
    expectStatus(await admin.call('POST', '/api/v1/dues/lapse-decisions', body), 201);
    expect(entry(await arrears(org.root), 'lazy')?.decision).toMatchObject({ outcome: 'justified' });
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'dues.lapse.decide').execute();
    expect(audit).toHaveLength(1);
  });

  test('both halves in one list: unpaid dues and absence from organizational life', async () => {
    // Six monthly general meetings of B-1B from July: everyone takes part except the student member.
    for (const month of monthRange('2025-07', '2025-12')) {
      const meeting = expectStatus<{ id: string }>(await admin.call('POST', '/api/v1/meetings', { orgId: org.b1b, primaryType: 'general_meeting', heldOn: `${month}-08` }), 201);
      const entries = ['b1', 'lazy', 'exempt', 'five'].map((key) => ({ memberId: member(key), status: key === 'five' ? 'absent' : 'present' }));
      expectStatus(await admin.call('PUT', `/api/v1/meetings/${meeting.id}/attendance`, { entries }), 200);
    }
    const list = expectStatus<{
      rules: { dues: { cite: string }; absence: { cite: string } };
      members: { memberId: string; dues: { from: string; months: number } | null; absence: { firstMonth: string; months: number } | null }[];
    }>(await admin.call('GET', `/api/v1/orgs/${org.root}/dues/article-nine?asOf=2026-01-10`), 200);
    expect(list.rules.dues.cite).toContain('第九条');
    const byKey = (key: string) => list.members.find((x) => x.memberId === member(key));
    expect(list.members).toHaveLength(2);
    expect(byKey('lazy')).toMatchObject({ dues: { from: '2025-04', months: 6 }, absence: null });
    expect(byKey('five')).toMatchObject({ dues: null, absence: { firstMonth: '2025-07', months: 6 } });
    expectStatus(await admin.call('GET', `/api/v1/orgs/${org.root}/dues/article-nine?asOf=2099-01-01`), 400, 'dues.as_of_future');
  });

  test('the service function for the organizational-life half lists the flagged members', async () => {
    const flags = await t.services.dues.lapseFlags({ accountId: null, role: 'system', roles: ['system'], scopePath: '', sourceAddress: null }, org.town1, '2026-01-10');
    expect(flags).toEqual([expect.objectContaining({ memberId: member('lazy'), orgId: org.b1b, from: '2025-04', months: 6 })]);
  });
});
