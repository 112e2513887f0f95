import { describe, expect, test } from 'vitest';
import { versionInForce } from '../../policy/rule-set.ts';
import {
  checkCompliance,
  covers,
  effectiveRules,
  MEETING_RULE_VERSIONS,
  overridesTooLoose,
  tallyMeetings,
  type BranchStructure,
  type Interval,
  type MeetingFact,
  type Period,
  type RequiredMeetingType,
} from '../../policy/meetings.ts';

const VERSION = versionInForce(MEETING_RULE_VERSIONS, '2026-01-01');
const RULES = VERSION.rules;
const G1 = 'group-1';
const G2 = 'group-2';

/** A branch's year 2026: a 支部党员大会 in Q1 and Q2, none in Q3 or (yet) Q4; monthly 主题党日 that include a 党课 in March. */
const YEAR: MeetingFact[] = [
  { heldOn: '2026-02-10', types: ['general_meeting'], groupId: null },
  { heldOn: '2026-05-12', types: ['general_meeting'], groupId: null },
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m): MeetingFact => ({ heldOn: `2026-${String(m).padStart(2, '0')}-05`, types: m === 3 ? ['theme_day', 'party_lesson'] : ['theme_day'], groupId: null })),
  { heldOn: '2026-01-15', types: ['group_meeting'], groupId: G1 },
];

const ALWAYS: Interval = { from: null, to: null };
/** A branch that always existed, with a committee all along and the given groups. */
const structureWith = (groups: readonly string[], change: Partial<BranchStructure> = {}): BranchStructure => ({
  existed: ALWAYS,
  committee: [ALWAYS],
  groups: groups.map((id) => ({ id, existed: ALWAYS })),
  ...change,
});

const check = (type: RequiredMeetingType, period: Period, today: string, meetings = YEAR, structure = structureWith([G1])) => {
  const r = checkCompliance({ rules: RULES, tallies: tallyMeetings(meetings, period.year), structure, period, today }).find((x) => x.type === type);
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
    const r = check('group_meeting', { year: 2026, month: 1 }, '2026-11-21', YEAR, structureWith([G1, G2]));
    expect(r.missing).toEqual(['2026-01@group-2']);
  });

  test('a branch without 党小组 has no 党小组会 requirement', () => {
    expect(check('group_meeting', { year: 2026 }, '2026-11-21', YEAR, structureWith([])).status).toBe('not_applicable');
  });

  test('a locality requiring a 党课 every month overrides the default cadence, citing its own document', () => {
    const rules = { requirements: effectiveRules(VERSION, [{ orgId: 'county', overrides: { party_lesson: { cadence: 'month', cite: { source: '某省党支部工作规范', article: '第五条' } } } }]) };
    const r = checkCompliance({ rules, tallies: tallyMeetings(YEAR, 2026), structure: structureWith([]), period: { year: 2026, quarter: 1 }, today: '2026-11-21' }).find((x) => x.type === 'party_lesson');
    expect(r?.cadence).toBe('month');
    expect(r?.missing).toEqual(['2026-01', '2026-02']);
    expect(r?.cite).toBe('某省党支部工作规范 第五条');
  });

  test('a month with several meetings counts them all; meetings of another year do not count', () => {
    const held: MeetingFact[] = ['2026-11-03', '2026-11-17', '2026-11-28', '2025-11-10'].map((heldOn) => ({ heldOn, types: ['theme_day'], groupId: null }));
    expect(check('theme_day', { year: 2026, month: 11 }, '2026-12-02', held).periods).toMatchObject([{ label: '2026-11', status: 'met', count: 3 }]);
  });
});

