/**
 * Starts the real app in-process for a browser: a temporary SQLite file, the built UI, a free port. The root
 * org is created as `xianfeng init` does, and an org administrator logs in through the API's own login flow
 * (one-time password → new password → TOTP enrolment), so specs start with a complete session.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, migrateToLatest } from '../src/db/create-db.ts';
import { CONSOLE_ACTOR } from '../src/lib/actor.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { totp } from '../src/lib/totp.ts';
import { SESSION_COOKIE } from '../src/server/auth.ts';
import { buildApp, createServices } from '../src/server/app.ts';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export interface OrgRecord {
  id: string;
  code: string;
  name: string;
  kind: string;
  domain: string;
  parentId: string | null;
  status: 'active' | 'dissolved';
  version: number;
}

export interface E2eServer {
  url: string;
  root: OrgRecord;
  /** The logged-in administrator's session cookie, for a browser context. */
  sessionCookie: { name: string; value: string; url: string };
  /** A JSON call as the logged-in administrator. */
  api<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export const ROOT_ORG = {
  code: 'ROOT',
  name: '示范县委',
  kind: 'party_committee',
  domain: 'government',
} as const;

const ADMIN = { username: 'e2e-admin', password: 'Xf-e2e-Passw0rd!2024' };

interface StepAnswer {
  next: string | null;
  csrfToken: string;
  mfaEnrollment?: { secret: string };
}

export async function startServer(): Promise<E2eServer> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error('web/dist is not built: run `node scripts/ensure-web-build.mjs` (npm run test:e2e does)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'xianfeng-e2e-'));
  const handle = createDb({ dialect: 'sqlite', file: join(dir, 'e2e.db') });
  await migrateToLatest(handle.db);
  const crypto = createCryptoProvider('intl', randomBytes(32));
  const app = await buildApp({ handle, crypto, webRoot: WEB_ROOT });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const services = createServices(handle, crypto);
  const root = await services.orgs.create(CONSOLE_ACTOR, { parentId: null, ...ROOT_ORG });
  const { oneTimePassword } = await services.accounts.create(CONSOLE_ACTOR, {
    username: ADMIN.username,
    displayName: '测试管理员',
    homeOrgId: root.id,
    roles: ['org-admin'],
  });

  let session = '';
  let csrfToken = '';
  const api = async <T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {};
    if (session) headers.cookie = `${SESSION_COOKIE}=${session}`;
    if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (cookie) session = cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '';
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };

  const step = async (path: string, body: unknown): Promise<StepAnswer> => {
    const answer = await api<StepAnswer>('POST', path, body);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    csrfToken = answer.body.csrfToken;
    return answer.body;
  };
  let answer = await step('/auth/login', { username: ADMIN.username, password: oneTimePassword });
  if (answer.next === 'change-password') {
    answer = await step('/auth/password', { currentPassword: oneTimePassword, newPassword: ADMIN.password });
  }
  if (answer.next === 'enroll-mfa' && answer.mfaEnrollment) {
    answer = await step('/auth/mfa/enroll', { code: totp(answer.mfaEnrollment.secret, Date.now()) });
  }
  if (answer.next !== null) throw new Error(`the e2e login stopped at step ${answer.next}`);

  return {
    url,
    root: (await api<OrgRecord>('GET', '/orgs/home')).body,
    sessionCookie: { name: SESSION_COOKIE, value: session, url },
    api,
    close: async () => {
      await app.close();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
