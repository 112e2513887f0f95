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

/**
 * Who owes a requirement: the branch, its 支部委员会 (only while it has one: a branch of fewer than 7 full members
 * elects a secretary, not a committee), or each of its 党小组 (while the group exists).
 */
export type RequirementScope = 'branch' | 'committee' | 'group';

export interface MeetingRequirement {
  type: RequiredMeetingType;
  cadence: Cadence;
  scope: RequirementScope;
  /** The least frequent cadence a locality may set; the national cadence itself unless the regulation leaves it open. */
  loosest: Cadence;
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
        { type: 'general_meeting', cadence: 'quarter', scope: 'branch', loosest: 'quarter', cite: { source: BRANCH_RULES, article: '第十条（一）支部党员大会一般每季度召开1次' } },
        { type: 'committee_meeting', cadence: 'month', scope: 'committee', loosest: 'month', cite: { source: BRANCH_RULES, article: '第十条（一）支部委员会会议一般每月召开1次' } },
        { type: 'group_meeting', cadence: 'month', scope: 'group', loosest: 'month', cite: { source: BRANCH_RULES, article: '第十条（一）党小组会一般每月召开1次' } },
        // Quarterly is common practice, not confirmed nationally; a locality overrides it (RULES.md), down to the
        // secretary's one lesson a year.
        { type: 'party_lesson', cadence: 'quarter', scope: 'branch', loosest: 'year', cite: { source: BRANCH_RULES, article: '第十条（一）党课（频次未经全国性规定确认，默认每季度1次）' } },
        { type: 'theme_day', cadence: 'month', scope: 'branch', loosest: 'month', cite: { source: BRANCH_RULES, article: '第十条（二）每月相对固定1天开展主题党日' } },
        { type: 'life_meeting', cadence: 'year', scope: 'branch', loosest: 'year', cite: { source: BRANCH_RULES, article: '第十条（三）组织生活会一般每年召开1次' } },
        { type: 'member_review', cadence: 'year', scope: 'branch', loosest: 'year', cite: { source: BRANCH_RULES, article: '第十条（三）民主评议党员一般每年开展1次' } },
        { type: 'heart_talk', cadence: 'year', scope: 'branch', loosest: 'year', cite: { source: BRANCH_RULES, article: '第十条（四）谈心谈话每年至少1次' } },
      ],
    },
  },
];

/** A locality's change of cadence for some types; the citation names the local document. */
export type MeetingOverrides = Partial<Record<RequiredMeetingType, { cadence: Cadence; cite: Citation }>>;

/** Where a requirement's cadence comes from: the national version in force, or a locality's override. */
export type CadenceSource = { kind: 'national'; ruleVersion: string } | { kind: 'local'; orgId: string };

export interface EffectiveRequirement extends MeetingRequirement {
  source: CadenceSource;
}

/** The overrides of one org, for the chain of an org's ancestors and itself. */
export interface OrgOverrides {
  orgId: string;
  overrides: MeetingOverrides;
}

/**
 * The rules that apply to an org: the national version with, for each type, the override of the nearest org of
 * `chain` (ordered root first, the org itself last) that sets one.
 */
export function effectiveRules(version: RuleVersion<MeetingRules>, chain: readonly OrgOverrides[]): EffectiveRequirement[] {
  return version.rules.requirements.map((r) => {
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i] as OrgOverrides;
      const o = link.overrides[r.type];
      if (o) return { ...r, cadence: o.cadence, cite: o.cite, source: { kind: 'local', orgId: link.orgId } };
    }
    return { ...r, source: { kind: 'national', ruleVersion: version.id } };
  });
}

const CADENCE_MONTHS: Record<Cadence, number> = { month: 1, quarter: 3, year: 12 };

