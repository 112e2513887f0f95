/** Which step a session must take before it is complete, as a pure function of the account's state. */
import type { Role } from './roles.ts';

export type NextStep = 'change-password' | 'enroll-mfa' | 'mfa' | null;

export interface StepFacts {
  roles: readonly Role[];
  mfaRoles: readonly Role[];
  mfaEnrolled: boolean;
  mfaPassed: boolean;
  mustChangePassword: boolean;
  passwordExpired: boolean;
}

export function mfaRequired(roles: readonly Role[], mfaRoles: readonly Role[]): boolean {
  return roles.some((r) => mfaRoles.includes(r));
}

/**
 * An enrolled second factor comes first (whoever enrolled uses it), so a leaked password alone cannot even change
 * the password; a first login changes the one-time password, then enrols where the policy requires it.
 */
export function nextStep(f: StepFacts): NextStep {
  const required = mfaRequired(f.roles, f.mfaRoles);
  if (f.mfaEnrolled && !f.mfaPassed) return 'mfa';
  if (f.mustChangePassword || f.passwordExpired) return 'change-password';
  if (required && !f.mfaEnrolled) return 'enroll-mfa';
  return null;
}
