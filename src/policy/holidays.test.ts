import { describe, expect, test } from 'vitest';
import { CalendarError, SHIPPED_CALENDARS, validateYearCalendar, WorkingCalendar } from './holidays.ts';

const calendar = new WorkingCalendar();

describe('working days (国务院办公厅节假日安排通知 2024–2026)', () => {
  test.each([
    // 2024: 春节 2-10..2-17 with 2-04 and 2-18 (Sundays) worked; 国庆 10-01..10-07 with 9-29 and 10-12 worked.
    ['2024-02-09', true],
    ['2024-02-12', false],
    ['2024-02-04', true],
    ['2024-02-18', true],
    ['2024-04-07', true],
    ['2024-05-11', true],
    ['2024-06-10', false],
    ['2024-09-14', true],
    ['2024-10-07', false],
    ['2024-10-12', true],
    ['2024-10-13', false],
    // 2025: 除夕 is a holiday from 2025; 1-26 and 2-08 worked; 国庆中秋 8 days with 9-28 and 10-11 worked.
    ['2025-01-01', false],
    ['2025-01-26', true],
    ['2025-01-28', false],
    ['2025-02-08', true],
    ['2025-04-27', true],
    ['2025-05-02', false],
    ['2025-06-02', false],
    ['2025-09-28', true],
    ['2025-10-08', false],
    ['2025-10-11', true],
    // 2026: 元旦 1-01..1-03 with 1-04 worked; 春节 2-15..2-23 with 2-14 and 2-28 worked; 国庆 with 9-20 and 10-10 worked.
    ['2026-01-02', false],
    ['2026-01-04', true],
    ['2026-02-14', true],
    ['2026-02-23', false],
    ['2026-02-28', true],
    ['2026-05-05', false],
    ['2026-05-09', true],
    ['2026-06-19', false],
    ['2026-09-20', true],
    ['2026-09-25', false],
    ['2026-10-10', true],
    // An ordinary weekday and weekend.
    ['2026-03-10', true],
    ['2026-03-14', false],
  ])('%s is a working day: %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  test.each([
    // A 公示 of 5 working days starting on the Thursday before the 2024 国庆 break.
    ['2024-09-26', 4, '2024-10-08'],
    ['2025-01-24', 1, '2025-01-26'],
    ['2026-02-12', 3, '2026-02-24'],
    ['2026-02-12', 2, '2026-02-14'],
    ['2026-03-09', 5, '2026-03-16'],
    ['2026-03-09', 0, '2026-03-09'],
  ])('%s + %i working days = %s', (from, n, expected) => {
    expect(calendar.addWorkingDays(from, n)).toBe(expected);
  });

  test.each([
    ['2024-09-26', '2024-10-08', 5],
    ['2025-09-29', '2025-10-11', 5],
    ['2026-02-13', '2026-02-24', 3],
    ['2026-03-09', '2026-03-13', 5],
    ['2026-03-13', '2026-03-09', 0],
  ])('working days in [%s, %s] = %i', (from, to, n) => {
    expect(calendar.workingDaysBetween(from, to)).toBe(n);
  });

  test('every shipped year cites its notice; make-up days fall on weekends', () => {
    for (const year of SHIPPED_CALENDARS) {
      expect(year.source).toContain(`${year.year}年部分节假日安排`);
      expect(() => validateYearCalendar(year)).not.toThrow();
    }
  });

  test('a later year is loadable as data; a year not loaded counts weekends only and says so', () => {
    expect(calendar.covers(2027)).toBe(false);
    expect(calendar.uncoveredYears('2026-12-30', '2027-01-05')).toEqual([2027]);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    const loaded = new WorkingCalendar([...SHIPPED_CALENDARS, validateYearCalendar({ year: 2027, source: '《国务院办公厅关于2027年部分节假日安排的通知》', holidays: ['2027-01-01'], workdays: [] })]);
    expect(loaded.isWorkingDay('2027-01-01')).toBe(false);
    expect(loaded.covers(2027)).toBe(true);
  });

  test.each([
    [{ year: 2027, source: 'x', holidays: ['2026-01-01'], workdays: [] }, 'holidays'],
    [{ year: 2027, source: 'x', holidays: [], workdays: ['2027-01-06'] }, 'workdays'],
    [{ year: 2027, source: '', holidays: [], workdays: [] }, 'source'],
    [{ year: 2027, source: 'x', holidays: ['2027-02-30'], workdays: [] }, 'holidays'],
  ])('bad calendar data is refused (%j)', (value, field) => {
    expect(() => validateYearCalendar(value)).toThrow(CalendarError);
    try {
      validateYearCalendar(value);
    } catch (error) {
      expect((error as CalendarError).field).toBe(field);
    }
  });
});
