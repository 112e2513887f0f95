/**
 * Member review (民主评议党员) and the 党章第九条 absence rule, RULES.md "Member review" and "Dues" (第九条).
 *
 * - A branch reviews its members once a year: self-assessment, peer assessment, democratic assessment, then a grade
 *   of 优秀 / 合格 / 基本合格 / 不合格; at most one third (rounded down) of the members reviewed may be 优秀.
 * - A 不合格 member is handled by the organization: 限期改正, 劝其退党 or 除名, with a deadline and an outcome.
 * - A member who, without proper reason, takes no part in organizational life for six consecutive months is
 *   regarded as having left the party (自行脱党); the system flags the condition and people decide.
 *
 * The article numbers of the review documents are not confirmed here, so their citations name the document and
 * the rule and say so; the constitution's article is.
 */
import type { Fraction } from './votes.ts';
import { versionInForce, type Citation, type RuleVersion } from './rule-set.ts';

export const REVIEW_GRADES = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export type ReviewGrade = (typeof REVIEW_GRADES)[number];

export const REVIEW_GRADE_LABELS: Record<ReviewGrade, string> = {
  excellent: '优秀',
  qualified: '合格',
  basically_qualified: '基本合格',
  unqualified: '不合格',
};

/** 组织处置 of a member graded 不合格. */
export const HANDLING_MEASURES = ['rectify', 'persuade_to_withdraw', 'expel'] as const;
export type HandlingMeasure = (typeof HANDLING_MEASURES)[number];

export const HANDLING_MEASURE_LABELS: Record<HandlingMeasure, string> = {
  rectify: '限期改正',
  persuade_to_withdraw: '劝其退党',
  expel: '除名',
};

/** What people decided on an absence flag: talked to the member, handled it (e.g. 除名 proceedings), or no action. */
export const ABSENCE_DECISIONS = ['talked_to', 'handled', 'no_action'] as const;
export type AbsenceDecision = (typeof ABSENCE_DECISIONS)[number];

export const REVIEW_SOURCE = '《关于建立民主评议党员制度的意见》';
export const HANDLING_SOURCE = '《中国共产党不合格党员组织处置办法》（2024）';
export const CONSTITUTION = '《中国共产党章程》';

export interface ReviewRules {
  /** 优秀 may be given to at most this fraction of the members reviewed, rounded down. */
  excellentCap: { share: Fraction; cite: Citation };
  grades: { cite: Citation };
  handling: { measures: readonly HandlingMeasure[]; cite: Citation };
}

export const REVIEW_RULE_VERSIONS: readonly RuleVersion<ReviewRules>[] = [
  {
    // The review has been yearly practice since long before any record here; one version covers them all.
    id: 'reviews.base',
    effectiveFrom: '2000-01-01',
    cite: { source: REVIEW_SOURCE, article: '民主评议党员（条款号未核实）' },
    rules: {
      excellentCap: {
        share: { numerator: 1, denominator: 3 },
        cite: { source: REVIEW_SOURCE, article: '评定等次：优秀党员一般不超过参加评议党员总数的三分之一（条款号未核实）' },
      },
      grades: { cite: { source: REVIEW_SOURCE, article: '评议等次分为优秀、合格、基本合格、不合格（条款号未核实）' } },
      handling: {
        measures: HANDLING_MEASURES,
        cite: { source: HANDLING_SOURCE, article: '对不合格党员分别采取限期改正、劝其退党、除名等方式处置（条款号未核实）' },
      },
    },
  },
];

export interface AbsenceRules {
  /** Months of absence from all organizational life, without leave, that raise the signal. */
  consecutiveMonths: number;
  cite: Citation;
}

export const ABSENCE_RULE_VERSIONS: readonly RuleVersion<AbsenceRules>[] = [
  {
    // The six-month rule stands in every text of the constitution since long before any record here.
    id: 'absence.constitution',
    effectiveFrom: '2000-01-01',
    cite: { source: CONSTITUTION, article: '第九条' },
    rules: {
      consecutiveMonths: 6,
      cite: {
        source: CONSTITUTION,
        article: '第九条：党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党',
      },
    },
  },
];

export function reviewRulesOn(onDate: string, versions: readonly RuleVersion<ReviewRules>[] = REVIEW_RULE_VERSIONS): RuleVersion<ReviewRules> {
  return versionInForce(versions, onDate);
}

export function absenceRulesOn(onDate: string, versions: readonly RuleVersion<AbsenceRules>[] = ABSENCE_RULE_VERSIONS): RuleVersion<AbsenceRules> {
  return versionInForce(versions, onDate);
}

/** The most members of `reviewed` that may be graded 优秀: the share of them, rounded down (10 → 3, 2 → 0). */
export function excellentCap(reviewed: number, rules: ReviewRules): number {
  const { numerator, denominator } = rules.excellentCap.share;
  return Math.floor((reviewed * numerator) / denominator);
}
