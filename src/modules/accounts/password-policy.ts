/**
 * Password policy with two profiles:
 * - `dengbao` (GB/T 22239-2019 三级 8.1.4.1 身份鉴别: complexity and periodic change): ≥ 8 characters, three of
 *   four character classes, change every 90 days, the last 5 not reused;
 * - `asvs` (OWASP ASVS 4.0 V2.1, NIST SP 800-63B): ≥ 8, up to 128, no composition rule, no forced rotation,
 *   checked against a list of common passwords.
 */
import { readFileSync } from 'node:fs';

export type PasswordProfile = 'dengbao' | 'asvs';

export interface PasswordPolicy {
  profile: PasswordProfile;
  minLength: number;
  maxLength: number;
  /** How many of the four classes (lower, upper, digit, other) must appear; 0 = no composition rule. */
  minClasses: number;
  /** Days before a change is forced; null = never. */
  maxAgeDays: number | null;
  /** How many previous passwords may not be reused. */
  historySize: number;
  checkCommonList: boolean;
  cite: string;
}

export const PASSWORD_POLICIES: Record<PasswordProfile, PasswordPolicy> = {
  dengbao: {
    profile: 'dengbao',
    minLength: 8,
    maxLength: 128,
    minClasses: 3,
    maxAgeDays: 90,
    historySize: 5,
    checkCommonList: true,
    cite: 'GB/T 22239-2019 8.1.4.1 a)',
  },
  asvs: {
    profile: 'asvs',
    minLength: 8,
    maxLength: 128,
    minClasses: 0,
    maxAgeDays: null,
    historySize: 0,
    checkCommonList: true,
    cite: 'OWASP ASVS 4.0.3 V2.1.1–V2.1.10',
  },
};

let commonPasswords: Set<string> | null = null;

/** The shipped list of common passwords (one a line), loaded once. */
export function isCommonPassword(password: string): boolean {
  if (!commonPasswords) {
    const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    commonPasswords = new Set(
      text
        .split('\n')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return commonPasswords.has(password.toLowerCase());
}

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

export type PasswordProblem =
  | 'password.too_short'
  | 'password.too_long'
  | 'password.too_simple'
  | 'password.common'
  | 'password.contains_username'
  | 'password.reused';

/**
 * Problems with a new password, empty when acceptable. `isReused` tells whether it matches one of the last
 * `historySize` hashes (the caller checks hashes; this stays pure).
 */
export function checkPassword(
  policy: PasswordPolicy,
  password: string,
  username: string,
  isReused = false,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push('password.too_short');
  if (length > policy.maxLength) problems.push('password.too_long');
  if (policy.minClasses > 0 && characterClasses(password) < policy.minClasses) problems.push('password.too_simple');
  if (policy.checkCommonList && (isCommonPassword(password) || /^(.)\1+$/.test(password))) {
    problems.push('password.common');
  }
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('password.contains_username');
  }
  if (isReused && policy.historySize > 0) problems.push('password.reused');
  return problems;
}

/** Whether a password set at `changedAt` must be changed now. */
export function passwordExpired(policy: PasswordPolicy, changedAt: string, now: Date): boolean {
  if (policy.maxAgeDays === null) return false;
  return now.getTime() - Date.parse(changedAt) > policy.maxAgeDays * 86_400_000;
}
