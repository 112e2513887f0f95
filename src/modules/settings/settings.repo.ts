/** Installation settings as JSON values under keys, with a version for optimistic locking. */
import { sql } from 'kysely';
import type { Executor } from '../../db/schema.ts';

export async function getSetting<T>(ex: Executor, key: string): Promise<{ value: T; version: number } | null> {
  const row = await ex.selectFrom('settings').select(['value', 'version']).where('key', '=', key).executeTakeFirst();
  return row ? { value: JSON.parse(row.value) as T, version: row.version } : null;
}

/** Writes a setting; with `expectedVersion` the write fails (false) when someone else changed it first. */
export async function putSetting(
  ex: Executor,
  key: string,
  value: unknown,
  now: string,
  expectedVersion?: number,
): Promise<boolean> {
  const text = JSON.stringify(value);
  let update = ex
    .updateTable('settings')
    .set({ value: text, updated_at: now, version: sql`version + 1` })
    .where('key', '=', key);
  if (expectedVersion !== undefined) update = update.where('version', '=', expectedVersion);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return true;
  if (expectedVersion !== undefined && expectedVersion !== 0) return false;
  const exists = await ex.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst();
  if (exists) return false;
  await ex.insertInto('settings').values({ key, value: text, version: 1, updated_at: now }).execute();
  return true;
}
