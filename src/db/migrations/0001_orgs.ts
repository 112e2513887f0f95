import { type Kysely, type Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

export const migration0001Orgs: Migration = {
  async up(db: Kysely<unknown>) {
    const dialect = dialectOf(db);
    const pathType = pathColumnType(dialect);

    await db.schema
      .createTable('orgs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('path', pathType, (c) => c.notNull().unique())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('child_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('established_on', 'text')
      .addColumn('planned_end_on', 'text')
      .addColumn('dissolved_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('orgs_parent_idx').on('orgs').columns(['parent_id', 'path']).execute();
    await db.schema.createIndex('orgs_kind_idx').on('orgs').columns(['kind', 'path']).execute();

    await db.schema
      .createTable('org_committee_members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('person_name', 'text', (c) => c.notNull())
      .addColumn('position', 'text', (c) => c.notNull())
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('ended_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_committee_org_idx').on('org_committee_members').column('org_id').execute();
    await db.schema
      .createIndex('org_committee_path_idx')
      .on('org_committee_members')
      .column('org_path')
      .execute();

    await db.schema
      .createTable('org_terms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('length_years', 'integer', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('is_current', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_terms_org_idx').on('org_terms').column('org_id').execute();
    await db.schema
      .createIndex('org_terms_current_idx')
      .on('org_terms')
      .columns(['is_current', 'ends_on', 'org_path'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('role', 'text')
      .addColumn('source_address', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text')
      .addColumn('org_path', pathType)
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  },
};
