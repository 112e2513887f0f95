/** The audit trail's queries: append a chained row, read in order, search, prune. */
import { sql } from 'kysely';
import type { Actor } from '../../lib/actor.ts';
import { newId } from '../../lib/ids.ts';
import { nowUtc } from '../../lib/dates.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { Db, Executor, Tx } from '../../db/schema.ts';
import { canonicalAuditRow, GENESIS_HASH, type AuditRow } from './audit.chain.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  orgPath: string | null;
  outcome?: 'success' | 'failure';
  /** What changed, with personal data already masked by the caller. */
  summary: Record<string, unknown>;
}

/** Any number that is the same across processes: it names the lock that serializes appends on PostgreSQL. */
const AUDIT_CHAIN_LOCK = 7_243_001;

async function appendInTransaction(trx: Tx, mac: (data: string) => string, actor: Actor, entry: AuditEntry) {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row = {
    id: newId(),
    at: nowUtc(),
    account_id: actor.accountId,
    role: actor.role,
    source_address: actor.sourceAddress,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    org_path: entry.orgPath,
    outcome: entry.outcome ?? 'success',
    summary: JSON.stringify(entry.summary),
    prev_hash: last?.hash ?? (await pruneAnchor(trx)),
  };
  await trx
    .insertInto('audit_log')
    .values({ ...row, hash: mac(canonicalAuditRow(row)) })
    .execute();
}

/**
 * Appends one row. Inside a transaction it joins it (the row commits or rolls back with the write it records);
 * on the bare database it opens its own (failures, logins).
 */
export async function appendAudit(ex: Executor, mac: (data: string) => string, actor: Actor, entry: AuditEntry) {
  if (ex.isTransaction) return appendInTransaction(ex as Tx, mac, actor, entry);
  return (ex as Db).transaction().execute((trx) => appendInTransaction(trx, mac, actor, entry));
}

/** Where the chain starts: the genesis, or the last hash removed by the latest prune. */
export async function pruneAnchor(ex: Executor): Promise<string> {
  const row = await ex.selectFrom('settings').select('value').where('key', '=', 'audit.anchor').executeTakeFirst();
  return row ? (JSON.parse(row.value) as { hash: string }).hash : GENESIS_HASH;
}

export async function* auditRowsInOrder(db: Db, batch = 2000): AsyncGenerator<AuditRow> {
  let after = -1;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(batch).execute();
    for (const r of rows) yield { ...r, seq: Number(r.seq) };
    if (rows.length < batch) return;
    after = Number(rows[rows.length - 1]?.seq);
  }
}

export interface AuditSearch {
  from?: string | undefined;
  to?: string | undefined;
  accountId?: string | undefined;
  action?: string | undefined;
  outcome?: 'success' | 'failure' | undefined;
  page: number;
  pageSize: number;
}

function filtered(db: Db, q: Omit<AuditSearch, 'page' | 'pageSize'>) {
  let query = db.selectFrom('audit_log');
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.accountId) query = query.where('account_id', '=', q.accountId);
  if (q.action) query = query.where('action', 'like', `${q.action.replace(/[\\%_]/g, '')}%`);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  return query;
}

export async function searchAudit(db: Db, q: AuditSearch): Promise<{ total: number; rows: AuditRow[] }> {
  const base = filtered(db, q);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base.selectAll().orderBy('seq', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  return { total: Number(count.n), rows: rows.map((r) => ({ ...r, seq: Number(r.seq) })) };
}

export async function* exportAudit(db: Db, q: Omit<AuditSearch, 'page' | 'pageSize'>): AsyncGenerator<AuditRow> {
  let after = -1;
  for (;;) {
    const rows = await filtered(db, q).selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
    for (const r of rows) yield { ...r, seq: Number(r.seq) };
    if (rows.length < 2000) return;
    after = Number(rows[rows.length - 1]?.seq);
  }
}

/** Deletes rows older than `before` and records the hash the chain now starts from. Returns how many went. */
export async function pruneBefore(trx: Tx, before: string): Promise<number> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const lastOld = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('at', '<', before)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!lastOld) return 0;
  const result = await trx.deleteFrom('audit_log').where('seq', '<=', lastOld.seq).executeTakeFirst();
  const value = JSON.stringify({ hash: lastOld.hash, throughSeq: Number(lastOld.seq) });
  const now = nowUtc();
  const updated = await trx
    .updateTable('settings')
    .set({ value, updated_at: now, version: sql`version + 1` })
    .where('key', '=', 'audit.anchor')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await trx.insertInto('settings').values({ key: 'audit.anchor', value, version: 1, updated_at: now }).execute();
  }
  return Number(result.numDeletedRows);
}
