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
  membership?: 'active' | 'transferred_out' | undefined;
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
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll()
      .orderBy(SORT_COLUMNS[sort])
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

/** Streams the filtered roster in path and name order, in batches (exports). */
export async function* rosterStream(ex: Executor, f: RosterFilter, batch = 2000): AsyncGenerator<MemberRow> {
  let offset = 0;
  for (;;) {
    const rows = await filtered(ex, f).selectAll().orderBy('org_path').orderBy('name').orderBy('id').limit(batch).offset(offset).execute();
    yield* rows;
    if (rows.length < batch) return;
    offset += batch;
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

/** Every figure by every filter for a subtree, in one pass over the subtree's members. */
export async function rosterCounts(ex: Executor, rootPath: string, today: string): Promise<RosterCounts> {
  const { from, to } = subtreeRange(rootPath);
  const when = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const bandExpr = (band: AgeBand) => {
    const r = birthDateRange(band, today);
    if (r.from && r.to) return when(sql`birth_date >= ${r.from} and birth_date <= ${r.to}`);
    if (r.from) return when(sql`birth_date >= ${r.from}`);
    return when(sql`birth_date <= ${r.to}`);
  };
  const row = await ex
    .selectFrom('members')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      when(sql`status = 'probationary'`).as('probationary'),
      when(sql`sex = 'male'`).as('male'),
      ...AGE_BANDS.map((b) => bandExpr(b).as(`age_${b}`)),
      ...EDUCATIONS.map((e) => when(sql`education = ${e}`).as(`edu_${e}`)),
      ...MEMBER_FLAGS.map((flag) => sql<number>`sum(${sql.ref(FLAG_COLUMNS[flag])})`.as(`flag_${flag}`)),
      when(sql`verified_at is not null`).as('verified'),
    ])
    .where('membership', '=', 'active')
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .executeTakeFirstOrThrow();
  const n = (key: string) => Number((row as Record<string, unknown>)[key] ?? 0);
  const total = n('total');
  return {
    total,
    status: { probationary: n('probationary'), full: total - n('probationary') },
    sex: { male: n('male'), female: total - n('male') },
    ageBand: Object.fromEntries(AGE_BANDS.map((b) => [b, n(`age_${b}`)])) as Record<AgeBand, number>,
    education: Object.fromEntries(EDUCATIONS.map((e) => [e, n(`edu_${e}`)])),
    flags: Object.fromEntries(MEMBER_FLAGS.map((f) => [f, n(`flag_${f}`)])) as Record<MemberFlag, number>,
    verified: n('verified'),
  };
}
