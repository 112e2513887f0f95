import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/**
 * Photos and files attached to a meeting's minutes. The bytes live in their own table, so that listing a meeting's
 * attachments never reads them; both carry the org's path (scope, and sharding past one machine).
 */
export const migration0005MeetingAttachments: Migration = {
  async up(db: Kysely<unknown>) {
    const dialect = dialectOf(db);
    const pathType = pathColumnType(dialect);
    await db.schema
      .createTable('meeting_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meeting_files_meeting_idx').on('meeting_files').columns(['meeting_id', 'created_at']).execute();

    await db.schema
      .createTable('meeting_file_contents')
      .addColumn('file_id', 'text', (c) => c.primaryKey().references('meeting_files.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('content', dialect === 'postgres' ? sql`bytea` : 'blob', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('meeting_file_contents').execute();
    await db.schema.dropTable('meeting_files').execute();
  },
};
