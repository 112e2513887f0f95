/**
 * A fresh, migrated database for each test file, of the dialect the run asks for:
 * XIANFENG_TEST_DIALECT=sqlite (default; a temporary file) or postgres (a scratch schema in TEST_DATABASE_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createDb, migrateToLatest, type DbHandle } from './create-db.ts';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testDialect(): 'sqlite' | 'postgres' {
  return process.env.XIANFENG_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
}

export async function createTestDb(): Promise<DbHandle> {
  if (testDialect() === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xianfeng-test-'));
    const handle = createDb({ dialect: 'sqlite', file: join(dir, 'test.db') });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      close: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = createDb({ dialect: 'postgres', url, schema, poolSize: 4 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
