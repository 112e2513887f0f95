import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { todayInChina } from '../../lib/dates.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { addMonthsTo, monthOf, quarterOf } from './dues-ledger.ts';
import { ReferenceFormatProvider } from './payment-provider.ts';
import { callWithKey, countRows, expectStatus, fullMember, makeMember, makeOrg, type ErrorBody } from './dues.test-support.ts';

interface Base {
  id: string;
  version: number;
  standard: { amountFen: number; rule: { id: string } };
  due: { amountFen: number; rule: { id: string; cite: string } };
  hardship: { status: string } | null;
}
interface Payment {
  id: string;
  kind: string;
  totalFen: number;
  quarterly: boolean;
  warnings: { code: string; months: string[]; rule: { id: string; cite: string } }[];
  entries: { forMonth: string; amountFen: number; dueFen: number | null; ruleId: string | null; remitToCentre: boolean }[];
  externalReference: string | null;
}
interface Ledger {
  base: Base | null;
  months: { month: string; dueFen: number; paidFen: number; outstandingFen: number; ruleId: string }[];
  owedFen: number;
  unpaidMonths: string[];
  payments: Payment[];
}

let t: TestApp;
let secretary: Client;
let townAdmin: Client;
let inspector: Client;
let branchId = '';
let otherBranchId = '';
const m = { zhang: '', li: '', wang: '', zhao: '', sun: '', chen: '' };

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const town = await makeOrg(t, root.id, 'TOWN', 'party_committee');
  branchId = await makeOrg(t, town, 'BRANCH-A', 'branch');
  otherBranchId = await makeOrg(t, town, 'BRANCH-B', 'branch');
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
  townAdmin = await t.signIn({ roles: ['org-admin'], homeOrgId: town });
  inspector = await t.signIn({ roles: ['inspector'], homeOrgId: root.id });
  m.zhang = await makeMember(t, branchId, '张建国', fullMember);
  m.li = await makeMember(t, branchId, '李预备', { status: 'probationary', joinedAt: '2025-03-15' });
  m.wang = await makeMember(t, branchId, '王退休', fullMember);
  m.zhao = await makeMember(t, branchId, '赵无基数', fullMember);
  m.sun = await makeMember(t, branchId, '孙按季', fullMember);
  m.chen = await makeMember(t, otherBranchId, '陈别支', fullMember);
});
afterAll(async () => {
  await t.close();
});

const base = (body: Record<string, unknown>) => secretary.call<Base | ErrorBody>('POST', '/api/v1/dues/bases', body);
const pay = (body: Record<string, unknown>) => secretary.call<Payment | ErrorBody>('POST', '/api/v1/dues/payments', { method: 'cash', collectedBy: '张书记', ...body });
const ledgerOf = async (memberId: string) => expectStatus<Ledger>(await secretary.call('GET', `/api/v1/members/${memberId}/dues`), 200);

