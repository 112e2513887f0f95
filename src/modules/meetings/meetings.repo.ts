/** Kysely queries of meeting records. */
import type { Selectable } from 'kysely';
import type { Executor, MeetingTable } from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type MeetingRow = Selectable<MeetingTable>;

export async function findMeetingInScope(ex: Executor, id: string, scopePath: string): Promise<MeetingRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex.selectFrom('meetings').selectAll().where('id', '=', id).where('org_path', '>=', from).where('org_path', '<', to).executeTakeFirst();
}

export async function typesOf(ex: Executor, meetingIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (meetingIds.length === 0) return out;
  const rows = await ex.selectFrom('meeting_types').select(['meeting_id', 'type']).where('meeting_id', 'in', meetingIds).orderBy('type').execute();
  for (const r of rows) out.set(r.meeting_id, [...(out.get(r.meeting_id) ?? []), r.type]);
  return out;
}

export async function insertMeeting(ex: Executor, row: MeetingRow, types: readonly string[]): Promise<void> {
  await ex.insertInto('meetings').values(row).execute();
  await insertTypes(ex, row, types);
}

async function insertTypes(ex: Executor, row: Pick<MeetingRow, 'id' | 'org_path' | 'held_on'>, types: readonly string[]): Promise<void> {
  await ex
    .insertInto('meeting_types')
    .values(types.map((type) => ({ meeting_id: row.id, type, org_path: row.org_path, held_on: row.held_on })))
    .execute();
}

/** Writes the changed row if its version is still `version`; false when someone else changed it first. */
export async function updateMeeting(ex: Executor, row: MeetingRow, version: number, types: readonly string[]): Promise<boolean> {
  const { id, ...rest } = row;
  const res = await ex.updateTable('meetings').set(rest).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await ex.deleteFrom('meeting_types').where('meeting_id', '=', id).execute();
  await insertTypes(ex, row, types);
  return true;
}

export interface MeetingFilter {
  rootPath: string;
  from?: string | undefined;
  to?: string | undefined;
  type?: string | undefined;
}

function filtered(ex: Executor, f: MeetingFilter) {
  const { from, to } = subtreeRange(f.rootPath);
  let q = ex.selectFrom('meetings').where('meetings.org_path', '>=', from).where('meetings.org_path', '<', to);
  if (f.from) q = q.where('meetings.held_on', '>=', f.from);
  if (f.to) q = q.where('meetings.held_on', '<=', f.to);
  if (f.type) {
    const type = f.type;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('meeting_types').select('meeting_types.meeting_id').whereRef('meeting_types.meeting_id', '=', 'meetings.id').where('meeting_types.type', '=', type)),
    );
  }
  return q;
}

export async function listMeetings(ex: Executor, f: MeetingFilter, page: number, pageSize: number): Promise<{ total: number; rows: MeetingRow[] }> {
  const total = await filtered(ex, f).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await filtered(ex, f)
    .selectAll('meetings')
    .orderBy('meetings.held_on', 'desc')
    .orderBy('meetings.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

/** The meetings of a subtree held within [from, to], with their counted types, for the compliance check. */
export async function meetingFacts(ex: Executor, rootPath: string, fromDate: string, toDate: string) {
  const { from, to } = subtreeRange(rootPath);
  return ex
    .selectFrom('meeting_types')
    .innerJoin('meetings', 'meetings.id', 'meeting_types.meeting_id')
    .select(['meetings.id', 'meetings.org_id', 'meetings.group_id', 'meetings.held_on', 'meeting_types.type'])
    .where('meeting_types.org_path', '>=', from)
    .where('meeting_types.org_path', '<', to)
    .where('meeting_types.held_on', '>=', fromDate)
    .where('meeting_types.held_on', '<=', toDate)
    .execute();
}
