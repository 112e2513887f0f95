/** `serve` (and the server half of `demo`): migrate, listen, say where, stop cleanly on SIGINT/SIGTERM. */
import { createDb, migrateToLatest, type DbConfig } from '../db/create-db.ts';
import { buildApp, createServices } from '../server/app.ts';
import { scheduleAuditPrune } from '../server/maintenance.ts';
import { serverLogger } from '../server/logging.ts';
import { findRoot } from '../modules/orgs/orgs.repo.ts';
import { CliError, commandPrefix, cryptoFor, describeDb } from './context.ts';

export interface ServeOptions {
  port: number;
  host: string;
  /** Printed when the database has no root org yet: how to run `init` against the same database. */
  initHint: (prefix: string) => string;
  /** Extra lines for the banner (the demo's "how to get in"). */
  banner?: readonly string[];
}

const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the server; it then runs until a signal stops it. */
export async function serve(config: DbConfig, options: ServeOptions): Promise<void> {
  const handle = createDb(config);
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let stopPrune = () => {};
  try {
    const report = await migrateToLatest(handle.db);
    if (report.applied.length > 0) {
      process.stdout.write(`Applied migrations ${report.applied.join(', ')}; the database is at ${report.version}\n`);
    }
    const crypto = await cryptoFor(handle, config);
    // Request lines carry method, path and status only (see server/logging.ts): never bodies.
    const started = await buildApp({ handle, crypto, logger: serverLogger(), trustProxy: process.env.TRUST_PROXY === 'true' });
    app = started;
    await started.listen({ port: options.port, host: options.host });
    stopPrune = scheduleAuditPrune(createServices(handle, crypto), (error) => started.log.error({ err: error }, 'audit prune failed'));
  } catch (error) {
    await app?.close();
    await handle.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new CliError(`Port ${options.port} is already in use: choose another with --port or PORT`);
    throw error;
  }
  const running = app;

  const address = running.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  const lines = [
    '',
    `Xianfeng is running at ${url}/`,
    `  database: ${describeDb(config)}`,
    `  API documentation: ${url}/api/docs`,
    ...(options.host === '0.0.0.0' || options.host === '::' ? [`  listening on all interfaces (${options.host}); set HOST=127.0.0.1 to keep it local`] : []),
    ...(options.banner ?? []),
  ];
  if (!(await findRoot(handle.db))) {
    lines.push(
      '',
      'The database is empty. Finish set-up by creating the root organization (your county, city or province committee):',
      `  ${options.initHint(commandPrefix())}`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    running.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      process.stderr.write('Requests did not finish in time; exiting anyway\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    stopPrune();
    running
      .close()
      .then(() => handle.close())
      .then(
        () => process.stdout.write('Stopped.\n'),
        (error: unknown) => {
          process.stderr.write(`Error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exitCode = 1;
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
