/**
 * Malformed requests to every write endpoint of transfers, flowing members, community reporting, mentor pairs,
 * the reserve pool and care records: each answers 400 in the error shape, never 500, and writes nothing.
 * (POST /flowing/:id/reveal-contact takes no body.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { todayInChina } from '../../lib/dates.ts';
import { startTestApp, type TestApp } from '../../test/api.ts';
import { addMember, buildTree, snapshot } from './test-fixtures.ts';

let t: TestApp;
const ids: Record<string, string> = {};
const today = todayInChina();
const long = 'x'.repeat(6000);

beforeAll(async () => {
  t = await startTestApp();
  const tree = await buildTree(t);
  t.client = await t.signIn({ roles: ['org-admin'], homeOrgId: tree.root });
  const m1 = await addMember(t, tree.branchA1, '甲', { flags: { inService: true } });
  const m2 = await addMember(t, tree.branchA1, '乙');
  const m3 = await addMember(t, tree.branchA1, '丙', { status: 'probationary' });
  const m4 = await addMember(t, tree.branchA1, '丁', { flags: { inService: true } });
  Object.assign(ids, { m1, m2, m3, m4, branchB1: tree.branchB1, community: tree.communityBranch });
  ids.transfer = (await t.services.transfers.issue(CONSOLE_ACTOR, { memberId: m1, toOrgId: tree.branchB1, letterType: 'introduction', issuedOn: today })).id;
  ids.flowing = (await t.services.flowing.start(CONSOLE_ACTOR, { memberId: m2, destination: '外地', startedOn: today })).id;
  ids.registration = (await t.services.community.register(CONSOLE_ACTOR, { memberId: m1, communityOrgId: tree.communityBranch, registeredOn: today })).id;
  ids.pair = (await t.services.pools.startPair(CONSOLE_ACTOR, { mentorId: m2, menteeId: m3, startedOn: today })).id;
  ids.reserve = (await t.services.pools.addReserve(CONSOLE_ACTOR, { memberId: m2, targetPost: '支部委员', addedOn: today })).id;
});
afterAll(async () => {
  await t.close();
});

interface Case {
  url: () => string;
  valid: () => Record<string, unknown>;
  /** A field and a value of the wrong type for it. */
  wrongType: [string, unknown];
  /** A string field with a length limit, when the body has one. */
  text?: string;
}

const writes: Case[] = [
  {
    url: () => '/api/v1/transfers',
    valid: () => ({ memberId: ids.m4, toOrgId: ids.branchB1, awayMonths: 12, fixedPlace: true, reason: '调动', issuedOn: today }),
    wrongType: ['awayMonths', '12'],
    text: 'reason',
  },
  { url: () => `/api/v1/transfers/${ids.transfer}/receive`, valid: () => ({ receivedOn: today, version: 1 }), wrongType: ['version', '1'], text: 'receivedOn' },
  { url: () => `/api/v1/transfers/${ids.transfer}/return`, valid: () => ({ returnedOn: today, reason: '信息有误', version: 1 }), wrongType: ['reason', 12345], text: 'reason' },
  { url: () => `/api/v1/transfers/${ids.transfer}/cancel`, valid: () => ({ version: 1 }), wrongType: ['version', 'one'] },
  { url: () => '/api/v1/flowing', valid: () => ({ memberId: ids.m4, destination: '深圳', contact: '13800000000', startedOn: today }), wrongType: ['destination', 12345], text: 'destination' },
  { url: () => `/api/v1/flowing/${ids.flowing}/end`, valid: () => ({ endedOn: today, version: 1 }), wrongType: ['endedOn', 20260101], text: 'endedOn' },
  { url: () => `/api/v1/flowing/${ids.flowing}/reports`, valid: () => ({ reportedOn: today, content: '年度报告' }), wrongType: ['content', true], text: 'content' },
  { url: () => '/api/v1/community/registrations', valid: () => ({ memberId: ids.m4, communityOrgId: ids.community, registeredOn: today }), wrongType: ['memberId', 42], text: 'memberId' },
  { url: () => `/api/v1/community/registrations/${ids.registration}/end`, valid: () => ({ endedOn: today, version: 1 }), wrongType: ['version', 1.5], text: 'endedOn' },
  {
    url: () => `/api/v1/community/registrations/${ids.registration}/service`,
    valid: () => ({ servedOn: today, minutes: 60, description: '清扫' }),
    wrongType: ['minutes', '60'],
    text: 'description',
  },
  { url: () => '/api/v1/mentor-pairs', valid: () => ({ mentorId: ids.m2, menteeId: ids.m4, startedOn: today }), wrongType: ['mentorId', ['a']], text: 'menteeId' },
  { url: () => `/api/v1/mentor-pairs/${ids.pair}/end`, valid: () => ({ endedOn: today, version: 1 }), wrongType: ['version', null], text: 'endedOn' },
  { url: () => '/api/v1/reserve-cadres', valid: () => ({ memberId: ids.m4, targetPost: '村书记', addedOn: today }), wrongType: ['targetPost', 7], text: 'targetPost' },
  {
    url: () => `/api/v1/reserve-cadres/${ids.reserve}/records`,
    valid: () => ({ kind: 'training', recordedOn: today, content: '培训' }),
    wrongType: ['kind', 'exam'],
    text: 'content',
  },
  { url: () => `/api/v1/reserve-cadres/${ids.reserve}/remove`, valid: () => ({ removedOn: today, version: 1 }), wrongType: ['removedOn', '2026-02-30'], text: 'removedOn' },
  {
    url: () => '/api/v1/care-records',
    valid: () => ({ memberId: ids.m4, kind: 'fund', recordedOn: today, amountFen: 10_000, note: '救助' }),
    wrongType: ['amountFen', '100.00'],
    text: 'note',
  },
];

