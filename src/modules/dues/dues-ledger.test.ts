import { describe, expect, test } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import {
  baseInForce,
  checkPaymentMonths,
  dueOfMonth,
  monthRange,
  monthsBetween,
  periodMonths,
  quarterOf,
  rateBasisPoints,
  unpaidStreaks,
  type BaseFacts,
  type MonthStatus,
  type PaymentPlan,
} from './dues-ledger.ts';
import { yuan } from './dues.export.ts';
import { luhnCheckDigit, ReferenceFormatProvider } from './payment-provider.ts';

const base = (over: Partial<BaseFacts>): BaseFacts => ({
  id: 'b',
  effectiveMonth: '2025-01',
  category: 'in_service',
  monthlyIncomeFen: 540_000,
  quarterIncomesFen: null,
  farmerAmountFen: null,
  hardship: null,
  quarterlyConsentOn: null,
  createdAt: '2025-01-05T00:00:00.000Z',
  ...over,
});

describe('months', () => {
  test('ranges, quarters, periods and distances', () => {
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthRange('2025-02', '2025-01')).toEqual([]);
    expect(quarterOf('2025-05')).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(quarterOf('2025-12')).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(periodMonths({ year: 2025 })).toEqual({ from: '2025-01', to: '2025-12' });
    expect(periodMonths({ year: 2025, quarter: 3 })).toEqual({ from: '2025-07', to: '2025-09' });
    expect(periodMonths({ year: 2025, month: 2 })).toEqual({ from: '2025-02', to: '2025-02' });
    expect(monthsBetween('2024-12', '2025-06')).toBe(6);
  });

  test.each([
    [0, 100, 0],
    [1, 3, 3333],
    [2, 3, 6667],
    [1, 8, 1250],
    [81, 81, 10000],
  ])('rate %i of %i fen → %i basis points (half-up)', (paid, due, bp) => {
    expect(rateBasisPoints(paid, due)).toBe(bp);
  });

  test('nothing due has no rate', () => {
    expect(rateBasisPoints(0, 0)).toBeNull();
  });
});

describe('the base in force (中组发〔2008〕3号: a new base applies from the month the new salary is paid)', () => {
  const bases = [
    base({ id: 'old', effectiveMonth: '2025-01', monthlyIncomeFen: 540_000 }),
    base({ id: 'raise', effectiveMonth: '2025-07', monthlyIncomeFen: 1_150_000, createdAt: '2025-07-02T00:00:00.000Z' }),
    base({ id: 'raise-corrected', effectiveMonth: '2025-07', monthlyIncomeFen: 1_100_000, createdAt: '2025-07-09T00:00:00.000Z' }),
  ];
  test.each([
    ['2024-12', null],
    ['2025-01', 'old'],
    ['2025-06', 'old'],
    ['2025-07', 'raise-corrected'],
    ['2026-03', 'raise-corrected'],
  ])('%s → %s', (month, id) => {
    expect(baseInForce(bases, month)?.id ?? null).toBe(id);
  });

  test('earlier months keep the old amount; the new one applies from its month', () => {
    expect(dueOfMonth(baseInForce(bases, '2025-06') as BaseFacts, '2025-06')).toMatchObject({ amountFen: 8100, ruleId: 'dues.2008.in_service.bracket_3' });
    expect(dueOfMonth(baseInForce(bases, '2025-07') as BaseFacts, '2025-07')).toMatchObject({ amountFen: 22000, ruleId: 'dues.2008.in_service.bracket_4' });
  });
});

describe('hardship (少交或免交: branch decision, approved one level up)', () => {
  const hardship = (status: 'pending' | 'approved' | 'refused', untilMonth: string | null = null) =>
    base({ category: 'retired', monthlyIncomeFen: 600_000, hardship: { kind: 'reduced', amountFen: 1000, untilMonth, status } });
  test.each([
    ['pending: the standard amount', hardship('pending'), '2025-03', 6000, 'dues.2008.retired.bracket_2'],
    ['refused: the standard amount', hardship('refused'), '2025-03', 6000, 'dues.2008.retired.bracket_2'],
    ['approved: the reduced amount', hardship('approved'), '2025-03', 1000, 'dues.2008.hardship.reduced'],
    ['approved until 2025-06, in 2025-06', hardship('approved', '2025-06'), '2025-06', 1000, 'dues.2008.hardship.reduced'],
    ['approved until 2025-06, in 2025-07', hardship('approved', '2025-06'), '2025-07', 6000, 'dues.2008.retired.bracket_2'],
  ])('%s', (_label, b, month, amount, rule) => {
    expect(dueOfMonth(b, month)).toMatchObject({ amountFen: amount, ruleId: rule });
  });

  test('no rule before 2008-04: no due', () => {
    expect(dueOfMonth(base({}), '2008-03')).toBeNull();
  });
});

