import { describe, expect, test } from 'vitest';
import { DUES_RULE_VERSIONS, type DuesRules } from '../../policy/dues.ts';
import type { RuleVersion } from '../../policy/rule-set.ts';
import { applyRate, computeDues, DuesInputError, type DuesInput } from './dues-rules.ts';

const ON = '2026-11-21';

describe('in-service: the bracket rate applies to the whole after-tax monthly income', () => {
  test.each([
    // Worked examples of RULES.md.
    [540_000, 150, 8100, 3],
    [1_150_000, 200, 23000, 4],
    // Bracket boundaries: a ceiling belongs to its own bracket.
    [0, 50, 0, 1],
    [300_000, 50, 1500, 1],
    [300_001, 100, 3000, 2],
    [500_000, 100, 5000, 2],
    [500_001, 150, 7500, 3],
    [1_000_000, 150, 15000, 3],
    [1_000_001, 200, 20000, 4],
    // Half-up to the fen: 0.5 fen rounds up, 0.49 fen down.
    [100, 50, 1, 1], // 0.5 fen
    [300, 50, 2, 1], // 1.5 fen
    [99, 50, 0, 1], // 0.495 fen
    [300_050, 100, 3001, 2], // 3000.5 fen
    [300_049, 100, 3000, 2], // 3000.49 fen
    [300_099, 100, 3001, 2], // 3000.99 fen
    [500_100, 150, 7502, 3], // 7501.5 fen
    [500_099, 150, 7501, 3], // 7501.485 fen
    [1_000_025, 200, 20001, 4], // 20000.5 fen
    [1_000_024, 200, 20000, 4], // 20000.48 fen
  ])('%i fen → %i bp, %i fen (bracket %i)', (monthlyIncomeFen, rateBasisPoints, amountFen, bracket) => {
    expect(computeDues({ category: 'in_service', monthlyIncomeFen }, ON)).toMatchObject({
      amountFen,
      rateBasisPoints,
      rule: { id: `dues.2008.in_service.bracket_${bracket}` },
    });
  });

  test('the answer cites the document', () => {
    const out = computeDues({ category: 'in_service', monthlyIncomeFen: 540_000 }, ON);
    expect(out.rule.cite).toContain('《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）');
  });

  test('the largest accepted income stays exact', () => {
    expect(computeDues({ category: 'in_service', monthlyIncomeFen: 10_000_000_000 }, ON).amountFen).toBe(200_000_000);
  });
});

describe('retirees: pension, 0.5% up to 5000 yuan, 1% above', () => {
  test.each([
    [400_000, 50, 2000, 1],
    [500_000, 50, 2500, 1],
    [500_001, 100, 5000, 2],
    [800_000, 100, 8000, 2],
    [300_100, 50, 1501, 1], // 1500.5 fen
  ])('%i fen → %i bp, %i fen', (monthlyIncomeFen, rateBasisPoints, amountFen, bracket) => {
    expect(computeDues({ category: 'retired', monthlyIncomeFen }, ON)).toMatchObject({
      amountFen,
      rateBasisPoints,
      rule: { id: `dues.2008.retired.bracket_${bracket}` },
    });
  });
});

describe('annual salary: the month actually paid, on the in-service brackets', () => {
  test('5400 yuan paid this month → 81.00 yuan', () => {
    const out = computeDues({ category: 'annual_salary', monthlyIncomeFen: 540_000 }, ON);
    expect(out).toMatchObject({ amountFen: 8100, rateBasisPoints: 150, rule: { id: 'dues.2008.annual_salary.bracket_3' } });
    expect(out.rule.cite).toContain('年薪制');
  });
});

describe('self-employed: the previous quarter average, on the in-service brackets', () => {
  test.each([
    [[400_000, 600_000, 620_000], 150, 8100, 3], // average 5400 yuan
    [[300_000, 300_000, 300_000], 50, 1500, 1], // average exactly 3000 yuan stays in bracket 1
    [[300_000, 300_000, 300_001], 100, 3000, 2], // average 3000.0033 yuan is above 3000
    [[0, 0, 1_000], 50, 2, 1], // average 333.33 fen → 1.67 fen → 2
    [[0, 0, 300], 50, 1, 1], // average 100 fen → exactly 0.5 fen → 1
    [[0, 0, 299], 50, 0, 1], // average 99.67 fen → 0.498 fen → 0
  ])('%j → %i bp, %i fen', (previousQuarterIncomeFen, rateBasisPoints, amountFen, bracket) => {
    expect(computeDues({ category: 'self_employed', previousQuarterIncomeFen }, ON)).toMatchObject({
      amountFen,
      rateBasisPoints,
      rule: { id: `dues.2008.self_employed.bracket_${bracket}` },
    });
  });
});

describe('flat amounts', () => {
  test.each([20, 50, 100])('a farmer pays the %i fen the branch chose', (farmerAmountFen) => {
    expect(computeDues({ category: 'farmer', farmerAmountFen }, ON)).toEqual({
      amountFen: farmerAmountFen,
      rateBasisPoints: null,
      rule: { id: 'dues.2008.farmer', cite: expect.stringContaining('农民党员') },
    });
  });

  test.each(['student', 'laid_off', 'unemployed', 'relief'] as const)('%s pays 20 fen', (category) => {
    expect(computeDues({ category }, ON)).toMatchObject({ amountFen: 20, rateBasisPoints: null, rule: { id: `dues.2008.${category}` } });
  });
});

