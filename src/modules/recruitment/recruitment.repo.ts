/** Kysely queries of recruitment cases, their steps, actors, documents, 公示, objections and stored findings. */
import type { Selectable } from 'kysely';
import type {
  Executor,
  RecruitmentActorTable,
  RecruitmentCaseTable,
  RecruitmentDocumentTable,
  RecruitmentObjectionTable,
  RecruitmentPublicityTable,
  RecruitmentStepTable,
  RecruitmentWarningTable,
} from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';
import type { DisciplinaryProbationRow } from '../members/disciplinary-probations.ts';
export { disciplinaryProbationsOf, type DisciplinaryProbationRow } from '../members/disciplinary-probations.ts';

export type CaseRow = Selectable<RecruitmentCaseTable>;
export type StepRow = Selectable<RecruitmentStepTable>;
export type ActorRow = Selectable<RecruitmentActorTable>;
export type DocumentRow = Selectable<RecruitmentDocumentTable>;
export type PublicityRow = Selectable<RecruitmentPublicityTable>;
export type ObjectionRow = Selectable<RecruitmentObjectionTable>;
export type WarningRow = Selectable<RecruitmentWarningTable>;

export async function findCaseInScope(ex: Executor, id: string, scopePath: string): Promise<CaseRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex.selectFrom('recruitment_cases').selectAll().where('id', '=', id).where('org_path', '>=', from).where('org_path', '<', to).executeTakeFirst();
}

/** Cases of the person (by the ID number's blind index), anywhere in the installation. */
export async function casesOfPerson(ex: Executor, idNumberIndex: string): Promise<CaseRow[]> {
  return ex.selectFrom('recruitment_cases').selectAll().where('id_number_index', '=', idNumberIndex).execute();
}

export async function insertCase(ex: Executor, row: CaseRow): Promise<void> {
  await ex.insertInto('recruitment_cases').values(row).execute();
}

