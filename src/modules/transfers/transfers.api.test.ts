/**
 * Transfer letters through the API: the member moves only on receipt, by the receiving side; letters to outside end
 * with membership 'transferred_out'; expired letters are refused; overdue lists; a sibling branch sees nothing.
 *
 * Decision tested here: the sending side can see an internal letter (GET answers it) but cannot receive or return
 * it — that answers 403 `transfer.receiving_side_only` rather than 404, since the letter is visible to it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, addMonths, todayInChina } from '../../lib/dates.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';
import { addMember, buildTree, snapshot, type ErrorBody, type Tree } from './test-fixtures.ts';

interface Transfer {
  id: string;
  memberId: string;
  memberName: string;
  fromOrg: { id: string; code: string; name: string };
  toOrg: { id: string; code: string; name: string } | null;
  letterType: string;
  letterNumber: string;
  issuedOn: string;
  validUntil: string;
  receiptDueOn: string | null;
  state: string;
  expired: boolean;
  receiptOverdue: boolean;
  movesMembership: boolean;
  callerSide: string;
  version: number;
}
interface Page<T> {
  total: number;
  items: T[];
}
interface Member {
  id: string;
  orgId: string;
  groupId: string | null;
  membership: string;
  flags: { flowing: boolean };
  version: number;
}

let t: TestApp;
let tree: Tree;
let secA1: Client;
let secA2: Client;
let secB1: Client;
let adminA: Client;
let inspector: Client;
const today = todayInChina();

beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t);
  secA1 = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.branchA1 });
  secA2 = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.branchA2 });
  secB1 = await t.signIn({ roles: ['branch-secretary'], homeOrgId: tree.branchB1 });
  adminA = await t.signIn({ roles: ['org-admin'], homeOrgId: tree.townA });
  inspector = await t.signIn({ roles: ['inspector'], homeOrgId: tree.townA });
});
afterAll(async () => {
  await t.close();
});

const rosterIds = async (client: Client, orgId: string, membership = 'active') =>
  (await client.call<Page<Member>>('GET', `/api/v1/members?orgId=${orgId}&membership=${membership}`)).body.items.map((m) => m.id);

const issue = (client: Client, body: Record<string, unknown>) => client.call<Transfer & ErrorBody>('POST', '/api/v1/transfers', body);

describe('an internal introduction letter', () => {
  let memberId = '';
  let letter: Transfer;
  let flowingId = '';

  beforeAll(async () => {
    memberId = await addMember(t, tree.branchA1, '张转出', { groupId: tree.groupA1 });
    const flowing = await secA1.call<{ id: string }>('POST', '/api/v1/flowing', { memberId, destination: '外地', startedOn: addMonths(today, -2) });
    flowingId = flowing.body.id;
  });

  test('is issued by the sending branch with a number, a validity and no receipt date; the member stays', async () => {
    const res = await issue(secA1, { memberId, toOrgId: tree.branchB1, awayMonths: 12, fixedPlace: true, reason: '工作调动', issuedOn: today });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    letter = res.body;
    expect(letter).toMatchObject({
      letterType: 'introduction',
      state: 'issued',
      memberName: '张转出',
      fromOrg: { id: tree.branchA1, code: 'BRANCH-A1' },
      toOrg: { id: tree.branchB1, code: 'BRANCH-B1', name: 'BRANCH-B1党组织' },
      validUntil: addDays(addMonths(today, 3), -1),
      receiptDueOn: null,
      expired: false,
      movesMembership: true,
      callerSide: 'sending',
      version: 1,
    });
    expect(letter.letterNumber).toMatch(new RegExp(`^ZZ-${today.slice(0, 4)}-\\d{6}$`));
    expect(await rosterIds(secA1, tree.branchA1)).toContain(memberId);
    expect(await rosterIds(secB1, tree.branchB1)).not.toContain(memberId);
    const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body.map((h) => h.action)).toContain('transfer.issue');
  });

  test('a member has one open letter at a time (409)', async () => {
    const res = await issue(secA1, { memberId, externalDestination: '外省', letterType: 'introduction', issuedOn: today });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('transfer.already_open');
  });

  test('the receiving side sees it as incoming, with the printable letter, but not the member record', async () => {
    const incoming = await secB1.call<Page<Transfer>>('GET', `/api/v1/transfers?orgId=${tree.branchB1}&direction=incoming`);
    expect(incoming.body.items.map((i) => i.id)).toEqual([letter.id]);
    expect(incoming.body.items[0]?.callerSide).toBe('receiving');
    const outgoing = await secB1.call<Page<Transfer>>('GET', `/api/v1/transfers?orgId=${tree.branchB1}&direction=outgoing`);
    expect(outgoing.body.total).toBe(0);
    const printable = await secB1.call<Record<string, unknown>>('GET', `/api/v1/transfers/${letter.id}/letter`);
    expect(printable.status).toBe(200);
    expect(printable.body).toMatchObject({
      letterNumber: letter.letterNumber,
      letterTypeLabel: '中国共产党党员组织关系介绍信',
      member: { name: '张转出', sex: 'male', sexLabel: '男', status: 'full', statusLabel: '正式党员', idNumber: expect.stringMatching(/^440\*{11}\d{3}[\dX]$/) },
      fromOrg: { code: 'BRANCH-A1' },
      destinationName: 'BRANCH-B1党组织',
      validity: { unit: 'months', amount: 3 },
    });
    expect((await secB1.call('GET', `/api/v1/members/${memberId}`)).status).toBe(404);
  });

  test('the sending side cannot receive or return an internal letter (403); the receiving side cannot cancel it (403)', async () => {
    const receive = await secA1.call<ErrorBody>('POST', `/api/v1/transfers/${letter.id}/receive`, { receivedOn: today, version: 1 });
    expect(receive.status).toBe(403);
    expect(receive.body.error.code).toBe('transfer.receiving_side_only');
    const ret = await secA1.call<ErrorBody>('POST', `/api/v1/transfers/${letter.id}/return`, { returnedOn: today, reason: 'x', version: 1 });
    expect(ret.status).toBe(403);
    const cancel = await secB1.call<ErrorBody>('POST', `/api/v1/transfers/${letter.id}/cancel`, { version: 1 });
    expect(cancel.status).toBe(403);
    expect(cancel.body.error.code).toBe('transfer.sending_side_only');
  });

  test('a stale version is a conflict', async () => {
    const res = await secB1.call<ErrorBody>('POST', `/api/v1/transfers/${letter.id}/receive`, { receivedOn: today, version: 2 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('transfer.version_stale');
  });

  test('the receiving side receives: the member moves to the new branch (out of the 党小组) in the same transaction', async () => {
    const before = await secA1.call<Member>('GET', `/api/v1/members/${memberId}`);
    expect(before.body.groupId).toBe(tree.groupA1);
    const res = await secB1.call<Transfer>('POST', `/api/v1/transfers/${letter.id}/receive`, { receivedOn: today, version: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'received', version: 2 });
    expect(await rosterIds(secA1, tree.branchA1)).not.toContain(memberId);
    expect(await rosterIds(secB1, tree.branchB1)).toContain(memberId);
    const after = await secB1.call<Member>('GET', `/api/v1/members/${memberId}`);
    expect(after.body).toMatchObject({ orgId: tree.branchB1, groupId: null, flags: { flowing: false } });
    expect((await secA1.call('GET', `/api/v1/members/${memberId}`)).status).toBe(404);
    const history = await secB1.call<{ action: string; changes: Record<string, unknown> }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body.map((h) => h.action).slice(0, 2)).toEqual(['transfer.receive', 'transfer.issue']);
    expect(history.body[0]?.changes).toMatchObject({ letterNumber: letter.letterNumber, closed: { flowing: 1 } });
    const audit = await t.handle.db.selectFrom('audit_log').select('action').where('target_id', '=', letter.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['transfer.issue', 'transfer.receive']);
    // The open flowing record of the old branch ended on the day of receipt.
    const flowing = await t.handle.db.selectFrom('flowing_records').select(['ended_on']).where('id', '=', flowingId).executeTakeFirstOrThrow();
    expect(flowing.ended_on).toBe(today);
  });

  test('a received letter cannot be received again (409); the sender still sees it', async () => {
    const res = await secB1.call<ErrorBody>('POST', `/api/v1/transfers/${letter.id}/receive`, { receivedOn: today, version: 2 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('transfer.not_open');
    const seen = await secA1.call<Transfer>('GET', `/api/v1/transfers/${letter.id}`);
    expect(seen.body).toMatchObject({ state: 'received', callerSide: 'sending' });
  });
});

describe('other letters', () => {
  test('a letter to outside, issued by the township, ends with membership transferred_out on the receipt', async () => {
    const memberId = await addMember(t, tree.branchA1, '李外省');
    const res = await issue(adminA, { memberId, externalDestination: '某省某市委组织部', awayMonths: 36, issuedOn: today });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ toOrg: null, letterType: 'introduction', receiptDueOn: addMonths(today, 1), receiptOverdue: false });
    const receipt = await secA1.call<Transfer>('POST', `/api/v1/transfers/${res.body.id}/receive`, { receivedOn: today, version: 1 });
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(200);
    expect(await rosterIds(secA1, tree.branchA1)).not.toContain(memberId);
    expect(await rosterIds(secA1, tree.branchA1, 'transferred_out')).toContain(memberId);
    const member = await secA1.call<Member>('GET', `/api/v1/members/${memberId}`);
    expect(member.body).toMatchObject({ membership: 'transferred_out', orgId: tree.branchA1 });
    const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body[0]?.action).toBe('transfer.transferred_out');
    const again = await issue(secA1, { memberId, externalDestination: 'x', letterType: 'introduction', issuedOn: today });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('member.not_active');
  });

  test('an expired letter cannot be received (422 with the rule); it shows in the overdue lists; the sender cancels it', async () => {
    const memberId = await addMember(t, tree.branchA1, '王过期');
    const issuedOn = addMonths(today, -4);
    const res = await issue(secA1, { memberId, toOrgId: tree.branchB1, letterType: 'introduction', issuedOn });
    expect(res.status).toBe(201);
    expect(res.body.expired).toBe(true);
    const refused = await secB1.call<ErrorBody>('POST', `/api/v1/transfers/${res.body.id}/receive`, { receivedOn: today, version: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('transfer.letter_expired');
    expect(refused.body.error.details?.rule).toMatchObject({ id: 'transfer.letter_expired', cite: expect.stringContaining('unconfirmed') });
    expect(await rosterIds(secA1, tree.branchA1)).toContain(memberId);

    const overdue = await adminA.call<{ expired: Transfer[]; receiptsOverdue: Transfer[]; truncated: boolean }>('GET', `/api/v1/transfers/overdue?orgId=${tree.townA}`);
    expect(overdue.status).toBe(200);
    expect(overdue.body.expired.map((x) => x.id)).toContain(res.body.id);
    const filtered = await secA1.call<Page<Transfer>>('GET', `/api/v1/transfers?orgId=${tree.branchA1}&overdue=true`);
    expect(filtered.body.items.map((x) => x.id)).toEqual([res.body.id]);
    const incomingOverdue = await secB1.call<Page<Transfer>>('GET', `/api/v1/transfers?orgId=${tree.branchB1}&direction=incoming&overdue=true`);
    expect(incomingOverdue.body.items.map((x) => x.id)).toEqual([res.body.id]);

    const cancelled = await secA1.call<Transfer>('POST', `/api/v1/transfers/${res.body.id}/cancel`, { version: 1 });
    expect(cancelled.body).toMatchObject({ state: 'cancelled', expired: false });
    const reissued = await issue(secA1, { memberId, toOrgId: tree.branchB1, letterType: 'introduction', issuedOn: today });
    expect(reissued.status).toBe(201);
  });

  test('a letter to outside without a receipt after a month is listed; it is returned (退回) and the member stays', async () => {
    const memberId = await addMember(t, tree.branchA1, '赵回执');
    const res = await issue(secA1, { memberId, externalDestination: '外省某县', letterType: 'introduction', issuedOn: addMonths(today, -2) });
    expect(res.body).toMatchObject({ expired: false, receiptOverdue: true });
    const overdue = await adminA.call<{ expired: Transfer[]; receiptsOverdue: Transfer[] }>('GET', `/api/v1/transfers/overdue?orgId=${tree.townA}`);
    expect(overdue.body.receiptsOverdue.map((x) => x.id)).toContain(res.body.id);
    expect(overdue.body.expired.map((x) => x.id)).not.toContain(res.body.id);
    const returned = await secA1.call<Transfer & { returnedOn: string }>('POST', `/api/v1/transfers/${res.body.id}/return`, { returnedOn: today, reason: '信息有误', version: 1 });
    expect(returned.body).toMatchObject({ state: 'returned', returnedOn: today, receiptOverdue: false });
    expect(await rosterIds(secA1, tree.branchA1)).toContain(memberId);
    const history = await secA1.call<{ action: string }[]>('GET', `/api/v1/members/${memberId}/history`);
    expect(history.body[0]?.action).toBe('transfer.return');
  });

  test('a certificate (≤ 6 months) is received but the membership stays home', async () => {
    const memberId = await addMember(t, tree.branchA1, '孙短期');
    const res = await issue(secA1, { memberId, toOrgId: tree.branchB1, awayMonths: 4, fixedPlace: true, issuedOn: today });
    expect(res.body).toMatchObject({ letterType: 'certificate', movesMembership: false });
    const received = await secB1.call<Transfer>('POST', `/api/v1/transfers/${res.body.id}/receive`, { receivedOn: today, version: 1 });
    expect(received.body.state).toBe('received');
    expect(await rosterIds(secA1, tree.branchA1)).toContain(memberId);
  });

  test.each<[string, Record<string, unknown>, number, string]>([
    ['an absence of 2 months needs no letter (422)', { awayMonths: 2 }, 422, 'transfer.no_letter_needed'],
    ['the named type must agree with the absence (422)', { awayMonths: 12, letterType: 'certificate' }, 422, 'transfer.letter_type_mismatch'],
    ['neither absence nor type (400)', {}, 400, 'transfer.letter_type_required'],
    ['a committee is no destination (422)', { letterType: 'introduction', toOrgId: 'TOWN-B' }, 422, 'transfer.destination_not_branch'],
    ['the member’s own branch (422)', { letterType: 'introduction', toOrgId: 'BRANCH-A1' }, 422, 'transfer.same_org'],
    ['a missing org (404)', { letterType: 'introduction', toOrgId: '00000000-0000-7000-8000-000000000000' }, 404, 'org.not_found'],
    ['an issue date in the future (400)', { letterType: 'introduction', issuedOn: addDays(today, 1) }, 400, 'transfer.date_in_future'],
  ])('%s', async (_label, change, status, code) => {
    const memberId = await addMember(t, tree.branchA1, '周规则');
    const ids: Record<string, string> = { 'TOWN-B': tree.townB, 'BRANCH-A1': tree.branchA1 };
    const body: Record<string, unknown> = { memberId, toOrgId: tree.branchB1, issuedOn: today, ...change };
    body.toOrgId = ids[String(body.toOrgId)] ?? body.toOrgId;
    const res = await issue(secA1, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (status === 422) expect(res.body.error.details?.rule?.id).toBe(code);
  });

  test('letters issued at the same moment get distinct numbers; one member still gets one letter', async () => {
    const members = await Promise.all(['甲', '乙', '丙'].map((n) => addMember(t, tree.branchA1, n)));
    const results = await Promise.all(members.map((memberId) => issue(secA1, { memberId, externalDestination: '外省', letterType: 'introduction', issuedOn: today })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.letterNumber)).size).toBe(3);
    const one = await addMember(t, tree.branchA1, '丁');
    const twice = await Promise.all([1, 2].map(() => issue(secA1, { memberId: one, externalDestination: '外省', letterType: 'introduction', issuedOn: today })));
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  test('destinations are found across the installation, with id, code and name only', async () => {
    const res = await secA1.call<Record<string, unknown>[]>('GET', `/api/v1/transfers/destinations?q=${encodeURIComponent('BRANCH-B')}`);
    expect(res.body).toEqual([{ id: tree.branchB1, code: 'BRANCH-B1', name: 'BRANCH-B1党组织' }]);
  });

  test('an inspector reads but does not write', async () => {
    expect((await inspector.call('GET', `/api/v1/transfers?orgId=${tree.townA}`)).status).toBe(200);
    const memberId = await addMember(t, tree.branchA1, '吴督查');
    expect((await issue(inspector, { memberId, externalDestination: 'x', letterType: 'introduction', issuedOn: today })).status).toBe(403);
  });
});

describe('a sibling branch secretary', () => {
  test('gets 404 on every transfer endpoint with ids of the other branch, and nothing changes', async () => {
    const memberId = await addMember(t, tree.branchA1, '钱兄弟');
    const open = await issue(secA1, { memberId, toOrgId: tree.branchB1, letterType: 'introduction', issuedOn: today });
    const outside = await issue(secA1, { memberId: await addMember(t, tree.branchA1, '陈兄弟'), externalDestination: 'x', letterType: 'introduction', issuedOn: today });
    const other = await addMember(t, tree.branchA1, '冯兄弟');
    const before = await snapshot(t);
    const cases: [string, string, unknown][] = [
      ['GET', `/api/v1/transfers/${open.body.id}`, undefined],
      ['GET', `/api/v1/transfers/${open.body.id}/letter`, undefined],
      ['POST', `/api/v1/transfers/${open.body.id}/receive`, { receivedOn: today, version: 1 }],
      ['POST', `/api/v1/transfers/${open.body.id}/return`, { returnedOn: today, reason: 'x', version: 1 }],
      ['POST', `/api/v1/transfers/${open.body.id}/cancel`, { version: 1 }],
      ['POST', `/api/v1/transfers/${outside.body.id}/receive`, { receivedOn: today, version: 1 }],
      ['GET', `/api/v1/transfers?orgId=${tree.branchA1}`, undefined],
      ['GET', `/api/v1/transfers?orgId=${tree.branchA1}&direction=incoming`, undefined],
      ['GET', `/api/v1/transfers/overdue?orgId=${tree.branchA1}`, undefined],
      ['POST', '/api/v1/transfers', { memberId: other, toOrgId: tree.branchA2, letterType: 'introduction', issuedOn: today }],
    ];
    for (const [method, url, body] of cases) {
      const res = await secA2.call<ErrorBody>(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error.code).toMatch(/not_found$/);
    }
    expect(await snapshot(t)).toEqual(before);
  });
});
