/**
 * Rules of mentor pairs (老党员传帮带), the reserve-cadre pool (后备干部人才库) and care for members in difficulty
 * (困难党员关爱), pure functions. These are local practice rather than national regulation, so their refusals
 * carry no document citation.
 */
import type { Violation } from '../transfers/transfers.rules.ts';

const violation = (code: string, message: string, status: 400 | 422 = 400): Violation => ({ code, message, status, cite: null });

export function checkMentorPair(mentor: { id: string; status: 'probationary' | 'full' }, mentee: { id: string }): Violation | null {
  if (mentor.id === mentee.id) return violation('mentor_pair.same_person', 'A member cannot mentor themselves', 422);
  if (mentor.status !== 'full') return violation('mentor_pair.mentor_not_full', 'A mentor must be a full member (正式党员)', 422);
  return null;
}

export const RESERVE_RECORD_KINDS = ['training', 'assessment'] as const;
export const CARE_KINDS = ['visit', 'fund'] as const;
export type CareKind = (typeof CARE_KINDS)[number];

/** Money in fen: a fund gives some; a visit may hand over money or none. */
export function checkCareAmount(kind: CareKind, amountFen: number): Violation | null {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) return violation('care.amount_invalid', 'The amount is a whole number of fen, zero or more');
  if (kind === 'fund' && amountFen === 0) return violation('care.fund_amount_required', 'A fund record needs an amount above zero');
  return null;
}

/** The year's first and last days, for filters on ISO dates. */
export function yearRange(year: number): { from: string; to: string } {
  const y = String(year).padStart(4, '0');
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}
