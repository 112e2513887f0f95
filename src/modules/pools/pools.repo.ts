/** Kysely queries for mentor pairs, the reserve-cadre pool and care records; reads stay in a subtree range of org_path. */
import { sql, type Selectable } from 'kysely';
import type { CareRecordTable, Executor, MentorPairTable, ReserveCadreRecordTable, ReserveCadreTable } from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type PairRow = Selectable<MentorPairTable>;
export type PairListRow = PairRow & { mentor_name: string; mentee_name: string; org_id: string; org_name: string };
export type ReserveRow = Selectable<ReserveCadreTable>;
export type ReserveListRow = ReserveRow & { member_name: string; org_id: string; org_name: string };
export type ReserveRecordRow = Selectable<ReserveCadreRecordTable>;
export type CareRow = Selectable<CareRecordTable>;
export type CareListRow = CareRow & { member_name: string };

type State = 'open' | 'ended' | 'all';

const inRange = (rootPath: string) => subtreeRange(rootPath);

// Mentor pairs: the pair lives with the mentee's branch.

function pairsWithNames(ex: Executor) {
  return ex
    .selectFrom('mentor_pairs as p')
    .innerJoin('members as a', 'a.id', 'p.mentor_id')
    .innerJoin('members as b', 'b.id', 'p.mentee_id')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .selectAll('p')
    .select(['a.name as mentor_name', 'b.name as mentee_name', 'o.id as org_id', 'o.name as org_name']);
}

export async function findPairInScope(ex: Executor, id: string, scopePath: string): Promise<PairListRow | undefined> {
  const { from, to } = inRange(scopePath);
  return pairsWithNames(ex).where('p.id', '=', id).where('p.org_path', '>=', from).where('p.org_path', '<', to).executeTakeFirst();
}

export async function findOpenPairOfMentee(ex: Executor, menteeId: string): Promise<PairRow | undefined> {
  return ex.selectFrom('mentor_pairs').selectAll().where('mentee_id', '=', menteeId).where('ended_on', 'is', null).executeTakeFirst();
}

export async function insertPair(ex: Executor, row: PairRow): Promise<void> {
  await ex.insertInto('mentor_pairs').values(row).execute();
}

