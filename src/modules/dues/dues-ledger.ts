/**
 * The pure rules of the dues ledger (RULES.md "Dues"): months, the base in force for a month, the month's due by the
 * rule set in force on its first day, which months one payment may settle, and the six-month flag of 党章 第九条.
 * Months are 'YYYY-MM' text; money is integer fen.
 */
import { DUES_COLLECTION_VERSIONS, DUES_RULE_VERSIONS, type DuesCollectionRules } from '../../policy/dues.ts';
import { citeText, versionInForce } from '../../policy/rule-set.ts';
import { badInput, ruleViolation } from '../../lib/errors.ts';
import { computeDues, type DuesCategory, type DuesInput } from './dues-rules.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The month of an ISO date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonthsTo(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from a to b (b - a); negative when b is earlier. */
export function monthsBetween(a: string, b: string): number {
  return Number(b.slice(0, 4)) * 12 + Number(b.slice(5, 7)) - (Number(a.slice(0, 4)) * 12 + Number(a.slice(5, 7)));
}

/** Every month from `from` to `to`, both included (empty when `to` is earlier). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonthsTo(m, 1)) out.push(m);
  return out;
}

/** The three months of the calendar quarter holding `month`. */
export function quarterOf(month: string): string[] {
  const first = Math.floor((Number(month.slice(5, 7)) - 1) / 3) * 3 + 1;
  const start = `${month.slice(0, 4)}-${String(first).padStart(2, '0')}`;
  return monthRange(start, addMonthsTo(start, 2));
}

export interface Period {
  year: number;
  quarter?: number | undefined;
  month?: number | undefined;
}

/** The first and last month of a year, quarter or month. */
export function periodMonths(p: Period): { from: string; to: string } {
  const y = String(p.year).padStart(4, '0');
  if (p.month !== undefined) {
    const m = `${y}-${String(p.month).padStart(2, '0')}`;
    return { from: m, to: m };
  }
  if (p.quarter !== undefined) {
    const from = `${y}-${String((p.quarter - 1) * 3 + 1).padStart(2, '0')}`;
    return { from, to: addMonthsTo(from, 2) };
  }
  return { from: `${y}-01`, to: `${y}-12` };
}

/** Paid over due in basis points, rounded half-up; null when nothing was due. */
export function rateBasisPoints(paidFen: number, dueFen: number): number | null {
  if (dueFen <= 0) return null;
  return Math.floor((paidFen * 20000 + dueFen) / (2 * dueFen));
}

export interface BaseFacts {
  id: string;
  effectiveMonth: string;
  category: DuesCategory;
  monthlyIncomeFen: number | null;
  quarterIncomesFen: readonly number[] | null;
  farmerAmountFen: number | null;
  hardship: {
    kind: 'reduced' | 'exempt';
    amountFen: number | null;
    untilMonth: string | null;
    status: 'pending' | 'approved' | 'refused';
  } | null;
  quarterlyConsentOn: string | null;
  /** Creation order breaks ties between bases of the same effective month: the later one was the correction. */
  createdAt: string;
}

/** The base in force for a month: the latest effective on or before it, the later record of the same month winning. */
export function baseInForce(bases: readonly BaseFacts[], month: string): BaseFacts | null {
  let found: BaseFacts | null = null;
  for (const b of bases) {
    if (b.effectiveMonth > month) continue;
    if (!found || b.effectiveMonth > found.effectiveMonth || (b.effectiveMonth === found.effectiveMonth && b.createdAt >= found.createdAt)) found = b;
  }
  return found;
}

export interface MonthDue {
  amountFen: number;
  rateBasisPoints: number | null;
  ruleId: string;
  cite: string;
}

/** The compute tool's input for a base in a month: a hardship counts once approved and while it lasts. */
export function duesInputOf(base: BaseFacts, month: string | null): DuesInput {
  const h = base.hardship;
  const hardshipApplies = h !== null && h.status === 'approved' && (month === null || h.untilMonth === null || month <= h.untilMonth);
  return {
    category: base.category,
    monthlyIncomeFen: base.monthlyIncomeFen ?? undefined,
    previousQuarterIncomeFen: base.quarterIncomesFen ?? undefined,
    farmerAmountFen: base.farmerAmountFen ?? undefined,
    hardship: hardshipApplies && h ? { kind: h.kind, amountFen: h.amountFen ?? undefined } : undefined,
  };
}

/** The due of a month from its base, by the rule version in force on the month's first day; null before any. */
export function dueOfMonth(base: BaseFacts, month: string): MonthDue | null {
  const onDate = `${month}-01`;
  if (!DUES_RULE_VERSIONS.some((v) => v.effectiveFrom <= onDate)) return null;
  const outcome = computeDues(duesInputOf(base, month), onDate);
  return { amountFen: outcome.amountFen, rateBasisPoints: outcome.rateBasisPoints, ruleId: outcome.rule.id, cite: outcome.rule.cite };
}