export async function updateCaseVersioned(ex: Executor, id: string, version: number, fields: Partial<Omit<CaseRow, 'id' | 'version'>>): Promise<boolean> {
  const res = await ex.updateTable('recruitment_cases').set({ ...fields, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function stepsOf(ex: Executor, caseId: string): Promise<StepRow[]> {
  return ex.selectFrom('recruitment_steps').selectAll().where('case_id', '=', caseId).orderBy('done_on').orderBy('created_at').orderBy('id').execute();
}

export async function actorsOf(ex: Executor, caseId: string): Promise<ActorRow[]> {
  return ex.selectFrom('recruitment_actors').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function documentsOf(ex: Executor, caseId: string): Promise<DocumentRow[]> {
  return ex.selectFrom('recruitment_documents').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function publicityOf(ex: Executor, caseId: string): Promise<PublicityRow[]> {
  return ex.selectFrom('recruitment_publicity').selectAll().where('case_id', '=', caseId).orderBy('starts_on').orderBy('id').execute();
}

export async function objectionsOf(ex: Executor, caseId: string): Promise<ObjectionRow[]> {
  return ex.selectFrom('recruitment_objections').selectAll().where('case_id', '=', caseId).orderBy('received_on').orderBy('id').execute();
}

export async function warningsOf(ex: Executor, caseId: string): Promise<WarningRow[]> {
  return ex.selectFrom('recruitment_warnings').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function insertStep(ex: Executor, row: StepRow, actors: readonly ActorRow[], documents: readonly DocumentRow[], warnings: readonly WarningRow[]): Promise<void> {
  await ex.insertInto('recruitment_steps').values(row).execute();
  if (actors.length > 0) await ex.insertInto('recruitment_actors').values([...actors]).execute();
  if (documents.length > 0) await ex.insertInto('recruitment_documents').values([...documents]).execute();
  if (warnings.length > 0) await ex.insertInto('recruitment_warnings').values([...warnings]).execute();
}

export async function insertPublicity(ex: Executor, row: PublicityRow): Promise<void> {
  await ex.insertInto('recruitment_publicity').values(row).execute();
}

export async function findPublicityInScope(ex: Executor, id: string, scopePath: string): Promise<PublicityRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex.selectFrom('recruitment_publicity').selectAll().where('id', '=', id).where('org_path', '>=', from).where('org_path', '<', to).executeTakeFirst();
}

export async function insertObjection(ex: Executor, row: ObjectionRow): Promise<void> {
  await ex.insertInto('recruitment_objections').values(row).execute();
}

export async function findObjectionInScope(ex: Executor, id: string, scopePath: string): Promise<ObjectionRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex.selectFrom('recruitment_objections').selectAll().where('id', '=', id).where('org_path', '>=', from).where('org_path', '<', to).executeTakeFirst();
}

export async function resolveObjection(ex: Executor, id: string, version: number, fields: { resolved_on: string; resolution: string; updated_at: string }): Promise<boolean> {
  const res = await ex.updateTable('recruitment_objections').set({ ...fields, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface CaseFilter {
  rootPath: string;
  orgIdOnly?: string | undefined;
  state?: string | undefined;
  stage?: number | undefined;
}

function filtered(ex: Executor, f: CaseFilter) {
  const { from, to } = subtreeRange(f.rootPath);
  let q = ex.selectFrom('recruitment_cases').where('org_path', '>=', from).where('org_path', '<', to);
  if (f.orgIdOnly) q = q.where('org_id', '=', f.orgIdOnly);
  if (f.state) q = q.where('state', '=', f.state as CaseRow['state']);
  if (f.stage) q = q.where('stage', '=', f.stage);
  return q;
}

export async function listCases(ex: Executor, f: CaseFilter, page: number, pageSize: number): Promise<{ total: number; rows: CaseRow[] }> {
  const total = await filtered(ex, f).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await filtered(ex, f).selectAll().orderBy('stage').orderBy('name').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { total: Number(total.n), rows };
}

const OPEN_STATES = ['applicant', 'activist', 'target', 'probationary'] as const;

/** Counts of the subtree's cases by state and stage. */
export async function caseCounts(ex: Executor, rootPath: string) {
  const { from, to } = subtreeRange(rootPath);
  const rows = await ex
    .selectFrom('recruitment_cases')
    .select(['state', 'stage', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .groupBy(['state', 'stage'])
    .execute();
  return rows.map((r) => ({ state: r.state, stage: Number(r.stage), count: Number(r.n) }));
}

/** Open cases whose leading next step was due before `today`. */
export async function overdueCases(ex: Executor, rootPath: string, today: string, limit: number): Promise<CaseRow[]> {
  const { from, to } = subtreeRange(rootPath);
  return ex
    .selectFrom('recruitment_cases')
    .selectAll()
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .where('next_due_on', '<', today)
    .where('state', 'in', [...OPEN_STATES])
    .orderBy('next_due_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Open cases with no step since `before` (probationers wait out their year, so they are not counted). */
export async function stalledCases(ex: Executor, rootPath: string, before: string, limit: number): Promise<CaseRow[]> {
  const { from, to } = subtreeRange(rootPath);
  return ex
    .selectFrom('recruitment_cases')
    .selectAll()
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .where('state', 'in', ['applicant', 'activist', 'target'])
    .where('last_step_on', '<', before)
    .orderBy('last_step_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The subtree's stored findings by code and severity. */
export async function findingCounts(ex: Executor, rootPath: string) {
  const { from, to } = subtreeRange(rootPath);
  const rows = await ex
    .selectFrom('recruitment_warnings')
    .select(['code', 'severity', 'rule_id', 'cite', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.count<number | string>('case_id').distinct().as('cases')])
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .groupBy(['code', 'severity', 'rule_id', 'cite'])
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, severity: r.severity, ruleId: r.rule_id, cite: r.cite, count: Number(r.n), cases: Number(r.cases) }));
}

export async function insertDisciplinaryProbation(ex: Executor, row: DisciplinaryProbationRow): Promise<void> {
  await ex.insertInto('member_disciplinary_probations').values(row).execute();
}

export async function membersByIds(ex: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ex.selectFrom('members').select(['id', 'name', 'org_path', 'status', 'joined_on', 'full_on', 'membership']).where('id', 'in', ids).execute();
}

export async function votesByIds(ex: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ex
    .selectFrom('meeting_votes')
    .innerJoin('meetings', 'meetings.id', 'meeting_votes.meeting_id')
    .select(['meeting_votes.id', 'meeting_votes.meeting_id', 'meeting_votes.kind', 'meeting_votes.outcome', 'meeting_votes.rule_id', 'meeting_votes.cite', 'meetings.org_id', 'meetings.held_on'])
    .where('meeting_votes.id', 'in', ids)
    .execute();
}
