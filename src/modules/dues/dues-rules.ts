/**
 * The monthly party dues of one member, as a pure function over the category and the base (RULES.md "Dues").
 * Money is integer fen and rates are basis points; the arithmetic is exact integer arithmetic, rounded half-up to
 * the fen once, at the end. The self-employed base (a quarter's average) is kept as a fraction so that neither the
 * bracket nor the amount depends on an intermediate rounding.
 */
import { DUES_RULE_VERSIONS, type DuesBracket, type DuesRules } from '../../policy/dues.ts';
import { citeText, versionInForce, type Citation, type RuleVersion } from '../../policy/rule-set.ts';

export const DUES_CATEGORIES = [
  'in_service',
  'retired',
  'farmer',
  'student',
  'laid_off',
  'unemployed',
  'relief',
  'annual_salary',
  'self_employed',
] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

export interface DuesInput {
  category: DuesCategory;
  /** After-tax regular monthly income (in-service, annual salary: that month's actual pay) or pension (retired). */
  monthlyIncomeFen?: number | undefined;
  /** Self-employed: the three monthly incomes of the previous quarter. */
  previousQuarterIncomeFen?: readonly number[] | undefined;
  /** Farmers: the flat monthly amount the branch chose. */
  farmerAmountFen?: number | undefined;
  /** By branch decision approved one level up. */
  hardship?: { kind: 'reduced' | 'exempt'; amountFen?: number | undefined } | undefined;
}

export interface DuesOutcome {
  amountFen: number;
  /** The bracket's rate, or null for a flat amount or a hardship decision. */
  rateBasisPoints: number | null;
  rule: { id: string; cite: string };
}

export class DuesInputError extends Error {
  constructor(
    readonly code: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function check(condition: boolean, code: string, field: string, message: string): void {
  if (!condition) throw new DuesInputError(code, field, message);
}

const LOW_INCOME: readonly DuesCategory[] = ['student', 'laid_off', 'unemployed', 'relief'];

/** Which input carries the base of each category; any other base input is refused. */
function baseField(category: DuesCategory): 'monthlyIncomeFen' | 'previousQuarterIncomeFen' | 'farmerAmountFen' | null {
  if (category === 'self_employed') return 'previousQuarterIncomeFen';
  if (category === 'farmer') return 'farmerAmountFen';
  if (LOW_INCOME.includes(category)) return null;
  return 'monthlyIncomeFen';
}

/** Half-up rounding of numerator × bp / (10000 × denominator), in integers. */
export function applyRate(numerator: number, denominator: number, rateBasisPoints: number): number {
  return Math.floor((numerator * rateBasisPoints + 5000 * denominator) / (10000 * denominator));
}

/** The bracket of the base numerator/denominator: the first whose ceiling the base does not exceed. */
function bracketOf(brackets: readonly DuesBracket[], numerator: number, denominator: number): { index: number; bracket: DuesBracket } {
  const index = brackets.findIndex((b) => b.upToFen === null || numerator <= b.upToFen * denominator);
  const bracket = brackets[index];
  if (!bracket) throw new Error('dues brackets have no open top bracket');
  return { index, bracket };
}

function checkIncome(value: number, max: number, field: string): void {
  check(Number.isSafeInteger(value) && value >= 0 && value <= max, 'dues.income_out_of_range', field, `Income must be whole fen between 0 and ${max}`);
}

/** The dues of one month by the rule version in force on `onDate`. */
export function computeDues(
  input: DuesInput,
  onDate: string,
  versions: readonly RuleVersion<DuesRules>[] = DUES_RULE_VERSIONS,
): DuesOutcome {
  if (!versions.some((v) => v.effectiveFrom <= onDate)) {
    throw new DuesInputError('dues.no_rule_in_force', 'onDate', `No dues rule was in force on ${onDate}`);
  }
  const version = versionInForce(versions, onDate);
  const r = version.rules;
  const expected = baseField(input.category);
  for (const field of ['monthlyIncomeFen', 'previousQuarterIncomeFen', 'farmerAmountFen'] as const) {
    const given = input[field] !== undefined;
    check(!given || field === expected, 'dues.field_not_applicable', field, `${field} does not apply to category ${input.category}`);
    check(given || field !== expected, 'dues.field_required', field, `${field} is required for category ${input.category}`);
  }

  const ref = (suffix: string, c: Citation) => ({ id: `${version.id}.${suffix}`, cite: citeText(c) });
  let standard: DuesOutcome;
  if (input.category === 'in_service' || input.category === 'annual_salary' || input.category === 'retired') {
    const income = input.monthlyIncomeFen ?? 0;
    checkIncome(income, r.maxMonthlyIncomeFen, 'monthlyIncomeFen');
    const table = input.category === 'retired' ? r.retired : r.inService;
    const { index, bracket } = bracketOf(table.brackets, income, 1);
    const c = input.category === 'annual_salary' ? r.annualSalary.cite : table.cite;
    standard = { amountFen: applyRate(income, 1, bracket.rateBasisPoints), rateBasisPoints: bracket.rateBasisPoints, rule: ref(`${input.category}.bracket_${index + 1}`, c) };
  } else if (input.category === 'self_employed') {
    const months = input.previousQuarterIncomeFen ?? [];
    check(months.length === r.selfEmployed.quarterMonths, 'dues.field_required', 'previousQuarterIncomeFen', `The ${r.selfEmployed.quarterMonths} monthly incomes of the previous quarter are required`);
    months.forEach((m, i) => checkIncome(m, r.maxMonthlyIncomeFen, `previousQuarterIncomeFen.${i}`));
    const sum = months.reduce((a, b) => a + b, 0);
    const { index, bracket } = bracketOf(r.inService.brackets, sum, months.length);
    standard = {
      amountFen: applyRate(sum, months.length, bracket.rateBasisPoints),
      rateBasisPoints: bracket.rateBasisPoints,
      rule: ref(`self_employed.bracket_${index + 1}`, r.selfEmployed.cite),
    };
  } else if (input.category === 'farmer') {
    const amount = input.farmerAmountFen ?? 0;
    check(
      Number.isSafeInteger(amount) && amount >= r.farmer.minFen && amount <= r.farmer.maxFen,
      'dues.farmer_amount_out_of_range',
      'farmerAmountFen',
      `A farmer pays between ${r.farmer.minFen} and ${r.farmer.maxFen} fen a month`,
    );
    standard = { amountFen: amount, rateBasisPoints: null, rule: ref('farmer', r.farmer.cite) };
  } else {
    standard = { amountFen: r.lowIncome.amountFen, rateBasisPoints: null, rule: ref(input.category, r.lowIncome.cite) };
  }

  const hardship = input.hardship;
  if (!hardship) return standard;
  if (hardship.kind === 'exempt') {
    check(hardship.amountFen === undefined, 'dues.field_not_applicable', 'hardship.amountFen', 'An exemption has no amount');
    return { amountFen: 0, rateBasisPoints: null, rule: ref('hardship.exempt', r.hardship.cite) };
  }
  check(hardship.amountFen !== undefined, 'dues.field_required', 'hardship.amountFen', 'A reduction needs the reduced amount');
  const reduced = hardship.amountFen ?? 0;
  check(
    Number.isSafeInteger(reduced) && reduced >= 0 && reduced < standard.amountFen,
    'dues.hardship_amount_invalid',
    'hardship.amountFen',
    `A reduced amount must be at least 0 and below the standard ${standard.amountFen} fen`,
  );
  return { amountFen: reduced, rateBasisPoints: null, rule: ref('hardship.reduced', r.hardship.cite) };
}
