/**
 * Rules of transfer letters (组织关系转接), pure: which letter an absence needs, how long it stays valid, when the
 * receipt is due, the letter number, and whether a receipt may be recorded.
 */
import { addDays, addMonths } from '../../lib/dates.ts';
import { citeText, type RuleVersion } from '../../policy/rule-set.ts';
import { TRANSFER_CITES, type TransferRules } from '../../policy/transfers.ts';

export const LETTER_TYPES = ['introduction', 'certificate', 'activity_card'] as const;
export type IssuableLetterType = (typeof LETTER_TYPES)[number];
export type LetterType = IssuableLetterType | 'none';

export const LETTER_TYPE_LABELS: Record<LetterType, string> = {
  introduction: '中国共产党党员组织关系介绍信',
  certificate: '党员证明信',
  activity_card: '流动党员活动证',
  none: '无需开具',
};

export const TRANSFER_STATES = ['issued', 'received', 'returned', 'cancelled'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export interface Violation {
  code: string;
  message: string;
  status: 400 | 422;
  cite: string | null;
}

export interface Absence {
  /** Months away; absent when the time is uncertain. */
  awayMonths?: number | null | undefined;
  /** Whether the place is fixed; an absent answer counts as fixed. */
  fixedPlace?: boolean | null | undefined;
}

/** The letter an absence needs (RULES.md: ≤ 3 months none; ≤ 6 certificate; longer to a fixed place introduction; else activity card). */
export function letterTypeFor(away: Absence, rules: TransferRules): LetterType {
  if (away.awayMonths === undefined || away.awayMonths === null) return 'activity_card';
  if (away.awayMonths <= rules.noLetterMaxMonths) return 'none';
  if (away.fixedPlace === false) return 'activity_card';
  return away.awayMonths <= rules.certificateMaxMonths ? 'certificate' : 'introduction';
}

/**
 * The letter to issue: derived from the absence when one is described (a named type must agree with it), or the
 * named type alone.
 */
export function resolveLetterType(
  input: Absence & { letterType?: IssuableLetterType | undefined },
  rules: RuleVersion<TransferRules>,
): { type: IssuableLetterType } | { violation: Violation } {
  const described = input.awayMonths !== undefined || input.fixedPlace !== undefined;
  if (!described) {
    if (input.letterType) return { type: input.letterType };
    return { violation: { code: 'transfer.letter_type_required', message: 'Give the letter type, or how long and where the member goes', status: 400, cite: null } };
  }
  const derived = letterTypeFor(input, rules.rules);
  const cite = citeText(TRANSFER_CITES.letterType);
  if (derived === 'none') {
    return { violation: { code: 'transfer.no_letter_needed', message: `An absence of ${rules.rules.noLetterMaxMonths} months or less needs no letter`, status: 422, cite } };
  }
  if (input.letterType && input.letterType !== derived) {
    return { violation: { code: 'transfer.letter_type_mismatch', message: `This absence calls for ${LETTER_TYPE_LABELS[derived]}`, status: 422, cite } };
  }
  return { type: derived };
}

/** The last day (inclusive) a letter issued on `issuedOn` is valid; the day of issue is the first. */
export function validUntil(issuedOn: string, rules: TransferRules): string {
  const { unit, amount } = rules.validity;
  return unit === 'months' ? addDays(addMonths(issuedOn, amount), -1) : addDays(issuedOn, amount - 1);
}

/** A letter to outside the installation expects its receipt by this day; internal letters are received in the system. */
export function receiptDueOn(issuedOn: string, external: boolean, rules: TransferRules): string | null {
  return external ? addMonths(issuedOn, rules.receiptMonths) : null;
}

export function isExpired(t: { state: TransferState; validUntil: string }, today: string): boolean {
  return t.state === 'issued' && today > t.validUntil;
}

export function isReceiptOverdue(t: { state: TransferState; receiptDueOn: string | null }, today: string): boolean {
  return t.state === 'issued' && t.receiptDueOn !== null && today > t.receiptDueOn;
}

/** Only an introduction letter moves the membership; a certificate or activity card leaves it at home. */
export function movesMembership(type: LetterType): boolean {
  return type === 'introduction';
}

const SEQ_DIGITS = 6;

export function letterNumber(prefix: string, year: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq >= 10 ** SEQ_DIGITS) throw new RangeError(`letter sequence out of range: ${seq}`);
  return `${prefix}-${year}-${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/** The sequence after the year's highest number so far (or 1). */
export function nextLetterSeq(highest: string | null | undefined, prefix: string, year: string): number {
  if (!highest) return 1;
  const m = new RegExp(`^${prefix}-${year}-(\\d{${SEQ_DIGITS}})$`).exec(highest);
  return m ? Number(m[1]) + 1 : 1;
}

const violation = (code: string, message: string, status: 400 | 422 = 400, cite: string | null = null): Violation => ({ code, message, status, cite });

/**
 * May the receipt be recorded on `receivedOn`? The letter must be used within its validity: an internal letter
 * is received in the system, so today counts; a letter to outside counts the day on its returned receipt.
 */
export function checkReceipt(
  t: { issuedOn: string; validUntil: string; external: boolean },
  receivedOn: string,
  today: string,
): Violation | null {
  if (receivedOn < t.issuedOn) return violation('transfer.received_before_issued', 'The receipt date is before the letter was issued');
  if (receivedOn > today) return violation('transfer.date_in_future', 'The receipt date is in the future');
  if (receivedOn > t.validUntil || (!t.external && today > t.validUntil)) {
    return violation('transfer.letter_expired', `The letter was valid until ${t.validUntil}; issue a new one`, 422, citeText(TRANSFER_CITES.validity));
  }
  return null;
}

export function checkDateInRange(field: string, date: string, from: string, today: string): Violation | null {
  if (date < from) return violation('transfer.date_before_issue', `${field} is before the letter was issued`);
  if (date > today) return violation('transfer.date_in_future', `${field} is in the future`);
  return null;
}
