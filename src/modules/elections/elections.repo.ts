/** Kysely queries of elections, their candidates, and postponements of terms. */
import type { Selectable } from 'kysely';
import type { ElectionCandidateTable, ElectionTable, Executor, TermPostponementTable } from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type ElectionRow = Selectable<ElectionTable>;
export type CandidateRow = Selectable<ElectionCandidateTable>;
export type PostponementRow = Selectable<TermPostponementTable>;

export async function findElectionInScope(ex: Executor, id: string, scopePath: string): Promise<ElectionRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex.selectFrom('elections').selectAll().where('id', '=', id).where('org_path', '>=', from).where('org_path', '<', to).executeTakeFirst();
}

export async function insertElection(ex: Executor, row: ElectionRow): Promise<void> {
  await ex.insertInto('elections').values(row).execute();
}

/** Writes the changed row if its version is still `version`; false when someone else changed it first. */
export async function updateElection(ex: Executor, row: ElectionRow, version: number): Promise<boolean> {
  const { id, ...rest } = row;
  const r = await ex.updateTable('elections').set(rest).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The election of the org still under way (not confirmed, not cancelled), if any. */
export async function openElectionOf(ex: Executor, orgId: string): Promise<ElectionRow | undefined> {
  return ex.selectFrom('elections').selectAll().where('org_id', '=', orgId).where('state', 'in', ['draft', 'counted']).executeTakeFirst();
}

export async function openElectionsOf(ex: Executor, orgIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (orgIds.length === 0) return out;
  const rows = await ex.selectFrom('elections').select(['id', 'org_id']).where('org_id', 'in', orgIds).where('state', 'in', ['draft', 'counted']).execute();
  for (const r of rows) out.set(r.org_id, r.id);
  return out;
}

export async function listElections(ex: Executor, rootPath: string, page: number, pageSize: number) {
  const { from, to } = subtreeRange(rootPath);
  const base = ex.selectFrom('elections').where('elections.org_path', '>=', from).where('elections.org_path', '<', to);
  const total = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin('orgs', 'orgs.id', 'elections.org_id')
    .select(['elections.id', 'elections.org_id', 'orgs.name as org_name', 'elections.held_on', 'elections.seats', 'elections.state'])
    .select((eb) => [
      eb.selectFrom('election_candidates as c').select((c) => c.fn.countAll<number | string>().as('n')).whereRef('c.election_id', '=', 'elections.id').as('candidates'),
      eb
        .selectFrom('election_candidates as c')
        .select((c) => c.fn.countAll<number | string>().as('n'))
        .whereRef('c.election_id', '=', 'elections.id')
        .where('c.result', '=', 'elected')
        .as('elected'),
    ])
    .orderBy('elections.held_on', 'desc')
    .orderBy('elections.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

export async function candidatesOf(ex: Executor, electionId: string): Promise<CandidateRow[]> {
  return ex.selectFrom('election_candidates').selectAll().where('election_id', '=', electionId).orderBy('seq').execute();
}

export async function replaceCandidates(ex: Executor, electionId: string, rows: readonly CandidateRow[]): Promise<void> {
  await ex.deleteFrom('election_candidates').where('election_id', '=', electionId).execute();
  if (rows.length > 0) await ex.insertInto('election_candidates').values([...rows]).execute();
}

export async function setCandidateCount(ex: Executor, electionId: string, memberId: string, votes: number, result: CandidateRow['result']): Promise<void> {
  await ex.updateTable('election_candidates').set({ votes, result }).where('election_id', '=', electionId).where('member_id', '=', memberId).execute();
}

export async function setCandidatePosition(ex: Executor, electionId: string, memberId: string, position: CandidateRow['position']): Promise<void> {
  await ex.updateTable('election_candidates').set({ position }).where('election_id', '=', electionId).where('member_id', '=', memberId).execute();
}

export interface MemberFacts {
  id: string;
  name: string;
  org_id: string;
  org_path: string;
  status: 'probationary' | 'full';
  joined_on: string;
  full_on: string | null;
}

/**
 * Active members among `ids` held by the org (a branch) or by any branch of its subtree (a 总支 or 党委), as
 * candidates of its election.
 */
export async function membersOf(ex: Executor, org: { id: string; path: string }, holdsMembers: boolean, ids: readonly string[]): Promise<MemberFacts[]> {
  if (ids.length === 0) return [];
  let q = ex
    .selectFrom('members')
    .select(['id', 'name', 'org_id', 'org_path', 'status', 'joined_on', 'full_on'])
    .where('membership', '=', 'active')
    .where('id', 'in', ids);
  if (holdsMembers) q = q.where('org_id', '=', org.id);
  else {
    const { from, to } = subtreeRange(org.path);
    q = q.where('org_path', '>=', from).where('org_path', '<', to);
  }
  return q.execute();
}

export async function insertPostponement(ex: Executor, row: PostponementRow): Promise<void> {
  await ex.insertInto('term_postponements').values(row).execute();
}

export async function postponementsOfOrg(ex: Executor, orgId: string) {
  return ex
    .selectFrom('term_postponements as p')
    .innerJoin('orgs as a', 'a.id', 'p.approved_by_org_id')
    .selectAll('p')
    .select('a.name as approved_by_org_name')
    .where('p.org_id', '=', orgId)
    .orderBy('p.approved_on', 'desc')
    .orderBy('p.created_at', 'desc')
    .execute();
}

/** The latest postponement of each of these terms. */
export async function latestPostponements(ex: Executor, termIds: readonly string[]) {
  if (termIds.length === 0) return [];
  return ex
    .selectFrom('term_postponements as p')
    .innerJoin('orgs as a', 'a.id', 'p.approved_by_org_id')
    .selectAll('p')
    .select('a.name as approved_by_org_name')
    .where('p.term_id', 'in', termIds)
    .orderBy('p.new_ends_on')
    .execute();
}

/** Current term ids of these orgs. */
export async function currentTermIds(ex: Executor, orgIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (orgIds.length === 0) return out;
  const rows = await ex.selectFrom('org_terms').select(['id', 'org_id']).where('org_id', 'in', orgIds).where('is_current', '=', 1).execute();
  for (const r of rows) out.set(r.org_id, r.id);
  return out;
}
