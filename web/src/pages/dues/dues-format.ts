/**
 * Money and rates of the dues pages, formatted from integers only: fen → yuan with two decimals, basis points →
 * a percentage, so that no floating-point step can change a figure. Yuan typed by a user become fen the same way.
 */

const withThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 123456 → "1,234.56"; -5 → "-0.05". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${withThousands(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`;
}

/** 150 → "1.50%"; null (nothing due) → "—". */
export function formatRate(basisPoints: number | null): string {
  if (basisPoints === null) return '—';
  return `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}%`;
}

const YUAN = /^(\d{1,11})(?:\.(\d{1,2}))?$/;

/** "5400" → 540000, "0.2" → 20, "12.05" → 1205; null for anything that is not yuan with at most two decimals. */
export function parseYuan(text: string): number | null {
  const m = YUAN.exec(text.trim().replaceAll(',', ''));
  if (!m) return null;
  const [, whole, decimals = ''] = m;
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
}

/** The month `n` months from `month` (YYYY-MM). */
export function addMonths(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from a to b. */
export function monthsBetween(a: string, b: string): number {
  return Number(b.slice(0, 4)) * 12 + Number(b.slice(5, 7)) - (Number(a.slice(0, 4)) * 12 + Number(a.slice(5, 7)));
}

/** The three months of the calendar quarter holding `month`. */
export function quarterMonths(month: string): string[] {
  const first = Math.floor((Number(month.slice(5, 7)) - 1) / 3) * 3 + 1;
  const start = `${month.slice(0, 4)}-${String(first).padStart(2, '0')}`;
  return [start, addMonths(start, 1), addMonths(start, 2)];
}

/** The last day of a month, as an ISO date. */
export function lastDayOf(month: string): string {
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}