describe('bases', () => {
  test('a base from a month; a raise applies from its month and earlier months keep the old base', async () => {
    const first = expectStatus<Base>(await base({ memberId: m.zhang, effectiveMonth: '2025-01', category: 'in_service', monthlyIncomeFen: 540_000 }), 201);
    expect(first.due).toMatchObject({ amountFen: 8100, rule: { id: 'dues.2008.in_service.bracket_3' } });
    expect(first.due.rule.cite).toContain('中组发〔2008〕3号');
    const raise = expectStatus<Base>(await base({ memberId: m.zhang, effectiveMonth: '2025-07', category: 'in_service', monthlyIncomeFen: 1_150_000 }), 201);
    expect(raise.due.amountFen).toBe(23000);
    const ledger = await ledgerOf(m.zhang);
    expect(ledger.months.find((x) => x.month === '2025-06')).toMatchObject({ dueFen: 8100, ruleId: 'dues.2008.in_service.bracket_3' });
    expect(ledger.months.find((x) => x.month === '2025-07')).toMatchObject({ dueFen: 23000, ruleId: 'dues.2008.in_service.bracket_4' });
    expect(ledger.months[0]?.month).toBe('2025-01');
  });

  test.each<[string, Record<string, unknown>, number, string]>([
    ['a negative income', { category: 'in_service', monthlyIncomeFen: -1 }, 400, 'dues.income_out_of_range'],
    ['an absurd income', { category: 'in_service', monthlyIncomeFen: 10_000_000_001 }, 400, 'dues.income_out_of_range'],
    ['an income for a student', { category: 'student', monthlyIncomeFen: 100_000 }, 400, 'dues.field_not_applicable'],
    ['a farmer amount above 1 yuan', { category: 'farmer', farmerAmountFen: 101 }, 400, 'dues.farmer_amount_out_of_range'],
    ['a reduction not below the standard amount', { category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'reduced', amountFen: 8100, reason: '大病', decidedOn: '2025-01-05' } }, 400, 'dues.hardship_amount_invalid'],
    ['a base more than a year ahead', { category: 'student', effectiveMonth: addMonthsTo(monthOf(todayInChina()), 13) }, 400, 'dues.effective_month_too_far'],
    ['a base before the member joined', { memberId: 'LI', category: 'student', effectiveMonth: '2025-02' }, 422, 'dues.base_before_joining'],
    ['a member of another branch', { memberId: 'CHEN', category: 'student' }, 404, 'member.not_found'],
    ['an unknown category', { category: 'astronaut' }, 400, 'FST_ERR_VALIDATION'],
  ])('%s → %j, nothing written', async (_label, change, status, code) => {
    const [bases, audit] = [await countRows(t, 'dues_bases'), await countRows(t, 'audit_log')];
    const body: Record<string, unknown> = { memberId: m.zhao, effectiveMonth: '2025-01', ...change };
    if (body.memberId === 'LI') body.memberId = m.li;
    if (body.memberId === 'CHEN') body.memberId = m.chen;
    const res = await base(body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (code !== 'FST_ERR_VALIDATION') expect((res.body as ErrorBody).error.code).toBe(code);
    expect([await countRows(t, 'dues_bases'), await countRows(t, 'audit_log')]).toEqual([bases, audit]);
  });

  test('an inspector reads but does not write', async () => {
    expect((await inspector.call('POST', '/api/v1/dues/bases', { memberId: m.zhao, effectiveMonth: '2025-01', category: 'student' })).status).toBe(403);
    expect((await inspector.call('GET', `/api/v1/members/${m.zhang}/dues`)).status).toBe(200);
  });

  test('a hardship reduction counts once the committee above approves it, not by the branch alone', async () => {
    const created = expectStatus<Base>(
      await base({ memberId: m.wang, effectiveMonth: '2025-01', category: 'retired', monthlyIncomeFen: 600_000, hardship: { kind: 'reduced', amountFen: 1000, reason: '长期患病', decidedOn: '2025-01-10' } }),
      201,
    );
    expect(created).toMatchObject({ standard: { amountFen: 6000 }, due: { amountFen: 6000 }, hardship: { status: 'pending' } });
    const review = { decision: 'approved', reviewedOn: '2025-01-20', version: created.version };
    expectStatus(await secretary.call('POST', `/api/v1/dues/bases/${created.id}/hardship-review`, review), 422, 'dues.hardship_review_level');
    const approved = expectStatus<Base>(await townAdmin.call('POST', `/api/v1/dues/bases/${created.id}/hardship-review`, review), 200);
    expect(approved).toMatchObject({ due: { amountFen: 1000, rule: { id: 'dues.2008.hardship.reduced' } }, hardship: { status: 'approved' } });
    expectStatus(await townAdmin.call('POST', `/api/v1/dues/bases/${created.id}/hardship-review`, { ...review, version: approved.version }), 409, 'dues.hardship_not_pending');
    expect((await ledgerOf(m.wang)).months.find((x) => x.month === '2025-02')?.dueFen).toBe(1000);
  });

  test('other bases of the branch', async () => {
    expectStatus(await base({ memberId: m.li, effectiveMonth: '2025-03', category: 'in_service', monthlyIncomeFen: 300_000 }), 201);
    expectStatus(await base({ memberId: m.sun, effectiveMonth: '2025-01', category: 'in_service', monthlyIncomeFen: 300_001, quarterlyConsentOn: '2025-01-05' }), 201);
  });
});

