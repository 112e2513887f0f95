/**
 * Roles and the functions they may use (三员分立: the system, security and audit administrators are separate
 * people, GB/T 22239-2019 8.1.4.2 d). Routes declare the permission they need beside themselves.
 */
export const ROLES = [
  'system-admin',
  'security-admin',
  'audit-admin',
  'org-admin',
  'branch-secretary',
  'member',
  'inspector',
] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLES: readonly Role[] = ['system-admin', 'security-admin', 'audit-admin'];

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'committee.write',
  'member.read',
  'member.write',
  'account.read',
  'account.manage',
  'session.manage',
  'role.grant',
  'security.policy',
  'audit.read',
  'audit.export',
  'personal.full_view',
  'meeting.read',
  'meeting.write',
  'dues.read',
  'dues.write',
  'recruitment.read',
  'recruitment.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // Accounts, org structure and settings; no audit, no role grants.
  'system-admin': ['org.read', 'org.write', 'account.read', 'account.manage', 'session.manage'],
  // Role grants and security policy; no business data.
  'security-admin': ['account.read', 'role.grant', 'security.policy', 'session.manage'],
  // Reads and exports the audit trail only.
  'audit-admin': ['audit.read', 'audit.export'],
  'org-admin': ['org.read', 'org.write', 'committee.write', 'member.read', 'member.write', 'personal.full_view', 'meeting.read', 'meeting.write', 'dues.read', 'dues.write', 'recruitment.read', 'recruitment.write'],
  'branch-secretary': ['org.read', 'committee.write', 'member.read', 'member.write', 'meeting.read', 'meeting.write', 'dues.read', 'dues.write', 'recruitment.read', 'recruitment.write'],
  member: ['org.read'],
  inspector: ['org.read', 'member.read', 'meeting.read', 'dues.read', 'recruitment.read'],
};

export const ROLE_LABELS: Record<Role, string> = {
  'system-admin': '系统管理员',
  'security-admin': '安全管理员',
  'audit-admin': '审计管理员',
  'org-admin': '组织管理员',
  'branch-secretary': '支部书记',
  member: '党员',
  inspector: '督查员',
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => GRANTS[r]));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => GRANTS[r].includes(permission));
}

/** The roles whose holders must use a second factor by default (the three administrators and org administrators). */
export const DEFAULT_MFA_ROLES: readonly Role[] = ['system-admin', 'security-admin', 'audit-admin', 'org-admin'];

/** 三员分立: at most one administrator role on one account. Returns the clashing pair, or null. */
export function adminRoleClash(roles: readonly Role[]): [Role, Role] | null {
  const admins = roles.filter((r) => ADMIN_ROLES.includes(r));
  return admins.length > 1 ? [admins[0] as Role, admins[1] as Role] : null;
}
