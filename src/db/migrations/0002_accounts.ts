import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from '../dialect.ts';

export const migration0002Accounts: Migration = {
  async up(db: Kysely<unknown>) {
    const dialect = dialectOf(db);

    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('home_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('password_changed_at', 'text', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mfa_secret_enc', 'text')
      .addColumn('mfa_enrolled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mfa_last_step', 'integer')
      .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('id_number_enc', 'text')
      .addColumn('id_number_index', 'text', (c) => c.unique())
      .addColumn('phone_enc', 'text')
      .addColumn('phone_index', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('accounts_home_idx').on('accounts').column('home_org_id').execute();

    await db.schema
      .createTable('account_roles')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'text')
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('account_roles_pk', ['account_id', 'role'])
      .execute();

    await db.schema
      .createTable('password_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('password_history_idx').on('password_history').columns(['account_id', 'created_at']).execute();

    await db.schema
      .createTable('recovery_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('recovery_codes_idx').on('recovery_codes').column('account_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('next_step', 'text')
      .addColumn('mfa_passed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pending_mfa_secret_enc', 'text')
      .addColumn('source_address', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('ended_reason', 'text')
      .execute();
    await db.schema.createIndex('sessions_account_idx').on('sessions').columns(['account_id', 'ended_at']).execute();

    await db.schema
      .createTable('address_lockouts')
      .addColumn('source_address', 'text', (c) => c.primaryKey())
      .addColumn('failed_count', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // The audit trail is append-only: rows are never updated (the prune deletes old rows and records itself).
    if (dialect === 'sqlite') {
      await sql`create trigger audit_log_append_only before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    } else {
      await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`.execute(db);
      await sql`create trigger audit_log_append_only before update on audit_log
        for each row execute function audit_log_append_only()`.execute(db);
    }
  },
};
