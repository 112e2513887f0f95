import { describe, expect, test } from 'vitest';
import { versionInForce } from '../../policy/rule-set.ts';
import { applyOverrides, checkCompliance, MEETING_RULE_VERSIONS, type MeetingFact, type Period, type RequiredMeetingType } from '../../policy/meetings.ts';

const RULES = versionInForce(MEETING_RULE_VERSIONS, '2026-01-01').rules;
const G1 = 'group-1';
const G2 = 'group-2';

/** A branch's year 2026: a 支部党员大会 in Q1 and Q2, none in Q3 or (yet) Q4; monthly 主题党日 that include a 党课 in March. */
const YEAR: MeetingFact[] = [
  { heldOn: '2026-02-10', types: ['general_meeting'], groupId: null },
  { heldOn: '2026-05-12', types: ['general_meeting'], groupId: null },
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m): MeetingFact => ({ heldOn: `2026-${String(m).padStart(2, '0')}-05`, types: m === 3 ? ['theme_day', 'party_lesson'] : ['theme_day'], groupId: null })),
  { heldOn: '2026-01-15', types: ['group_meeting'], groupId: G1 },
];

const check = (type: RequiredMeetingType, period: Period, today: string, meetings = YEAR, groups = [{ id: G1 }]) => {
  const r = checkCompliance({ rules: RULES, meetings, groups, period, today }).find((x) => x.type === type);
  if (!r) throw new Error(type);
  return r;
};
const statuses = (r: ReturnType<typeof check>) => Object.fromEntries(r.periods.map((p) => [p.groupId ? `${p.label}@${p.groupId}` : p.label, p.status]));

describe('meeting compliance (《中国共产党支部工作条例（试行）》第十条)', () => {
  test('支部党员大会 quarterly: a year without one in Q3 shows Q3 missing, Q4 not yet due before its end', () => {
    const r = check('general_meeting', { year: 2026 }, '2026-11-21');
    expect(statuses(r)).toEqual({ '2026-Q1': 'met', '2026-Q2': 'met', '2026-Q3': 'missing', '2026-Q4': 'not_yet_due' });
    expect(r.status).toBe('missing');
    expect(r.missing).toEqual(['2026-Q3']);
    expect(r.cite).toContain('第十条');
  });

  test.each<[string, RequiredMeetingType, Period, string, Record<string, string>, string]>([
    ['Q4 without a meeting yet is not yet due in November (第十条 支部党员大会每季度)', 'general_meeting', { year: 2026, quarter: 4 }, '2026-11-21', { '2026-Q4': 'not_yet_due' }, 'not_yet_due'],
    ['a month asked of a quarterly rule is judged on its quarter', 'general_meeting', { year: 2026, month: 8 }, '2026-11-21', { '2026-Q3': 'missing' }, 'missing'],
    ['主题党日 monthly: November not yet due, December not yet begun (第十条 主题党日每月)', 'theme_day', { year: 2026, quarter: 4 }, '2026-11-21', { '2026-10': 'met', '2026-11': 'not_yet_due', '2026-12': 'not_yet_due' }, 'not_yet_due'],
    ['a 主题党日 that includes a 党课 counts for both (党课 quarterly by default)', 'party_lesson', { year: 2026, quarter: 1 }, '2026-11-21', { '2026-Q1': 'met' }, 'met'],
    ['党课 missing in Q2', 'party_lesson', { year: 2026, quarter: 2 }, '2026-11-21', { '2026-Q2': 'missing' }, 'missing'],
    ['党小组会 monthly for each group (第十条 党小组会每月)', 'group_meeting', { year: 2026, month: 1 }, '2026-11-21', { '2026-01@group-1': 'met' }, 'met'],
    ['组织生活会 yearly: not yet due before 31 December', 'life_meeting', { year: 2026 }, '2026-11-21', { '2026': 'not_yet_due' }, 'not_yet_due'],
    ['组织生活会 yearly: missing once the year ended', 'life_meeting', { year: 2026 }, '2027-01-01', { '2026': 'missing' }, 'missing'],
    ['a past year is judged whole', 'theme_day', { year: 2025, quarter: 4 }, '2026-11-21', { '2025-10': 'missing', '2025-11': 'missing', '2025-12': 'missing' }, 'missing'],
  ])('%s', (_label, type, period, today, expected, overall) => {
    const r = check(type, period, today);
    expect(statuses(r)).toEqual(expected);
    expect(r.status).toBe(overall);
  });

  test('党小组会 counts per group: a meeting of one group does not cover another', () => {
    const r = check('group_meeting', { year: 2026, month: 1 }, '2026-11-21', YEAR, [{ id: G1 }, { id: G2 }]);
    expect(r.missing).toEqual(['2026-01@group-2']);
  });

  test('a branch without 党小组 has no 党小组会 requirement', () => {
    expect(check('group_meeting', { year: 2026 }, '2026-11-21', YEAR, []).status).toBe('not_applicable');
  });

  test('a locality requiring a 党课 every month overrides the default cadence, citing its own document', () => {
    const rules = applyOverrides(RULES, { party_lesson: { cadence: 'month', cite: { source: '某省党支部工作规范', article: '第五条' } } });
    const r = checkCompliance({ rules, meetings: YEAR, groups: [], period: { year: 2026, quarter: 1 }, today: '2026-11-21' }).find((x) => x.type === 'party_lesson');
    expect(r?.cadence).toBe('month');
    expect(r?.missing).toEqual(['2026-01', '2026-02']);
    expect(r?.cite).toBe('某省党支部工作规范 第五条');
  });
});