export function collectionRules(onDate: string): { id: string; rules: DuesCollectionRules } {
  const v = versionInForce(DUES_COLLECTION_VERSIONS, onDate);
  return { id: v.id, rules: v.rules };
}

export interface Warning {
  code: string;
  message: string;
  months: string[];
  rule: { id: string; cite: string };
}

export interface PaymentPlan {
  /** The months the payment settles, sorted. */
  months: readonly string[];
  /** The member's first dues month: the month the branch meeting accepted them. */
  startMonth: string;
  /** The month of the payment date (the book it goes into). */
  ledgerMonth: string;
  /** The current month in China time. */
  currentMonth: string;
  quarterly: boolean;
  /** The date the branch consented to quarterly payment, from the base in force; null without consent. */
  quarterlyConsentOn: string | null;
  paidOn: string;
}

/**
 * Which months one payment may settle: none before the member joined; months after the current one only as one
 * whole quarter with the branch's consent. Months more than six before the payment's month are a back payment
 * beyond the usual limit: allowed, with a warning that is stored with the payment.
 */
export function checkPaymentMonths(plan: PaymentPlan): Warning[] {
  const { id, rules } = collectionRules(plan.paidOn);
  const months = plan.months;
  if (months.length === 0) throw badInput('dues.months_required', 'Name the months the payment is for', { field: 'months' });
  if (new Set(months).size !== months.length) throw badInput('dues.months_duplicated', 'A month is named twice', { field: 'months' });
  const early = months.filter((m) => m < plan.startMonth);
  if (early.length > 0) {
    throw ruleViolation('dues.before_joining', `Dues are owed from ${plan.startMonth}, the month the member was accepted`, {
      field: 'months',
      months: early,
      startMonth: plan.startMonth,
      rule: { id: `${id}.probationary`, cite: citeText(rules.probationary.cite) },
    });
  }
  const quarterRule = { id: `${id}.quarterly`, cite: citeText(rules.quarterly.cite) };
  if (plan.quarterly) {
    const quarter = quarterOf(months[0] as string);
    if (months.length !== rules.quarterly.months || !months.every((m, i) => m === quarter[i])) {
      throw badInput('dues.quarter_months_invalid', 'A quarterly payment settles the three months of one calendar quarter', { field: 'months', expected: quarter });
    }
    if (!plan.quarterlyConsentOn || plan.quarterlyConsentOn > plan.paidOn) {
      throw ruleViolation('dues.quarterly_not_consented', 'Paying by the quarter needs the branch’s consent, recorded on the member’s base', { rule: quarterRule });
    }
  }
  const ahead = months.filter((m) => m > plan.currentMonth);
  if (ahead.length > 0 && !plan.quarterly) {
    throw ruleViolation('dues.paid_ahead', 'Dues are paid monthly; months ahead only as a quarterly payment the branch consented to', {
      field: 'months',
      months: ahead,
      rule: quarterRule,
    });
  }
  const warnings: Warning[] = [];
  const late = months.filter((m) => monthsBetween(m, plan.ledgerMonth) > rules.backPayment.maxMonths);
  if (late.length > 0) {
    warnings.push({
      code: 'dues.back_payment_beyond_limit',
      message: `Back payment of months more than ${rules.backPayment.maxMonths} months before the payment`,
      months: late,
      rule: { id: `${id}.back_payment`, cite: citeText(rules.backPayment.cite) },
    });
  }
  return warnings;
}

export interface MonthStatus {
  month: string;
  /** null: no base in force, so the due is unknown. */
  dueFen: number | null;
  paidFen: number;
}

/** A month counts as unpaid when something was due and it was not paid in full; a month without a base is not judged. */
export function isUnpaid(m: MonthStatus): boolean {
  return m.dueFen !== null && m.dueFen > 0 && m.paidFen < m.dueFen;
}

export interface Streak {
  from: string;
  to: string;
  months: number;
}

/**
 * The six-month flag (党章 第九条, dues half): the most recent run of at least `threshold` consecutive unpaid months,
 * and the run that reaches the last month. Months due nothing (an approved exemption) are not unpaid and break a
 * run. `months` must be sorted; a gap breaks a run.
 */
export function unpaidStreaks(months: readonly MonthStatus[], threshold: number): { flagged: Streak | null; current: Streak | null } {
  let flagged: Streak | null = null;
  let run: Streak | null = null;
  for (const m of months) {
    // A month missing from the list (charged to another branch) breaks the run.
    const previous: Streak | null = run !== null && addMonthsTo(run.to, 1) === m.month ? run : null;
    if (isUnpaid(m)) {
      const next: Streak = previous ? { from: previous.from, to: m.month, months: previous.months + 1 } : { from: m.month, to: m.month, months: 1 };
      if (next.months >= threshold) flagged = next;
      run = next;
    } else {
      run = null;
    }
  }
  return { flagged, current: run };
}

