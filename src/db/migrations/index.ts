import type { Migration, MigrationProvider } from 'kysely';
import { migration0001Orgs } from './0001_orgs.ts';
import { migration0002Accounts } from './0002_accounts.ts';
import { migration0003Members } from './0003_members.ts';
import { migration0004Meetings } from './0004_meetings.ts';
import { migration0005MeetingAttachments } from './0005_meeting_attachments.ts';
import { migration0006MemberReviews } from './0006_member_reviews.ts';
import { migration0007Elections } from './0007_elections.ts';
import { migration0008Dues } from './0008_dues.ts';
import { migration0009Recruitment } from './0009_recruitment.ts';
import { migration0010MeetingRules } from './0010_meeting_rules.ts';

/** Migrations are listed in code (not read from a folder) so they run the same under tsx, tests and bundles. */
export const migrations: Record<string, Migration> = {
  '0001_orgs': migration0001Orgs,
  '0002_accounts': migration0002Accounts,
  '0003_members': migration0003Members,
  '0004_meetings': migration0004Meetings,
  '0005_meeting_attachments': migration0005MeetingAttachments,
  '0006_member_reviews': migration0006MemberReviews,
  '0007_elections': migration0007Elections,
  '0008_dues': migration0008Dues,
  '0009_recruitment': migration0009Recruitment,
  '0010_meeting_rules': migration0010MeetingRules,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

export const latestMigration = Object.keys(migrations).sort().at(-1) ?? '';
