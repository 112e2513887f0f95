/**
 * `backup` and `restore` of a SQLite installation. A backup is SQLite's online backup (the server may keep
 * running); a restore checks the file, refuses while the database is open elsewhere, and swaps files by rename,
 * keeping the replaced database beside it.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createDb, type DbConfig } from '../db/create-db.ts';
import { migrations } from '../db/migrations/index.ts';
import { CliError, dbConfig, describeDb, keyFileFor, type DbOptions } from './context.ts';
import { progress } from './progress.ts';

function sqliteFileOf(config: DbConfig, what: 'backup' | 'restore'): string {
  if (config.dialect === 'sqlite') return config.file;
  const tool = what === 'backup' ? 'pg_dump --format=custom --file=xianfeng.dump "$DATABASE_URL"' : 'pg_restore --clean --dbname="$DATABASE_URL" xianfeng.dump';
  throw new CliError(`${describeDb(config)}: ${what} PostgreSQL with its own tools, for example\n  ${tool}`);
}

const megabytes = (file: string) => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`;

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

interface DatabaseFacts {
  orgs: number;
  migration: string;
}

/** Checks that `file` is a sound Xianfeng database this version can run, and says what it holds. */
function inspect(file: string): DatabaseFacts {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CliError(`${file} cannot be opened as a SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const tables = new Set(
      (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((t) => t.name),
    );
    if (!tables.has('orgs') || !tables.has('kysely_migration')) throw new CliError(`${file} is not a Xianfeng database`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CliError(`${file} is damaged: ${String(check)}`);
    const applied = (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((m) => m.name);
    const unknown = applied.filter((name) => !(name in migrations));
    if (unknown.length > 0) {
      throw new CliError(`${file} was written by a newer Xianfeng (migrations ${unknown.join(', ')}); upgrade first`);
    }
    const orgs = (db.prepare('select count(*) as n from orgs').get() as { n: number }).n;
    return { orgs, migration: applied.at(-1) ?? '(none)' };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file} cannot be read as a Xianfeng database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}

/**
 * Copies a (possibly live) database page by page into `target`, with progress, and makes the copy one
 * self-contained file (rollback journal instead of WAL, so no -wal/-shm files belong to it).
 */
async function copyDatabase(source: Database.Database, target: string, label: string): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  const bar = progress(label);
  await source.backup(target, {
    progress: ({ totalPages, remainingPages }) => {
      bar.update(totalPages - remainingPages, totalPages);
      return 1000;
    },
  });
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  bar.finish('done');
}

export async function backupCommand(options: DbOptions & { to: string; force?: boolean }): Promise<void> {
  const config = dbConfig(options);
  const file = sqliteFileOf(config, 'backup');
  const to = resolve(options.to);
  if (!existsSync(file)) throw new CliError(`There is no database at ${file}`);
  if (to === resolve(file)) throw new CliError('The backup must go to another file than the database itself');
  if (existsSync(to) && !options.force) throw new CliError(`${options.to} already exists; choose another name or add --force`);
  const partial = join(dirname(to), `.${basename(to)}.partial-${process.pid}`);
  const handle = createDb(config);
  try {
    if (!handle.sqlite) throw new CliError('The SQLite connection is not available');
    await copyDatabase(handle.sqlite, partial, `Backing up ${file}`);
    const facts = inspect(partial);
    renameSync(partial, to);
    process.stdout.write(
      `Backed up ${file} to ${options.to} (${megabytes(to)}, ${facts.orgs} orgs, schema ${facts.migration}); the copy was checked.\n` +
        `Keep the key file ${keyFileFor(config)} safe as well, stored apart from the backups: without it encrypted fields cannot be read.\n`,
    );
  } finally {
    rmSync(partial, { force: true });
    await handle.close();
  }
}

/** Fails when another connection (a running server) has the database open. */
function ensureNotInUse(file: string): void {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    // Exclusive locking in WAL mode needs every other connection closed.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new CliError(`${file} is in use: stop the Xianfeng server (and anything else using it) before restoring`);
    }
    throw error;
  } finally {
    db.close();
  }
}

export async function restoreCommand(options: DbOptions & { from: string }): Promise<void> {
  const config = dbConfig(options);
  const target = resolve(sqliteFileOf(config, 'restore'));
  const from = resolve(options.from);
  if (!existsSync(from)) throw new CliError(`There is no file ${options.from}`);
  if (from === target) throw new CliError('The backup and the database are the same file');
  const facts = inspect(from);
  process.stderr.write(`Restoring ${options.from}: ${facts.orgs} orgs, schema ${facts.migration}\n`);

  const exists = existsSync(target);
  if (exists) ensureNotInUse(target);
  const incoming = join(dirname(target), `.${basename(target)}.restore-${process.pid}`);
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await copyDatabase(source, incoming, 'Copying');
  } finally {
    source.close();
  }
  try {
    inspect(incoming);
    let kept: string | null = null;
    if (exists) {
      kept = `${target}.before-restore-${stamp()}`;
      renameSync(target, kept);
    }
    // A journal left beside the old file must never be replayed into the restored one.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(incoming, target);
    process.stdout.write(
      `Restored ${options.from} into ${target}.\n` +
        (kept ? `The database it replaced was kept as ${kept}.\n` : '') +
        (existsSync(keyFileFor(config)) || process.env.XIANFENG_MASTER_KEY
          ? `It needs the master key it was made with (${keyFileFor(config)}). `
          : `Put the master key file of the installation the backup came from at ${keyFileFor(config)} (or set XIANFENG_MASTER_KEY). `) +
        'Then start the server again.\n',
    );
  } finally {
    rmSync(incoming, { force: true });
  }
}
