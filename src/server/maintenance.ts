/** Periodic upkeep while the server runs: the audit retention prune (it records itself in the trail). */
import { SYSTEM_ACTOR } from '../lib/actor.ts';
import type { Services } from './app.ts';

export const DAY_MS = 86_400_000;

export async function pruneAuditNow(services: Services): Promise<number> {
  const policy = await services.auth.policy();
  return services.audit.prune(SYSTEM_ACTOR, policy.auditRetentionDays);
}

/** Prunes once at start and then daily; answers a function that stops the schedule. */
export function scheduleAuditPrune(
  services: Services,
  onError: (error: unknown) => void,
  intervalMs: number = DAY_MS,
): () => void {
  const run = () => {
    pruneAuditNow(services).catch(onError);
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
