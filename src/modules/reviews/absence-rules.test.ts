import { describe, expect, test } from 'vitest';
import { absenceRulesOn } from '../../policy/reviews.ts';
import { absenceFlag, absenceRuns, monthStatuses, type AttendanceFact, type AttendanceStatus } from './absence-rules.ts';

const THRESHOLD = absenceRulesOn('2026-01-01').rules.consecutiveMonths;

/** A compact history: one letter per month from January 2025 — A absent, P present, L leave, . no meeting expected. */
function history(pattern: string, start = 2025): AttendanceFact[] {
  const status: Record<string, AttendanceStatus | null> = { A: 'absent', P: 'present', L: 'leave', '.': null };
  const facts: AttendanceFact[] = [];
  [...pattern].forEach((ch, i) => {
    const s = status[ch];
    if (s === undefined) throw new Error(`bad pattern character ${ch}`);
    const month = `${start + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    if (s) facts.push({ month, status: s });
  });
  return facts;
}

describe('a month of organizational life', () => {
  test('absent only when absent at every meeting expected of the member in it', () => {
    const statuses = monthStatuses([
      { month: '2025-01', status: 'absent' },
      { month: '2025-01', status: 'absent' },
      { month: '2025-02', status: 'absent' },
      { month: '2025-02', status: 'present' },
      { month: '2025-03', status: 'leave' },
      { month: '2025-03', status: 'absent' },
    ]);
    expect(Object.fromEntries(statuses)).toEqual({ '2025-01': 'absent', '2025-02': 'took_part', '2025-03': 'took_part' });
  });
});

describe('党章第九条: six consecutive months without taking part in organizational life, without leave', () => {
  test('the rule cites the constitution, article 9, and counts six months', () => {
    const rule = absenceRulesOn('2026-01-01');
    expect(THRESHOLD).toBe(6);
    expect(`${rule.rules.cite.source}${rule.rules.cite.article}`).toContain('《中国共产党章程》第九条');
  });

  test.each<[string, string, { firstMonth: string; lastMonth: string; months: number; spanMonths: number; ongoing: boolean } | null]>([
    ['six absent months in a row are flagged', 'PAAAAAA', { firstMonth: '2025-02', lastMonth: '2025-07', months: 6, spanMonths: 6, ongoing: true }],
    ['five absent months are not', 'PAAAAAP', null],
    ['leave in one month breaks the run (a proper reason)', 'AAALAAA', null],
    ['present at one meeting of a month breaks the run', 'AAAPAAA', null],
    ['months without any expected meeting neither count nor break', 'AAA..AAA', { firstMonth: '2025-01', lastMonth: '2025-08', months: 6, spanMonths: 8, ongoing: true }],
    ['gaps alone never make a run', 'AAA......AA', null],
    ['a run followed by taking part still stands, not ongoing', 'AAAAAAP', { firstMonth: '2025-01', lastMonth: '2025-06', months: 6, spanMonths: 6, ongoing: false }],
    ['the latest qualifying run is reported', 'AAAAAAPAAAAAAAP', { firstMonth: '2025-08', lastMonth: '2026-02', months: 7, spanMonths: 7, ongoing: false }],
    ['a short run after a qualifying one leaves the qualifying one reported', 'AAAAAAPAA', { firstMonth: '2025-01', lastMonth: '2025-06', months: 6, spanMonths: 6, ongoing: false }],
    ['a run across the turn of the year', '.........PAAAAAA', { firstMonth: '2025-11', lastMonth: '2026-04', months: 6, spanMonths: 6, ongoing: true }],
    ['nobody expected anywhere: no flag', '............', null],
  ])('%s (%s)', (_label, pattern, expected) => {
    expect(absenceFlag(history(pattern), THRESHOLD)).toEqual(expected);
  });

  test('runs are listed oldest first with their lengths', () => {
    expect(absenceRuns(monthStatuses(history('AAPA.AP')))).toEqual([
      { firstMonth: '2025-01', lastMonth: '2025-02', months: 2, spanMonths: 2 },
      { firstMonth: '2025-04', lastMonth: '2025-06', months: 2, spanMonths: 3 },
    ]);
  });
});
