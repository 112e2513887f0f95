import type { Migration, MigrationProvider } from 'kysely';
import { migration0001Orgs } from './0001_orgs.ts';
import { migration0002Accounts } from './0002_accounts.ts';
import { migration0003Members } from './0003_members.ts';
import { migration0004Meetings } from './0004_meetings.ts';

/** Migrations are listed in code (not read from a folder) so they run the same under tsx, tests and bundles. */
export const migrations: Record<string, Migration> = {
  '0001_orgs': migration0001Orgs,
  '0002_accounts': migration0002Accounts,
  '0003_members': migration0003Members,
  '0004_meetings': migration0004Meetings,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

export const latestMigration = Object.keys(migrations).sort().at(-1) ?? '';
