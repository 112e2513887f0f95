/** Queries for accounts, roles, password history, recovery codes, sessions and lockouts. */
import type { Selectable } from 'kysely';
import type { AccountTable, Executor, SessionTable } from '../../db/schema.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type AccountRow = Selectable<AccountTable>;
export type SessionRow = Selectable<SessionTable>;
export type AccountWithHome = AccountRow & { home_org_path: string; home_org_name: string; home_org_code: string };

const withHome = (ex: Executor) =>
  ex
    .selectFrom('accounts')
    .innerJoin('orgs', 'orgs.id', 'accounts.home_org_id')
    .selectAll('accounts')
    .select(['orgs.path as home_org_path', 'orgs.name as home_org_name', 'orgs.code as home_org_code']);

export async function countAccounts(ex: Executor): Promise<number> {
  const row = await ex.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAccountByUsername(ex: Executor, username: string): Promise<AccountWithHome | undefined> {
  return withHome(ex).where('accounts.username', '=', username).executeTakeFirst();
}

/** An account whose home org lies in the scope subtree. */
export async function findAccountInScope(ex: Executor, id: string, scopePath: string): Promise<AccountWithHome | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return withHome(ex)
    .where('accounts.id', '=', id)
    .where('orgs.path', '>=', from)
    .where('orgs.path', '<', to)
    .executeTakeFirst();
}

export async function findAccountByIdNumberIndex(ex: Executor, index: string): Promise<AccountRow | undefined> {
  return ex.selectFrom('accounts').selectAll().where('id_number_index', '=', index).executeTakeFirst();
}

