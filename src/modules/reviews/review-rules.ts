/** The rules of a member review that need no database: the 优秀 cap and what closing a review requires. */
import { AppError, badInput } from '../../lib/errors.ts';
import { citeText, type RuleVersion } from '../../policy/rule-set.ts';
import { excellentCap, type HandlingMeasure, type ReviewGrade, type ReviewRules } from '../../policy/reviews.ts';

export type GradeColumn = 'proposedGrade' | 'finalGrade';

export interface GradedEntry {
  memberId: string;
  proposedGrade: ReviewGrade | null;
  finalGrade: ReviewGrade | null;
}

export interface HandlingInput {
  memberId: string;
  measure: HandlingMeasure;
  deadline: string;
}

/**
 * Refuses a set of grades that gives 优秀 to more than the cap (one third of the members reviewed, rounded down);
 * the proposed and the final grades are each held to it.
 */
export function checkExcellentCap(entries: readonly GradedEntry[], version: RuleVersion<ReviewRules>): AppError | null {
  const cap = excellentCap(entries.length, version.rules);
  for (const column of ['proposedGrade', 'finalGrade'] as const) {
    const excellent = entries.filter((e) => e[column] === 'excellent').length;
    if (excellent > cap) {
      return new AppError(422, 'review.excellent_over_cap', `At most ${cap} of the ${entries.length} members reviewed may be graded 优秀`, {
        field: column,
        reviewed: entries.length,
        cap,
        excellent,
        rule: { id: `${version.id}.excellent_cap`, cite: citeText(version.rules.excellentCap.cite) },
      });
    }
  }
  return null;
}

/**
 * What closing a review requires: every member has a final grade, the cap holds, and each member graded 不合格 —
 * and only such a member — has a handling measure with a deadline after the closing day.
 */
export function checkClosing(entries: readonly GradedEntry[], handlings: readonly HandlingInput[], closingOn: string, version: RuleVersion<ReviewRules>): AppError | null {
  const ungraded = entries.filter((e) => e.finalGrade === null).map((e) => e.memberId);
  if (ungraded.length > 0) {
    return new AppError(422, 'review.grades_incomplete', 'Every member reviewed needs a final grade before the review closes', { memberIds: ungraded });
  }
  const overCap = checkExcellentCap(entries, version);
  if (overCap) return overCap;
  const handled = new Set<string>();
  for (const h of handlings) {
    if (handled.has(h.memberId)) return badInput('review.handling_repeated', 'A member is listed twice', { field: 'handlings', memberId: h.memberId });
    handled.add(h.memberId);
    if (h.deadline <= closingOn) return badInput('review.handling_deadline_invalid', 'The deadline of a handling measure lies after the closing day', { field: 'handlings', memberId: h.memberId });
  }
  const unqualified = new Set(entries.filter((e) => e.finalGrade === 'unqualified').map((e) => e.memberId));
  const stray = [...handled].filter((id) => !unqualified.has(id));
  if (stray.length > 0) {
    return new AppError(422, 'review.handling_not_unqualified', 'Organizational handling is for members graded 不合格 only', { field: 'handlings', memberIds: stray });
  }
  const missing = [...unqualified].filter((id) => !handled.has(id));
  if (missing.length > 0) {
    return new AppError(422, 'review.handling_required', 'A member graded 不合格 is handled by the organization: name the measure and its deadline', {
      field: 'handlings',
      memberIds: missing,
      rule: { id: `${version.id}.handling`, cite: citeText(version.rules.handling.cite) },
    });
  }
  return null;
}
