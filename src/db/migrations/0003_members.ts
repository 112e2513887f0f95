import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/** Members (党员队伍) and what hangs off them: history, transfers, flowing members, community reporting, pools. */
export const migration0003Members: Migration = {
  async up(db: Kysely<unknown>) {
    const pathType = pathColumnType(dialectOf(db));
    await db.schema
      .createTable('members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull())
      .addColumn('ethnicity', 'text')
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('id_number_enc', 'text', (c) => c.notNull())
      .addColumn('id_number_index', 'text', (c) => c.notNull().unique())
      .addColumn('phone_enc', 'text')
      .addColumn('phone_index', 'text')
      .addColumn('education', 'text')
      .addColumn('occupation', 'text')
      .addColumn('work_unit', 'text')
      .addColumn('household_type', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('joined_on', 'text', (c) => c.notNull())
      .addColumn('full_on', 'text')
      .addColumn('is_flowing', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_hardship', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_veteran', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_in_service', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_retired', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('membership', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
      .addColumn('verified_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // The roster page sorts a subtree's (name, id) entries from this index alone, then reads the page's rows; the
    // counts read the subtree with the filter columns.
    await db.schema.createIndex('members_roster_idx').on('members').columns(['membership', 'org_path', 'name', 'id']).execute();
    await db.schema
      .createIndex('members_counts_idx')
      .on('members')
      .columns(['membership', 'org_path', 'status', 'sex', 'birth_date', 'education', 'is_flowing', 'is_hardship', 'is_veteran', 'is_in_service', 'is_retired', 'verified_at'])
      .execute();
    // The rarer figures of the counts (each flag, the probationary) are counted from small partial indexes rather
    // than tested on every row of the pass: a province root's counts halve.
    for (const [name, column, value] of [
      ['members_flowing_idx', 'is_flowing', 1],
      ['members_hardship_idx', 'is_hardship', 1],
      ['members_veteran_idx', 'is_veteran', 1],
      ['members_in_service_idx', 'is_in_service', 1],
      ['members_retired_idx', 'is_retired', 1],
      ['members_probationary_idx', 'status', 'probationary'],
    ] as const) {
      await db.schema
        .createIndex(name)
        .on('members')
        .columns(['membership', 'org_path'])
        .where(sql.ref('membership'), '=', 'active')
        .where(sql.ref(column), '=', value)
        .execute();
    }
    await db.schema.createIndex('members_org_idx').on('members').column('org_id').execute();
    await db.schema.createIndex('members_account_idx').on('members').column('account_id').execute();

    await db.schema
      .createTable('member_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('changes', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_history_idx').on('member_history').columns(['member_id', 'at']).execute();

    await db.schema
      .createTable('member_verifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('transfers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('from_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('to_org_id', 'text', (c) => c.references('orgs.id'))
      .addColumn('to_org_path', pathType)
      .addColumn('external_destination', 'text')
      .addColumn('letter_type', 'text', (c) => c.notNull())
      .addColumn('letter_number', 'text', (c) => c.notNull().unique())
      .addColumn('reason', 'text')
      .addColumn('issued_on', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text', (c) => c.notNull())
      .addColumn('receipt_due_on', 'text')
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('received_on', 'text')
      .addColumn('returned_on', 'text')
      .addColumn('return_reason', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('transfers_from_idx').on('transfers').columns(['org_path', 'state']).execute();
    await db.schema.createIndex('transfers_to_idx').on('transfers').columns(['to_org_path', 'state']).execute();
    await db.schema.createIndex('transfers_member_idx').on('transfers').column('member_id').execute();

    await db.schema
      .createTable('flowing_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('contact_enc', 'text')
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('ended_on', 'text')
      .addColumn('last_reported_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('flowing_member_idx').on('flowing_records').column('member_id').execute();
    await db.schema.createIndex('flowing_path_idx').on('flowing_records').column('org_path').execute();

    await db.schema
      .createTable('flowing_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('flowing_id', 'text', (c) => c.notNull().references('flowing_records.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('reported_on', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('flowing_reports_idx').on('flowing_reports').column('flowing_id').execute();

    await db.schema
      .createTable('community_registrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('community_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('community_org_path', pathType, (c) => c.notNull())
      .addColumn('registered_on', 'text', (c) => c.notNull())
      .addColumn('ended_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('community_reg_member_idx').on('community_registrations').column('member_id').execute();
    await db.schema.createIndex('community_reg_org_idx').on('community_registrations').column('community_org_path').execute();

    await db.schema
      .createTable('community_service')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('registration_id', 'text', (c) => c.notNull().references('community_registrations.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('served_on', 'text', (c) => c.notNull())
      .addColumn('minutes', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('community_service_idx').on('community_service').column('registration_id').execute();

    await db.schema
      .createTable('mentor_pairs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('mentor_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('mentee_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('ended_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mentor_pairs_path_idx').on('mentor_pairs').column('org_path').execute();

    await db.schema
      .createTable('reserve_cadres')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('target_post', 'text', (c) => c.notNull())
      .addColumn('added_on', 'text', (c) => c.notNull())
      .addColumn('removed_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reserve_cadres_path_idx').on('reserve_cadres').column('org_path').execute();

    await db.schema
      .createTable('reserve_cadre_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reserve_id', 'text', (c) => c.notNull().references('reserve_cadres.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('recorded_on', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('care_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('recorded_on', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('care_records_idx').on('care_records').columns(['org_path', 'recorded_on']).execute();
  },
};
