/** Server-side masking of personal data: only the audited full-value endpoints ever return the whole value. */

/** An 18-character ID number keeps its first 3 and last 4 characters: 110***********1234 */
export function maskIdNumber(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 13812341234 → 138****1234 */
export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
