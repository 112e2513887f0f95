import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, expect, test } from 'vitest';
import { createTestDb } from '../db/test-db.ts';
import { createCryptoProvider } from '../lib/crypto/provider.ts';
import { buildApp } from './app.ts';

const handle = await createTestDb();
afterAll(() => handle.close());

test('with the web UI built, pages fall back to index.html and the API keeps its JSON 404', async () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'xianfeng-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>先锋</title>');
  const app = await buildApp({ handle, crypto: createCryptoProvider('intl', randomBytes(32)), webRoot });
  const page = await app.inject({ method: 'GET', url: '/orgs/some/client/route' });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('先锋');
  expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(page.headers['x-content-type-options']).toBe('nosniff');
  const api = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
  expect(api.statusCode).toBe(404);
  expect(JSON.parse(api.body).error.code).toBe('route.not_found');
  const post = await app.inject({ method: 'POST', url: '/somewhere', payload: {} });
  expect(post.statusCode).toBe(404);
  await app.close();
});
