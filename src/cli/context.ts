/** What every data command shares: the database options, opening and closing it, the services, messages. */
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createDb, migrateToLatest, resolveDbConfig, type DbConfig, type DbHandle } from '../db/create-db.ts';
import { createCryptoProvider, type CryptoProfile, type CryptoProvider } from '../lib/crypto/provider.ts';
import { DEFAULT_KEY_FILE, KeyError, loadMasterKey, loadOrCreateMasterKey } from '../lib/crypto/keys.ts';
import { getSetting, putSetting } from '../modules/settings/settings.repo.ts';
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

const CRYPTO_PROFILE_KEY = 'crypto.profile';

function parseProfile(value: string | undefined, where: string): CryptoProfile | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'intl' || value === 'gm') return value;
  throw new CliError(`${where} must be intl (AES-256-GCM, HMAC-SHA-256) or gm (SM4, SM3)`);
}

/**
 * The installation's crypto provider: the master key from XIANFENG_MASTER_KEY or the key file (created 0600 on
 * first use, never over encrypted data), and the profile chosen once at set-up (`--crypto-profile` or
 * XIANFENG_CRYPTO_PROFILE), kept in the database so that it can never silently change.
 */
export async function cryptoFor(handle: DbHandle, config: DbConfig, requested?: string): Promise<CryptoProvider> {
  const keyFile = keyFileFor(config);
  const wanted = parseProfile(requested, '--crypto-profile') ?? parseProfile(process.env.XIANFENG_CRYPTO_PROFILE, 'XIANFENG_CRYPTO_PROFILE');
  const stored = await getSetting<CryptoProfile>(handle.db, CRYPTO_PROFILE_KEY);
  if (stored && wanted && stored.value !== wanted) {
    throw new CliError(`This installation encrypts with the ${stored.value} profile; it cannot switch to ${wanted}`);
  }
  const profile = stored?.value ?? wanted ?? 'intl';
  try {
    const existing = loadMasterKey(keyFile);
    if (!existing && (await holdsEncryptedData(handle))) {
      throw new CliError(
        `The master key file ${keyFile} is missing, but the database holds encrypted data: restore the key file from its backup (or set XIANFENG_MASTER_KEY)`,
      );
    }
    const { key, created } = existing ? { key: existing, created: false } : loadOrCreateMasterKey(keyFile);
    if (created) process.stderr.write(`Created the master key file ${keyFile}: back it up apart from the database\n`);
    if (!stored) await putSetting(handle.db, CRYPTO_PROFILE_KEY, profile, new Date().toISOString());
    return createCryptoProvider(profile, key);
  } catch (error) {
    if (error instanceof KeyError) throw new CliError(error.message);
    throw error;
  }
}

async function holdsEncryptedData(handle: DbHandle): Promise<boolean> {
  const account = await handle.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  const member = await handle.db.selectFrom('members').select('id').limit(1).executeTakeFirst();
  return account !== undefined || member !== undefined;
}

export async function servicesFor(handle: DbHandle, config: DbConfig, requestedProfile?: string): Promise<Services> {
  return createServices(handle, await cryptoFor(handle, config, requestedProfile));
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
