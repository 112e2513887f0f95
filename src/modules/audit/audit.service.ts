/** The audit trail: every service records through it; the audit administrator searches, exports and verifies. */
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { addDays, nowUtc } from '../../lib/dates.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { ChainChecker, type AuditRow, type ChainBreak, GENESIS_HASH } from './audit.chain.ts';
import * as repo from './audit.repo.ts';

export type { AuditEntry } from './audit.repo.ts';

export interface AuditView {
  seq: number;
  id: string;
  at: string;
  accountId: string | null;
  role: string | null;
  sourceAddress: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  outcome: 'success' | 'failure';
  summary: unknown;
}

export function toAuditView(row: AuditRow): AuditView {
  return {
    seq: row.seq,
    id: row.id,
    at: row.at,
    accountId: row.account_id,
    role: row.role,
    sourceAddress: row.source_address,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome,
    summary: JSON.parse(row.summary) as unknown,
  };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBad: ChainBreak | null;
  anchor: 'genesis' | 'prune';
}

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const AUDIT_CSV_HEADER = ['seq', 'at', 'account_id', 'role', 'source_address', 'action', 'target_type', 'target_id', 'outcome', 'summary'];

export class AuditTrail {
  constructor(
    readonly db: Db,
    private readonly crypto: CryptoProvider,
  ) {}

  /** Records one event; inside a transaction it commits or rolls back with the write it describes. */
  record(ex: Executor, actor: Actor, entry: repo.AuditEntry): Promise<void> {
    return repo.appendAudit(ex, this.crypto.mac, actor, entry);
  }

  /** Recomputes the whole chain, streaming, and names the first bad row. */
  async verify(): Promise<VerifyResult> {
    const anchor = await repo.pruneAnchor(this.db);
    const checker = new ChainChecker(this.crypto.mac, anchor);
    let first: AuditRow | null = null;
    let pruneAnnounced = false;
    for await (const row of repo.auditRowsInOrder(this.db)) {
      first ??= row;
      if (!checker.push(row)) break;
      if (row.action === 'audit.prune' && (JSON.parse(row.summary) as { anchorHash?: string }).anchorHash === anchor) {
        pruneAnnounced = true;
      }
    }
    let firstBad = checker.firstBad;
    // A prune leaves an anchor; it must be one a recorded prune row announced, or rows were cut by hand.
    if (!firstBad && anchor !== GENESIS_HASH && !pruneAnnounced && first) {
      firstBad = { seq: first.seq, id: first.id, reason: 'link_broken' };
    }
    return { ok: firstBad === null, checked: checker.checked, firstBad, anchor: anchor === GENESIS_HASH ? 'genesis' : 'prune' };
  }

  async search(query: repo.AuditSearch) {
    const { total, rows } = await repo.searchAudit(this.db, query);
    return { total, page: query.page, pageSize: query.pageSize, items: rows.map(toAuditView) };
  }

  /** CSV (RFC 4180) lines of the matching rows; the export itself is recorded by the caller's audit row. */
  async *exportCsv(query: Omit<repo.AuditSearch, 'page' | 'pageSize'>): AsyncGenerator<string> {
    yield `${AUDIT_CSV_HEADER.join(',')}\r\n`;
    for await (const r of repo.exportAudit(this.db, query)) {
      yield `${[r.seq, r.at, r.account_id, r.role, r.source_address, r.action, r.target_type, r.target_id, r.outcome, r.summary]
        .map(csvCell)
        .join(',')}\r\n`;
    }
  }

  /** Removes rows older than the retention (at least 180 days) and records the prune in the chain. */
  async prune(actor: Actor, retentionDays: number, now: Date = new Date()): Promise<number> {
    const before = `${addDays(nowUtc(now).slice(0, 10), -retentionDays)}T00:00:00.000Z`;
    return this.db.transaction().execute(async (trx) => {
      const deleted = await repo.pruneBefore(trx, before);
      const anchorHash = await repo.pruneAnchor(trx);
      await this.record(trx, actor, {
        action: 'audit.prune',
        targetType: 'audit_log',
        targetId: null,
        orgPath: null,
        summary: { retentionDays, before, deleted, anchorHash },
      });
      return deleted;
    });
  }
}
