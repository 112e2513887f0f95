import { PostgresAdapter, sql, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: { getExecutor(): { adapter: object } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Paths compare byte-wise so that a subtree is one range (`path >= p AND path < p || '~'`). SQLite's default
 * BINARY collation already does; PostgreSQL needs COLLATE "C".
 */
export function pathColumnType(dialect: DialectName): 'text' | RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`text collate "C"` : 'text';
}
