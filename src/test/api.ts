/** Test helpers: an app on a fresh database, and a JSON request shortcut. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { createTestDb } from '../db/test-db.ts';
import type { DbHandle } from '../db/create-db.ts';

export interface TestApp {
  app: FastifyInstance;
  handle: DbHandle;
  close(): Promise<void>;
  call<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function startTestApp(): Promise<TestApp> {
  const handle = await createTestDb();
  const app = await buildApp({ handle, webRoot: null });
  await app.ready();
  return {
    app,
    handle,
    close: async () => {
      await app.close();
      await handle.close();
    },
    call: async <T>(method: string, url: string, body?: unknown) => {
      const res = await app.inject({
        method: method as 'GET',
        url,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as T };
    },
  };
}
