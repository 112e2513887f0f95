/** The side menu and the pages: one entry per feature, in menu order. A new feature adds its entry here. */
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n.ts';
import { orgsMenuEntry } from './pages/orgs/index.tsx';

export interface MenuEntry {
  key: string;
  icon: ReactNode;
  /** A message key, so the menu follows the language. */
  label: MessageKey;
  /** The page answers this path and any path below it. */
  path: string;
  element: ReactNode;
}

export const menuEntries: MenuEntry[] = [orgsMenuEntry];

/** The entry that owns a path; `/` opens the first entry. */
export function matchEntry(pathname: string, entries: readonly MenuEntry[] = menuEntries): MenuEntry | null {
  if (pathname === '/' || pathname === '') return entries[0] ?? null;
  return entries.find((e) => pathname === e.path || pathname.startsWith(`${e.path}/`)) ?? null;
}
