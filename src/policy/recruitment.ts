/**
 * Recruitment (发展党员), RULES.md "Recruitment": the 25 steps in 5 stages of 《中国共产党发展党员工作细则》(2014)
 * and the time limits, ages and counts that bind them, as versioned data with a citation per rule. Which version
 * applies is decided by the date of each step, so a case that spans a revision is judged step by step.
 *
 * Local practice (RULES.md "(local)": 公示 of ≥ 5 working days, 6 months from application to activist, 预审 within
 * a month, 支部大会 within a month of 预审) is off by default; a locality switches an item on as an override that
 * names its own document. A reported May 2026 revision is not shipped: its text is unconfirmed.
 */
import type { Citation, RuleVersion } from './rule-set.ts';

export const RECRUITMENT_SOURCE = '《中国共产党发展党员工作细则》';
export const CONSTITUTION = '《中国共产党章程》';

export const STEP_CODES = [
  'application',
  'application_talk',
  'activist_designation',
  'activist_filing',
  'contacts_assigned',
  'activist_assessment',
  'target_designation',
  'target_filing',
  'introducers_assigned',
  'political_review',
  'training',
  'committee_review',
  'preliminary_review',
  'application_form',
  'admission_meeting',
  'approval_talk',
  'admission_approval',
  'admission_filing',
  'placement',
  'oath',
  'probation_assessment',
  'conversion_application',
  'conversion_meeting',
  'conversion_approval',
  'archiving',
] as const;
export type StepCode = (typeof STEP_CODES)[number];

export const STAGES = [1, 2, 3, 4, 5] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  1: '申请入党',
  2: '入党积极分子的确定和培养教育',
  3: '发展对象的确定和考察',
  4: '预备党员的接收',
  5: '预备党员的教育考察和转正',
};

/** Who records or performs a step, for forms and checks. */
export type StepActorRole = 'talker' | 'contact' | 'introducer' | 'approval_talker';
/** The org that decides or receives a step, when it is not the branch. */
export type StepCommittee = 'superior' | 'approving' | 'filing_above_approver';

export interface StepDefinition {
  code: StepCode;
  /** 1–25, RULES.md's numbering. */
  number: number;
  stage: Stage;
  label: string;
  /** Steps that must be recorded, on or before this step's date. */
  after: readonly StepCode[];
  /** Recorded more than once (the six-monthly assessments). */
  repeatable: boolean;
  /** A step decided by a 支部党员大会 vote taken from the meeting record. */
  vote: boolean;
  committee: StepCommittee | null;
  actors: readonly StepActorRole[];
  cite: Citation;
}

const art = (article: string): Citation => ({ source: RECRUITMENT_SOURCE, article });

const step = (
  code: StepCode,
  stage: Stage,
  label: string,
  after: readonly StepCode[],
  article: string,
  extra: Partial<Pick<StepDefinition, 'repeatable' | 'vote' | 'committee' | 'actors'>> = {},
): StepDefinition => ({
  code,
  number: STEP_CODES.indexOf(code) + 1,
  stage,
  label,
  after,
  repeatable: extra.repeatable ?? false,
  vote: extra.vote ?? false,
  committee: extra.committee ?? null,
  actors: extra.actors ?? [],
  cite: art(article),
});