/** The types whose override would require meetings less often than the regulation allows. */
export function overridesTooLoose(rules: MeetingRules, overrides: MeetingOverrides): { type: RequiredMeetingType; cadence: Cadence; loosest: Cadence; cite: string }[] {
  return rules.requirements.flatMap((r) => {
    const o = overrides[r.type];
    return o && CADENCE_MONTHS[o.cadence] > CADENCE_MONTHS[r.loosest] ? [{ type: r.type, cadence: o.cadence, loosest: r.loosest, cite: `${r.cite.source} ${r.cite.article}` }] : [];
  });
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
/** A requirement whose body did not exist through any of the period's units (no committee, no 党小组) does not apply. */
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

/** How many meetings of a type (of one 党小组, for 党小组会) were held in each month of the period's year. */
export interface MonthTally {
  type: MeetingType;
  groupId: string | null;
  /** Index 0 is January. */
  counts: readonly number[];
}

/** The tallies of the meetings held in `year`, one per type and group. */
export function tallyMeetings(meetings: readonly MeetingFact[], year: number): MonthTally[] {
  const tallies = new Map<string, { type: MeetingType; groupId: string | null; counts: number[] }>();
  for (const m of meetings) {
    if (Number(m.heldOn.slice(0, 4)) !== year) continue;
    for (const type of m.types) {
      const key = `${type}@${m.groupId ?? ''}`;
      const t = tallies.get(key) ?? { type, groupId: m.groupId, counts: new Array<number>(12).fill(0) };
      const month = Number(m.heldOn.slice(5, 7)) - 1;
      t.counts[month] = (t.counts[month] ?? 0) + 1;
      tallies.set(key, t);
    }
  }
  return [...tallies.values()];
}

/** A span of days, both ends included; null is open-ended. */
export interface Interval {
  from: string | null;
  to: string | null;
}

/** The shape of a branch over time: when it, its 支部委员会 and each of its 党小组 existed. */
export interface BranchStructure {
  existed: Interval;
  committee: readonly Interval[];
  groups: readonly { id: string; existed: Interval }[];
}

const dayAfter = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** Whether the intervals together cover every day of [from, to]; touching intervals join. */
export function covers(intervals: readonly Interval[], from: string, to: string): boolean {
  if (intervals.length === 1) {
    const only = intervals[0] as Interval;
    return (only.from === null || only.from <= from) && (only.to === null || only.to >= to);
  }
  const sorted = [...intervals].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  // The last day covered without a gap from `from` on.
  let reached: string | null = null;
  for (const i of sorted) {
    const start = i.from ?? '0000-01-01';
    const end = i.to ?? '9999-12-31';
    if (end < from) continue;
    if (start > (reached === null ? from : dayAfter(reached))) return false;
    if (reached === null || end > reached) reached = end;
    if (reached >= to) return true;
  }
  return false;
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
const unitsMemo = new Map<string, readonly SubPeriod[]>();

/** The units of a cadence over a period, computed once per cadence and period (a subtree check asks for them per branch). */
function unitsOf(cadence: Cadence, p: Period): readonly SubPeriod[] {
  const key = `${cadence}:${p.year}:${p.quarter ?? ''}:${p.month ?? ''}`;
  let units = unitsMemo.get(key);
  if (!units) {
    units = subPeriods(cadence, p);
    if (unitsMemo.size > 1000) unitsMemo.clear();
    unitsMemo.set(key, units);
  }
  return units;
}

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

/** The intervals during which the body owing a requirement existed, for each scope it is counted in. */
function bodiesOf(scope: RequirementScope, structure: BranchStructure): { groupId: string | null; existed: readonly Interval[] }[] {
  // Open ends are null: the later of two starts, the earlier of two ends.
  const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
  const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
  const within = (i: Interval): Interval => ({ from: later(i.from, structure.existed.from), to: earlier(i.to, structure.existed.to) });
  if (scope === 'branch') return [{ groupId: null, existed: [structure.existed] }];
  if (scope === 'committee') return [{ groupId: null, existed: structure.committee.map(within) }];
  return structure.groups.map((g) => ({ groupId: g.id, existed: [within(g.existed)] }));
}

/**
 * Each requirement over the period, on `today`. A unit (month, quarter, year) is owed only when the body that owes
 * it (the branch, its committee, a group) existed on every day of it; a unit it existed for only in part is shown
 * when a meeting counted in it, and is otherwise left out. A unit that has not ended yet is not yet due unless met.
 * The meetings come as month tallies of the period's year (tallyMeetings makes them from meeting records).
 */
export function checkCompliance(input: {
  rules: MeetingRules;
  tallies: readonly MonthTally[];
  structure: BranchStructure;
  period: Period;
  today: string;
}): RequirementResult[] {
  return input.rules.requirements.map((req) => {
    const units = unitsOf(req.cadence, input.period);
    const counted = input.tallies.filter((t) => t.type === req.type);
    const periods: SubPeriodResult[] = [];
    for (const body of bodiesOf(req.scope, input.structure)) {
      for (const unit of units) {
        const first = Number(unit.from.slice(5, 7)) - 1;
        const last = Number(unit.to.slice(5, 7)) - 1;
        let count = 0;
        for (const t of counted) {
          if (body.groupId !== null && t.groupId !== body.groupId) continue;
          for (let m = first; m <= last; m++) count += t.counts[m] ?? 0;
        }
        if (count > 0) periods.push({ ...unit, groupId: body.groupId, count, status: 'met' });
        else if (covers(body.existed, unit.from, unit.to)) periods.push({ ...unit, groupId: body.groupId, count, status: input.today > unit.to ? 'missing' : 'not_yet_due' });
      }
    }
    const missing = periods.filter((s) => s.status === 'missing').map((s) => (s.groupId ? `${s.label}@${s.groupId}` : s.label));
    const status: RequirementStatus =
      periods.length === 0 ? 'not_applicable' : missing.length > 0 ? 'missing' : periods.every((s) => s.status === 'met') ? 'met' : 'not_yet_due';
    return { type: req.type, cadence: req.cadence, status, cite: `${req.cite.source} ${req.cite.article}`, periods, missing };
  });
}