describe('hardship: reduced or exempt by branch decision approved one level up', () => {
  test('exempt pays nothing', () => {
    expect(computeDues({ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'exempt' } }, ON)).toMatchObject({
      amountFen: 0,
      rateBasisPoints: null,
      rule: { id: 'dues.2008.hardship.exempt', cite: expect.stringContaining('上一级党委批准') },
    });
  });

  test.each([0, 1, 8099])('reduced to %i fen, below the standard 8100', (amountFen) => {
    expect(computeDues({ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'reduced', amountFen } }, ON)).toMatchObject({
      amountFen,
      rateBasisPoints: null,
      rule: { id: 'dues.2008.hardship.reduced' },
    });
  });

  test('a student may be reduced below 20 fen', () => {
    expect(computeDues({ category: 'student', hardship: { kind: 'reduced', amountFen: 10 } }, ON).amountFen).toBe(10);
  });
});

describe('inconsistent input is refused', () => {
  test.each<[DuesInput, string, string]>([
    [{ category: 'in_service' }, 'dues.field_required', 'monthlyIncomeFen'],
    [{ category: 'retired' }, 'dues.field_required', 'monthlyIncomeFen'],
    [{ category: 'annual_salary' }, 'dues.field_required', 'monthlyIncomeFen'],
    [{ category: 'self_employed' }, 'dues.field_required', 'previousQuarterIncomeFen'],
    [{ category: 'self_employed', previousQuarterIncomeFen: [1, 2] }, 'dues.field_required', 'previousQuarterIncomeFen'],
    [{ category: 'farmer' }, 'dues.field_required', 'farmerAmountFen'],
    [{ category: 'in_service', monthlyIncomeFen: -1 }, 'dues.income_out_of_range', 'monthlyIncomeFen'],
    [{ category: 'in_service', monthlyIncomeFen: 10_000_000_001 }, 'dues.income_out_of_range', 'monthlyIncomeFen'],
    [{ category: 'in_service', monthlyIncomeFen: 100.5 }, 'dues.income_out_of_range', 'monthlyIncomeFen'],
    [{ category: 'self_employed', previousQuarterIncomeFen: [1, -2, 3] }, 'dues.income_out_of_range', 'previousQuarterIncomeFen.1'],
    [{ category: 'student', monthlyIncomeFen: 100_000 }, 'dues.field_not_applicable', 'monthlyIncomeFen'],
    [{ category: 'farmer', farmerAmountFen: 20, monthlyIncomeFen: 100_000 }, 'dues.field_not_applicable', 'monthlyIncomeFen'],
    [{ category: 'in_service', monthlyIncomeFen: 1, previousQuarterIncomeFen: [1, 1, 1] }, 'dues.field_not_applicable', 'previousQuarterIncomeFen'],
    [{ category: 'in_service', monthlyIncomeFen: 1, farmerAmountFen: 20 }, 'dues.field_not_applicable', 'farmerAmountFen'],
    [{ category: 'farmer', farmerAmountFen: 19 }, 'dues.farmer_amount_out_of_range', 'farmerAmountFen'],
    [{ category: 'farmer', farmerAmountFen: 101 }, 'dues.farmer_amount_out_of_range', 'farmerAmountFen'],
    [{ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'reduced' } }, 'dues.field_required', 'hardship.amountFen'],
    [{ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'reduced', amountFen: 8100 } }, 'dues.hardship_amount_invalid', 'hardship.amountFen'],
    [{ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'reduced', amountFen: 9000 } }, 'dues.hardship_amount_invalid', 'hardship.amountFen'],
    [{ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'reduced', amountFen: -1 } }, 'dues.hardship_amount_invalid', 'hardship.amountFen'],
    [{ category: 'in_service', monthlyIncomeFen: 540_000, hardship: { kind: 'exempt', amountFen: 0 } }, 'dues.field_not_applicable', 'hardship.amountFen'],
  ])('%j → %s (%s)', (input, code, field) => {
    expect(() => computeDues(input, ON)).toThrow(DuesInputError);
    try {
      computeDues(input, ON);
    } catch (error) {
      expect(error).toMatchObject({ code, field });
    }
  });

  test('no rule before 2008-04-01', () => {
    expect(() => computeDues({ category: 'student' }, '2008-03-31')).toThrow(expect.objectContaining({ code: 'dues.no_rule_in_force', field: 'onDate' }));
    expect(computeDues({ category: 'student' }, '2008-04-01').amountFen).toBe(20);
  });
});

test('applyRate rounds half-up in integers', () => {
  expect(applyRate(100, 1, 50)).toBe(1);
  expect(applyRate(99, 1, 50)).toBe(0);
  expect(applyRate(300, 3, 50)).toBe(1);
});

test('a later rule version applies from its date only', () => {
  const base = DUES_RULE_VERSIONS[0] as RuleVersion<DuesRules>;
  const later: RuleVersion<DuesRules> = {
    ...base,
    id: 'dues.test-2030',
    effectiveFrom: '2030-01-01',
    rules: {
      ...base.rules,
      inService: {
        ...base.rules.inService,
        brackets: [
          { upToFen: 500_000, rateBasisPoints: 50 },
          { upToFen: null, rateBasisPoints: 100 },
        ],
      },
      lowIncome: { ...base.rules.lowIncome, amountFen: 50 },
    },
  };
  const input: DuesInput = { category: 'in_service', monthlyIncomeFen: 540_000 };
  expect(computeDues(input, '2029-12-31', [base, later])).toMatchObject({ amountFen: 8100, rule: { id: 'dues.2008.in_service.bracket_3' } });
  expect(computeDues(input, '2030-01-01', [base, later])).toMatchObject({ amountFen: 5400, rateBasisPoints: 100, rule: { id: 'dues.test-2030.in_service.bracket_2' } });
  expect(computeDues({ category: 'student' }, '2030-01-01', [base, later]).amountFen).toBe(50);
});