/** The 25 steps. `after` encodes what must come first; steps without an order between them may be recorded either way. */
export const STEPS: readonly StepDefinition[] = [
  step('application', 1, '递交入党申请书', [], '第五条、第六条'),
  step('application_talk', 1, '党组织派人谈话', ['application'], '第七条', { actors: ['talker'] }),
  step('activist_designation', 2, '推荐和确定入党积极分子', ['application_talk'], '第八条'),
  step('activist_filing', 2, '报上级党委备案', ['activist_designation'], '第八条', { committee: 'superior' }),
  step('contacts_assigned', 2, '指定培养联系人', ['activist_designation'], '第九条', { actors: ['contact'] }),
  step('activist_assessment', 2, '培养教育考察', ['contacts_assigned'], '第十条', { repeatable: true }),
  step('target_designation', 3, '确定发展对象', ['activist_filing', 'contacts_assigned'], '第十二条'),
  step('target_filing', 3, '报上级党委备案', ['target_designation'], '第十二条', { committee: 'superior' }),
  step('introducers_assigned', 3, '确定入党介绍人', ['target_designation'], '第十三条', { actors: ['introducer'] }),
  step('political_review', 3, '政治审查', ['target_designation'], '第十五条、第十六条'),
  step('training', 3, '集中培训', ['target_designation'], '第十七条'),
  step('committee_review', 4, '支委会审查', ['target_filing', 'introducers_assigned', 'political_review', 'training'], '第十九条'),
  step('preliminary_review', 4, '上级党委预审', ['committee_review'], '第十九条', { committee: 'approving' }),
  step('application_form', 4, '填写入党志愿书', ['preliminary_review'], '第二十条'),
  step('admission_meeting', 4, '支部大会讨论', ['application_form'], '第二十一条、第二十二条', { vote: true }),
  step('approval_talk', 4, '上级党委派人谈话', ['admission_meeting'], '第二十四条', { actors: ['approval_talker'] }),
  step('admission_approval', 4, '上级党委审批', ['approval_talk'], '第二十五条、第二十六条', { committee: 'approving' }),
  step('admission_filing', 4, '再上一级党委组织部门备案', ['admission_approval'], '第二十五条', { committee: 'filing_above_approver' }),
  step('placement', 4, '编入党支部和党小组', ['admission_approval'], '第二十七条'),
  step('oath', 4, '入党宣誓', ['admission_approval'], '第二十八条'),
  step('probation_assessment', 5, '继续教育考察', ['admission_approval'], '第二十九条', { repeatable: true }),
  step('conversion_application', 5, '提出转正申请', ['admission_approval'], '第三十一条'),
  step('conversion_meeting', 5, '支部大会讨论转正', ['conversion_application'], '第三十一条、第三十二条', { vote: true }),
  step('conversion_approval', 5, '上级党委审批', ['conversion_meeting'], '第三十三条', { committee: 'approving' }),
  step('archiving', 5, '材料归档', ['conversion_approval'], '第三十五条'),
];

export const STEP_BY_CODE: Readonly<Record<StepCode, StepDefinition>> = Object.fromEntries(STEPS.map((s) => [s.code, s])) as Record<StepCode, StepDefinition>;

/** A bound with the article that sets it. */
export interface Limit {
  value: number;
  cite: Citation;
}

export interface LocalRules {
  /** 公示 of this many working days at 确定积极分子, 确定发展对象, 接收预备党员 and 转正; null: not required. */
  publicityWorkingDays: Limit | null;
  /** At least this many months from application to activist; null: no minimum. */
  minApplicationToActivistMonths: Limit | null;
  /** 预审 within this many months of the 支委会 review; null: no limit. */
  preliminaryReviewWithinMonths: Limit | null;
  /** 支部大会 within this many months of 预审; null: no limit. */
  admissionMeetingWithinMonths: Limit | null;
}

export interface RecruitmentRules {
  /** Age on the application date. */
  minimumAge: Limit;
  /** The talk after the application, in months. */
  talkWithinMonths: Limit;
  /** Time as activist before the development-target decision, in months. */
  activistMinMonths: Limit;
  /** The branch assesses an activist in writing at least this often, in months. */
  assessmentEveryMonths: Limit;
  contacts: { min: number; max: number; cite: Citation };
  introducers: { count: number; cite: Citation };
  training: { minDays: number; minHours: number; cite: Citation };
  /** A conclusive written result of the political review before the 支委会 review. */
  politicalReview: { cite: Citation };
  /** The 预审 answers in writing; a failed one stops the case. */
  preliminaryReview: { cite: Citation };
  /** The admission and conversion votes (quorum and majority are evaluated by policy/votes.ts). */
  vote: { cite: Citation };
  /** Approval of the admission: within `withinMonths`, extendable in special cases to `maxMonths`. */
  approval: { withinMonths: number; maxMonths: number; cite: Citation };
  /** Who may approve: a 基层党委, not one subordinate to a township/street committee. */
  approver: { cite: Citation };
  /** Probation from the admission meeting's date, in months. */
  probationMonths: Limit;
  extension: { minMonths: number; maxMonths: number; maxTimes: number; cite: Citation };
  conversionApprovalWithinMonths: Limit;
  /** Introducers and contact persons are full members; introducers not under 留党察看. */
  sponsorStanding: { cite: Citation };
  local: LocalRules;
}

