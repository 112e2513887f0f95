/**
 * The audit hash chain, as pure functions: each row's hash is a keyed MAC over its fields and the previous row's
 * hash, so editing, inserting or deleting a row inside the chain breaks every hash after it.
 */
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.ts';

export type AuditRow = Selectable<AuditLogTable>;
export const GENESIS_HASH = 'genesis';

export function canonicalAuditRow(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  return JSON.stringify([
    row.id,
    row.at,
    row.account_id,
    row.role,
    row.source_address,
    row.action,
    row.target_type,
    row.target_id,
    row.org_path,
    row.outcome,
    row.summary,
    row.prev_hash,
  ]);
}

export interface ChainBreak {
  seq: number;
  id: string;
  reason: 'hash_mismatch' | 'link_broken';
}

/**
 * Checks rows pushed in sequence order. `anchor` is the hash the first row must link to (the genesis, or the last
 * hash a prune removed). `firstBad` is the first row that breaks the chain, or null while it holds.
 */
export class ChainChecker {
  checked = 0;
  firstBad: ChainBreak | null = null;
  private previous: string;

  constructor(
    private readonly mac: (data: string) => string,
    anchor: string,
  ) {
    this.previous = anchor;
  }

  push(row: AuditRow): boolean {
    if (this.firstBad) return false;
    this.checked += 1;
    if (row.prev_hash !== this.previous) {
      this.firstBad = { seq: row.seq, id: row.id, reason: 'link_broken' };
    } else if (this.mac(canonicalAuditRow(row)) !== row.hash) {
      this.firstBad = { seq: row.seq, id: row.id, reason: 'hash_mismatch' };
    } else {
      this.previous = row.hash;
    }
    return this.firstBad === null;
  }
}
