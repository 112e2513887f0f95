/** One event about a member: a row in the member's history and a row in the audit trail, in one transaction. */
import type { Actor } from '../../lib/actor.ts';
import type { Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { insertHistory } from './members.repo.ts';
import { historyRow } from './members.service.ts';

export interface MemberEvent {
  action: string;
  targetType: string;
  targetId: string;
  /** The org path the audit row is filed under (the member's, or the receiving side's). */
  orgPath: string;
  /** What happened, personal data already masked; the audit row adds the member's id. */
  summary: Record<string, unknown>;
}

export async function recordMemberEvent(
  trx: Executor,
  audit: AuditTrail,
  actor: Actor,
  member: { id: string; org_path: string },
  event: MemberEvent,
  now: string,
): Promise<void> {
  await insertHistory(trx, historyRow(member, actor, event.action, event.summary, now));
  await audit.record(trx, actor, {
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    orgPath: event.orgPath,
    summary: { memberId: member.id, ...event.summary },
  });
}
