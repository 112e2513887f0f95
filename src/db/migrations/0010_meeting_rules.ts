import type { Kysely, Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/**
 * A locality's meeting cadences (e.g. a 党课 every month) for its subtree: one row per org that sets any, the
 * overrides as JSON. The org's path finds the overrides of a branch's ancestors and of a whole subtree by index.
 */
export const migration0010MeetingRules: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('meeting_rule_overrides')
      .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
      .addColumn('org_path', pathColumnType(dialectOf(db)), (c) => c.notNull())
      .addColumn('overrides', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meeting_rule_overrides_path_idx').on('meeting_rule_overrides').column('org_path').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('meeting_rule_overrides').execute();
  },
};
