/** What every data command shares: the database options, opening and closing it, the services, messages. */
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createDb, migrateToLatest, resolveDbConfig, type DbConfig, type DbHandle } from '../db/create-db.ts';
import { createCryptoProvider, type CryptoProvider } from '../lib/crypto/provider.ts';
import { DEFAULT_KEY_FILE, KeyError, loadOrCreateMasterKey } from '../lib/crypto/keys.ts';
import { createServices, type Services } from '../server/app.ts';

/** A failure to explain to the operator in one message, without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}

export interface DbOptions {
  db?: string;
  databaseUrl?: string;
}

export function addDbOptions(command: Command): Command {
  return command
    .addOption(new Option('--db <file>', 'SQLite database file (default ./data/xianfeng.db)').conflicts('databaseUrl'))
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL URL postgres://user@host:5432/db (default: $DATABASE_URL when set)').conflicts('db'),
    );
}

export function dbConfig(options: DbOptions): DbConfig {
  try {
    return resolveDbConfig(options);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL database';
  }
}

export function describeDb(config: DbConfig): string {
  return config.dialect === 'sqlite' ? `SQLite ${config.file}` : `PostgreSQL ${redactUrl(config.url)}`;
}

const quote = (arg: string) => (/^[\w./:@=+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);

/** The options to repeat in a suggested command so it reaches the same database (never a password). */
export function dbArgs(options: DbOptions): string {
  if (options.db) return ` --db ${quote(options.db)}`;
  if (options.databaseUrl) return ' --database-url "<the same URL>"';
  return '';
}

const BIN = resolve(import.meta.dirname, '../../bin/xianfeng.mjs');

/** How the operator can run this tool again from where they are. */
export function commandPrefix(): string {
  const invoked = process.argv[1] ?? '';
  if (basename(invoked) === 'xianfeng') return 'xianfeng';
  if (existsSync(join(process.cwd(), 'bin/xianfeng.mjs')) && resolve('bin/xianfeng.mjs') === BIN) return 'npx xianfeng';
  const path = relative(process.cwd(), BIN);
  return `node ${quote(path.startsWith('..') ? BIN : path)}`;
}

/** The master key file of an installation: beside its SQLite file, or the default one for PostgreSQL. */
export function keyFileFor(config: DbConfig): string {
  return config.dialect === 'sqlite' && config.file !== ':memory:' ? join(dirname(config.file), 'xianfeng.key') : DEFAULT_KEY_FILE;
}

/** The installation's crypto provider, from XIANFENG_MASTER_KEY or its key file (created 0600 on first use). */
export function cryptoFor(config: DbConfig): CryptoProvider {
  const keyFile = keyFileFor(config);
  try {
    const { key, created } = loadOrCreateMasterKey(keyFile);
    if (created) process.stderr.write(`Created the master key file ${keyFile}: back it up apart from the database\n`);
    return createCryptoProvider('intl', key);
  } catch (error) {
    if (error instanceof KeyError) throw new CliError(error.message);
    throw error;
  }
}

export function servicesFor(handle: DbHandle, config: DbConfig): Services {
  return createServices(handle, cryptoFor(config));
}

/** Opens the database (migrated to the latest version), runs `work` and always closes it. */
export async function withDatabase<T>(
  options: DbOptions,
  work: (handle: DbHandle, config: DbConfig) => Promise<T>,
): Promise<T> {
  const config = dbConfig(options);
  const handle = createDb(config);
  try {
    const report = await migrateToLatest(handle.db);
    if (report.applied.length > 0) process.stderr.write(`Migrated ${describeDb(config)} to ${report.version}\n`);
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}
