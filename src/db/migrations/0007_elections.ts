import type { Kysely, Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/** Elections (换届选举): the election, its candidates and their votes, and approved postponements of terms. */
export const migration0007Elections: Migration = {
  async up(db: Kysely<unknown>) {
    const pathType = pathColumnType(dialectOf(db));
    await db.schema
      .createTable('elections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      // The 支部党员大会 that held it; null for a 总支 or 党委, whose general meeting is not a branch meeting record.
      .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
      .addColumn('held_on', 'text', (c) => c.notNull())
      .addColumn('seats', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      // The 差额 percentage in force when the candidates were set (the locality's or the rule's), and its rule.
      .addColumn('margin_percent', 'integer')
      .addColumn('rule_id', 'text', (c) => c.notNull())
      // JSON [{memberId, reason}]: voting members excluded from 应到 with approval.
      .addColumn('exclusions', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('should_attend', 'integer')
      .addColumn('present', 'integer')
      .addColumn('quorate', 'integer')
      .addColumn('vote_rule_id', 'text')
      .addColumn('vote_cite', 'text')
      .addColumn('approved_on', 'text')
      .addColumn('approved_by_org_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('term_id', 'text', (c) => c.references('org_terms.id'))
      .addColumn('confirmed_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('elections_scope_idx').on('elections').columns(['org_path', 'held_on']).execute();
    await db.schema.createIndex('elections_org_idx').on('elections').columns(['org_id', 'state']).execute();

    await db.schema
      .createTable('election_candidates')
      .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('votes', 'integer')
      .addColumn('result', 'text')
      .addColumn('position', 'text')
      .addPrimaryKeyConstraint('election_candidates_pk', ['election_id', 'member_id'])
      .execute();
    await db.schema.createIndex('election_candidates_path_idx').on('election_candidates').column('org_path').execute();

    await db.schema
      .createTable('term_postponements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('term_id', 'text', (c) => c.notNull().references('org_terms.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('previous_ends_on', 'text', (c) => c.notNull())
      .addColumn('new_ends_on', 'text', (c) => c.notNull())
      .addColumn('approved_by_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('approved_on', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('term_postponements_term_idx').on('term_postponements').column('term_id').execute();
    await db.schema.createIndex('term_postponements_path_idx').on('term_postponements').column('org_path').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('term_postponements').execute();
    await db.schema.dropTable('election_candidates').execute();
    await db.schema.dropTable('elections').execute();
  },
};
