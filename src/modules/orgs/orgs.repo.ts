/** Kysely queries for the org tree. Every read takes the caller's scope path and never leaves that subtree. */
import { sql, type Selectable } from 'kysely';
import { PATH_COLUMNS, type Executor, type OrgTable, type OrgCommitteeMemberTable, type OrgTermTable } from '../../db/schema.ts';
import { ancestorPaths, subtreeRange } from './tree.ts';

export type OrgRow = Selectable<OrgTable>;
export type OrgListRow = OrgRow & { child_count: number };

export async function findOrgById(ex: Executor, id: string, scopePath: string): Promise<OrgRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex
    .selectFrom('orgs')
    .selectAll()
    .where('id', '=', id)
    .where('path', '>=', from)
    .where('path', '<', to)
    .executeTakeFirst();
}

export async function findOrgByCode(ex: Executor, code: string): Promise<OrgRow | undefined> {
  return ex.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findOrgsByCodes(ex: Executor, codes: readonly string[]): Promise<OrgRow[]> {
  if (codes.length === 0) return [];
  return ex.selectFrom('orgs').selectAll().where('code', 'in', codes).execute();
}

export async function findOrgByPath(ex: Executor, path: string): Promise<OrgRow | undefined> {
  return ex.selectFrom('orgs').selectAll().where('path', '=', path).executeTakeFirst();
}

export async function findRoot(ex: Executor): Promise<OrgRow | undefined> {
  return ex.selectFrom('orgs').selectAll().where('parent_id', 'is', null).orderBy('path').executeTakeFirst();
}

export async function insertOrg(ex: Executor, row: OrgRow): Promise<void> {
  await ex.insertInto('orgs').values(row).execute();
}

/** Inserts many orgs in chunks (imports, the demo generator, the benchmark). */
export async function insertOrgs(ex: Executor, rows: readonly OrgRow[]): Promise<void> {
  const chunk = 500;
  for (let i = 0; i < rows.length; i += chunk) {
    await ex.insertInto('orgs').values(rows.slice(i, i + chunk)).execute();
  }
}

/** Hands out the next child segment number of `parentId`, atomically. */
export async function nextChildSeq(ex: Executor, parentId: string): Promise<number> {
  const row = await ex
    .updateTable('orgs')
    .set((eb) => ({ child_seq: eb('child_seq', '+', 1) }))
    .where('id', '=', parentId)
    .returning('child_seq')
    .executeTakeFirstOrThrow();
  return row.child_seq;
}

/** Updates fields guarded by the version; answers false when the version was stale. */
export async function updateOrgVersioned(
  ex: Executor,
  id: string,
  version: number,
  fields: Partial<Pick<OrgRow, 'name' | 'code' | 'kind' | 'domain' | 'established_on' | 'planned_end_on' | 'dissolved_on' | 'status' | 'parent_id'>>,
  now: string,
): Promise<boolean> {
  const result = await ex
    .updateTable('orgs')
    .set({ ...fields, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listChildren(
  ex: Executor,
  parentId: string,
  includeDissolved: boolean,
): Promise<OrgListRow[]> {
  let q = ex
    .selectFrom('orgs')
    .selectAll('orgs')
    .select((eb) =>
      eb
        .selectFrom('orgs as c')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('c.parent_id', '=', 'orgs.id')
        .where((c) => (includeDissolved ? c.lit(true) : c('c.status', '=', 'active')))
        .as('child_count'),
    )
    .where('parent_id', '=', parentId);
  if (!includeDissolved) q = q.where('status', '=', 'active');
  const rows = await q.orderBy('path').execute();
  return rows.map((r) => ({ ...r, child_count: Number(r.child_count) }));
}

export async function childKinds(ex: Executor, parentId: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('orgs')
    .select('kind')
    .distinct()
    .where('parent_id', '=', parentId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.kind);
}

export async function countActiveChildren(ex: Executor, parentId: string): Promise<number> {
  const row = await ex
    .selectFrom('orgs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', parentId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Active members held by an org, as their branch or their 党小组. */
export async function countActiveMembers(ex: Executor, orgId: string): Promise<number> {
  const row = await ex
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('membership', '=', 'active')
    .where((eb) => eb.or([eb('org_id', '=', orgId), eb('group_id', '=', orgId)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SubtreeQuery {
  rootPath: string;
  q?: string | undefined;
  kind?: string | undefined;
  domain?: string | undefined;
  status?: 'active' | 'dissolved' | 'all' | undefined;
  page: number;
  pageSize: number;
}

export async function searchSubtree(ex: Executor, query: SubtreeQuery): Promise<{ total: number; rows: OrgRow[] }> {
  const { from, to } = subtreeRange(query.rootPath);
  let base = ex.selectFrom('orgs').where('path', '>=', from).where('path', '<', to);
  if (query.kind) base = base.where('kind', '=', query.kind);
  if (query.domain) base = base.where('domain', '=', query.domain);
  const status = query.status ?? 'active';
  if (status !== 'all') base = base.where('status', '=', status);
  if (query.q) {
    const needle = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([
        eb('name', 'like', sql<string>`${needle} escape '\\'`),
        eb('code', 'like', sql<string>`${needle} escape '\\'`),
      ]),
    );
  }
  const [countRow, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll()
      .orderBy('path')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return { total: Number(countRow.n), rows };
}

export async function findAncestors(ex: Executor, path: string): Promise<OrgRow[]> {
  const paths = ancestorPaths(path);
  if (paths.length === 0) return [];
  return ex.selectFrom('orgs').selectAll().where('path', 'in', paths).orderBy('path').execute();
}

/**
 * Rewrites the paths of a whole subtree (orgs and every table carrying an org path) from `oldRoot` to `newRoot`.
 * Run inside the move's transaction. No path starts with `newRoot` yet (its segment is fresh), so the unique
 * index never sees a transient clash.
 */
export async function rebaseSubtree(ex: Executor, oldRoot: string, newRoot: string, depthDelta: number): Promise<number> {
  const { from, to } = subtreeRange(oldRoot);
  const cut = oldRoot.length + 1;
  const result = await ex
    .updateTable('orgs')
    .set({
      path: sql<string>`cast(${newRoot} as text) || substr(path, ${cut})`,
      depth: sql<number>`depth + ${depthDelta}`,
    })
    .where('path', '>=', from)
    .where('path', '<', to)
    .executeTakeFirst();
  for (const [table, column] of PATH_COLUMNS) {
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = cast(${newRoot} as text) || substr(${sql.ref(column)}, ${cut})
      where ${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${to}`.execute(ex);
  }
  return Number(result.numUpdatedRows);
}

// Committee and terms

export type CommitteeRow = Selectable<OrgCommitteeMemberTable>;
export type TermRow = Selectable<OrgTermTable>;

export async function listCommittee(ex: Executor, orgId: string, includeEnded: boolean): Promise<CommitteeRow[]> {
  let q = ex.selectFrom('org_committee_members').selectAll().where('org_id', '=', orgId);
  if (!includeEnded) q = q.where('ended_on', 'is', null);
  return q.orderBy('started_on').orderBy('id').execute();
}

export async function findCommitteeMember(ex: Executor, orgId: string, id: string): Promise<CommitteeRow | undefined> {
  return ex
    .selectFrom('org_committee_members')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertCommitteeMember(ex: Executor, row: CommitteeRow): Promise<void> {
  await ex.insertInto('org_committee_members').values(row).execute();
}

export async function endCommitteeMember(
  ex: Executor,
  id: string,
  version: number,
  endedOn: string,
  now: string,
): Promise<boolean> {
  const r = await ex
    .updateTable('org_committee_members')
    .set({ ended_on: endedOn, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listTerms(ex: Executor, orgId: string): Promise<TermRow[]> {
  return ex.selectFrom('org_terms').selectAll().where('org_id', '=', orgId).orderBy('started_on', 'desc').execute();
}

export async function insertTerm(ex: Executor, row: TermRow): Promise<void> {
  await ex.updateTable('org_terms').set({ is_current: 0 }).where('org_id', '=', row.org_id).execute();
  await ex.insertInto('org_terms').values(row).execute();
}

export interface TermDueRow {
  org_id: string;
  code: string;
  name: string;
  kind: string;
  domain: string;
  path: string;
  started_on: string;
  ends_on: string;
  length_years: number;
}

/** Current terms of active orgs in the subtree ending on or before `cutoff`. */
export async function termsEndingBy(ex: Executor, scopePath: string, cutoff: string, limit: number): Promise<TermDueRow[]> {
  const { from, to } = subtreeRange(scopePath);
  return ex
    .selectFrom('org_terms as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .select([
      't.org_id',
      'o.code',
      'o.name',
      'o.kind',
      'o.domain',
      'o.path',
      't.started_on',
      't.ends_on',
      't.length_years',
    ])
    .where('t.is_current', '=', 1)
    .where('t.ends_on', '<=', cutoff)
    .where('t.org_path', '>=', from)
    .where('t.org_path', '<', to)
    .where('o.status', '=', 'active')
    .orderBy('t.ends_on')
    .limit(limit)
    .execute();
}

export async function findCurrentTerm(ex: Executor, orgId: string): Promise<TermRow | undefined> {
  return ex.selectFrom('org_terms').selectAll().where('org_id', '=', orgId).where('is_current', '=', 1).executeTakeFirst();
}

/** Moves the end of a term (an approved postponement); false when it no longer ends on `expectedEndsOn`. */
export async function moveTermEnd(ex: Executor, termId: string, expectedEndsOn: string, endsOn: string): Promise<boolean> {
  const r = await ex
    .updateTable('org_terms')
    .set({ ends_on: endsOn })
    .where('id', '=', termId)
    .where('ends_on', '=', expectedEndsOn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
