import { z } from 'zod';
import { id, pagination, version } from '../../lib/schema.ts';
import { ROLES } from './roles.ts';
import { securityPolicySchema } from './security-policy.ts';

export const role = z.enum(ROLES);
const nextStep = z.enum(['change-password', 'enroll-mfa', 'mfa']).nullable();

export const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const stepAnswer = z.object({
  next: nextStep,
  csrfToken: z.string(),
  mfaEnrollment: z.object({ secret: z.string(), otpauthUri: z.string() }).optional(),
});

export const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const codeBody = z.strictObject({ code: z.string().trim().min(6).max(16) });

export const accountView = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    homeOrg: z.object({ id: z.string(), code: z.string(), name: z.string() }),
    roles: z.array(role),
    disabled: z.boolean(),
    locked: z.boolean(),
    mfaEnrolled: z.boolean(),
    mustChangePassword: z.boolean(),
    phone: z.string().nullable(),
    idNumber: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Account' });

export const meView = z.object({
  account: accountView,
  permissions: z.array(z.string()),
  next: nextStep,
  csrfToken: z.string(),
  policy: z.object({ passwordProfile: z.enum(['dengbao', 'asvs']), idleTimeoutMinutes: z.number().int() }),
});

export const username = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, and . _ - only');

export const createAccountBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(50),
  homeOrgId: id,
  phone: z.string().trim().max(20).optional(),
  idNumber: z.string().trim().max(18).optional(),
});

export const createdAccount = z.object({ account: accountView, oneTimePassword: z.string() });
export const versionBody = z.strictObject({ version });
export const rolesBody = z.strictObject({ roles: z.array(role).max(7), version });
export const revealBody = z.strictObject({ field: z.enum(['phone', 'idNumber']) });
export const accountsQuery = z.strictObject({ q: z.string().trim().max(50).optional(), ...pagination });
export const accountPage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(accountView),
});

export const sessionView = z.object({
  id: z.string(),
  accountId: z.string(),
  username: z.string(),
  sourceAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  pendingStep: z.string().nullable(),
});
export const sessionsQuery = z.strictObject({ accountId: id.optional() });

export const policyView = z.object({ policy: securityPolicySchema, version: z.number().int() });
export const policyBody = z.strictObject({ policy: securityPolicySchema, version: z.number().int().min(0) });