describe('which months one payment may settle', () => {
  const plan = (over: Partial<PaymentPlan>): PaymentPlan => ({
    months: ['2025-03'],
    startMonth: '2024-06',
    ledgerMonth: '2025-03',
    currentMonth: '2025-03',
    quarterly: false,
    quarterlyConsentOn: null,
    paidOn: '2025-03-10',
    ...over,
  });
  const codeOf = (p: PaymentPlan) => {
    try {
      checkPaymentMonths(p);
      return null;
    } catch (error) {
      return error instanceof AppError ? `${error.status} ${error.code}` : String(error);
    }
  };

  test.each<[string, Partial<PaymentPlan>, string | null]>([
    ['this month', {}, null],
    ['no months', { months: [] }, '400 dues.months_required'],
    ['a month twice', { months: ['2025-02', '2025-02'] }, '400 dues.months_duplicated'],
    ['a month before 入党 (预备党员从支部大会通过之日起交纳)', { months: ['2024-05', '2024-06'] }, '422 dues.before_joining'],
    ['next month, monthly payer', { months: ['2025-03', '2025-04'] }, '422 dues.paid_ahead'],
    ['a quarter without consent (经党支部同意，可以按季度交纳)', { months: ['2025-04', '2025-05', '2025-06'], quarterly: true }, '422 dues.quarterly_not_consented'],
    ['a quarter with consent given later than the payment', { months: ['2025-04', '2025-05', '2025-06'], quarterly: true, quarterlyConsentOn: '2025-03-11' }, '422 dues.quarterly_not_consented'],
    ['a quarter with consent', { months: ['2025-04', '2025-05', '2025-06'], quarterly: true, quarterlyConsentOn: '2025-01-15' }, null],
    ['"quarterly" months that are not one quarter', { months: ['2025-03', '2025-04', '2025-05'], quarterly: true, quarterlyConsentOn: '2025-01-15' }, '400 dues.quarter_months_invalid'],
  ])('%s → %s', (_label, over, expected) => {
    expect(codeOf(plan(over))).toBe(expected);
  });

  test('back payment beyond six months is allowed with a warning citing the rule (补交时间一般不超过6个月)', () => {
    expect(checkPaymentMonths(plan({ months: ['2024-09', '2024-10'] }))).toEqual([]);
    const [warning] = checkPaymentMonths(plan({ months: ['2024-08', '2024-09', '2024-10'] }));
    expect(warning).toMatchObject({ code: 'dues.back_payment_beyond_limit', months: ['2024-08'], rule: { id: 'dues-collection.2008.back_payment' } });
    expect(warning?.rule.cite).toContain('6个月');
  });
});

describe('six consecutive unpaid months (党章 第九条)', () => {
  const months = (spec: string, from = '2025-01'): MonthStatus[] =>
    [...spec].map((c, i) => ({
      month: monthRange(from, '2030-12')[i] as string,
      dueFen: c === 'E' ? 0 : 8100,
      paidFen: c === 'P' ? 8100 : c === 'H' ? 4000 : 0,
    }));
  test.each<[string, string, { from: string; months: number } | null, number]>([
    ['five unpaid', 'PUUUUU', null, 5],
    ['six unpaid', 'PUUUUUU', { from: '2025-02', months: 6 }, 6],
    ['six unpaid, then paid', 'UUUUUUP', { from: '2025-01', months: 6 }, 0],
    ['a half-paid month is unpaid', 'UUHUUU', { from: '2025-01', months: 6 }, 6],
    ['an exempt month breaks the run', 'UUUEUUU', null, 3],
    ['a paid month breaks the run', 'UUUPUUUU', null, 4],
  ])('%s (%s)', (_label, spec, flagged, current) => {
    const result = unpaidStreaks(months(spec), 6);
    expect(result.flagged ? { from: result.flagged.from, months: result.flagged.months } : null).toEqual(flagged);
    expect(result.current?.months ?? 0).toBe(current);
  });

  test('a missing month (charged to another branch) breaks the run', () => {
    const list = months('UUUUUU').filter((m) => m.month !== '2025-04');
    expect(unpaidStreaks(list, 6).flagged).toBeNull();
  });
});

describe('the in-process payment provider', () => {
  const provider = new ReferenceFormatProvider();
  const good = ReferenceFormatProvider.referenceFor('2026-03-15', 1234);
  test.each([
    ['a reference it issued', good, '2026-03-15', true],
    ['lower case', good.toLowerCase(), '2026-03-15', true],
    ['another date', good, '2026-03-16', false],
    ['a wrong check digit', good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10), '2026-03-15', false],
    ['too short', good.slice(0, -2), '2026-03-15', false],
    ['not XF', `AB${good.slice(2)}`, '2026-03-15', false],
  ])('%s', async (_label, reference, paidOn, ok) => {
    expect((await provider.checkReference(reference, { paidOn, amountFen: 100 })).ok).toBe(ok);
  });

  test('Luhn check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(luhnCheckDigit('0')).toBe(0);
  });
});

test.each([
  [0, '0.00'],
  [5, '0.05'],
  [8100, '81.00'],
  [123456789, '1234567.89'],
  [-2050, '-20.50'],
])('%i fen → %s yuan', (fenAmount, text) => {
  expect(yuan(fenAmount)).toBe(text);
});
