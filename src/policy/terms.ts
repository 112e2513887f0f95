import type { OrgDomain, OrgKind } from '../modules/orgs/org-kinds.ts';
import { versionInForce, type RuleVersion } from './rule-set.ts';

/** Term lengths of org committees (任期), RULES.md "Branch work" and "Elections". */
export interface TermRules {
  /** Villages and communities, whatever the kind. */
  ruralOrCommunityYears: number;
  /** 基层党委 (党委, 党工委). */
  committeeYears: number;
  /** 党总支 and 党支部 of every other domain. */
  branchYears: number;
  /** The superior reminds this many months before a term ends. */
  reminderMonths: number;
  /** (local) The 换届请示 is due this many months before; off (null) by default. */
  electionRequestMonths: number | null;
}

export const TERM_RULE_VERSIONS: readonly RuleVersion<TermRules>[] = [
  {
    id: 'terms.2018',
    effectiveFrom: '2018-10-28',
    cite: {
      source: '《中国共产党支部工作条例（试行）》',
      article: '第十五条；《中国共产党农村基层组织工作条例》第八条（村党组织每届任期5年）',
    },
    rules: {
      ruralOrCommunityYears: 5,
      committeeYears: 5,
      branchYears: 3,
      reminderMonths: 6,
      electionRequestMonths: null,
    },
  },
];

export interface TermLength {
  years: number;
  ruleId: string;
  reason: 'rural_or_community' | 'committee' | 'branch';
}

/** Kinds that are elected for a term; 党小组 and 临时党组织 are not. */
export function hasTerm(kind: OrgKind): boolean {
  return kind !== 'group' && kind !== 'temporary';
}

export function termLengthFor(
  kind: OrgKind,
  domain: OrgDomain,
  onDate: string,
  versions: readonly RuleVersion<TermRules>[] = TERM_RULE_VERSIONS,
): TermLength | null {
  if (!hasTerm(kind)) return null;
  const version = versionInForce(versions, onDate);
  const r = version.rules;
  if (domain === 'rural' || domain === 'community') {
    return { years: r.ruralOrCommunityYears, ruleId: version.id, reason: 'rural_or_community' };
  }
  if (kind === 'party_committee' || kind === 'working_committee') {
    return { years: r.committeeYears, ruleId: version.id, reason: 'committee' };
  }
  return { years: r.branchYears, ruleId: version.id, reason: 'branch' };
}
