import type { Kysely, Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/** Meeting records (三会一课, 主题党日, 组织生活会 …); a meeting may count for several types at once. */
export const migration0004Meetings: Migration = {
  async up(db: Kysely<unknown>) {
    const pathType = pathColumnType(dialectOf(db));
    await db.schema
      .createTable('meetings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('primary_type', 'text', (c) => c.notNull())
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text')
      .addColumn('place', 'text')
      .addColumn('is_online', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('host', 'text')
      .addColumn('recorder', 'text')
      .addColumn('lecturer', 'text')
      .addColumn('topic', 'text')
      .addColumn('agenda', 'text')
      .addColumn('minutes', 'text')
      // A short-lived 6-digit code members type to check in; unique among codes not yet expired.
      .addColumn('check_in_code', 'text')
      .addColumn('check_in_expires_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('entered_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meetings_scope_idx').on('meetings').columns(['org_path', 'held_on']).execute();
    await db.schema.createIndex('meetings_org_idx').on('meetings').columns(['org_id', 'held_on']).execute();

    // Every type a meeting counts for, with the org's path and the date, so that compliance reads one index.
    await db.schema
      .createTable('meeting_types')
      .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('meeting_types_pk', ['meeting_id', 'type'])
      .execute();
    await db.schema.createIndex('meeting_types_scope_idx').on('meeting_types').columns(['org_path', 'held_on', 'type']).execute();
    await db.schema.createIndex('meetings_check_in_idx').on('meetings').column('check_in_code').execute();

    // Who should have attended and who did; `voting` is 1 for a full member on the meeting's date.
    await db.schema
      .createTable('meeting_attendance')
      .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('voting', 'integer', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('meeting_attendance_pk', ['meeting_id', 'member_id'])
      .execute();

    await db.schema
      .createTable('meeting_votes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('cite', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meeting_votes_meeting_idx').on('meeting_votes').column('meeting_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('meeting_votes').execute();
    await db.schema.dropTable('meeting_attendance').execute();
    await db.schema.dropTable('meeting_types').execute();
    await db.schema.dropTable('meetings').execute();
  },
};