describe('payments', () => {
  let firstPayment = '';

  test('whole months, each for its due, with the rule stored', async () => {
    const p = expectStatus<Payment>(await pay({ memberId: m.zhang, months: ['2025-01', '2025-02', '2025-03'], paidOn: '2025-03-20' }), 201);
    firstPayment = p.id;
    expect(p.totalFen).toBe(24300);
    expect(p.entries).toEqual([
      { kind: 'dues', forMonth: '2025-01', amountFen: 8100, dueFen: 8100, ruleId: 'dues.2008.in_service.bracket_3', remitToCentre: false },
      { kind: 'dues', forMonth: '2025-02', amountFen: 8100, dueFen: 8100, ruleId: 'dues.2008.in_service.bracket_3', remitToCentre: false },
      { kind: 'dues', forMonth: '2025-03', amountFen: 8100, dueFen: 8100, ruleId: 'dues.2008.in_service.bracket_3', remitToCentre: false },
    ]);
  });

  test.each<[string, () => Record<string, unknown>, number, string]>([
    ['a month already paid', () => ({ memberId: m.zhang, months: ['2025-02'], paidOn: '2025-03-21' }), 409, 'dues.month_already_paid'],
    ['a month before the member joined (预备党员从支部大会通过之日起)', () => ({ memberId: m.li, months: ['2025-02', '2025-03'], paidOn: '2025-03-21' }), 422, 'dues.before_joining'],
    ['a member without a base', () => ({ memberId: m.zhao, months: ['2025-03'], paidOn: '2025-03-21' }), 422, 'dues.base_missing'],
    ['a payment dated in the future', () => ({ memberId: m.zhang, months: ['2025-04'], paidOn: '2099-01-01' }), 400, 'dues.paid_in_future'],
    ['a month ahead without a quarterly arrangement', () => ({ memberId: m.zhang, months: [addMonthsTo(monthOf(todayInChina()), 1)], paidOn: todayInChina() }), 422, 'dues.paid_ahead'],
    ['a total other than the one shown', () => ({ memberId: m.zhang, months: ['2025-04'], paidOn: '2025-04-02', expectedTotalFen: 8000 }), 409, 'dues.amount_changed'],
    ['online without a reference', () => ({ memberId: m.zhang, months: ['2025-04'], paidOn: '2025-04-02', method: 'online' }), 400, 'dues.reference_required'],
    ['online with a malformed reference', () => ({ memberId: m.zhang, months: ['2025-04'], paidOn: '2025-04-02', method: 'online', externalReference: 'XF123' }), 400, 'dues.reference_invalid'],
    ['cash with a reference', () => ({ memberId: m.zhang, months: ['2025-04'], paidOn: '2025-04-02', externalReference: 'R1' }), 400, 'dues.reference_not_applicable'],
    ['a member of another branch', () => ({ memberId: m.chen, months: ['2025-04'], paidOn: '2025-04-02' }), 404, 'member.not_found'],
  ])('%s, nothing written', async (_label, body, status, code) => {
    const before = [await countRows(t, 'dues_payments'), await countRows(t, 'dues_entries'), await countRows(t, 'audit_log')];
    expectStatus(await pay(body()), status, code);
    expect([await countRows(t, 'dues_payments'), await countRows(t, 'dues_entries'), await countRows(t, 'audit_log')]).toEqual(before);
  });

  test('a retried request with the same Idempotency-Key records the payment once and answers the same result', async () => {
    const url = '/api/v1/dues/payments';
    const body = { memberId: m.zhang, months: ['2025-04'], paidOn: '2025-04-03', method: 'cash', collectedBy: '张书记' };
    const first = await callWithKey<Payment>(t, secretary, url, body, 'key-0001-zhang-april');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const before = await countRows(t, 'dues_payments');
    const again = await callWithKey<Payment>(t, secretary, url, body, 'key-0001-zhang-april');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countRows(t, 'dues_payments')).toBe(before);
    expect((await ledgerOf(m.zhang)).months.find((x) => x.month === '2025-04')?.paidFen).toBe(8100);
    const other = await callWithKey<ErrorBody>(t, secretary, url, { ...body, months: ['2025-05'] }, 'key-0001-zhang-april');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('dues.idempotency_key_reused');
    expect(await countRows(t, 'dues_payments')).toBe(before);
  });

  test('two concurrent requests with the same key record one payment and both answer it', async () => {
    const body = { memberId: m.zhang, months: ['2025-05'], paidOn: '2025-05-06', method: 'cash', collectedBy: '张书记' };
    const before = await countRows(t, 'dues_payments');
    const [a, b] = await Promise.all([0, 1].map(() => callWithKey<Payment>(t, secretary, '/api/v1/dues/payments', body, 'key-0002-zhang-may')));
    expect([a?.status, b?.status]).toEqual([201, 201]);
    expect(a?.body.id).toBe(b?.body.id);
    expect([a?.headers['idempotent-replayed'], b?.headers['idempotent-replayed']].sort()).toEqual(['false', 'true']);
    expect(await countRows(t, 'dues_payments')).toBe(before + 1);
  });

  test('an online payment keeps its checked reference; the same reference twice is refused', async () => {
    const reference = ReferenceFormatProvider.referenceFor('2025-03-22', 42);
    const p = expectStatus<Payment>(await pay({ memberId: m.li, months: ['2025-03'], paidOn: '2025-03-22', method: 'online', externalReference: reference.toLowerCase() }), 201);
    expect(p).toMatchObject({ totalFen: 1500, externalReference: reference });
    const before = await countRows(t, 'dues_payments');
    expectStatus(await pay({ memberId: m.sun, months: ['2025-03'], paidOn: '2025-03-22', method: 'online', externalReference: reference }), 409, 'dues.external_reference_taken');
    expect(await countRows(t, 'dues_payments')).toBe(before);
  });

  test('a back payment beyond six months is recorded with the warning, citing the rule', async () => {
    const p = expectStatus<Payment>(await pay({ memberId: m.sun, months: ['2025-01', '2025-02'], paidOn: '2025-08-05' }), 201);
    expect(p.warnings).toEqual([expect.objectContaining({ code: 'dues.back_payment_beyond_limit', months: ['2025-01'] })]);
    expect(p.warnings[0]?.rule.cite).toContain('6个月');
    expect((await ledgerOf(m.sun)).payments.find((x) => x.id === p.id)?.warnings).toHaveLength(1);
  });

  test('a quarter paid ahead with the branch’s consent', async () => {
    const today = todayInChina();
    const quarter = quarterOf(addMonthsTo(monthOf(today), 3));
    expectStatus(await pay({ memberId: m.sun, months: quarter, paidOn: today }), 422, 'dues.paid_ahead');
    expectStatus(await pay({ memberId: m.zhang, months: quarter, paidOn: today, quarterly: true }), 422, 'dues.quarterly_not_consented');
    const p = expectStatus<Payment>(await pay({ memberId: m.sun, months: quarter, paidOn: today, quarterly: true }), 201);
    expect(p).toMatchObject({ quarterly: true, totalFen: 9000 });
  });

  test('voluntary extra payments: from 1000 yuan remitted in full to the Centre', async () => {
    const url = '/api/v1/dues/extra-payments';
    const small = expectStatus<Payment>(await secretary.call('POST', url, { memberId: m.zhang, amountFen: 99_999, paidOn: '2025-03-23', method: 'transfer', collectedBy: '张书记' }), 201);
    expect(small.entries[0]).toMatchObject({ kind: 'extra', remitToCentre: false });
    const large = expectStatus<Payment>(await secretary.call('POST', url, { memberId: m.zhang, amountFen: 100_000, paidOn: '2025-03-23', method: 'transfer', collectedBy: '张书记', externalReference: 'BANK-778' }), 201);
    expect(large.entries[0]).toMatchObject({ kind: 'extra', remitToCentre: true, ruleId: 'dues-collection.2008.centre_remittance' });
    expect(large.warnings[0]?.rule.cite).toContain('全额上缴中央');
  });

  test('a correction is a reversing entry; the month is owed again; a payment is reversed once', async () => {
    const r = expectStatus<Payment>(await secretary.call('POST', `/api/v1/dues/payments/${firstPayment}/reversal`, { reason: '收款记错人', reversedOn: '2025-03-25' }), 201);
    expect(r).toMatchObject({ kind: 'reversal', totalFen: -24300 });
    expect(r.entries.map((e) => e.amountFen)).toEqual([-8100, -8100, -8100]);
    const ledger = await ledgerOf(m.zhang);
    expect(ledger.months.find((x) => x.month === '2025-01')).toMatchObject({ paidFen: 0, outstandingFen: 8100 });
    expect(ledger.payments.some((p) => p.id === firstPayment)).toBe(true);
    expectStatus(await secretary.call('POST', `/api/v1/dues/payments/${firstPayment}/reversal`, { reason: 'again', reversedOn: '2025-03-25' }), 409, 'dues.already_reversed');
    expectStatus(await secretary.call('POST', `/api/v1/dues/payments/${r.id}/reversal`, { reason: 'undo', reversedOn: '2025-03-25' }), 422, 'dues.reversal_of_reversal');
    expectStatus(await pay({ memberId: m.zhang, months: ['2025-01', '2025-02', '2025-03'], paidOn: '2025-03-26' }), 201);
  });
});

