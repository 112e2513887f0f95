/**
 * China's working-day calendar: official holidays (法定节假日, with the days taken off around them) and make-up
 * working days (调休上班) as the State Council's General Office announces them each year. A weekday is a working
 * day unless it is a holiday; a Saturday or Sunday is a rest day unless it is a make-up working day. Years after
 * those shipped here are loaded as data (the installation setting `calendar.holidays`, same shape as a YearCalendar).
 */
import { addDays, isIsoDate } from '../lib/dates.ts';

export interface YearCalendar {
  year: number;
  /** The notice that announced the year's arrangement. */
  source: string;
  /** Every day off of the holiday breaks (weekend days inside a break may be listed too). */
  holidays: readonly string[];
  /** Saturdays and Sundays that are working days (调休上班). */
  workdays: readonly string[];
}

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

export const SHIPPED_CALENDARS: readonly YearCalendar[] = [
  {
    year: 2024,
    source: '《国务院办公厅关于2024年部分节假日安排的通知》（国办发明电〔2023〕7号）',
    holidays: [
      '2024-01-01',
      ...range('2024-02-10', '2024-02-17'),
      ...range('2024-04-04', '2024-04-06'),
      ...range('2024-05-01', '2024-05-05'),
      '2024-06-10',
      ...range('2024-09-15', '2024-09-17'),
      ...range('2024-10-01', '2024-10-07'),
    ],
    workdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  {
    year: 2025,
    source: '《国务院办公厅关于2025年部分节假日安排的通知》（国办发明电〔2024〕12号）',
    holidays: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'),
      ...range('2025-04-04', '2025-04-06'),
      ...range('2025-05-01', '2025-05-05'),
      ...range('2025-05-31', '2025-06-02'),
      ...range('2025-10-01', '2025-10-08'),
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '《国务院办公厅关于2026年部分节假日安排的通知》（2025年11月）',
    holidays: [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

export class CalendarError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a year's calendar given as data (e.g. loaded from settings); throws CalendarError on the first problem. */
export function validateYearCalendar(value: YearCalendar): YearCalendar {
  if (!Number.isInteger(value.year) || value.year < 1949 || value.year > 2200) throw new CalendarError('year', 'The year is not valid');
  if (typeof value.source !== 'string' || value.source.trim() === '') throw new CalendarError('source', 'Name the notice the calendar comes from');
  for (const [field, days] of [
    ['holidays', value.holidays],
    ['workdays', value.workdays],
  ] as const) {
    if (!Array.isArray(days)) throw new CalendarError(field, 'A list of dates is expected');
    for (const day of days) {
      if (typeof day !== 'string' || !isIsoDate(day) || !day.startsWith(`${value.year}-`)) {
        throw new CalendarError(field, `${String(day)} is not a date of ${value.year}`);
      }
    }
  }
  for (const day of value.workdays) {
    if (!isWeekend(day)) throw new CalendarError('workdays', `${day} is a weekday; make-up working days fall on a Saturday or Sunday`);
    if (value.holidays.includes(day)) throw new CalendarError('workdays', `${day} is listed both as a holiday and as a working day`);
  }
  return value;
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * Working days over the loaded years. A date in a year that is not loaded is judged by weekends alone; the
 * functions report such years so that a caller can say the figure is approximate.
 */
export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly years = new Map<number, string>();

  constructor(calendars: readonly YearCalendar[] = SHIPPED_CALENDARS) {
    for (const c of calendars) {
      // A later entry for the same year replaces the earlier one (a corrected notice loaded from settings).
      if (this.years.has(c.year)) {
        for (const d of [...this.holidays]) if (d.startsWith(`${c.year}-`)) this.holidays.delete(d);
        for (const d of [...this.workdays]) if (d.startsWith(`${c.year}-`)) this.workdays.delete(d);
      }
      this.years.set(c.year, c.source);
      for (const d of c.holidays) this.holidays.add(d);
      for (const d of c.workdays) this.workdays.add(d);
    }
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  sourceOf(year: number): string | null {
    return this.years.get(year) ?? null;
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /**
   * The date `n` working days after `from` (from itself not counted): a 公示 starting on `from` and lasting n
   * working days ends on addWorkingDays(from, n - 1) when `from` is a working day.
   */
  addWorkingDays(from: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of working days: ${n}`);
    let d = from;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /** Working days in [from, to], both ends included; 0 when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count += 1;
    return count;
  }

  /** The years of [from, to] the calendar does not cover (counted by weekends only). */
  uncoveredYears(from: string, to: string): number[] {
    const out: number[] = [];
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y += 1) if (!this.covers(y)) out.push(y);
    return out;
  }
}
