/** Test helpers: an app on a fresh database, signed-in callers, and a JSON request shortcut. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp, createServices, type Services } from '../server/app.ts';
import { createTestDb } from '../db/test-db.ts';
import type { DbHandle } from '../db/create-db.ts';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { createCryptoProvider, type CryptoProvider } from '../lib/crypto/provider.ts';
import { newId } from '../lib/ids.ts';
import { hashToken } from '../modules/accounts/auth.service.ts';
import type { Role } from '../modules/accounts/roles.ts';
import { SESSION_COOKIE } from '../server/auth.ts';

export interface Response<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface Client {
  accountId: string;
  username: string;
  cookie: string;
  csrfToken: string;
  call<T = unknown>(method: string, url: string, body?: unknown): Promise<Response<T>>;
}

export interface TestApp {
  app: FastifyInstance;
  handle: DbHandle;
  crypto: CryptoProvider;
  services: Services;
  /** Moves the clock the app sees (idle timeouts, TOTP) by this many milliseconds. */
  advanceClock(ms: number): void;
  now(): Date;
  /** The caller used by `call`; anonymous until set. */
  client: Client | null;
  call<T = unknown>(method: string, url: string, body?: unknown): Promise<Response<T>>;
  /** A raw request with the given cookie and CSRF token (or none). */
  request<T = unknown>(method: string, url: string, body: unknown, auth: { cookie?: string; csrfToken?: string }): Promise<Response<T>>;
  /**
   * An account with these roles and a complete session (as after password change and second factor), created
   * through the account service; the login flow itself is tested on its own.
   */
  signIn(input: { roles: Role[]; homeOrgId: string; username?: string }): Promise<Client>;
  /** Creates the root org through the service, as `xianfeng init` does. */
  createRoot(code?: string): Promise<{ id: string; path: string }>;
  close(): Promise<void>;
}

export async function startTestApp(options: { profile?: 'intl' | 'gm' } = {}): Promise<TestApp> {
  const handle = await createTestDb();
  const crypto = createCryptoProvider(options.profile ?? 'intl', randomBytes(32));
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const app = await buildApp({ handle, crypto, webRoot: null, now });
  await app.ready();
  const services = createServices(handle, crypto, now);

  const request = async <T>(method: string, url: string, body: unknown, auth: { cookie?: string; csrfToken?: string }) => {
    const headers: Record<string, string> = {};
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.csrfToken) headers['x-csrf-token'] = auth.csrfToken;
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const isJson = String(res.headers['content-type'] ?? '').includes('json');
    return { status: res.statusCode, body: (isJson && res.body ? JSON.parse(res.body) : res.body) as T, headers: res.headers };
  };

  const t: TestApp = {
    app,
    handle,
    crypto,
    services,
    client: null,
    advanceClock: (ms) => {
      offset += ms;
    },
    now,
    request,
    call: (method, url, body) => (t.client ? t.client.call(method, url, body) : request(method, url, body, {})),
    async signIn({ roles, homeOrgId, username }) {
      const name = username ?? `user-${randomBytes(4).toString('hex')}`;
      const { account } = await services.accounts.create(CONSOLE_ACTOR, { username: name, displayName: name, homeOrgId, roles });
      await handle.db.updateTable('accounts').set({ must_change_password: 0 }).where('id', '=', account.id).execute();
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const at = now().toISOString();
      await handle.db
        .insertInto('sessions')
        .values({
          id: newId(),
          token_hash: hashToken(token),
          account_id: account.id,
          csrf_token: csrfToken,
          next_step: null,
          mfa_passed: 1,
          pending_mfa_secret_enc: null,
          source_address: '127.0.0.1',
          user_agent: 'test',
          created_at: at,
          last_seen_at: at,
          expires_at: new Date(now().getTime() + 12 * 3_600_000).toISOString(),
          ended_at: null,
          ended_reason: null,
        })
        .execute();
      const cookie = `${SESSION_COOKIE}=${token}`;
      return {
        accountId: account.id,
        username: name,
        cookie,
        csrfToken,
        call: (method, url, body) => request(method, url, body, { cookie, csrfToken }),
      };
    },
    async createRoot(code = 'ROOT') {
      const root = await services.orgs.create(CONSOLE_ACTOR, {
        parentId: null,
        code,
        name: '中共测试县委员会',
        kind: 'party_committee',
        domain: 'government',
      });
      return { id: root.id, path: root.path };
    },
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
  return t;
}