function malformed(c: Case): [string, unknown][] {
  const valid = c.valid();
  const [firstKey] = Object.keys(valid);
  const missing = { ...valid };
  if (firstKey) delete missing[firstKey];
  const [field, value] = c.wrongType;
  return [
    ['wrong type', { ...valid, [field]: value }],
    ['null for a required field', { ...valid, [firstKey ?? field]: null }],
    ['missing field', missing],
    ...(c.text ? ([['oversize string', { ...valid, [c.text]: long }]] as [string, unknown][]) : []),
    ['unknown field', { ...valid, isAdmin: true }],
    ['array body', [valid]],
    ['empty object', {}],
  ];
}

describe.each(writes.map((c) => [c.url().replace(/[0-9a-f-]{36}/g, ':id'), c] as const))('POST %s', (_label, c) => {
  test('malformed bodies answer 400 in the error shape and write nothing', async () => {
    const before = await snapshot(t);
    for (const [label, body] of malformed(c)) {
      const res = await t.call<{ error: { code: string; message: string } }>('POST', c.url(), body);
      expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.code, label).toBe('request.invalid');
      expect(typeof res.body.error.message).toBe('string');
    }
    expect(await snapshot(t)).toEqual(before);
  });

  test('broken JSON and a wrong content type answer 4xx in the error shape', async () => {
    const before = await snapshot(t);
    const auth = { cookie: t.client?.cookie ?? '', 'x-csrf-token': t.client?.csrfToken ?? '' };
    const broken = await t.app.inject({ method: 'POST', url: c.url(), headers: { 'content-type': 'application/json', ...auth }, payload: '{"version": ' });
    expect(broken.statusCode).toBe(400);
    expect(JSON.parse(broken.body).error.code).toBe('request.malformed_json');
    const text = await t.app.inject({ method: 'POST', url: c.url(), headers: { 'content-type': 'text/plain', ...auth }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(await snapshot(t)).toEqual(before);
  });
});

describe('bodies that need one of two fields', () => {
  test.each<[string, Record<string, unknown>]>([
    ['both an internal and an outside destination', { toOrgId: 'X', externalDestination: '外省' }],
    ['no destination at all', {}],
  ])('a letter with %s → 400', async (_label, destination) => {
    const before = await snapshot(t);
    const res = await t.call<{ error: { code: string } }>('POST', '/api/v1/transfers', { memberId: ids.m4, letterType: 'introduction', issuedOn: today, ...destination });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
    expect(await snapshot(t)).toEqual(before);
  });
});

describe('query strings', () => {
  test.each([
    ['/api/v1/transfers?orgId=ROOT&direction=sideways', 'unknown direction'],
    ['/api/v1/transfers?orgId=ROOT&state=lost', 'unknown state'],
    ['/api/v1/transfers?orgId=ROOT&overdue=maybe', 'not a boolean'],
    ['/api/v1/transfers?orgId=ROOT&pageSize=1000', 'page size over the ceiling'],
    ['/api/v1/transfers', 'missing orgId'],
    ['/api/v1/transfers/overdue?orgId=ROOT&extra=1', 'unknown parameter'],
    [`/api/v1/transfers/destinations?q=${'x'.repeat(60)}`, 'oversize search'],
    ['/api/v1/flowing?orgId=ROOT&state=gone', 'unknown flowing state'],
    ['/api/v1/community/hours?orgId=ROOT&year=20x6', 'year not a number'],
    ['/api/v1/community/hours?orgId=ROOT&year=1900', 'year out of range'],
    ['/api/v1/community/registrations?orgId=ROOT&side=both', 'unknown side'],
    ['/api/v1/care-records/totals?orgId=ROOT&year=abc', 'care year not a number'],
    ['/api/v1/reserve-cadres?orgId=ROOT&page=0', 'page zero'],
  ])('%s (%s) → 400', async (url, label) => {
    const res = await t.call<{ error: { code: string } }>('GET', url.replace('ROOT', ids.community ?? ''));
    expect(res.status, label).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
  });
});
