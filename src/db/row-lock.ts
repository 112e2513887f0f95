import { dialectOf } from './dialect.ts';
import type { Executor } from './schema.ts';

/**
 * Serializes writers that check something about one row before they write ("one open record per member", "the
 * month is still open"): PostgreSQL locks the row until commit; SQLite runs one write transaction at a time already.
 */
export async function lockRow(ex: Executor, table: 'orgs' | 'members', id: string): Promise<void> {
  if (dialectOf(ex) !== 'postgres') return;
  await ex.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
}
