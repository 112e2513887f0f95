/** Kysely queries of meeting records. */
import { sql, type Selectable } from 'kysely';
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

/** The meetings of one branch (and, for 党小组会, one group) of one type in the months of one year. */
export interface MonthlyMeetings {
  orgPath: string;
  groupId: string | null;
  type: string;
  /** A number per month, index 0 January: the meetings held, or, from monthMasks, 1 when any was held. */
  counts: number[];
}

const monthOf = sql<string>`substr(meeting_types.held_on, 6, 2)`;
// Bit m-1 set when any meeting was held in month m: the distinct bits of a group add up to their OR.
const monthMask = sql<number | string>`sum(distinct 1 << (cast(substr(meeting_types.held_on, 6, 2) as integer) - 1))`;

function typesInRange(ex: Executor, rootPath: string, fromDate: string, toDate: string) {
  const { from, to } = subtreeRange(rootPath);
  return ex
    .selectFrom('meeting_types')
    .where('meeting_types.org_path', '>=', from)
    .where('meeting_types.org_path', '<', to)
    .where('meeting_types.held_on', '>=', fromDate)
    .where('meeting_types.held_on', '<=', toDate);
}

/** How many meetings of each type a branch held in each month within [from, to] (one year); 党小组会 per group. */
export async function monthlyCounts(ex: Executor, branchPath: string, fromDate: string, toDate: string): Promise<MonthlyMeetings[]> {
  const rows = await typesInRange(ex, branchPath, fromDate, toDate)
    .leftJoin('meetings', (join) => join.onRef('meetings.id', '=', 'meeting_types.meeting_id').on('meeting_types.type', '=', 'group_meeting'))
    .select(['meeting_types.org_path', 'meeting_types.type', 'meetings.group_id', monthOf.as('month')])
    .execute();
  const out = new Map<string, MonthlyMeetings>();
  for (const r of rows) {
    const key = `${r.org_path}|${r.type}|${r.group_id ?? ''}`;
    const m = out.get(key) ?? { orgPath: r.org_path, groupId: r.group_id, type: r.type, counts: new Array<number>(12).fill(0) };
    m.counts[Number(r.month) - 1] = (m.counts[Number(r.month) - 1] ?? 0) + 1;
    out.set(key, m);
  }
  return [...out.values()];
}

/**
 * In which months of [from, to] (one year) every branch of a subtree held meetings of each type, 党小组会 per
 * group: one row per branch and type, the months as a bitmask computed by the database, so that a city's year
 * comes back as tens of thousands of rows rather than one per meeting.
 */
export async function monthMasks(ex: Executor, rootPath: string, fromDate: string, toDate: string): Promise<MonthlyMeetings[]> {
  const [branchWide, perGroup] = await Promise.all([
    typesInRange(ex, rootPath, fromDate, toDate)
      .select(['meeting_types.org_path', 'meeting_types.type', monthMask.as('mask')])
      .where('meeting_types.type', '<>', 'group_meeting')
      .groupBy(['meeting_types.org_path', 'meeting_types.type'])
      .execute(),
    typesInRange(ex, rootPath, fromDate, toDate)
      .innerJoin('meetings', 'meetings.id', 'meeting_types.meeting_id')
      .select(['meeting_types.org_path', 'meetings.group_id', monthMask.as('mask')])
      .where('meeting_types.type', '=', 'group_meeting')
      .groupBy(['meeting_types.org_path', 'meetings.group_id'])
      .execute(),
  ]);
  const months = (mask: number | string) => Array.from({ length: 12 }, (_, i) => (Number(mask) >> i) & 1);
  return [
    ...branchWide.map((r) => ({ orgPath: r.org_path, groupId: null, type: r.type, counts: months(r.mask) })),
    ...perGroup.map((r) => ({ orgPath: r.org_path, groupId: r.group_id, type: 'group_meeting', counts: months(r.mask) })),
  ];
}

/** The branches and 党小组 of a subtree that existed at some time within [from, to], with their dates. */
export async function structureOrgs(ex: Executor, rootPath: string, fromDate: string, toDate: string, kinds: readonly string[]) {
  const { from, to } = subtreeRange(rootPath);
  return ex
    .selectFrom('orgs')
    .select(['id', 'name', 'kind', 'path', 'parent_id', 'status', 'established_on', 'dissolved_on'])
    .where('path', '>=', from)
    .where('path', '<', to)
    .where('kind', 'in', [...kinds])
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('dissolved_on', '>=', fromDate)]))
    .where((eb) => eb.or([eb('established_on', 'is', null), eb('established_on', '<=', toDate)]))
    .orderBy('path')
    .execute();
}

/** The 委员 posts (a branch that elected a committee has them; one with a secretary only has none) held within [from, to]. */
export async function committeePosts(ex: Executor, rootPath: string, fromDate: string, toDate: string) {
  const { from, to } = subtreeRange(rootPath);
  return ex
    .selectFrom('org_committee_members')
    .select(['org_id', 'started_on', 'ended_on'])
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .where('position', '=', 'member')
    .where('started_on', '<=', toDate)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', fromDate)]))
    .execute();
}
