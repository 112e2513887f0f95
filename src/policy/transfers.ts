import { versionInForce, type Citation, type RuleVersion } from './rule-set.ts';

/**
 * Transfers of membership (组织关系转接) and flowing members (流动党员), RULES.md "Transfers and flowing members".
 * The source documents' article numbers are not confirmed here, so the citations name the document and the rule
 * only; the letter's validity is a figure public sources disagree on and is marked unconfirmed.
 */
export interface TransferRules {
  /** Away this many months or less: no letter is needed. */
  noLetterMaxMonths: number;
  /** Away more than `noLetterMaxMonths` and at most this many: 党员证明信; longer to a fixed place: 组织关系介绍信. */
  certificateMaxMonths: number;
  /** How long a letter stays valid, the day of issue counted as the first day. */
  validity: { unit: 'months' | 'days'; amount: number };
  /** A letter to outside the installation: the receipt (回执) is due this many months after issue. */
  receiptMonths: number;
  /** Flowing members report to their home org at least once in this many months. */
  flowingReportMonths: number;
  /** Letter numbers read `<prefix>-<year>-<6 digits>`. */
  letterPrefix: string;
}

export const TRANSFER_SOURCE = '《中国共产党党员教育管理工作条例》';

export const TRANSFER_CITES = {
  letterType: { source: TRANSFER_SOURCE, article: '组织关系转接：外出6个月以上且地点固定转组织关系介绍信，6个月以内开党员证明信，地点或时间不确定发流动党员活动证（条款号未核实）' },
  validity: { source: TRANSFER_SOURCE, article: '介绍信有效期一般不超过3个月（unconfirmed：各地规定不一，可配置）' },
  receipt: { source: TRANSFER_SOURCE, article: '接收党组织1个月内寄回回执；未接收前原党组织负责管理（条款号未核实）' },
  flowingReport: { source: TRANSFER_SOURCE, article: '流动党员每年至少向流出地党组织报告1次（条款号未核实）' },
} as const satisfies Record<string, Citation>;

export const TRANSFER_RULE_VERSIONS: readonly RuleVersion<TransferRules>[] = [
  {
    // The letter rules long predate the 2019 条例; this version covers every letter the system records.
    id: 'transfers.base',
    effectiveFrom: '2000-01-01',
    cite: TRANSFER_CITES.letterType,
    rules: {
      noLetterMaxMonths: 3,
      certificateMaxMonths: 6,
      validity: { unit: 'months', amount: 3 },
      receiptMonths: 1,
      flowingReportMonths: 12,
      letterPrefix: 'ZZ',
    },
  },
];

export function transferRulesOn(onDate: string, versions: readonly RuleVersion<TransferRules>[] = TRANSFER_RULE_VERSIONS): RuleVersion<TransferRules> {
  return versionInForce(versions, onDate);
}
