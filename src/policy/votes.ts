/** Quorum and passing thresholds of party meetings and elections (RULES.md "Branch work", "Recruitment", "Elections"). */
import type { Citation, RuleVersion } from './rule-set.ts';

/** A threshold "more than numerator/denominator of the base" (过半数 = 1/2, 五分之四 = 4/5). */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface VoteRules {
  general: { quorum: Fraction; pass: Fraction; cite: Citation };
  committee: { quorum: Fraction; pass: Fraction; cite: Citation };
  recruitment: { quorum: Fraction; pass: Fraction; cite: Citation };
  election: { quorum: Fraction; elected: Fraction; cite: Citation };
}

const HALF: Fraction = { numerator: 1, denominator: 2 };

export const VOTE_RULE_VERSIONS: readonly RuleVersion<VoteRules>[] = [
  {
    id: 'votes.2018',
    effectiveFrom: '2018-10-28',
    cite: { source: '《中国共产党支部工作条例（试行）》', article: '支部党员大会、支部委员会议事规则' },
    rules: {
      general: {
        quorum: HALF,
        pass: HALF,
        cite: { source: '《中国共产党支部工作条例（试行）》', article: '支部党员大会：有表决权的党员到会超过半数方可召开；赞成票超过应到会有表决权党员的半数为通过' },
      },
      committee: {
        quorum: HALF,
        pass: HALF,
        cite: { source: '《中国共产党支部工作条例（试行）》', article: '支部委员会会议：须有半数以上委员到会' },
      },
      recruitment: {
        quorum: HALF,
        pass: HALF,
        cite: {
          source: '《中国共产党发展党员工作细则》',
          article: '支部大会讨论接收预备党员、预备党员转正：有表决权的到会人数超过应到会有表决权人数的半数；赞成人数超过应到会有表决权的正式党员的半数（因故不能到会的正式党员会前正式提出的书面意见统计在票数内）',
        },
      },
      election: {
        quorum: { numerator: 4, denominator: 5 },
        elected: HALF,
        cite: {
          source: '《中国共产党基层组织选举工作条例》',
          article: '到会有选举权的党员超过应到会人数的五分之四方可进行选举；被选举人获得的赞成票超过实到会有选举权人数的一半始得当选（措辞未核实）',
        },
      },
    },
  },
];

/** Strictly more than the fraction of the base: 2·x > n for 过半数, 5·x > 4·n for 五分之四. */
export function exceeds(count: number, base: number, f: Fraction): boolean {
  return count * f.denominator > base * f.numerator;
}