describe('the month: sheet, close, remittance', () => {
  test('a month cannot close while a member has no base', async () => {
    const closes = await countRows(t, 'dues_closes');
    const res = expectStatus<ErrorBody>(await secretary.call('POST', `/api/v1/orgs/${branchId}/dues/closes`, { month: '2025-03' }), 422, 'dues.base_missing');
    expect(res.error.details?.memberIds).toEqual([m.zhao]);
    expect(await countRows(t, 'dues_closes')).toBe(closes);
  });

  test('the sheet; the close freezes each due and makes the book read-only', async () => {
    expectStatus(await base({ memberId: m.zhao, effectiveMonth: '2025-01', category: 'unemployed' }), 201);
    const sheet = expectStatus<{
      rows: { memberId: string; dueFen: number; paidFen: number; outstandingFen: number }[];
      totals: { dueFen: number; paidFen: number; outstandingFen: number; members: number };
      book: { collectedFen: number; duesFen: number; extraFen: number; centreFen: number };
    }>(await secretary.call('GET', `/api/v1/orgs/${branchId}/dues/sheet?month=2025-03`), 200);
    const row = (id: string) => sheet.rows.find((r) => r.memberId === id);
    expect(row(m.zhang)).toMatchObject({ dueFen: 8100, paidFen: 8100, outstandingFen: 0 });
    expect(row(m.li)).toMatchObject({ dueFen: 1500, paidFen: 1500 });
    expect(row(m.wang)).toMatchObject({ dueFen: 1000, paidFen: 0, outstandingFen: 1000 });
    expect(row(m.zhao)).toMatchObject({ dueFen: 20, paidFen: 0 });
    expect(row(m.sun)).toMatchObject({ dueFen: 3000, paidFen: 0 });
    expect(sheet.totals).toMatchObject({ members: 5, dueFen: 8100 + 1500 + 1000 + 20 + 3000, paidFen: 9600 });
    // The March book: 24300 paid, reversed, paid again; 1500 online; extras 99999 + 100000.
    expect(sheet.book).toEqual({ collectedFen: 24300 - 24300 + 24300 + 1500 + 199_999, duesFen: 25800, extraFen: 199_999, centreFen: 100_000, payments: 6 });

    const close = expectStatus<{ collectedFen: number; chargedFen: number; members: number }>(await secretary.call('POST', `/api/v1/orgs/${branchId}/dues/closes`, { month: '2025-03' }), 201);
    expect(close).toMatchObject({ collectedFen: 225_799, chargedFen: 13_620, members: 5 });
    expectStatus(await secretary.call('POST', `/api/v1/orgs/${branchId}/dues/closes`, { month: '2025-03' }), 409, 'dues.month_already_closed');
    expectStatus(await secretary.call('POST', `/api/v1/orgs/${branchId}/dues/closes`, { month: addMonthsTo(monthOf(todayInChina()), 1) }), 422, 'dues.month_in_future');
  });

  test('a closed month is read-only: no payment or reversal dated in it; a back payment goes into an open month', async () => {
    const before = [await countRows(t, 'dues_payments'), await countRows(t, 'audit_log')];
    expectStatus(await pay({ memberId: m.wang, months: ['2025-03'], paidOn: '2025-03-30' }), 422, 'dues.month_closed');
    const april = (await ledgerOf(m.zhang)).payments.find((p) => p.entries.some((e) => e.forMonth === '2025-04'));
    expectStatus(await secretary.call('POST', `/api/v1/dues/payments/${april?.id}/reversal`, { reason: 'x', reversedOn: '2025-03-31' }), 400, 'dues.reversed_on_invalid');
    const march = (await ledgerOf(m.li)).payments[0];
    expectStatus(await secretary.call('POST', `/api/v1/dues/payments/${march?.id}/reversal`, { reason: '重复', reversedOn: '2025-03-31' }), 422, 'dues.month_closed');
    expect([await countRows(t, 'dues_payments'), await countRows(t, 'audit_log')]).toEqual(before);
    const back = expectStatus<Payment>(await pay({ memberId: m.wang, months: ['2025-03'], paidOn: '2025-04-02' }), 201);
    expect(back.entries[0]).toMatchObject({ forMonth: '2025-03', dueFen: 1000 });
  });

  test('a frozen due stays when a later base is recorded for the closed month', async () => {
    expectStatus(await base({ memberId: m.zhao, effectiveMonth: '2025-03', category: 'student' }), 201);
    expectStatus(await base({ memberId: m.zhao, effectiveMonth: '2025-03', category: 'in_service', monthlyIncomeFen: 200_000 }), 201);
    const ledger = await ledgerOf(m.zhao);
    expect(ledger.months.find((x) => x.month === '2025-03')).toMatchObject({ dueFen: 20, ruleId: 'dues.2008.unemployed' });
    expect(ledger.months.find((x) => x.month === '2025-04')).toMatchObject({ dueFen: 1000, ruleId: 'dues.2008.in_service.bracket_1' });
  });

  test('a remittance must equal the closed books to the fen', async () => {
    const url = `/api/v1/orgs/${branchId}/dues/remittances`;
    const before = await countRows(t, 'dues_remittances');
    const wrong = expectStatus<ErrorBody>(await secretary.call('POST', url, { months: ['2025-03'], amountFen: 225_800, remittedOn: '2025-04-05' }), 422, 'dues.remittance_mismatch');
    expect(wrong.error.details).toMatchObject({ expectedFen: 225_799, givenFen: 225_800, differenceFen: 1 });
    expect(String((wrong.error.details?.rule as { cite: string }).cite)).toContain('中组发〔2008〕3号');
    expectStatus(await secretary.call('POST', url, { months: ['2025-03', '2025-04'], amountFen: 225_799, remittedOn: '2025-04-05' }), 422, 'dues.month_not_closed');
    expect(await countRows(t, 'dues_remittances')).toBe(before);
    const ok = expectStatus<{ amountFen: number; centreFen: number; months: string[] }>(await secretary.call('POST', url, { months: ['2025-03'], amountFen: 225_799, remittedOn: '2025-04-05' }), 201);
    expect(ok).toMatchObject({ amountFen: 225_799, centreFen: 100_000, months: ['2025-03'] });
    expectStatus(await secretary.call('POST', url, { months: ['2025-03'], amountFen: 225_799, remittedOn: '2025-04-05' }), 409, 'dues.month_already_remitted');
    const list = expectStatus<unknown[]>(await inspector.call('GET', url), 200);
    expect(list).toHaveLength(1);
  });

  test('the sheet as xlsx', async () => {
    const res = await secretary.call<string>('GET', `/api/v1/orgs/${branchId}/dues/sheet.xlsx?month=2025-03`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  });

  test('a sheet is a branch’s', async () => {
    const town = (await t.handle.db.selectFrom('orgs').select('parent_id').where('id', '=', branchId).executeTakeFirstOrThrow()).parent_id as string;
    expectStatus(await townAdmin.call('GET', `/api/v1/orgs/${town}/dues/sheet?month=2025-03`), 422, 'dues.org_not_branch');
    expectStatus(await secretary.call('GET', `/api/v1/orgs/${otherBranchId}/dues/sheet?month=2025-03`), 404, 'org.not_found');
  });
});

describe('declarations and the member’s own view', () => {
  test('who has not declared a base for the year', async () => {
    const y2025 = expectStatus<{ members: number; declared: number; undeclared: { memberId: string }[] }>(await townAdmin.call('GET', `/api/v1/orgs/${branchId}/dues/declarations?year=2025`), 200);
    expect(y2025).toMatchObject({ members: 5, declared: 5, undeclared: [] });
    const town = expectStatus<{ undeclared: { memberId: string }[] }>(await townAdmin.call('GET', `/api/v1/orgs/${(await t.handle.db.selectFrom('orgs').select('parent_id').where('id', '=', branchId).executeTakeFirstOrThrow()).parent_id}/dues/declarations?year=2025`), 200);
    expect(town.undeclared.map((u) => u.memberId)).toEqual([m.chen]);
    const y2026 = expectStatus<{ declared: number }>(await secretary.call('GET', `/api/v1/orgs/${branchId}/dues/declarations?year=2026`), 200);
    expect(y2026.declared).toBe(0);
  });

  test('a member sees their base, what they owe and their payments', async () => {
    const member = await t.signIn({ roles: ['member'], homeOrgId: branchId });
    expect(expectStatus<{ ledger: null }>(await member.call('GET', '/api/v1/dues/me'), 200)).toEqual({ ledger: null });
    await t.handle.db.updateTable('members').set({ account_id: member.accountId }).where('id', '=', m.wang).execute();
    const { ledger } = expectStatus<{ ledger: Ledger }>(await member.call('GET', '/api/v1/dues/me'), 200);
    expect(ledger.base).toMatchObject({ due: { amountFen: 1000 } });
    expect(ledger.months[0]).toMatchObject({ month: '2025-01', dueFen: 1000, paidFen: 0 });
    expect(ledger.unpaidMonths).toContain('2025-01');
    expect(ledger.unpaidMonths).not.toContain('2025-03');
    expect(ledger.owedFen).toBe(ledger.months.reduce((a, x) => a + x.outstandingFen, 0));
    expect(ledger.payments.map((p) => p.totalFen)).toEqual([1000]);
    expect((await member.call('GET', `/api/v1/members/${m.wang}/dues`)).status).toBe(403);
  });
});
