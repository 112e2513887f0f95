/**
 * Rules of 换届选举 in the party's primary organizations (RULES.md "Elections"): the 差额 of committee candidates,
 * who may stand, and how far a term may be postponed. Quorum and the threshold of election are vote rules
 * (policy/votes.ts); term lengths are in policy/terms.ts.
 */
import type { Citation, RuleVersion } from './rule-set.ts';

export interface ElectionRules {
  /**
   * Candidates exceed the seats by at least this percentage of the seats, rounded up (进一法): 5 seats at 20% need
   * 6 candidates, 3 seats need 4. A locality may raise it (settings, `elections.margin`).
   */
  minMarginPercent: number;
  marginCite: Citation;
  /** Only full members, not under 留党察看, may stand (被选举权). */
  eligibilityCite: Citation;
  /** An approved postponement moves a term's end by at most this many years past its regular end. */
  maxPostponementYears: number;
  postponementCite: Citation;
}

const CURRENT = '《中国共产党基层组织选举工作条例》';
const PROVISIONAL = '《中国共产党基层组织选举工作暂行条例》';

export const ELECTION_RULE_VERSIONS: readonly RuleVersion<ElectionRules>[] = [
  {
    id: 'elections.1990',
    effectiveFrom: '1990-06-27',
    cite: { source: PROVISIONAL, article: '第三条、第五条、第十二条' },
    rules: {
      minMarginPercent: 20,
      marginCite: { source: PROVISIONAL, article: '第十二条（委员候选人的差额为应选人数的百分之二十）' },
      eligibilityCite: { source: PROVISIONAL, article: '第五条（正式党员有被选举权；留党察看期间和预备党员没有）' },
      maxPostponementYears: 1,
      postponementCite: { source: PROVISIONAL, article: '第三条（延期或提前换届须报上级党组织批准，延长期限一般不超过一年）' },
    },
  },
  {
    id: 'elections.2020',
    effectiveFrom: '2020-07-13',
    cite: { source: CURRENT, article: '第三条、第五条；委员的选举' },
    rules: {
      minMarginPercent: 20,
      // The article number of the 差额 rule in the 2020 text is not confirmed here (RULES.md marks the figure
      // unconfirmed for committees): the figure is a setting a locality may change.
      marginCite: { source: CURRENT, article: '委员的选举（委员候选人差额不少于应选人数的20%；条号未核实）' },
      eligibilityCite: { source: CURRENT, article: '第五条（正式党员有被选举权；留党察看期间和预备党员没有）' },
      maxPostponementYears: 1,
      postponementCite: { source: CURRENT, article: '第三条（延期或者提前换届须报上级党组织批准，期限一般不超过1年）' },
    },
  },
];

/** The fewest candidates for `seats` at `percent` 差额: seats plus the margin rounded up. */
export function minCandidates(seats: number, percent: number): number {
  return seats + Math.ceil((seats * percent) / 100);
}