describe('the structure on each date (第十条; a branch of fewer than 7 full members elects no committee)', () => {
  const Q2: Period = { year: 2026, quarter: 2 };
  test.each<[string, RequiredMeetingType, Partial<BranchStructure>, string[], Period, Record<string, string>, string]>([
    ['no committee at all: no 支委会 owed', 'committee_meeting', { committee: [] }, [], Q2, {}, 'not_applicable'],
    [
      'a committee elected on 10 March owes 支委会 from April (March only in part)',
      'committee_meeting',
      { committee: [{ from: '2026-03-10', to: null }] },
      [],
      { year: 2026, quarter: 1 },
      {},
      'not_applicable',
    ],
    [
      'committee posts that follow each other without a gap keep the committee whole',
      'committee_meeting',
      { committee: [{ from: '2025-01-01', to: '2026-04-15' }, { from: '2026-04-16', to: null }] },
      [],
      Q2,
      { '2026-04': 'missing', '2026-05': 'missing', '2026-06': 'not_yet_due' },
      'missing',
    ],
    ['a committee whose last 委员 left on 20 May owes no 支委会 for May or June', 'committee_meeting', { committee: [{ from: '2020-01-01', to: '2026-05-20' }] }, [], Q2, { '2026-04': 'missing' }, 'missing'],
    [
      'a meeting held in a month owed only in part shows as met',
      'committee_meeting',
      { committee: [{ from: '2026-03-10', to: null }] },
      ['2026-03-20'],
      { year: 2026, quarter: 1 },
      { '2026-03': 'met' },
      'met',
    ],
    ['a group set up on 1 May owes 党小组会 from May', 'group_meeting', { groups: [{ id: G1, existed: { from: '2026-05-01', to: null } }] }, [], Q2, { '2026-05@group-1': 'missing', '2026-06@group-1': 'not_yet_due' }, 'missing'],
    ['a group dissolved on 15 May owes April only', 'group_meeting', { groups: [{ id: G1, existed: { from: null, to: '2026-05-15' } }] }, [], Q2, { '2026-04@group-1': 'missing' }, 'missing'],
    ['a group that ended before the quarter owes nothing in it', 'group_meeting', { groups: [{ id: G1, existed: { from: null, to: '2026-03-31' } }] }, [], Q2, {}, 'not_applicable'],
    ['a group of a branch that ended owes nothing after the branch', 'group_meeting', { existed: { from: null, to: '2026-04-30' } }, [], Q2, { '2026-04@group-1': 'missing' }, 'missing'],
    ['a branch set up on 2 April owes no Q2 支部党员大会', 'general_meeting', { existed: { from: '2026-04-02', to: null } }, [], Q2, {}, 'not_applicable'],
    ['a branch set up on 1 April owes the Q2 支部党员大会', 'general_meeting', { existed: { from: '2026-04-01', to: null } }, [], Q2, { '2026-Q2': 'not_yet_due' }, 'not_yet_due'],
    ['a branch set up in February owes no 组织生活会 for its first year', 'life_meeting', { existed: { from: '2026-02-01', to: null } }, [], { year: 2026 }, {}, 'not_applicable'],
  ])('%s', (_label, type, change, held, period, expected, overall) => {
    const meetings: MeetingFact[] = held.map((heldOn) => ({ heldOn, types: [type], groupId: type === 'group_meeting' ? G1 : null }));
    const r = check(type, period, '2026-06-10', meetings, { ...structureWith([G1]), ...change });
    expect(statuses(r)).toEqual(expected);
    expect(r.status).toBe(overall);
  });

  test.each<[string, Interval[], string, string, boolean]>([
    ['one open interval', [{ from: null, to: null }], '2026-01-01', '2026-12-31', true],
    ['starts a day late', [{ from: '2026-01-02', to: null }], '2026-01-01', '2026-01-31', false],
    ['ends a day early', [{ from: null, to: '2026-01-30' }], '2026-01-01', '2026-01-31', false],
    ['touching intervals join', [{ from: '2026-01-16', to: null }, { from: null, to: '2026-01-15' }], '2026-01-01', '2026-01-31', true],
    ['a one-day gap breaks it', [{ from: null, to: '2026-01-14' }, { from: '2026-01-16', to: null }], '2026-01-01', '2026-01-31', false],
    ['overlapping intervals', [{ from: '2025-06-01', to: '2026-01-20' }, { from: '2026-01-10', to: '2026-02-10' }], '2026-01-01', '2026-01-31', true],
    ['no intervals', [], '2026-01-01', '2026-01-31', false],
  ])('covers: %s', (_label, intervals, from, to, expected) => {
    expect(covers(intervals, from, to)).toBe(expected);
  });
});

describe('local overrides (a locality requires more than the national rule)', () => {
  const lesson = (cadence: 'month' | 'quarter' | 'year', article: string) => ({ party_lesson: { cadence, cite: { source: '某县党支部工作规范', article } } });

  test('the nearest org of the chain wins for each type; other types keep the national rule and say so', () => {
    const rules = effectiveRules(VERSION, [
      { orgId: 'province', overrides: { ...lesson('month', '第一条'), theme_day: { cadence: 'month', cite: { source: '某省规范', article: '第二条' } } } },
      { orgId: 'county', overrides: lesson('quarter', '第三条') },
    ]);
    const byType = Object.fromEntries(rules.map((r) => [r.type, r]));
    expect(byType.party_lesson).toMatchObject({ cadence: 'quarter', source: { kind: 'local', orgId: 'county' } });
    expect(byType.theme_day).toMatchObject({ cadence: 'month', source: { kind: 'local', orgId: 'province' } });
    expect(byType.general_meeting).toMatchObject({ cadence: 'quarter', source: { kind: 'national', ruleVersion: 'meetings.2018' } });
  });

  test.each<[string, Parameters<typeof overridesTooLoose>[1], string[]]>([
    ['a monthly 党课 is stricter: allowed', lesson('month', '第一条'), []],
    ['a yearly 党课 keeps the secretary\'s one lesson a year: allowed', lesson('year', '第一条'), []],
    ['a yearly 支部党员大会 is looser than 第十条 allows', { general_meeting: { cadence: 'year', cite: { source: 'x', article: 'y' } } }, ['general_meeting']],
    ['a quarterly 支委会 is looser than 第十条 allows', { committee_meeting: { cadence: 'quarter', cite: { source: 'x', article: 'y' } } }, ['committee_meeting']],
  ])('%s', (_label, overrides, refused) => {
    expect(overridesTooLoose(RULES, overrides).map((l) => l.type)).toEqual(refused);
  });
});
