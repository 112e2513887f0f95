/** `audit verify|export|prune`: the audit trail from the console. */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { pruneAuditNow } from '../server/maintenance.ts';
import { CliError, servicesFor, withDatabase, type DbOptions } from './context.ts';

/** Recomputes the chain; exits 1 naming the first bad row when it does not hold. */
export async function auditVerifyCommand(options: DbOptions): Promise<void> {
  await withDatabase(options, async (handle, config) => {
    const { audit } = await servicesFor(handle, config);
    const result = await audit.verify();
    if (!result.ok && result.firstBad) {
      throw new CliError(
        `The audit chain is broken at row seq ${result.firstBad.seq} (id ${result.firstBad.id}): ${result.firstBad.reason}. ${result.checked} row(s) checked.`,
      );
    }
    process.stdout.write(`The audit chain holds: ${result.checked} row(s) checked from the ${result.anchor}.\n`);
  });
}

export async function auditExportCommand(options: DbOptions & { to: string; from?: string; until?: string; action?: string }): Promise<void> {
  await withDatabase(options, async (handle, config) => {
    const { audit } = await servicesFor(handle, config);
    const filters = { from: options.from, to: options.until, action: options.action };
    await audit.record(handle.db, CONSOLE_ACTOR, { action: 'audit.export', targetType: 'audit_log', targetId: null, orgPath: null, summary: { filters, to: options.to } });
    await pipeline(Readable.from(audit.exportCsv(filters)), createWriteStream(options.to, { flags: 'wx', mode: 0o600 }));
    process.stdout.write(`Exported the audit trail to ${options.to} (CSV).\n`);
  });
}

export async function auditPruneCommand(options: DbOptions): Promise<void> {
  await withDatabase(options, async (handle, config) => {
    const services = await servicesFor(handle, config);
    const deleted = await pruneAuditNow(services);
    process.stdout.write(`Pruned ${deleted} audit row(s) past the retention; the prune itself is recorded.\n`);
  });
}