export async function endPairVersioned(ex: Executor, id: string, version: number, endedOn: string): Promise<boolean> {
  const r = await ex.updateTable('mentor_pairs').set({ ended_on: endedOn, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listPairs(ex: Executor, rootPath: string, state: State, page: number, pageSize: number) {
  const { from, to } = inRange(rootPath);
  let q = pairsWithNames(ex).where('p.org_path', '>=', from).where('p.org_path', '<', to);
  if (state === 'open') q = q.where('p.ended_on', 'is', null);
  if (state === 'ended') q = q.where('p.ended_on', 'is not', null);
  const [count, rows] = await Promise.all([
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.orderBy('p.started_on', 'desc').orderBy('p.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { total: Number(count.n), rows };
}

// Reserve cadres.

function reserveWithNames(ex: Executor) {
  return ex
    .selectFrom('reserve_cadres as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .selectAll('r')
    .select(['m.name as member_name', 'o.id as org_id', 'o.name as org_name']);
}

export async function findReserveInScope(ex: Executor, id: string, scopePath: string): Promise<ReserveListRow | undefined> {
  const { from, to } = inRange(scopePath);
  return reserveWithNames(ex).where('r.id', '=', id).where('r.org_path', '>=', from).where('r.org_path', '<', to).executeTakeFirst();
}

export async function findOpenReserveOfMember(ex: Executor, memberId: string): Promise<ReserveRow | undefined> {
  return ex.selectFrom('reserve_cadres').selectAll().where('member_id', '=', memberId).where('removed_on', 'is', null).executeTakeFirst();
}

export async function insertReserve(ex: Executor, row: ReserveRow): Promise<void> {
  await ex.insertInto('reserve_cadres').values(row).execute();
}

export async function removeReserveVersioned(ex: Executor, id: string, version: number, removedOn: string): Promise<boolean> {
  const r = await ex.updateTable('reserve_cadres').set({ removed_on: removedOn, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertReserveRecord(ex: Executor, row: ReserveRecordRow): Promise<void> {
  await ex.insertInto('reserve_cadre_records').values(row).execute();
}

export async function recordsOfReserves(ex: Executor, reserveIds: readonly string[]): Promise<ReserveRecordRow[]> {
  if (reserveIds.length === 0) return [];
  return ex.selectFrom('reserve_cadre_records').selectAll().where('reserve_id', 'in', reserveIds).orderBy('recorded_on', 'desc').orderBy('id', 'desc').execute();
}

export async function listReserves(ex: Executor, rootPath: string, state: State, page: number, pageSize: number) {
  const { from, to } = inRange(rootPath);
  let q = reserveWithNames(ex).where('r.org_path', '>=', from).where('r.org_path', '<', to);
  if (state === 'open') q = q.where('r.removed_on', 'is', null);
  if (state === 'ended') q = q.where('r.removed_on', 'is not', null);
  const [count, rows] = await Promise.all([
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.orderBy('r.added_on', 'desc').orderBy('r.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { total: Number(count.n), rows };
}

// Care records.

export async function insertCare(ex: Executor, row: CareRow): Promise<void> {
  await ex.insertInto('care_records').values(row).execute();
}

export async function listCare(ex: Executor, rootPath: string, range: { from: string; to: string } | null, page: number, pageSize: number) {
  const { from, to } = inRange(rootPath);
  let q = ex
    .selectFrom('care_records as c')
    .innerJoin('members as m', 'm.id', 'c.member_id')
    .selectAll('c')
    .select('m.name as member_name')
    .where('c.org_path', '>=', from)
    .where('c.org_path', '<', to);
  if (range) q = q.where('c.recorded_on', '>=', range.from).where('c.recorded_on', '<=', range.to);
  const [count, rows] = await Promise.all([
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.orderBy('c.recorded_on', 'desc').orderBy('c.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { total: Number(count.n), rows };
}

export interface CareTotals {
  visits: number;
  fundRecords: number;
  fundsFen: number;
  totalFen: number;
  membersCared: number;
}

export interface CareTotalsRow extends CareTotals {
  /** The org_path prefix of `prefixLength` characters the row groups by. */
  prefix: string;
}

/**
 * Totals of a subtree in [from, to], grouped by the first `prefixLength` characters of org_path: the subtree root's
 * own path length gives one row for the whole subtree, one segment more gives a row per direct child.
 */
export async function careTotals(ex: Executor, rootPath: string, from: string, to: string, prefixLength: number): Promise<CareTotalsRow[]> {
  const range = inRange(rootPath);
  const prefix = sql<string>`substr(org_path, 1, ${sql.lit(prefixLength)})`;
  const rows = await ex
    .selectFrom('care_records')
    .select([
      prefix.as('prefix'),
      sql<number>`sum(case when kind = 'visit' then 1 else 0 end)`.as('visits'),
      sql<number>`sum(case when kind = 'fund' then 1 else 0 end)`.as('fund_records'),
      sql<number>`sum(case when kind = 'fund' then amount_fen else 0 end)`.as('funds_fen'),
      sql<number>`sum(amount_fen)`.as('total_fen'),
      sql<number>`count(distinct member_id)`.as('members_cared'),
    ])
    .where('org_path', '>=', range.from)
    .where('org_path', '<', range.to)
    .where('recorded_on', '>=', from)
    .where('recorded_on', '<=', to)
    .groupBy(prefix)
    .execute();
  return rows.map((r) => ({
    prefix: r.prefix,
    visits: Number(r.visits),
    fundRecords: Number(r.fund_records),
    fundsFen: Number(r.funds_fen),
    totalFen: Number(r.total_fen),
    membersCared: Number(r.members_cared),
  }));
}
