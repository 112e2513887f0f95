import type { Kysely, Migration } from 'kysely';
import { dialectOf, pathColumnType } from '../dialect.ts';

/**
 * Recruitment (发展党员): a case per person, its steps with the actors, documents (metadata), 公示 with the
 * objections received, and the findings stored when a step was recorded. Also the 留党察看 periods of members,
 * which decide who may introduce.
 */
export const migration0009Recruitment: Migration = {
  async up(db: Kysely<unknown>) {
    const pathType = pathColumnType(dialectOf(db));
    await db.schema
      .createTable('recruitment_cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull())
      .addColumn('ethnicity', 'text')
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('id_number_enc', 'text', (c) => c.notNull())
      .addColumn('id_number_index', 'text', (c) => c.notNull())
      .addColumn('phone_enc', 'text')
      .addColumn('education', 'text')
      .addColumn('work_unit', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('stage', 'integer', (c) => c.notNull())
      // The leading next step and its due date, kept current so that the overdue report reads one index.
      .addColumn('next_step', 'text')
      .addColumn('next_due_on', 'text')
      .addColumn('last_step_on', 'text')
      .addColumn('member_id', 'text', (c) => c.references('members.id'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recruitment_cases_scope_idx').on('recruitment_cases').columns(['org_path', 'state']).execute();
    await db.schema.createIndex('recruitment_cases_due_idx').on('recruitment_cases').columns(['org_path', 'next_due_on']).execute();
    await db.schema.createIndex('recruitment_cases_person_idx').on('recruitment_cases').column('id_number_index').execute();

    await db.schema
      .createTable('recruitment_steps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('recruitment_cases.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text', (c) => c.notNull())
      .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
      .addColumn('vote_id', 'text', (c) => c.references('meeting_votes.id'))
      .addColumn('committee_org_id', 'text', (c) => c.references('orgs.id'))
      // JSON: training days/hours, review conclusion, conversion outcome, extension months, note.
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('rule_version', 'text')
      .addColumn('account_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recruitment_steps_case_idx').on('recruitment_steps').columns(['case_id', 'done_on']).execute();

    await db.schema
      .createTable('recruitment_actors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('recruitment_cases.id'))
      .addColumn('step_id', 'text', (c) => c.notNull().references('recruitment_steps.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.references('members.id'))
      .addColumn('person_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recruitment_actors_step_idx').on('recruitment_actors').column('step_id').execute();
    await db.schema.createIndex('recruitment_actors_case_idx').on('recruitment_actors').column('case_id').execute();

    await db.schema
      .createTable('recruitment_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('recruitment_cases.id'))
      .addColumn('step_id', 'text', (c) => c.references('recruitment_steps.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('number', 'text')
      .addColumn('dated_on', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recruitment_documents_case_idx').on('recruitment_documents').column('case_id').execute();

    await db.schema
      .createTable('recruitment_publicity')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('recruitment_cases.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('subject_step', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('working_days', 'integer', (c) => c.notNull())
      .addColumn('content', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recruitment_publicity_case_idx').on('recruitment_publicity').column('case_id').execute();

    await db.schema
      .createTable('recruitment_objections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('publicity_id', 'text', (c) => c.notNull().references('recruitment_publicity.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('recruitment_cases.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('resolved_on', 'text')
      .addColumn('resolution', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recruitment_objections_case_idx').on('recruitment_objections').column('case_id').execute();

    await db.schema
      .createTable('recruitment_warnings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('recruitment_cases.id'))
      .addColumn('step_id', 'text', (c) => c.references('recruitment_steps.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('cite', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('dates', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recruitment_warnings_case_idx').on('recruitment_warnings').column('case_id').execute();
    await db.schema.createIndex('recruitment_warnings_scope_idx').on('recruitment_warnings').columns(['org_path', 'code']).execute();

    // 留党察看: a member under it may not introduce anyone until the rights are restored (ends_on).
    await db.schema
      .createTable('member_disciplinary_probations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('org_path', pathType, (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_disciplinary_probations_member_idx').on('member_disciplinary_probations').column('member_id').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'member_disciplinary_probations',
      'recruitment_warnings',
      'recruitment_objections',
      'recruitment_publicity',
      'recruitment_documents',
      'recruitment_actors',
      'recruitment_steps',
      'recruitment_cases',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