export const RECRUITMENT_RULE_VERSIONS: readonly RuleVersion<RecruitmentRules>[] = [
  {
    id: 'recruitment.2014',
    effectiveFrom: '2014-05-28',
    cite: { source: RECRUITMENT_SOURCE, article: '（中共中央办公厅2014年印发）' },
    rules: {
      minimumAge: { value: 18, cite: art('第五条（年满十八岁）；《中国共产党章程》第一条') },
      talkWithinMonths: { value: 1, cite: art('第七条（收到入党申请书后一个月内派人谈话）') },
      activistMinMonths: { value: 12, cite: art('第十二条（经过一年以上培养教育和考察）') },
      assessmentEveryMonths: { value: 6, cite: art('第十条（党支部每半年对入党积极分子进行一次考察）') },
      contacts: { min: 1, max: 2, cite: art('第九条（指定一至两名正式党员作培养联系人）') },
      introducers: { count: 2, cite: art('第十三条（两名正式党员作入党介绍人）') },
      training: { minDays: 3, minHours: 24, cite: art('第十七条（培训时间一般不少于三天或不少于二十四个学时）') },
      politicalReview: { cite: art('第十六条（政治审查应当形成结论性材料，未经政治审查或政治审查不合格的不能发展入党）') },
      preliminaryReview: { cite: art('第十九条（基层党委预审，审查结果以书面形式通知党支部）') },
      vote: { cite: art('第二十一条、第二十二条（到会超过应到会有表决权人数的半数；赞成超过应到会有表决权的正式党员的半数）') },
      approval: { withinMonths: 3, maxMonths: 6, cite: art('第二十六条（三个月内审批；特殊情况可适当延长，但不得超过六个月）') },
      approver: { cite: art('第二十六条（乡镇（街道）党委所属的基层党委不能审批预备党员）') },
      probationMonths: { value: 12, cite: art('第三十条（预备期为一年，从支部大会通过其为预备党员之日算起）；《中国共产党章程》第七条') },
      extension: { minMonths: 6, maxMonths: 12, maxTimes: 1, cite: art('第三十一条（延长预备期不能少于半年，最长不超过一年）；《中国共产党章程》第七条') },
      conversionApprovalWithinMonths: { value: 3, cite: art('第三十三条（上级党委应当在三个月内审批）') },
      sponsorStanding: { cite: art('第九条、第十三条（正式党员；受留党察看处分、尚未恢复党员权利的党员不能作入党介绍人）') },
      local: {
        publicityWorkingDays: null,
        minApplicationToActivistMonths: null,
        preliminaryReviewWithinMonths: null,
        admissionMeetingWithinMonths: null,
      },
    },
  },
];

/** A locality's switched-on local items, each citing the local document. */
export type RecruitmentOverrides = Partial<{ [K in keyof LocalRules]: Limit | null }>;

export function applyRecruitmentOverrides(rules: RecruitmentRules, overrides: RecruitmentOverrides = {}): RecruitmentRules {
  const local = { ...rules.local };
  for (const key of Object.keys(overrides) as (keyof LocalRules)[]) {
    const value = overrides[key];
    if (value !== undefined) local[key] = value;
  }
  return { ...rules, local };
}

/** The steps on which a 公示 runs when the local rule asks for one, and the step it must end before. */
export const PUBLICITY_POINTS: readonly { subject: StepCode; blocks: StepCode }[] = [
  { subject: 'activist_designation', blocks: 'activist_filing' },
  { subject: 'target_designation', blocks: 'target_filing' },
  { subject: 'admission_meeting', blocks: 'admission_approval' },
  { subject: 'conversion_meeting', blocks: 'conversion_approval' },
];
