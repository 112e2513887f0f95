/**
 * Kysely queries for community reporting (双报到). A registration is seen from the member's home subtree
 * (org_path) and from the community's subtree (community_org_path); service is recorded under the community's path.
 */
import { sql, type Selectable } from 'kysely';
import type { CommunityRegistrationTable, CommunityServiceTable, Executor } from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type RegistrationRow = Selectable<CommunityRegistrationTable>;
export type ServiceRow = Selectable<CommunityServiceTable>;
export type RegistrationListRow = RegistrationRow & {
  member_name: string;
  home_org_id: string;
  home_org_code: string;
  home_org_name: string;
  community_org_code: string;
  community_org_name: string;
  total_minutes: number;
};

function withNames(ex: Executor) {
  return ex
    .selectFrom('community_registrations as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('orgs as h', 'h.id', 'm.org_id')
    .innerJoin('orgs as c', 'c.id', 'r.community_org_id')
    .selectAll('r')
    .select((eb) => [
      'm.name as member_name',
      'h.id as home_org_id',
      'h.code as home_org_code',
      'h.name as home_org_name',
      'c.code as community_org_code',
      'c.name as community_org_name',
      eb
        .selectFrom('community_service as s')
        .select(sql<number>`coalesce(sum(s.minutes), 0)`.as('m'))
        .whereRef('s.registration_id', '=', 'r.id')
        .as('total_minutes'),
    ]);
}

const normalize = <T extends { total_minutes: number | string | null }>(row: T): Omit<T, 'total_minutes'> & { total_minutes: number } => ({
  ...row,
  total_minutes: Number(row.total_minutes ?? 0),
});

export async function findRegistrationVisible(ex: Executor, id: string, scopePath: string): Promise<RegistrationListRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  const row = await withNames(ex)
    .where('r.id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('r.org_path', '>=', from), eb('r.org_path', '<', to)]),
        eb.and([eb('r.community_org_path', '>=', from), eb('r.community_org_path', '<', to)]),
      ]),
    )
    .executeTakeFirst();
  return row ? normalize(row) : undefined;
}

export async function findOpenRegistrationOfMember(ex: Executor, memberId: string): Promise<RegistrationRow | undefined> {
  return ex.selectFrom('community_registrations').selectAll().where('member_id', '=', memberId).where('ended_on', 'is', null).executeTakeFirst();
}

export async function insertRegistration(ex: Executor, row: RegistrationRow): Promise<void> {
  await ex.insertInto('community_registrations').values(row).execute();
}

export async function endRegistrationVersioned(ex: Executor, id: string, version: number, endedOn: string): Promise<boolean> {
  const r = await ex
    .updateTable('community_registrations')
    .set({ ended_on: endedOn, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertService(ex: Executor, row: ServiceRow): Promise<void> {
  await ex.insertInto('community_service').values(row).execute();
}

export async function servicesOf(ex: Executor, registrationId: string): Promise<ServiceRow[]> {
  return ex.selectFrom('community_service').selectAll().where('registration_id', '=', registrationId).orderBy('served_on', 'desc').orderBy('id', 'desc').execute();
}

export interface RegistrationFilter {
  rootPath: string;
  side?: 'home' | 'community' | undefined;
  state: 'open' | 'ended' | 'all';
}

function filtered(ex: Executor, f: RegistrationFilter) {
  const { from, to } = subtreeRange(f.rootPath);
  let q = withNames(ex);
  if (f.side === 'home') q = q.where('r.org_path', '>=', from).where('r.org_path', '<', to);
  else if (f.side === 'community') q = q.where('r.community_org_path', '>=', from).where('r.community_org_path', '<', to);
  else {
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('r.org_path', '>=', from), eb('r.org_path', '<', to)]),
        eb.and([eb('r.community_org_path', '>=', from), eb('r.community_org_path', '<', to)]),
      ]),
    );
  }
  if (f.state === 'open') q = q.where('r.ended_on', 'is', null);
  if (f.state === 'ended') q = q.where('r.ended_on', 'is not', null);
  return q;
}

export async function listRegistrations(ex: Executor, f: RegistrationFilter, page: number, pageSize: number): Promise<{ total: number; rows: RegistrationListRow[] }> {
  const [count, rows] = await Promise.all([
    filtered(ex, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    filtered(ex, f).orderBy('r.registered_on', 'desc').orderBy('r.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { total: Number(count.n), rows: rows.map(normalize) };
}

/** Service minutes per member recorded by a community subtree within [from, to]. */
export async function hoursByMember(ex: Executor, rootPath: string, from: string, to: string) {
  const range = subtreeRange(rootPath);
  const rows = await ex
    .selectFrom('community_service as s')
    .innerJoin('community_registrations as r', 'r.id', 's.registration_id')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .innerJoin('orgs as h', 'h.id', 'm.org_id')
    .select((eb) => [
      'm.id as member_id',
      'm.name as member_name',
      'h.name as home_org_name',
      eb.fn.sum<number>('s.minutes').as('minutes'),
      eb.fn.countAll<number>().as('sessions'),
    ])
    .where('s.org_path', '>=', range.from)
    .where('s.org_path', '<', range.to)
    .where('s.served_on', '>=', from)
    .where('s.served_on', '<=', to)
    .groupBy(['m.id', 'm.name', 'h.name'])
    .orderBy('minutes', 'desc')
    .orderBy('m.name')
    .execute();
  return rows.map((r) => ({ ...r, minutes: Number(r.minutes), sessions: Number(r.sessions) }));
}
