/** The side menu and the pages: one entry per feature, in menu order. A new feature adds its entry here. */
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n.ts';
import { accountsMenuEntry } from './pages/accounts/index.tsx';
import { auditMenuEntry } from './pages/audit/index.tsx';
import { orgsMenuEntry } from './pages/orgs/index.tsx';
import { securityPolicyMenuEntry } from './pages/security/index.tsx';
import { sessionsMenuEntry } from './pages/sessions/index.tsx';
import type { Permission } from './session.ts';

export interface MenuEntry {
  key: string;
  icon: ReactNode;
  /** A message key, so the menu follows the language. */
  label: MessageKey;
  /** The page answers this path and any path below it. */
  path: string;
  /** Shown only to users holding this permission. */
  permission: Permission;
  element: ReactNode;
}

export const menuEntries: MenuEntry[] = [
  orgsMenuEntry,
  accountsMenuEntry,
  sessionsMenuEntry,
  securityPolicyMenuEntry,
  auditMenuEntry,
];

/** The entries a user with these permissions may open; the first is where the user lands. */
export function permittedEntries(permissions: readonly string[]): MenuEntry[] {
  return menuEntries.filter((e) => permissions.includes(e.permission));
}

/** The entry that owns a path; `/` opens the first entry. */
export function matchEntry(pathname: string, entries: readonly MenuEntry[] = menuEntries): MenuEntry | null {
  if (pathname === '/' || pathname === '') return entries[0] ?? null;
  return entries.find((e) => pathname === e.path || pathname.startsWith(`${e.path}/`)) ?? null;
}
