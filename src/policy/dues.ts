/**
 * Party dues (RULES.md "Dues"): 《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）, in force from
 * 2008-04-01. Money is integer fen; rates are basis points (0.5% = 50). A bracket's rate applies to the whole base,
 * not to the part above the previous bracket.
 */
import type { Citation, RuleVersion } from './rule-set.ts';

export const DUES_SOURCE = '《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）';

/** Applies to a base up to and including `upToFen`; `null` is the open top bracket. */
export interface DuesBracket {
  upToFen: number | null;
  rateBasisPoints: number;
}

export interface DuesRules {
  /** Amount = base × rate, rounded half-up to the fen. */
  rounding: 'half_up_fen';
  /** Monthly incomes above this (100 million yuan) are refused as input errors. */
  maxMonthlyIncomeFen: number;
  inService: { brackets: readonly DuesBracket[]; cite: Citation };
  retired: { brackets: readonly DuesBracket[]; cite: Citation };
  /** Annual-salary earners: the month's actual pay, on the in-service brackets. */
  annualSalary: { cite: Citation };
  /** Self-employed without monthly income: the previous quarter's average, on the in-service brackets. */
  selfEmployed: { quarterMonths: number; cite: Citation };
  /** Farmers: a flat amount in this range, chosen by the branch. */
  farmer: { minFen: number; maxFen: number; cite: Citation };
  /** Students, laid-off, unemployed, members on relief or 低保: a flat amount. */
  lowIncome: { amountFen: number; cite: Citation };
  /** Hardship: reduced or exempt by branch decision approved one level up. */
  hardship: { cite: Citation };
}

const cite = (article: string): Citation => ({ source: DUES_SOURCE, article });

export const DUES_RULE_VERSIONS: readonly RuleVersion<DuesRules>[] = [
  {
    id: 'dues.2008',
    effectiveFrom: '2008-04-01',
    cite: cite('党员交纳党费的比例'),
    rules: {
      rounding: 'half_up_fen',
      maxMonthlyIncomeFen: 10_000_000_000,
      inService: {
        brackets: [
          { upToFen: 300_000, rateBasisPoints: 50 },
          { upToFen: 500_000, rateBasisPoints: 100 },
          { upToFen: 1_000_000, rateBasisPoints: 150 },
          { upToFen: null, rateBasisPoints: 200 },
        ],
        cite: cite('在职党员以每月工资收入（税后）为计算基数：3000元以下（含）0.5%，3000–5000元（含）1%，5000–10000元（含）1.5%，10000元以上2%'),
      },
      retired: {
        brackets: [
          { upToFen: 500_000, rateBasisPoints: 50 },
          { upToFen: null, rateBasisPoints: 100 },
        ],
        cite: cite('离退休党员以每月领取的离退休费为计算基数：5000元以下（含）0.5%，5000元以上1%'),
      },
      annualSalary: { cite: cite('实行年薪制人员中的党员，以当月实际领取的薪酬收入为计算基数，按在职党员比例交纳') },
      selfEmployed: { quarterMonths: 3, cite: cite('不按月取得收入的个体经营者等人员中的党员，以上一季度月平均收入为计算基数，按在职党员比例交纳') },
      farmer: { minFen: 20, maxFen: 100, cite: cite('农民党员每月交纳党费0.2元至1元，由党支部确定') },
      lowIncome: { amountFen: 20, cite: cite('学生党员、下岗失业党员、依靠民政部门发放救济金和生活补贴维持生活的党员、领取最低生活保障金的党员，每月交纳党费0.2元') },
      hardship: { cite: cite('生活确有困难的党员，经党支部研究、报上一级党委批准，可以少交或免交党费') },
    },
  },
];

/** How dues are collected, remitted and followed up (same regulation, and 党章 第九条 for the six-month flag). */
export interface DuesCollectionRules {
  /** Paid monthly; several months ahead only as one calendar quarter, with the branch's consent. */
  quarterly: { months: number; cite: Citation };
  /** Back payment of past months is generally limited: beyond this many months it is recorded with a warning. */
  backPayment: { maxMonths: number; cite: Citation };
  /** A voluntary extra payment of at least this much is remitted in full to the Centre. */
  centreRemittance: { thresholdFen: number; cite: Citation };
  /** Dues collected by a branch are handed to the superior committee, and the sums must agree. */
  remittance: { cite: Citation };
  /** Six consecutive months without paying, without proper reason, are regarded as leaving the party. */
  lapse: { consecutiveMonths: number; cite: Citation };
  /** Probationary members pay from the month the branch meeting accepted them. */
  probationary: { cite: Citation };
}

export const PARTY_CONSTITUTION = '《中国共产党章程》';

export const DUES_COLLECTION_VERSIONS: readonly RuleVersion<DuesCollectionRules>[] = [
  {
    id: 'dues-collection.2008',
    effectiveFrom: '2008-04-01',
    cite: cite('党费的收缴'),
    rules: {
      quarterly: { months: 3, cite: cite('党员应按月交纳党费；经党支部同意，可以按季度交纳') },
      backPayment: { maxMonths: 6, cite: cite('党员因特殊情况未按时交纳党费的，应当补交，补交时间一般不超过6个月') },
      centreRemittance: { thresholdFen: 100_000, cite: cite('党员自愿多交党费1000元以上的，全额上缴中央') },
      remittance: { cite: cite('党支部收缴的党费，应按规定及时、足额上缴上级党委') },
      lapse: {
        consecutiveMonths: 6,
        cite: { source: PARTY_CONSTITUTION, article: '第九条（党员无正当理由，连续六个月不交纳党费，就被认为是自行脱党；支部党员大会决定，报上级党组织批准）' },
      },
      probationary: { cite: cite('预备党员从支部大会通过其为预备党员之日起交纳党费') },
    },
  },
];
