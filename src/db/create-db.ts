import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database as Schema, Db } from './schema.ts';
import { dialectOf, type DialectName } from './dialect.ts';
import { latestMigration, migrationProvider } from './migrations/index.ts';

export type DbConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string; schema?: string; poolSize?: number };

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  /** The SQLite connection, for the online backup; null on PostgreSQL. */
  sqlite: Database.Database | null;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_FILE = './data/xianfeng.db';

/** Picks the database from explicit options, then DATABASE_URL, then the default SQLite file. */
export function resolveDbConfig(options: { db?: string; databaseUrl?: string }, env = process.env): DbConfig {
  const url = options.databaseUrl ?? (options.db ? undefined : env.DATABASE_URL);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    return { dialect: 'postgres', url };
  }
  return { dialect: 'sqlite', file: options.db ?? env.XIANFENG_DB ?? DEFAULT_SQLITE_FILE };
}

// PostgreSQL returns bigint (int8) as text by default; counts and sequences here fit in a JS number.
pg.types.setTypeParser(20, (value: string) => Number(value));

export function createDb(config: DbConfig): DbHandle {
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new Database(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      db,
      dialect: 'sqlite',
      sqlite,
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', sqlite: null, close: () => db.destroy() };
}

export interface MigrationReport {
  applied: string[];
  version: string;
}

/**
 * On PostgreSQL the migration tables live in the connection's current schema; named explicitly, because Kysely
 * otherwise takes a migration table in any schema of the database as its own.
 */
async function migratorFor(db: Db): Promise<Migrator> {
  // Feature migrations are numbered when written and may land out of order; each is independent of later
  // numbers, so an installation that already has a later one still receives an earlier newcomer.
  const common = { db, provider: migrationProvider, allowUnorderedMigrations: true };
  if (dialectOf(db) !== 'postgres') return new Migrator(common);
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return new Migrator({ ...common, migrationTableSchema: rows[0]?.schema ?? 'public' });
}

export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = await migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, version: await currentMigration(db) };
}

export async function currentMigration(db: Db): Promise<string> {
  const migrator = await migratorFor(db);
  const list = await migrator.getMigrations();
  return list.filter((m) => m.executedAt).map((m) => m.name).sort().at(-1) ?? '';
}

export { latestMigration };
