import { type Kysely, type Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/**
 * Party dues (党费): each member's bases, the ledger (payments and their per-month lines, reversals instead of
 * edits), the dues frozen when a branch closes a month, the closes, the remittances to the superior committee, the
 * decisions recorded on the six-month flag, and the idempotency keys of payment requests. Money is integer fen;
 * columns that are summed are bigint on PostgreSQL (SQLite integers are 64-bit already).
 */
export const migration0008Dues: Migration = {
  async up(db: Kysely<unknown>) {
    const pathType = pathColumnType(dialectOf(db));
    const money = dialectOf(db) === 'postgres' ? 'bigint' : 'integer';

    await db.schema
      .createTable('dues_bases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      // 'YYYY-MM': the base applies from this month until the effective month of a later base.
      .addColumn('effective_month', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('monthly_income_fen', money)
      // JSON array of the three monthly incomes of the previous quarter (self-employed).
      .addColumn('quarter_incomes_fen', 'text')
      .addColumn('farmer_amount_fen', money)
      .addColumn('hardship_kind', 'text')
      .addColumn('hardship_amount_fen', money)
      .addColumn('hardship_reason', 'text')
      .addColumn('hardship_decided_on', 'text')
      .addColumn('hardship_until_month', 'text')
      // 'pending' until the committee one level up decides; only an approved hardship changes the amount due.
      .addColumn('hardship_status', 'text')
      .addColumn('hardship_reviewed_on', 'text')
      .addColumn('hardship_reviewed_by_org_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('quarterly_consent_on', 'text')
      .addColumn('note', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dues_bases_member_idx').on('dues_bases').columns(['member_id', 'effective_month', 'created_at']).execute();
    await db.schema.createIndex('dues_bases_scope_idx').on('dues_bases').columns(['org_path', 'effective_month']).execute();

    // One act of paying (or of reversing one): who paid, when, how, collected by whom, the external reference.
    await db.schema
      .createTable('dues_payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      // The collecting branch; a reversal posts in the branch of the payment it reverses.
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('paid_on', 'text', (c) => c.notNull())
      // 'YYYY-MM' of paid_on: the month's book the payment is recorded in (what a close counts and remits).
      .addColumn('ledger_month', 'text', (c) => c.notNull())
      .addColumn('method', 'text')
      .addColumn('collected_by', 'text')
      .addColumn('provider', 'text')
      .addColumn('external_reference', 'text')
      .addColumn('total_fen', money, (c) => c.notNull())
      .addColumn('is_quarterly', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('note', 'text')
      .addColumn('reverses_payment_id', 'text', (c) => c.references('dues_payments.id').unique())
      .addColumn('recorded_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dues_payments_reference_idx').on('dues_payments').columns(['provider', 'external_reference']).unique().execute();
    await db.schema.createIndex('dues_payments_member_idx').on('dues_payments').columns(['member_id', 'paid_on']).execute();
    await db.schema.createIndex('dues_payments_book_idx').on('dues_payments').columns(['org_id', 'ledger_month']).execute();

    // The ledger lines: one per dues month a payment settles (negative on a reversal).
    await db.schema
      .createTable('dues_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('payment_id', 'text', (c) => c.notNull().references('dues_payments.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      // 'dues' settles the month's due; 'extra' is a voluntary payment beyond it.
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('for_month', 'text', (c) => c.notNull())
      .addColumn('ledger_month', 'text', (c) => c.notNull())
      .addColumn('amount_fen', money, (c) => c.notNull())
      .addColumn('is_reversal', 'integer', (c) => c.notNull().defaultTo(0))
      // The month's due when recorded and the rule it came from ('dues' lines).
      .addColumn('due_fen', money)
      .addColumn('rule_id', 'text')
      .addColumn('remit_to_centre', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dues_entries_member_idx').on('dues_entries').columns(['member_id', 'for_month']).execute();
    await db.schema.createIndex('dues_entries_scope_idx').on('dues_entries').columns(['org_path', 'for_month']).execute();
    await db.schema.createIndex('dues_entries_book_idx').on('dues_entries').columns(['org_id', 'ledger_month']).execute();

    // The due of each member-month, frozen when the branch closes the month; later bases do not change it.
    await db.schema
      .createTable('dues_charges')
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('base_id', 'text', (c) => c.notNull().references('dues_bases.id'))
      .addColumn('due_fen', money, (c) => c.notNull())
      .addColumn('rate_basis_points', 'integer')
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dues_charges_pk', ['member_id', 'month'])
      .execute();
    await db.schema.createIndex('dues_charges_scope_idx').on('dues_charges').columns(['org_path', 'month']).execute();

    await db.schema
      .createTable('dues_remittances')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('to_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('months', 'text', (c) => c.notNull())
      .addColumn('amount_fen', money, (c) => c.notNull())
      .addColumn('dues_fen', money, (c) => c.notNull())
      .addColumn('extra_fen', money, (c) => c.notNull())
      .addColumn('centre_fen', money, (c) => c.notNull())
      .addColumn('remitted_on', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dues_remittances_scope_idx').on('dues_remittances').columns(['org_path', 'remitted_on']).execute();

    await db.schema
      .createTable('dues_closes')
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('collected_fen', money, (c) => c.notNull())
      .addColumn('dues_fen', money, (c) => c.notNull())
      .addColumn('extra_fen', money, (c) => c.notNull())
      .addColumn('centre_fen', money, (c) => c.notNull())
      .addColumn('payments', 'integer', (c) => c.notNull())
      .addColumn('charged_fen', money, (c) => c.notNull())
      .addColumn('members', 'integer', (c) => c.notNull())
      .addColumn('remittance_id', 'text', (c) => c.references('dues_remittances.id'))
      .addColumn('closed_by', 'text')
      .addColumn('closed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dues_closes_pk', ['org_id', 'month'])
      .execute();
    await db.schema.createIndex('dues_closes_scope_idx').on('dues_closes').columns(['org_path', 'month']).execute();

    await db.schema
      .createTable('dues_lapse_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('streak_from', 'text', (c) => c.notNull())
      .addColumn('streak_to', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('decided_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dues_lapse_member_idx').on('dues_lapse_decisions').columns(['member_id', 'streak_from']).execute();
    await db.schema.createIndex('dues_lapse_scope_idx').on('dues_lapse_decisions').column('org_path').execute();

    // A retried payment request with the same key answers the stored result instead of paying twice.
    await db.schema
      .createTable('dues_idempotency_keys')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dues_idempotency_pk', ['account_id', 'key'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['dues_idempotency_keys', 'dues_lapse_decisions', 'dues_closes', 'dues_remittances', 'dues_charges', 'dues_entries', 'dues_payments', 'dues_bases']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