export async function listAccounts(
  ex: Executor,
  scopePath: string,
  q: string | undefined,
  page: number,
  pageSize: number,
): Promise<{ total: number; rows: AccountWithHome[] }> {
  const { from, to } = subtreeRange(scopePath);
  let base = withHome(ex).where('orgs.path', '>=', from).where('orgs.path', '<', to);
  if (q) {
    const needle = `%${q.replace(/[\\%_]/g, '')}%`;
    base = base.where((eb) => eb.or([eb('accounts.username', 'like', needle), eb('accounts.display_name', 'like', needle)]));
  }
  const [count, rows] = await Promise.all([
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base.orderBy('accounts.username').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { total: Number(count.n), rows };
}

export async function insertAccount(ex: Executor, row: AccountRow): Promise<void> {
  await ex.insertInto('accounts').values(row).execute();
}

export async function updateAccount(
  ex: Executor,
  id: string,
  fields: Partial<Omit<AccountRow, 'id' | 'created_at' | 'version'>>,
  now: string,
  expectedVersion?: number,
): Promise<boolean> {
  let q = ex
    .updateTable('accounts')
    .set((eb) => ({ ...fields, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The account's own sign-in state (failures, lockout, password, second factor). It does not bump `version`: that
 * guards administrators' edits, which a user's logins must not make stale.
 */
export async function updateSignInState(
  ex: Executor,
  id: string,
  fields: Partial<Pick<AccountRow, 'failed_count' | 'locked_until' | 'password_hash' | 'password_changed_at' | 'must_change_password' | 'mfa_secret_enc' | 'mfa_enrolled' | 'mfa_last_step'>>,
): Promise<void> {
  await ex.updateTable('accounts').set(fields).where('id', '=', id).execute();
}

export async function addAccountFailure(ex: Executor, id: string): Promise<number> {
  const row = await ex
    .updateTable('accounts')
    .set((eb) => ({ failed_count: eb('failed_count', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_count')
    .executeTakeFirstOrThrow();
  return row.failed_count;
}

export async function addAddressFailure(ex: Executor, address: string, now: string): Promise<number> {
  const row = await ex
    .insertInto('address_lockouts')
    .values({ source_address: address, failed_count: 1, locked_until: null, updated_at: now })
    .onConflict((oc) =>
      oc.column('source_address').doUpdateSet((eb) => ({ failed_count: eb(eb.ref('address_lockouts.failed_count'), '+', 1), updated_at: now })),
    )
    .returning('failed_count')
    .executeTakeFirstOrThrow();
  return row.failed_count;
}

export async function rolesOf(ex: Executor, accountId: string): Promise<string[]> {
  const rows = await ex.selectFrom('account_roles').select('role').where('account_id', '=', accountId).orderBy('role').execute();
  return rows.map((r) => r.role);
}

export async function rolesOfMany(ex: Executor, accountIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (accountIds.length === 0) return out;
  const rows = await ex
    .selectFrom('account_roles')
    .select(['account_id', 'role'])
    .where('account_id', 'in', accountIds)
    .orderBy('role')
    .execute();
  for (const r of rows) out.set(r.account_id, [...(out.get(r.account_id) ?? []), r.role]);
  return out;
}

export async function replaceRoles(
  ex: Executor,
  accountId: string,
  roles: readonly string[],
  grantedBy: string | null,
  now: string,
): Promise<void> {
  await ex.deleteFrom('account_roles').where('account_id', '=', accountId).execute();
  if (roles.length > 0) {
    await ex
      .insertInto('account_roles')
      .values(roles.map((role) => ({ account_id: accountId, role, granted_by: grantedBy, granted_at: now })))
      .execute();
  }
}

export async function recentPasswordHashes(ex: Executor, accountId: string, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await ex
    .selectFrom('password_history')
    .select('password_hash')
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.password_hash);
}

export async function addPasswordHistory(ex: Executor, row: { id: string; account_id: string; password_hash: string; created_at: string }) {
  await ex.insertInto('password_history').values(row).execute();
}

export async function replaceRecoveryCodes(ex: Executor, accountId: string, rows: { id: string; code_hash: string }[]) {
  await ex.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await ex
    .insertInto('recovery_codes')
    .values(rows.map((r) => ({ ...r, account_id: accountId, used_at: null })))
    .execute();
}

export async function unusedRecoveryCodes(ex: Executor, accountId: string) {
  return ex
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
}

export async function useRecoveryCode(ex: Executor, id: string, now: string): Promise<boolean> {
  const r = await ex.updateTable('recovery_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Sessions

export async function insertSession(ex: Executor, row: SessionRow): Promise<void> {
  await ex.insertInto('sessions').values(row).execute();
}

export async function findLiveSessionByTokenHash(ex: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  return ex.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).where('ended_at', 'is', null).executeTakeFirst();
}

export async function updateSession(ex: Executor, id: string, fields: Partial<Omit<SessionRow, 'id'>>): Promise<void> {
  await ex.updateTable('sessions').set(fields).where('id', '=', id).execute();
}

export async function endSession(ex: Executor, id: string, reason: string, now: string): Promise<boolean> {
  const r = await ex
    .updateTable('sessions')
    .set({ ended_at: now, ended_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function endSessionsOf(ex: Executor, accountId: string, reason: string, now: string, exceptId?: string) {
  let q = ex
    .updateTable('sessions')
    .set({ ended_at: now, ended_reason: reason })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listLiveSessions(ex: Executor, scopePath: string, accountId?: string) {
  const { from, to } = subtreeRange(scopePath);
  let q = ex
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .innerJoin('orgs', 'orgs.id', 'accounts.home_org_id')
    .select([
      'sessions.id',
      'sessions.account_id',
      'accounts.username',
      'sessions.source_address',
      'sessions.user_agent',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.next_step',
    ])
    .where('sessions.ended_at', 'is', null)
    .where('orgs.path', '>=', from)
    .where('orgs.path', '<', to);
  if (accountId) q = q.where('sessions.account_id', '=', accountId);
  return q.orderBy('sessions.last_seen_at', 'desc').limit(500).execute();
}

export async function findSessionInScope(ex: Executor, id: string, scopePath: string) {
  const { from, to } = subtreeRange(scopePath);
  return ex
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .innerJoin('orgs', 'orgs.id', 'accounts.home_org_id')
    .select(['sessions.id', 'sessions.account_id', 'sessions.ended_at', 'orgs.path'])
    .where('sessions.id', '=', id)
    .where('orgs.path', '>=', from)
    .where('orgs.path', '<', to)
    .executeTakeFirst();
}

// Lockouts per source address

export async function findAddressLockout(ex: Executor, address: string) {
  return ex.selectFrom('address_lockouts').selectAll().where('source_address', '=', address).executeTakeFirst();
}

export async function putAddressLockout(
  ex: Executor,
  row: { source_address: string; failed_count: number; locked_until: string | null; updated_at: string },
) {
  const r = await ex
    .updateTable('address_lockouts')
    .set({ failed_count: row.failed_count, locked_until: row.locked_until, updated_at: row.updated_at })
    .where('source_address', '=', row.source_address)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await ex.insertInto('address_lockouts').values(row).execute();
}
