/**
 * Malformed requests to every endpoint: each answers 400 in the error shape, never 500, and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../test/api.ts';

let t: TestApp;
let rootId = '';
let branchId = '';
let memberId = '';

const counts = async () => {
  const db = t.handle.db;
  const n = async (table: 'orgs' | 'audit_log' | 'org_terms' | 'org_committee_members') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return [await n('orgs'), await n('audit_log'), await n('org_terms'), await n('org_committee_members')];
};

beforeAll(async () => {
  t = await startTestApp();
  rootId = (await t.createRoot()).id;
  t.client = await t.signIn({ roles: ['org-admin'], homeOrgId: rootId });
  const branch = await t.call<{ id: string }>('POST', '/api/v1/orgs', {
    parentId: rootId,
    code: 'B1',
    name: '支部',
    kind: 'branch',
    domain: 'government',
  });
  branchId = branch.body.id;
  const member = await t.call<{ id: string }>('POST', `/api/v1/orgs/${branchId}/committee`, {
    personName: '张三',
    position: 'secretary',
    startedOn: '2024-01-01',
  });
  memberId = member.body.id;
});
afterAll(async () => {
  await t.close();
});

const long = 'x'.repeat(5000);

interface Case {
  method: 'POST' | 'PATCH';
  url: () => string;
  valid: () => Record<string, unknown>;
  /** A field that must be a string, and one that must be a number or date, for the wrong-type cases. */
  stringField: string;
}

const writes: Case[] = [
  {
    method: 'POST',
    url: () => '/api/v1/orgs',
    valid: () => ({ parentId: rootId, code: 'NEW1', name: '新支部', kind: 'branch', domain: 'rural' }),
    stringField: 'name',
  },
  {
    method: 'PATCH',
    url: () => `/api/v1/orgs/${branchId}`,
    valid: () => ({ version: 1, name: '改名' }),
    stringField: 'name',
  },
  {
    method: 'POST',
    url: () => `/api/v1/orgs/${branchId}/move`,
    valid: () => ({ newParentId: rootId, version: 1 }),
    stringField: 'newParentId',
  },
  {
    method: 'POST',
    url: () => `/api/v1/orgs/${branchId}/dissolve`,
    valid: () => ({ version: 1, dissolvedOn: '2026-01-01' }),
    stringField: 'dissolvedOn',
  },
  {
    method: 'POST',
    url: () => `/api/v1/orgs/${branchId}/committee`,
    valid: () => ({ personName: '李四', position: 'member', startedOn: '2024-01-01' }),
    stringField: 'personName',
  },
  {
    method: 'POST',
    url: () => `/api/v1/orgs/${branchId}/committee/${memberId}/end`,
    valid: () => ({ version: 1, endedOn: '2025-01-01' }),
    stringField: 'endedOn',
  },
  {
    method: 'POST',
    url: () => `/api/v1/orgs/${branchId}/terms`,
    valid: () => ({ startedOn: '2024-01-01' }),
    stringField: 'startedOn',
  },
];

function malformed(c: Case): [string, unknown][] {
  const valid = c.valid();
  const [firstKey] = Object.keys(valid);
  const missing = { ...valid };
  if (firstKey) delete missing[firstKey];
  return [
    ['wrong type', { ...valid, [c.stringField]: 12345 }],
    ['null for a required field', { ...valid, [c.stringField]: null }],
    ['missing field', missing],
    ['oversize string', { ...valid, [c.stringField]: long }],
    ['unknown field', { ...valid, isAdmin: true }],
    ['array body', [valid]],
    ['empty object', {}],
  ];
}

describe.each(writes)('$method $stringField endpoint', (c) => {
  test('malformed bodies answer 400 in the error shape and write nothing', async () => {
    const before = await counts();
    for (const [label, body] of malformed(c)) {
      const res = await t.call<{ error: { code: string; message: string } }>(c.method, c.url(), body);
      expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.code, label).toBe('request.invalid');
      expect(typeof res.body.error.message).toBe('string');
    }
    expect(await counts()).toEqual(before);
  });

  test('broken JSON and a wrong content type answer 4xx in the error shape', async () => {
    const before = await counts();
    const auth = { cookie: t.client?.cookie ?? '', 'x-csrf-token': t.client?.csrfToken ?? '' };
    const broken = await t.app.inject({
      method: c.method,
      url: c.url(),
      headers: { 'content-type': 'application/json', ...auth },
      payload: '{"name": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(JSON.parse(broken.body).error.code).toBe('request.malformed_json');
    const text = await t.app.inject({
      method: c.method,
      url: c.url(),
      headers: { 'content-type': 'text/plain', ...auth },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(JSON.parse(text.body).error.code).toBe('request.unsupported_media_type');
    expect(await counts()).toEqual(before);
  });
});

describe('query strings', () => {
  test.each([
    ['/api/v1/orgs/ROOTID/subtree?pageSize=1000', 'page size over the ceiling'],
    ['/api/v1/orgs/ROOTID/subtree?page=0', 'page zero'],
    ['/api/v1/orgs/ROOTID/subtree?kind=bogus', 'unknown kind'],
    ['/api/v1/orgs/ROOTID/subtree?domain=mars', 'unknown domain'],
    ['/api/v1/orgs/ROOTID/subtree?status=gone', 'unknown status'],
    ['/api/v1/orgs/ROOTID/subtree?sort=name', 'unknown parameter'],
    [`/api/v1/orgs/ROOTID/subtree?q=${'x'.repeat(300)}`, 'oversize search'],
    ['/api/v1/orgs/ROOTID/children?includeDissolved=maybe', 'not a boolean'],
    ['/api/v1/orgs/terms/due?months=-1', 'negative months'],
    ['/api/v1/orgs/terms/due?months=abc', 'months not a number'],
    ['/api/v1/orgs/terms/due?asOf=2024-02-30', 'not a real date'],
  ])('%s (%s) → 400', async (url, label) => {
    const res = await t.call<{ error: { code: string } }>('GET', url.replace('ROOTID', rootId));
    expect(res.status, label).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
  });

  test('an oversize body is refused with 413 in the error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { 'content-type': 'application/json', cookie: t.client?.cookie ?? '', 'x-csrf-token': t.client?.csrfToken ?? '' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('request.too_large');
  });

  test('impossible dates are refused', async () => {
    const res = await t.call<{ error: { code: string } }>('POST', `/api/v1/orgs/${branchId}/terms`, {
      startedOn: '2023-02-29',
    });
    expect(res.status).toBe(400);
  });
});
