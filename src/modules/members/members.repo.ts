/** Kysely queries for members; every read is limited to a subtree range of org paths. */
import { sql, type Selectable } from 'kysely';
import type { Executor, MemberHistoryTable, MemberTable } from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';
import { AGE_BANDS, birthDateRange, EDUCATIONS, FLAG_COLUMNS, MEMBER_FLAGS, type AgeBand, type MemberFlag } from './member-rules.ts';

export type MemberRow = Selectable<MemberTable>;
export type MemberHistoryRow = Selectable<MemberHistoryTable>;

export async function findMemberInScope(ex: Executor, id: string, scopePath: string): Promise<MemberRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex
    .selectFrom('members')
    .selectAll()
    .where('id', '=', id)
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .executeTakeFirst();
}

export async function findMemberByAccount(ex: Executor, accountId: string): Promise<MemberRow | undefined> {
  return ex.selectFrom('members').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function findMemberByIdNumberIndex(ex: Executor, index: string): Promise<MemberRow | undefined> {
  return ex.selectFrom('members').selectAll().where('id_number_index', '=', index).executeTakeFirst();
}

export async function findMembersByIdNumberIndexes(ex: Executor, indexes: readonly string[]) {
  if (indexes.length === 0) return [];
  return ex.selectFrom('members').select(['id', 'id_number_index', 'org_id']).where('id_number_index', 'in', indexes).execute();
}

export async function insertMember(ex: Executor, row: MemberRow): Promise<void> {
  await ex.insertInto('members').values(row).execute();
}

export async function insertMembers(ex: Executor, rows: readonly MemberRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await ex.insertInto('members').values(rows.slice(i, i + 200)).execute();
}

export async function updateMemberVersioned(
  ex: Executor,
  id: string,
  version: number,
  fields: Partial<Omit<MemberRow, 'id' | 'version' | 'created_at'>>,
  now: string,
): Promise<boolean> {
  const r = await ex
    .updateTable('members')
    .set({ ...fields, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertHistory(ex: Executor, rows: MemberHistoryRow | readonly MemberHistoryRow[]): Promise<void> {
  const list = Array.isArray(rows) ? rows : [rows];
  for (let i = 0; i < list.length; i += 500) await ex.insertInto('member_history').values(list.slice(i, i + 500)).execute();
}

export async function historyOf(ex: Executor, memberId: string): Promise<MemberHistoryRow[]> {
  return ex.selectFrom('member_history').selectAll().where('member_id', '=', memberId).orderBy('at', 'desc').orderBy('id', 'desc').execute();
}

export interface RosterFilter {
  rootPath: string;
  /** Only the org itself rather than its whole subtree. */
  orgIdOnly?: string | undefined;
  membership?: 'active' | 'transferred_out' | 'probation_cancelled' | undefined;
  status?: 'probationary' | 'full' | undefined;
  sex?: 'male' | 'female' | undefined;
  ageBand?: AgeBand | undefined;
  education?: string | undefined;
  flag?: MemberFlag | undefined;
  verified?: boolean | undefined;
  q?: string | undefined;
  today: string;
}

function filtered(ex: Executor, f: RosterFilter) {
  const { from, to } = subtreeRange(f.rootPath);
  let q = ex
    .selectFrom('members')
    .where('membership', '=', f.membership ?? 'active')
    .where('org_path', '>=', from)
    .where('org_path', '<', to);
  if (f.orgIdOnly) q = q.where('org_id', '=', f.orgIdOnly);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.sex) q = q.where('sex', '=', f.sex);
  if (f.education) q = q.where('education', '=', f.education);
  if (f.flag) q = q.where(FLAG_COLUMNS[f.flag], '=', 1);
  if (f.verified !== undefined) q = q.where('verified_at', f.verified ? 'is not' : 'is', null);
  if (f.ageBand) {
    const range = birthDateRange(f.ageBand, f.today);
    if (range.from) q = q.where('birth_date', '>=', range.from);
    if (range.to) q = q.where('birth_date', '<=', range.to);
  }
  if (f.q) q = q.where('name', 'like', `%${f.q.replace(/[\\%_]/g, '')}%`);
  return q;
}

export type RosterSort = 'name' | 'joinedAt' | 'birthDate';
const SORT_COLUMNS = { name: 'name', joinedAt: 'joined_on', birthDate: 'birth_date' } as const;

export async function roster(
  ex: Executor,
  f: RosterFilter,
  sort: RosterSort,
  page: number,
  pageSize: number,
): Promise<{ total: number; rows: MemberRow[] }> {
  const base = filtered(ex, f);
  const column = SORT_COLUMNS[sort];
  // Deferred join: the page's ids come from the roster index alone (sorting narrow entries, no row reads), then
  // only the page's rows are read.
  const pageIds = base
    .select('id')
    .orderBy(column)
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ex.selectFrom('members').selectAll().where('id', 'in', pageIds).orderBy(column).orderBy('id').execute(),
  ]);
  return { total: Number(count.n), rows };
}

/** Members matching the filter (the row count of an export). */
export async function rosterTotal(ex: Executor, f: RosterFilter): Promise<number> {
  const row = await filtered(ex, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Streams the filtered roster in path and name order, in batches read by keyset so that each costs the same (exports). */
export async function* rosterStream(ex: Executor, f: RosterFilter, batch = 2000): AsyncGenerator<MemberRow> {
  let after: MemberRow | undefined;
  for (;;) {
    let q = filtered(ex, f).selectAll();
    const last = after;
    if (last) q = q.where((eb) => eb(eb.refTuple('org_path', 'name', 'id'), '>', eb.tuple(last.org_path, last.name, last.id)));
    const rows = await q.orderBy('org_path').orderBy('name').orderBy('id').limit(batch).execute();
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1];
  }
}

export interface RosterCounts {
  total: number;
  status: Record<'probationary' | 'full', number>;
  sex: Record<'male' | 'female', number>;
  ageBand: Record<AgeBand, number>;
  education: Record<string, number>;
  flags: Record<MemberFlag, number>;
  verified: number;
}

/**
 * Every figure by every filter for a subtree, in one statement. The common figures come from one pass over the
 * subtree's entries of the covering counts index, as cheap per row as it can be: filtered counts rather than sums
 * of CASE, one comparison per age band (cumulative from the youngest, the oldest band by difference), the sexes by
 * difference. The rare figures (each flag, the probationary) are counted from their partial indexes (migration
 * 0003), whose conditions the subqueries repeat as literals so that both planners can use them.
 */
export async function rosterCounts(ex: Executor, rootPath: string, today: string): Promise<RosterCounts> {
  const { from, to } = subtreeRange(rootPath);
  const countIf = (cond: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${cond})`;
  // Bands are contiguous in birth dates, youngest first: "born on or after the band's first day" accumulates them.
  const bandStarts = AGE_BANDS.slice(0, -1).map((band) => birthDateRange(band, today).from as string);
  const partial = (column: 'status' | (typeof FLAG_COLUMNS)[MemberFlag], value: string | number) =>
    ex
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql<boolean>`membership = ${sql.lit('active')} and ${sql.ref(column)} = ${sql.lit(value)}`)
      .where('org_path', '>=', from)
      .where('org_path', '<', to);
  const row = await ex
    .selectFrom('members')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      countIf(sql`sex = 'female'`).as('female'),
      ...bandStarts.map((start, i) => countIf(sql`birth_date >= ${start}`).as(`born_${i}`)),
      ...EDUCATIONS.map((e) => countIf(sql`education = ${e}`).as(`edu_${e}`)),
      countIf(sql`verified_at is not null`).as('verified'),
      partial('status', 'probationary').as('probationary'),
      ...MEMBER_FLAGS.map((flag) => partial(FLAG_COLUMNS[flag], 1).as(`flag_${flag}`)),
    ])
    .where('membership', '=', 'active')
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .executeTakeFirstOrThrow();
  const n = (key: string) => Number((row as Record<string, unknown>)[key] ?? 0);
  const total = n('total');
  const cumulative = [...bandStarts.map((_, i) => n(`born_${i}`)), total];
  return {
    total,
    status: { probationary: n('probationary'), full: total - n('probationary') },
    sex: { male: total - n('female'), female: n('female') },
    ageBand: Object.fromEntries(AGE_BANDS.map((b, i) => [b, (cumulative[i] ?? 0) - (i === 0 ? 0 : (cumulative[i - 1] ?? 0))])) as Record<AgeBand, number>,
    education: Object.fromEntries(EDUCATIONS.map((e) => [e, n(`edu_${e}`)])),
    flags: Object.fromEntries(MEMBER_FLAGS.map((f) => [f, n(`flag_${f}`)])) as Record<MemberFlag, number>,
    verified: n('verified'),
  };
}
