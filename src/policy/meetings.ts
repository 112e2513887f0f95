/**
 * How often a branch must hold each kind of meeting (三会一课 and the rest), RULES.md "Branch work", and the
 * compliance check over a period: for each requirement, which of its sub-periods (months, quarters, the year) had
 * a meeting that counts, which are missing and which are not yet due. Localities may override a cadence (e.g. a
 * 党课 every month); the override is data, applied on top of the version in force.
 */
import type { Citation, RuleVersion } from './rule-set.ts';

export const MEETING_TYPES = [
  'general_meeting',
  'committee_meeting',
  'group_meeting',
  'party_lesson',
  'theme_day',
  'life_meeting',
  'member_review',
  'heart_talk',
  'other',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];
export type RequiredMeetingType = Exclude<MeetingType, 'other'>;

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  general_meeting: '支部党员大会',
  committee_meeting: '支委会',
  group_meeting: '党小组会',
  party_lesson: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  member_review: '民主评议党员',
  heart_talk: '谈心谈话',
  other: '其他（志愿服务、学习等）',
};

export const CADENCES = ['month', 'quarter', 'year'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface MeetingRequirement {
  type: RequiredMeetingType;
  cadence: Cadence;
  /** Counted for each 党小组 of the branch rather than for the branch. */
  perGroup: boolean;
  cite: Citation;
}

export interface MeetingRules {
  requirements: readonly MeetingRequirement[];
}

const BRANCH_RULES = '《中国共产党支部工作条例（试行）》';

export const MEETING_RULE_VERSIONS: readonly RuleVersion<MeetingRules>[] = [
  {
    id: 'meetings.2018',
    effectiveFrom: '2018-10-28',
    cite: { source: BRANCH_RULES, article: '第十条' },
    rules: {
      requirements: [
        { type: 'general_meeting', cadence: 'quarter', perGroup: false, cite: { source: BRANCH_RULES, article: '第十条（一）支部党员大会一般每季度召开1次' } },
        { type: 'committee_meeting', cadence: 'month', perGroup: false, cite: { source: BRANCH_RULES, article: '第十条（一）支部委员会会议一般每月召开1次' } },
        { type: 'group_meeting', cadence: 'month', perGroup: true, cite: { source: BRANCH_RULES, article: '第十条（一）党小组会一般每月召开1次' } },
        // Quarterly is common practice, not confirmed nationally; a locality overrides it (RULES.md).
        { type: 'party_lesson', cadence: 'quarter', perGroup: false, cite: { source: BRANCH_RULES, article: '第十条（一）党课（频次未经全国性规定确认，默认每季度1次）' } },
        { type: 'theme_day', cadence: 'month', perGroup: false, cite: { source: BRANCH_RULES, article: '第十条（二）每月相对固定1天开展主题党日' } },
        { type: 'life_meeting', cadence: 'year', perGroup: false, cite: { source: BRANCH_RULES, article: '第十条（三）组织生活会一般每年召开1次' } },
        { type: 'member_review', cadence: 'year', perGroup: false, cite: { source: BRANCH_RULES, article: '第十条（三）民主评议党员一般每年开展1次' } },
        { type: 'heart_talk', cadence: 'year', perGroup: false, cite: { source: BRANCH_RULES, article: '第十条（四）谈心谈话每年至少1次' } },
      ],
    },
  },
];

/** A locality's change of cadence for some types; the citation names the local document. */
export type MeetingOverrides = Partial<Record<RequiredMeetingType, { cadence: Cadence; cite: Citation }>>;

export function applyOverrides(rules: MeetingRules, overrides: MeetingOverrides = {}): MeetingRules {
  return {
    requirements: rules.requirements.map((r) => {
      const o = overrides[r.type];
      return o ? { ...r, cadence: o.cadence, cite: o.cite } : r;
    }),
  };
}

/** A year, a quarter of it, or a month of it. */
export interface Period {
  year: number;
  quarter?: number | undefined;
  month?: number | undefined;
}

export interface SubPeriod {
  /** e.g. 2026, 2026-Q3, 2026-07 */
  label: string;
  from: string;
  to: string;
}

export type ComplianceStatus = 'met' | 'missing' | 'not_yet_due';
/** A per-group requirement of a branch without 党小组 does not apply. */
export type RequirementStatus = ComplianceStatus | 'not_applicable';

export interface SubPeriodResult extends SubPeriod {
  status: ComplianceStatus;
  groupId: string | null;
  /** How many meetings counted in it. */
  count: number;
}

export interface RequirementResult {
  type: RequiredMeetingType;
  cadence: Cadence;
  status: RequirementStatus;
  cite: string;
  periods: SubPeriodResult[];
  missing: string[];
}

export interface MeetingFact {
  heldOn: string;
  types: readonly MeetingType[];
  groupId: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function monthPeriod(year: number, month: number): SubPeriod {
  return { label: `${year}-${pad(month)}`, from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay(year, month))}` };
}
function quarterPeriod(year: number, quarter: number): SubPeriod {
  const last = quarter * 3;
  return { label: `${year}-Q${quarter}`, from: `${year}-${pad(last - 2)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

/** The months a period covers. */
function monthsOf(p: Period): number[] {
  if (p.month) return [p.month];
  if (p.quarter) return [p.quarter * 3 - 2, p.quarter * 3 - 1, p.quarter * 3];
  return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
}

/** The cadence's units that overlap the period: a quarterly rule asked about a month is judged on its quarter. */
export function subPeriods(cadence: Cadence, p: Period): SubPeriod[] {
  const months = monthsOf(p);
  if (cadence === 'month') return months.map((m) => monthPeriod(p.year, m));
  if (cadence === 'quarter') return [...new Set(months.map((m) => Math.ceil(m / 3)))].map((q) => quarterPeriod(p.year, q));
  return [{ label: String(p.year), from: `${p.year}-01-01`, to: `${p.year}-12-31` }];
}

/** The span of dates a compliance check over the period reads. */
export function periodSpan(p: Period): { from: string; to: string } {
  const all = CADENCES.flatMap((c) => subPeriods(c, p));
  return { from: all.map((s) => s.from).sort()[0] as string, to: all.map((s) => s.to).sort().at(-1) as string };
}

/** Each requirement over the period, on `today`: a sub-period that has not ended yet is not yet due unless met. */
export function checkCompliance(input: {
  rules: MeetingRules;
  meetings: readonly MeetingFact[];
  groups: readonly { id: string }[];
  period: Period;
  today: string;
}): RequirementResult[] {
  return input.rules.requirements.map((req) => {
    const units = subPeriods(req.cadence, input.period);
    const scopes: (string | null)[] = req.perGroup ? input.groups.map((g) => g.id) : [null];
    const periods: SubPeriodResult[] = [];
    for (const groupId of scopes) {
      for (const unit of units) {
        const count = input.meetings.filter(
          (m) => m.types.includes(req.type) && m.heldOn >= unit.from && m.heldOn <= unit.to && (groupId === null || m.groupId === groupId),
        ).length;
        const status: ComplianceStatus = count > 0 ? 'met' : input.today > unit.to ? 'missing' : 'not_yet_due';
        periods.push({ ...unit, groupId, count, status });
      }
    }
    const missing = periods.filter((s) => s.status === 'missing').map((s) => (s.groupId ? `${s.label}@${s.groupId}` : s.label));
    const status: RequirementStatus =
      periods.length === 0 ? 'not_applicable' : missing.length > 0 ? 'missing' : periods.every((s) => s.status === 'met') ? 'met' : 'not_yet_due';
    return { type: req.type, cadence: req.cadence, status, cite: `${req.cite.source} ${req.cite.article}`, periods, missing };
  });
}
