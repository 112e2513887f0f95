/**
 * Subtree scope: an administrator of one township runs every endpoint against ids of the sibling township. Each
 * answers 404 exactly like a missing id, and nothing in the sibling subtree changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../lib/actor.ts';
import { startTestApp, type Client, type TestApp } from '../test/api.ts';

let t: TestApp;
let orgAdminA: Client;
let sysAdminA: Client;
let secAdminA: Client;
const b: Record<string, string> = {};

const snapshot = async () => {
  const db = t.handle.db;
  return JSON.stringify([
    await db.selectFrom('orgs').selectAll().orderBy('id').execute(),
    await db.selectFrom('org_committee_members').selectAll().orderBy('id').execute(),
    await db.selectFrom('org_terms').selectAll().orderBy('id').execute(),
    await db.selectFrom('accounts').select(['id', 'version', 'disabled', 'password_hash']).orderBy('id').execute(),
    await db.selectFrom('account_roles').selectAll().orderBy('account_id').execute(),
    await db.selectFrom('sessions').select(['id', 'ended_at']).orderBy('id').execute(),
  ]);
};

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch' | 'group') =>
    t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' });
  const townA = await mk(root.id, 'TOWN-A', 'party_committee');
  const townB = await mk(root.id, 'TOWN-B', 'party_committee');
  await mk(townA.id, 'BRANCH-A', 'branch');
  const branchB = await mk(townB.id, 'BRANCH-B', 'branch');
  const groupB = await mk(branchB.id, 'GROUP-B', 'group');
  b.town = townB.id;
  b.branch = branchB.id;
  b.group = groupB.id;
  b.committee = (
    await t.services.orgs.addCommitteeMember(CONSOLE_ACTOR, branchB.id, { personName: '赵六', position: 'secretary', startedOn: '2024-01-01' })
  ).id;
  await t.services.orgs.startTerm(CONSOLE_ACTOR, branchB.id, { startedOn: '2024-01-01' });
  const userB = await t.signIn({ roles: ['member'], homeOrgId: branchB.id });
  b.account = userB.accountId;
  b.session = (await t.handle.db.selectFrom('sessions').select('id').where('account_id', '=', userB.accountId).executeTakeFirstOrThrow()).id;
  orgAdminA = await t.signIn({ roles: ['org-admin'], homeOrgId: townA.id });
  sysAdminA = await t.signIn({ roles: ['system-admin'], homeOrgId: townA.id });
  secAdminA = await t.signIn({ roles: ['security-admin'], homeOrgId: townA.id });
});
afterAll(async () => {
  await t.close();
});

type Caller = () => Client;
const cases: [string, Caller, string, () => string, (() => unknown)?][] = [
  ['org', () => orgAdminA, 'GET', () => `/api/v1/orgs/${b.branch}`],
  ['children', () => orgAdminA, 'GET', () => `/api/v1/orgs/${b.town}/children`],
  ['subtree', () => orgAdminA, 'GET', () => `/api/v1/orgs/${b.town}/subtree`],
  ['ancestors', () => orgAdminA, 'GET', () => `/api/v1/orgs/${b.group}/ancestors`],
  ['committee', () => orgAdminA, 'GET', () => `/api/v1/orgs/${b.branch}/committee`],
  ['terms', () => orgAdminA, 'GET', () => `/api/v1/orgs/${b.branch}/terms`],
  ['rename', () => orgAdminA, 'PATCH', () => `/api/v1/orgs/${b.branch}`, () => ({ version: 1, name: '被改名' })],
  ['create under', () => orgAdminA, 'POST', () => '/api/v1/orgs', () => ({ parentId: b.branch, code: 'INTRUDER', name: 'x', kind: 'group', domain: 'rural' })],
  ['move away', () => orgAdminA, 'POST', () => `/api/v1/orgs/${b.branch}/move`, () => ({ newParentId: b.town, version: 1 })],
  ['dissolve', () => orgAdminA, 'POST', () => `/api/v1/orgs/${b.group}/dissolve`, () => ({ version: 1 })],
  ['add committee', () => orgAdminA, 'POST', () => `/api/v1/orgs/${b.branch}/committee`, () => ({ personName: 'x', position: 'member', startedOn: '2024-01-01' })],
  ['end committee', () => orgAdminA, 'POST', () => `/api/v1/orgs/${b.branch}/committee/${b.committee}/end`, () => ({ version: 1, endedOn: '2025-01-01' })],
  ['start term', () => orgAdminA, 'POST', () => `/api/v1/orgs/${b.branch}/terms`, () => ({ startedOn: '2025-01-01' })],
  ['reveal', () => orgAdminA, 'POST', () => `/api/v1/accounts/${b.account}/reveal`, () => ({ field: 'phone' })],
  ['account', () => sysAdminA, 'GET', () => `/api/v1/accounts/${b.account}`],
  ['account in my home org', () => sysAdminA, 'POST', () => '/api/v1/accounts', () => ({ username: 'intruder', displayName: 'x', homeOrgId: b.branch })],
  ['disable', () => sysAdminA, 'POST', () => `/api/v1/accounts/${b.account}/disable`, () => ({ version: 1 })],
  ['enable', () => sysAdminA, 'POST', () => `/api/v1/accounts/${b.account}/enable`, () => ({ version: 1 })],
  ['reset password', () => sysAdminA, 'POST', () => `/api/v1/accounts/${b.account}/reset-password`, () => ({ version: 1 })],
  ['end sessions', () => sysAdminA, 'POST', () => `/api/v1/accounts/${b.account}/end-sessions`],
  ['end session', () => sysAdminA, 'POST', () => `/api/v1/sessions/${b.session}/end`],
  ['grant roles', () => secAdminA, 'PUT', () => `/api/v1/accounts/${b.account}/roles`, () => ({ roles: ['org-admin'], version: 1 })],
];

describe('a sibling subtree is invisible', () => {
  test.each(cases)('%s → 404', async (_label, caller, method, url, body) => {
    const before = await snapshot();
    const res = await caller().call<{ error: { code: string } }>(method, url(), body?.());
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body.error.code).toMatch(/not_found$/);
    expect(await snapshot()).toEqual(before);
  });

  test('a missing id answers the same as a sibling one', async () => {
    const missing = await orgAdminA.call<{ error: { code: string; message: string } }>('GET', '/api/v1/orgs/00000000-0000-7000-8000-000000000000');
    const sibling = await orgAdminA.call<{ error: { code: string; message: string } }>('GET', `/api/v1/orgs/${b.branch}`);
    expect(sibling.status).toBe(missing.status);
    expect(sibling.body.error.code).toBe(missing.body.error.code);
    expect(sibling.body.error.message).toBe(missing.body.error.message);
  });

  test('lists leave the sibling out', async () => {
    const accounts = await sysAdminA.call<{ items: { id: string }[] }>('GET', '/api/v1/accounts');
    expect(accounts.body.items.map((a) => a.id)).not.toContain(b.account);
    const sessions = await sysAdminA.call<{ accountId: string }[]>('GET', '/api/v1/sessions');
    expect(sessions.body.map((s) => s.accountId)).not.toContain(b.account);
    const due = await orgAdminA.call<{ dueSoon: { orgId: string }[]; overdue: { orgId: string }[] }>(
      'GET',
      '/api/v1/orgs/terms/due?months=60&asOf=2026-11-21',
    );
    expect([...due.body.dueSoon, ...due.body.overdue].map((d) => d.orgId)).not.toContain(b.branch);
    const home = await orgAdminA.call<{ code: string }>('GET', '/api/v1/orgs/home');
    expect(home.body.code).toBe('TOWN-A');
    const crumbs = await orgAdminA.call<{ code: string }[]>('GET', `/api/v1/orgs/${home.body && (await orgAdminA.call<{ id: string }>('GET', '/api/v1/orgs/home')).body.id}/ancestors`);
    expect(crumbs.body).toEqual([]);
  });
});
