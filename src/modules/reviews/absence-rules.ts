/**
 * The 党章第九条 absence signal as a pure function of a member's attendance rows.
 *
 * A month counts as ABSENT when the member was expected at one or more meetings in it and was absent (neither
 * present nor on leave) at every one; it counts as TAKING PART when the member was present or on leave at any.
 * A month in which nothing was expected of the member (no meeting recorded with them on its roster) neither counts
 * nor breaks a run: the member cannot have missed organizational life that was not held, and a branch's own gaps
 * show in its compliance instead. A run is therefore a sequence of absent months, in calendar order, with no month
 * of taking part between them; its length is the number of absent months in it.
 */

export type AttendanceStatus = 'present' | 'leave' | 'absent';
export type MonthStatus = 'absent' | 'took_part';

/** The member's attendance at a meeting held in the month (YYYY-MM); the day does not matter. */
export interface AttendanceFact {
  month: string;
  status: AttendanceStatus;
}

export interface AbsenceRun {
  /** First and last absent month of the run, as YYYY-MM. */
  firstMonth: string;
  lastMonth: string;
  /** Absent months in the run (months without an expected meeting are not counted). */
  months: number;
  /** Calendar months from the first to the last, both included. */
  spanMonths: number;
}

export interface AbsenceFlag extends AbsenceRun {
  /** No month of taking part followed the run (up to the date asked about). */
  ongoing: boolean;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** Each month with at least one expected meeting: absent from all of them, or took part in one. */
export function monthStatuses(facts: readonly AttendanceFact[]): Map<string, MonthStatus> {
  const out = new Map<string, MonthStatus>();
  for (const f of facts) {
    if (f.status !== 'absent') out.set(f.month, 'took_part');
    else if (!out.has(f.month)) out.set(f.month, 'absent');
  }
  return out;
}

/** Every run of absent months, oldest first. */
export function absenceRuns(statuses: ReadonlyMap<string, MonthStatus>): AbsenceRun[] {
  const runs: AbsenceRun[] = [];
  let run: AbsenceRun | null = null;
  for (const month of [...statuses.keys()].sort()) {
    if (statuses.get(month) === 'took_part') {
      run = null;
      continue;
    }
    if (run) {
      run.lastMonth = month;
      run.months += 1;
      run.spanMonths = monthIndex(month) - monthIndex(run.firstMonth) + 1;
    } else {
      run = { firstMonth: month, lastMonth: month, months: 1, spanMonths: 1 };
      runs.push(run);
    }
  }
  return runs;
}

/**
 * The member's flag: the latest run of at least `threshold` absent months among the facts (all held on or before
 * the date asked about), or null. A run followed by a month of taking part still stands (the condition was met;
 * people decide), marked not ongoing.
 */
export function absenceFlag(facts: readonly AttendanceFact[], threshold: number): AbsenceFlag | null {
  const statuses = monthStatuses(facts);
  const run = absenceRuns(statuses).findLast((r) => r.months >= threshold);
  if (!run) return null;
  // Any month after a run is one of taking part: an absent one would have extended it or begun a later run.
  return { ...run, ongoing: ![...statuses.keys()].some((month) => month > run.lastMonth) };
}
