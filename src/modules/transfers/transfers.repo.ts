/** Kysely queries for transfer letters; a letter is seen from the sending subtree (org_path) and the receiving one (to_org_path). */
import { sql, type Selectable } from 'kysely';
import { lockRow } from '../../db/row-lock.ts';
import type { Executor, TransferTable } from '../../db/schema.ts';
import { BRANCH_KINDS } from '../orgs/org-kinds.ts';
import { subtreeRange } from '../orgs/tree.ts';
import type { TransferState } from './transfers.rules.ts';

export type TransferRow = Selectable<TransferTable>;
export type TransferListRow = TransferRow & {
  member_name: string;
  from_org_code: string;
  from_org_name: string;
  to_org_code: string | null;
  to_org_name: string | null;
};

/** Serializes writes that check "one open record per member" (see lockRow). */
export const lockMember = (ex: Executor, memberId: string): Promise<void> => lockRow(ex, 'members', memberId);

function withNames(ex: Executor) {
  return ex
    .selectFrom('transfers as t')
    .innerJoin('members as m', 'm.id', 't.member_id')
    .innerJoin('orgs as f', 'f.id', 't.from_org_id')
    .leftJoin('orgs as d', 'd.id', 't.to_org_id')
    .selectAll('t')
    .select(['m.name as member_name', 'f.code as from_org_code', 'f.name as from_org_name', 'd.code as to_org_code', 'd.name as to_org_name']);
}

/** A letter visible from `scopePath`: sent from or addressed into its subtree. */
export async function findVisibleTransfer(ex: Executor, id: string, scopePath: string): Promise<TransferListRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return withNames(ex)
    .where('t.id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('t.org_path', '>=', from), eb('t.org_path', '<', to)]),
        eb.and([eb('t.to_org_path', '>=', from), eb('t.to_org_path', '<', to)]),
      ]),
    )
    .executeTakeFirst();
}

export async function findOpenTransferOfMember(ex: Executor, memberId: string): Promise<TransferRow | undefined> {
  return ex.selectFrom('transfers').selectAll().where('member_id', '=', memberId).where('state', '=', 'issued').executeTakeFirst();
}

export async function highestLetterNumber(ex: Executor, prefix: string, year: string): Promise<string | null> {
  const row = await ex
    .selectFrom('transfers')
    .select((eb) => eb.fn.max('letter_number').as('n'))
    .where('letter_number', '>=', `${prefix}-${year}-`)
    .where('letter_number', '<', `${prefix}-${year}-~`)
    .executeTakeFirst();
  return row?.n ?? null;
}

export async function insertTransfer(ex: Executor, row: TransferRow): Promise<void> {
  await ex.insertInto('transfers').values(row).execute();
}

export async function updateTransferVersioned(
  ex: Executor,
  id: string,
  version: number,
  fields: Partial<Pick<TransferRow, 'state' | 'received_on' | 'returned_on' | 'return_reason'>>,
  now: string,
): Promise<boolean> {
  const r = await ex
    .updateTable('transfers')
    .set({ ...fields, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface TransferFilter {
  rootPath: string;
  direction: 'outgoing' | 'incoming';
  state?: TransferState | undefined;
  /** Open letters past their validity or their receipt date. */
  overdueOn?: string | undefined;
}

function filtered(ex: Executor, f: TransferFilter) {
  const { from, to } = subtreeRange(f.rootPath);
  const column = f.direction === 'outgoing' ? 't.org_path' : 't.to_org_path';
  let q = withNames(ex).where(column, '>=', from).where(column, '<', to);
  if (f.state) q = q.where('t.state', '=', f.state);
  if (f.overdueOn) {
    const today = f.overdueOn;
    q = q
      .where('t.state', '=', 'issued')
      .where((eb) => eb.or([eb('t.valid_until', '<', today), eb.and([eb('t.receipt_due_on', 'is not', null), eb('t.receipt_due_on', '<', today)])]));
  }
  return q;
}

export async function listTransfers(ex: Executor, f: TransferFilter, page: number, pageSize: number): Promise<{ total: number; rows: TransferListRow[] }> {
  const [count, rows] = await Promise.all([
    filtered(ex, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    filtered(ex, f)
      .orderBy('t.issued_on', 'desc')
      .orderBy('t.letter_number', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

export async function overdueTransfers(ex: Executor, rootPath: string, today: string, limit: number): Promise<TransferListRow[]> {
  return filtered(ex, { rootPath, direction: 'outgoing', overdueOn: today }).orderBy('t.issued_on').orderBy('t.letter_number').limit(limit).execute();
}

/** Active branch-kind orgs of the whole installation whose name or code contains `q` (destinations of letters). */
export async function searchDestinations(ex: Executor, q: string, limit: number) {
  const needle = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return ex
    .selectFrom('orgs')
    .select(['id', 'code', 'name'])
    .where('status', '=', 'active')
    .where('kind', 'in', BRANCH_KINDS)
    .where((eb) => eb.or([eb('name', 'like', sql<string>`${needle} escape '\\'`), eb('code', 'like', sql<string>`${needle} escape '\\'`)]))
    .orderBy('path')
    .limit(limit)
    .execute();
}

export interface ClosedRecords {
  flowing: number;
  mentorPairs: number;
  reserveCadres: number;
  communityRegistrations: number;
}

/**
 * When a member's membership leaves a branch, the branch's open records of that member end on `on`: the flowing
 * record, mentor pairs and the reserve-cadre entry. Community registrations follow the member to `newPath`, or end
 * when the member leaves the installation.
 */
export async function closeOpenRecords(ex: Executor, memberId: string, on: string, newPath: string | null, now: string): Promise<ClosedRecords> {
  const flowing = await ex
    .updateTable('flowing_records')
    .set((eb) => ({ ended_on: on, version: eb('version', '+', 1), updated_at: now }))
    .where('member_id', '=', memberId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  const pairs = await ex
    .updateTable('mentor_pairs')
    .set((eb) => ({ ended_on: on, version: eb('version', '+', 1) }))
    .where((eb) => eb.or([eb('mentor_id', '=', memberId), eb('mentee_id', '=', memberId)]))
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  const reserve = await ex
    .updateTable('reserve_cadres')
    .set((eb) => ({ removed_on: on, version: eb('version', '+', 1) }))
    .where('member_id', '=', memberId)
    .where('removed_on', 'is', null)
    .executeTakeFirst();
  const registrations = await ex
    .updateTable('community_registrations')
    .set((eb) => (newPath ? { org_path: newPath, version: eb('version', '+', 1) } : { ended_on: on, version: eb('version', '+', 1) }))
    .where('member_id', '=', memberId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return {
    flowing: Number(flowing.numUpdatedRows),
    mentorPairs: Number(pairs.numUpdatedRows),
    reserveCadres: Number(reserve.numUpdatedRows),
    communityRegistrations: Number(registrations.numUpdatedRows),
  };
}
