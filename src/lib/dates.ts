/** Calendar dates are ISO `YYYY-MM-DD` text; timestamps are ISO UTC text. No time zone arithmetic on dates. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parts(value: string): [number, number, number] {
  const m = ISO_DATE.exec(value);
  if (!m) throw new Error(`not an ISO date: ${value}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds calendar months; the day is clamped to the month's end (2024-08-31 + 6 months = 2025-02-28). */
export function addMonths(value: string, months: number): string {
  const [y, m, d] = parts(value);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYears(value: string, years: number): string {
  return addMonths(value, years * 12);
}

export function addDays(value: string, days: number): string {
  const [y, m, d] = parts(value);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Today's date in China Standard Time (UTC+8, no daylight saving), where the users are. */
export function todayInChina(now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

export function nowUtc(now: Date = new Date()): string {
  return now.toISOString();
}
