/**
 * Starts the real app in-process for a browser: a temporary SQLite file, the built UI, a free port. The root
 * org and the accounts are created with the server's own services, as `xianfeng init` and `xianfeng user add`
 * do; there is no default account. An org administrator is taken through the first login over the API (one-time
 * password → new password → TOTP enrolment), so specs can set up data as that administrator and log in as them
 * in the browser.
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
import type { Role } from '../src/modules/accounts/roles.ts';
import { SESSION_COOKIE } from '../src/server/auth.ts';
import { buildApp, createServices, type Services } from '../src/server/app.ts';
import { Authenticator } from './authenticator.ts';

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

export interface AccountInput {
  username: string;
  displayName: string;
  roles: Role[];
  phone?: string;
  /** The org the account acts from (its subtree is all it sees); the root org unless told. */
  homeOrgId?: string;
}

/** An account as `xianfeng user add` leaves it: the one-time password still to be changed. */
export interface NewAccount {
  id: string;
  username: string;
  displayName: string;
  oneTimePassword: string;
}

/** An account past its first login: its own password, and its authenticator when its roles need one. */
export interface E2eUser {
  id: string;
  username: string;
  displayName: string;
  password: string;
  authenticator: Authenticator | null;
}

export interface E2eServer {
  url: string;
  root: OrgRecord;
  services: Services;
  /** The org administrator the specs set data up as, and log in as by default. */
  admin: E2eUser;
  /** A JSON call as the administrator. */
  api<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  addAccount(input: AccountInput): Promise<NewAccount>;
  addUser(input: AccountInput): Promise<E2eUser>;
  /** Moves the last activity of the account's live sessions back past any idle timeout. */
  idleOut(accountId: string): Promise<void>;
  close(): Promise<void>;
}

export const ROOT_ORG = {
  code: 'ROOT',
  name: '示范县委',
  kind: 'party_committee',
  domain: 'government',
} as const;

/** A password both policy profiles accept; each user gets their own variant. */
const passwordFor = (username: string) => `Xf-${username.length}-Passw0rd!2024`;

interface StepAnswer {
  next: string | null;
  csrfToken: string;
  mfaEnrollment?: { secret: string };
}

/** One API caller with its own session cookie and CSRF token, like one browser. */
function apiClient(url: string) {
  let session = '';
  let csrfToken = '';
  const call = async <T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
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
    const answer = await call<StepAnswer>('POST', path, body);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    csrfToken = answer.body.csrfToken;
    return answer.body;
  };
  return { call, step };
}

/** The first login over the API: the one-time password is changed and an authenticator enrolled if required. */
async function firstLogin(client: ReturnType<typeof apiClient>, account: NewAccount): Promise<E2eUser> {
  const password = passwordFor(account.username);
  let authenticator: Authenticator | null = null;
  let answer = await client.step('/auth/login', { username: account.username, password: account.oneTimePassword });
  if (answer.next === 'change-password') {
    answer = await client.step('/auth/password', { currentPassword: account.oneTimePassword, newPassword: password });
  }
  if (answer.next === 'enroll-mfa' && answer.mfaEnrollment) {
    authenticator = new Authenticator(answer.mfaEnrollment.secret);
    answer = await client.step('/auth/mfa/enroll', { code: await authenticator.nextCode() });
  }
  if (answer.next !== null) throw new Error(`the first login of ${account.username} stopped at step ${answer.next}`);
  return { id: account.id, username: account.username, displayName: account.displayName, password, authenticator };
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

  const addAccount = async (input: AccountInput): Promise<NewAccount> => {
    const { account, oneTimePassword } = await services.accounts.create(CONSOLE_ACTOR, { ...input, homeOrgId: input.homeOrgId ?? root.id });
    return { id: account.id, username: account.username, displayName: account.displayName, oneTimePassword };
  };
  const addUser = async (input: AccountInput) => firstLogin(apiClient(url), await addAccount(input));

  const adminClient = apiClient(url);
  const admin = await firstLogin(
    adminClient,
    await addAccount({ username: 'e2e-admin', displayName: '测试管理员', roles: ['org-admin'] }),
  );

  return {
    url,
    root: (await adminClient.call<OrgRecord>('GET', '/orgs/home')).body,
    services,
    admin,
    api: adminClient.call,
    addAccount,
    addUser,
    idleOut: async (accountId) => {
      const longAgo = new Date(Date.now() - 7 * 24 * 3_600_000).toISOString();
      await handle.db
        .updateTable('sessions')
        .set({ last_seen_at: longAgo })
        .where('account_id', '=', accountId)
        .where('ended_at', 'is', null)
        .execute();
    },
    close: async () => {
      await app.close();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
