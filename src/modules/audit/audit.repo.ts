import type { Actor } from '../../lib/actor.ts';
import { newId } from '../../lib/ids.ts';
import { nowUtc } from '../../lib/dates.ts';
import type { Executor } from '../../db/schema.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  orgPath: string | null;
  outcome?: 'success' | 'failure';
  /** What changed, with personal data already masked by the caller. */
  summary: Record<string, unknown>;
}

/** Appends one audit row. Called by services inside the transaction of the write it records. */
export async function recordAudit(ex: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await ex
    .insertInto('audit_log')
    .values({
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
    })
    .execute();
}
