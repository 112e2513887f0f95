import type { Kysely, Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/**
 * Member review (民主评议党员): one review per branch and year, a row per member reviewed, and the organizational
 * handling of members graded 不合格; and the decisions people record on the 党章第九条 absence signal.
 */
export const migration0006MemberReviews: Migration = {
  async up(db: Kysely<unknown>) {
    const pathType = pathColumnType(dialectOf(db));
    await db.schema
      .createTable('member_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      // The meeting record (counting as 民主评议党员) at which the review was held: it is what compliance counts.
      .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_reviews_org_year_idx').on('member_reviews').columns(['org_id', 'year']).unique().execute();
    await db.schema.createIndex('member_reviews_scope_idx').on('member_reviews').columns(['org_path', 'year']).execute();

    // The members reviewed are the branch's roster on the review's first day, fixed when the review is opened.
    await db.schema
      .createTable('member_review_entries')
      .addColumn('review_id', 'text', (c) => c.notNull().references('member_reviews.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('member_status', 'text', (c) => c.notNull())
      .addColumn('self_assessment', 'text')
      .addColumn('peer_score', 'integer')
      .addColumn('peer_grade', 'text')
      .addColumn('democratic_score', 'integer')
      .addColumn('democratic_grade', 'text')
      .addColumn('proposed_grade', 'text')
      .addColumn('final_grade', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('member_review_entries_pk', ['review_id', 'member_id'])
      .execute();

    await db.schema
      .createTable('member_review_handlings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('member_reviews.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('outcome_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_review_handlings_review_idx').on('member_review_handlings').columns(['review_id', 'member_id']).unique().execute();
    await db.schema.createIndex('member_review_handlings_scope_idx').on('member_review_handlings').columns(['org_path', 'status', 'deadline']).execute();

    await db.schema
      .createTable('absence_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      // The run of absent months decided on (YYYY-MM), and the date the signal was read as of.
      .addColumn('first_month', 'text', (c) => c.notNull())
      .addColumn('last_month', 'text', (c) => c.notNull())
      .addColumn('months', 'integer', (c) => c.notNull())
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('absence_decisions_member_idx').on('absence_decisions').columns(['member_id', 'first_month', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('absence_decisions').execute();
    await db.schema.dropTable('member_review_handlings').execute();
    await db.schema.dropTable('member_review_entries').execute();
    await db.schema.dropTable('member_reviews').execute();
  },
};
