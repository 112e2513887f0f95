/** The security policy the security administrator sets; defaults meet 等保 三级 (GB/T 22239-2019). */
import { z } from 'zod';
import type { Executor } from '../../db/schema.ts';
import { getSetting } from '../settings/settings.repo.ts';
import { ROLES } from './roles.ts';

export const securityPolicySchema = z.strictObject({
  passwordProfile: z.enum(['dengbao', 'asvs']),
  /** Failed logins before an account or a source address is locked (8.1.4.1 b). */
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z.number().int().min(1).max(24 * 60),
  /** Idle and absolute session timeouts (8.1.4.1 b: 登录连接超时自动退出). */
  idleTimeoutMinutes: z.number().int().min(1).max(24 * 60),
  absoluteTimeoutHours: z.number().int().min(1).max(7 * 24),
  /** Roles that must use a second factor (8.1.4.1 d: 双因素鉴别). */
  mfaRoles: z.array(z.enum(ROLES)).max(ROLES.length),
  /** Audit retention, at least 180 days (《网络安全法》第二十一条: 网络日志留存不少于六个月). */
  auditRetentionDays: z.number().int().min(180).max(3650),
});

export type SecurityPolicy = z.infer<typeof securityPolicySchema>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  passwordProfile: 'dengbao',
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  idleTimeoutMinutes: 30,
  absoluteTimeoutHours: 12,
  mfaRoles: ['system-admin', 'security-admin', 'audit-admin', 'org-admin'],
  auditRetentionDays: 180,
};

export const SECURITY_POLICY_KEY = 'security.policy';

/** The policy in force: the stored one over the defaults, with its version (0 before any change). */
export async function loadSecurityPolicy(ex: Executor): Promise<{ policy: SecurityPolicy; version: number }> {
  const stored = await getSetting<Partial<SecurityPolicy>>(ex, SECURITY_POLICY_KEY);
  return { policy: { ...DEFAULT_SECURITY_POLICY, ...(stored?.value ?? {}) }, version: stored?.version ?? 0 };
}
