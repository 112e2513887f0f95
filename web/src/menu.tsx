/** The side menu and the pages: one entry per feature, in menu order. A new feature adds its entry here. */
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n.ts';
import { accountsMenuEntry } from './pages/accounts/index.tsx';
import { auditMenuEntry } from './pages/audit/index.tsx';
import { duesArrearsMenuEntry, duesBasesMenuEntry, duesRemittancesMenuEntry, duesReportsMenuEntry, duesSheetMenuEntry, myDuesMenuEntry } from './pages/dues/index.tsx';
import { electionsMenuEntry } from './pages/elections/index.tsx';
import { communityMenuEntry, flowingMenuEntry } from './pages/flowing/index.tsx';
import { checkInMenuEntry, complianceMenuEntry, meetingsMenuEntry } from './pages/meetings/index.tsx';
import { membersMenuEntry } from './pages/members/index.tsx';
import { myRecordMenuEntry } from './pages/my-record/index.tsx';
import { orgsMenuEntry } from './pages/orgs/index.tsx';
import { poolsMenuEntry } from './pages/pools/index.tsx';
import { recruitmentImportMenuEntry, recruitmentMenuEntry, recruitmentReportMenuEntry } from './pages/recruitment/index.tsx';
import { absenceSignalMenuEntry, reviewsMenuEntry } from './pages/reviews/index.tsx';
import { securityPolicyMenuEntry } from './pages/security/index.tsx';
import { sessionsMenuEntry } from './pages/sessions/index.tsx';
import { transfersMenuEntry } from './pages/transfers/index.tsx';
import type { Permission } from './session.ts';

export interface MenuEntry {
  key: string;
  icon: ReactNode;
  /** A message key, so the menu follows the language. */
  label: MessageKey;
  /** The titled group of the side menu the entry sits in (entries of a group stand together). */
  group?: MessageKey;
  /** The page answers this path and any path below it. */
  path: string;
  /** Shown only to users holding this permission. */
  permission: Permission;
  element: ReactNode;
}

export const menuEntries: MenuEntry[] = [
  orgsMenuEntry,
  membersMenuEntry,
  transfersMenuEntry,
  flowingMenuEntry,
  communityMenuEntry,
  poolsMenuEntry,
  myRecordMenuEntry,
  meetingsMenuEntry,
  complianceMenuEntry,
  checkInMenuEntry,
  electionsMenuEntry,
  reviewsMenuEntry,
  absenceSignalMenuEntry,
  recruitmentMenuEntry,
  recruitmentReportMenuEntry,
  recruitmentImportMenuEntry,
  duesSheetMenuEntry,
  duesBasesMenuEntry,
  duesRemittancesMenuEntry,
  duesReportsMenuEntry,
  duesArrearsMenuEntry,
  myDuesMenuEntry,
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

export interface MenuGroup {
  group: MessageKey;
  entries: MenuEntry[];
}

/** The entries in menu order, those of one group gathered under it (at the place of its first entry). */
export function groupEntries(entries: readonly MenuEntry[]): (MenuEntry | MenuGroup)[] {
  const out: (MenuEntry | MenuGroup)[] = [];
  for (const entry of entries) {
    const { group } = entry;
    if (!group) {
      out.push(entry);
      continue;
    }
    const existing = out.find((item): item is MenuGroup => 'entries' in item && item.group === group);
    if (existing) existing.entries.push(entry);
    else out.push({ group, entries: [entry] });
  }
  return out;
}
