/**
 * Resident ID numbers (公民身份号码, GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd =
 * male), and a check character by ISO 7064 MOD 11-2.
 */
import { isIsoDate } from './dates.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'checksum' | 'birth_date_invalid' | 'birth_date_future';

export interface IdNumberFacts {
  valid: boolean;
  reason: IdNumberProblem | null;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  age: number | null;
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Checks an ID number and derives birth date, sex and age (on `today`). */
export function inspectIdNumber(raw: string, today: string): IdNumberFacts {
  const value = raw.trim().toUpperCase();
  const none = (reason: IdNumberProblem): IdNumberFacts => ({ valid: false, reason, birthDate: null, sex: null, age: null });
  if (!/^\d{17}[\dX]$/.test(value)) return none('format');
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < '1900-01-01') return none('birth_date_invalid');
  if (birthDate > today) return none('birth_date_future');
  if (checkCharacter(value.slice(0, 17)) !== value[17]) return none('checksum');
  return {
    valid: true,
    reason: null,
    birthDate,
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    age: ageOn(birthDate, today),
  };
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}
