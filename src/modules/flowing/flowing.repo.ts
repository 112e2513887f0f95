/** Kysely queries for flowing members; every read is limited to a subtree range of the home org's path. */
import { sql, type Selectable } from 'kysely';
import type { Executor, FlowingRecordTable, FlowingReportTable } from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type FlowingRow = Selectable<FlowingRecordTable>;
export type FlowingReportRow = Selectable<FlowingReportTable>;
export type FlowingListRow = FlowingRow & { member_name: string; member_org_id: string; org_code: string; org_name: string };

function withNames(ex: Executor) {
  return ex
    .selectFrom('flowing_records as f')
    .innerJoin('members as m', 'm.id', 'f.member_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .selectAll('f')
    .select(['m.name as member_name', 'm.org_id as member_org_id', 'o.code as org_code', 'o.name as org_name']);
}

export async function findFlowingInScope(ex: Executor, id: string, scopePath: string): Promise<FlowingListRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return withNames(ex).where('f.id', '=', id).where('f.org_path', '>=', from).where('f.org_path', '<', to).executeTakeFirst();
}

export async function findOpenFlowingOfMember(ex: Executor, memberId: string): Promise<FlowingRow | undefined> {
  return ex.selectFrom('flowing_records').selectAll().where('member_id', '=', memberId).where('ended_on', 'is', null).executeTakeFirst();
}

export async function insertFlowing(ex: Executor, row: FlowingRow): Promise<void> {
  await ex.insertInto('flowing_records').values(row).execute();
}

export async function endFlowingVersioned(ex: Executor, id: string, version: number, endedOn: string, now: string): Promise<boolean> {
  const r = await ex
    .updateTable('flowing_records')
    .set({ ended_on: endedOn, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Adds a report and moves last_reported_on forward (never back, whatever order reports arrive in). */
export async function addReport(ex: Executor, row: FlowingReportRow, now: string): Promise<void> {
  await ex.insertInto('flowing_reports').values(row).execute();
  await ex
    .updateTable('flowing_records')
    .set((eb) => ({
      last_reported_on: sql<string>`case when last_reported_on is null or last_reported_on < ${row.reported_on} then ${row.reported_on} else last_reported_on end`,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', row.flowing_id)
    .execute();
}

export async function reportsOf(ex: Executor, flowingId: string): Promise<FlowingReportRow[]> {
  return ex.selectFrom('flowing_reports').selectAll().where('flowing_id', '=', flowingId).orderBy('reported_on', 'desc').orderBy('id', 'desc').execute();
}

export interface FlowingFilter {
  rootPath: string;
  state: 'open' | 'ended' | 'all';
  /** Open records whose last report (or start) is before this day. */
  overdueBefore?: string | undefined;
}

function filtered(ex: Executor, f: FlowingFilter) {
  const { from, to } = subtreeRange(f.rootPath);
  let q = withNames(ex).where('f.org_path', '>=', from).where('f.org_path', '<', to);
  if (f.state === 'open' || f.overdueBefore) q = q.where('f.ended_on', 'is', null);
  if (f.state === 'ended') q = q.where('f.ended_on', 'is not', null);
  if (f.overdueBefore) {
    const before = f.overdueBefore;
    q = q.where((eb) => eb(eb.fn.coalesce('f.last_reported_on', 'f.started_on'), '<', before));
  }
  return q;
}

export async function listFlowing(ex: Executor, f: FlowingFilter, page: number, pageSize: number): Promise<{ total: number; rows: FlowingListRow[] }> {
  const [count, rows] = await Promise.all([
    filtered(ex, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    filtered(ex, f).orderBy('f.started_on', 'desc').orderBy('f.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { total: Number(count.n), rows };
}
