import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import { startTestApp, type Client, type TestApp } from '../../test/api.ts';

interface Member {
  id: string;
  name: string;
  idNumber: string;
  phone: string | null;
  sex: string;
  birthDate: string;
  version: number;
  partyStanding: number | null;
  verified: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> | null };
}

const id = (first17: string) => first17 + checkCharacter(first17);
const ZHANG = id('44030019800512123'); // male, born 1980-05-12
const LI = id('44030019950101124'); // female, born 1995-01-01
const WANG = id('44030020000220125'); // male, born 2000-02-20

let t: TestApp;
let secretary: Client;
let branchId = '';
let groupId = '';
let otherBranchId = '';
let townId = '';

beforeAll(async () => {
  t = await startTestApp();
  const root = await t.createRoot();
  const mk = (parentId: string, code: string, kind: 'party_committee' | 'branch' | 'group') =>
    t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: code, kind, domain: 'rural' });
  const town = await mk(root.id, 'TOWN', 'party_committee');
  townId = town.id;
  branchId = (await mk(town.id, 'VILLAGE-BRANCH', 'branch')).id;
  groupId = (await mk(branchId, 'GROUP-1', 'group')).id;
  otherBranchId = (await mk(town.id, 'OTHER-BRANCH', 'branch')).id;
  secretary = await t.signIn({ roles: ['branch-secretary'], homeOrgId: branchId });
});
afterAll(async () => {
  await t.close();
});

const base = (): Record<string, unknown> => ({ orgId: branchId, name: '张建国', idNumber: ZHANG, phone: '13812345678', status: 'full', joinedAt: '2005-07-01', fullAt: '2006-07-01' });

describe('member registry', () => {
  test('registers a member; birth date and sex come from the ID; personal data is masked', async () => {
    const res = await secretary.call<Member>('POST', '/api/v1/members', { ...base(), groupId, flags: { veteran: true } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sex: 'male', birthDate: '1980-05-12', phone: '138****5678', idNumber: `440***********${ZHANG.slice(-4)}`, partyStanding: 20, verified: false });
  });

  test('the same ID number twice is a conflict', async () => {
    const res = await secretary.call<ErrorBody>('POST', '/api/v1/members', { ...base(), name: '张冒名' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('member.id_number_taken');
  });

  test.each<[string, Record<string, unknown>, number, string]>([
    ['wrong checksum', { idNumber: `${LI.slice(0, 17)}${LI[17] === '0' ? '1' : '0'}` }, 400, 'member.id_number_invalid'],
    ['birth date disagreeing with the ID', { idNumber: LI, birthDate: '1995-01-02' }, 400, 'member.birth_date_mismatch'],
    ['under 18 at 入党', { idNumber: LI, status: 'probationary', joinedAt: '2012-06-01', fullAt: null }, 422, 'member.under_age'],
    ['转正 before 入党', { idNumber: LI, joinedAt: '2020-06-01', fullAt: '2020-01-01' }, 400, 'member.full_before_joined'],
    ['转正 within the year of probation', { idNumber: LI, joinedAt: '2020-06-01', fullAt: '2021-01-01' }, 422, 'member.probation_not_ended'],
    ['a 党小组 that is not a group of this branch', { idNumber: LI, groupId: 'OTHERBRANCHID' }, 422, 'member.group_invalid'],
    ['an org that is not a branch', { idNumber: LI, orgId: 'TOWNID' }, 404, 'org.not_found'],
  ])('%s → %s %s', async (_label, change, status, code) => {
    const body = { ...base(), ...change };
    if (body.orgId === 'TOWNID') body.orgId = townId;
    if (body.groupId === 'OTHERBRANCHID') body.groupId = otherBranchId;
    const res = await secretary.call<ErrorBody>('POST', '/api/v1/members', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  test('an org-admin placing a member on a committee org gets the branch rule', async () => {
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const res = await admin.call<ErrorBody>('POST', '/api/v1/members', { ...base(), idNumber: LI, orgId: townId });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('member.org_not_branch');
    expect(JSON.stringify(res.body.error.details)).toContain('第八条');
  });

  test('edits need the current version and leave a history with masked values', async () => {
    const created = await secretary.call<Member>('POST', '/api/v1/members', {
      orgId: branchId,
      name: '李芳',
      idNumber: LI,
      status: 'probationary',
      joinedAt: '2025-12-01',
      education: 'bachelor',
    });
    expect(created.status).toBe(201);
    const url = `/api/v1/members/${created.body.id}`;
    const ok = await secretary.call<Member>('PATCH', url, { version: 1, phone: '13900001111', status: 'full', fullAt: '2026-12-01' });
    expect(ok.status).toBe(400);
    const edited = await secretary.call<Member>('PATCH', url, { version: 1, phone: '13900001111', name: '李芳芳' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: '李芳芳', phone: '139****1111', version: 2 });
    const stale = await secretary.call<ErrorBody>('PATCH', url, { version: 1, name: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('member.version_stale');
    const history = await secretary.call<{ action: string; changes: Record<string, unknown> }[]>('GET', `${url}/history`);
    expect(history.body.map((h) => h.action)).toEqual(['member.update', 'member.create']);
    expect(history.body[0]?.changes).toMatchObject({ name: { before: '李芳', after: '李芳芳' }, phone: { before: null, after: '139****1111' } });
    expect(JSON.stringify(history.body)).not.toContain('13900001111');
  });

  test('roster filters, sorting and pages; counts by every filter', async () => {
    await secretary.call('POST', '/api/v1/members', { orgId: branchId, name: '王小明', idNumber: WANG, status: 'probationary', joinedAt: '2026-06-01', flags: { flowing: true } });
    const all = await secretary.call<{ total: number; items: Member[] }>('GET', `/api/v1/members?orgId=${branchId}`);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((m) => m.name)).toEqual([...all.body.items.map((m) => m.name)].sort());
    const women = await secretary.call<{ items: Member[] }>('GET', `/api/v1/members?orgId=${branchId}&sex=female`);
    expect(women.body.items.map((m) => m.name)).toEqual(['李芳芳']);
    const young = await secretary.call<{ items: Member[] }>('GET', `/api/v1/members?orgId=${branchId}&ageBand=to35`);
    expect(young.body.items).toHaveLength(2);
    const flowing = await secretary.call<{ items: Member[] }>('GET', `/api/v1/members?orgId=${branchId}&flag=flowing`);
    expect(flowing.body.items.map((m) => m.name)).toEqual(['王小明']);
    const page = await secretary.call<{ total: number; items: Member[] }>('GET', `/api/v1/members?orgId=${branchId}&pageSize=2&page=2&sort=birthDate`);
    expect(page.body.items.map((m) => m.name)).toEqual(['王小明']);
    const counts = await secretary.call<{ total: number; sex: Record<string, number>; status: Record<string, number>; flags: Record<string, number>; education: Record<string, number>; verificationRate: number }>(
      'GET',
      `/api/v1/members/counts?orgId=${branchId}`,
    );
    expect(counts.body).toMatchObject({ total: 3, sex: { male: 2, female: 1 }, status: { full: 1, probationary: 2 }, verificationRate: 0 });
    expect(counts.body.flags).toMatchObject({ flowing: 1, veteran: 1, hardship: 0 });
    expect(counts.body.education.bachelor).toBe(1);
  });

  test('the ID check tool answers validity and the derived facts', async () => {
    const ok = await secretary.call<Record<string, unknown>>('POST', '/api/v1/tools/id-number/check', { idNumber: WANG });
    expect(ok.body).toEqual({ valid: true, reason: null, birthDate: '2000-02-20', sex: 'male', age: expect.any(Number) });
    const bad = await secretary.call<Record<string, unknown>>('POST', '/api/v1/tools/id-number/check', { idNumber: '440300199002301231' });
    expect(bad.body).toMatchObject({ valid: false, reason: 'birth_date_invalid' });
  });

  test('e-identity: the member verifies with ID, phone and the code; the rate follows', async () => {
    const member = await t.signIn({ roles: ['member'], homeOrgId: branchId });
    const wrongPhone = await member.call<ErrorBody>('POST', '/api/v1/members/verification', { idNumber: ZHANG, phone: '13800000000' });
    expect(wrongPhone.status).toBe(422);
    const start = await member.call<{ verificationId: string; displayedCode: string }>('POST', '/api/v1/members/verification', { idNumber: ZHANG, phone: '13812345678' });
    expect(start.status).toBe(200);
    expect(start.body.displayedCode).toMatch(/^\d{6}$/);
    const wrong = await member.call<ErrorBody>('POST', '/api/v1/members/verification/confirm', { verificationId: start.body.verificationId, code: start.body.displayedCode === '000000' ? '111111' : '000000' });
    expect(wrong.body.error.code).toBe('member.verification_code_wrong');
    expect((await member.call<{ member: Member | null }>('GET', '/api/v1/members/me')).body.member).toBeNull();
    const done = await member.call<Member>('POST', '/api/v1/members/verification/confirm', { verificationId: start.body.verificationId, code: start.body.displayedCode });
    expect(done.body.verified).toBe(true);
    const mine = await member.call<{ member: Member | null }>('GET', '/api/v1/members/me');
    expect(mine.body.member?.id).toBe(done.body.id);
    const counts = await secretary.call<{ verified: number; verificationRate: number }>('GET', `/api/v1/members/counts?orgId=${branchId}`);
    expect(counts.body.verified).toBe(1);
    expect(counts.body.verificationRate).toBeCloseTo(1 / 3);
  });

  test('the whole ID number only through the audited reveal, for a role allowed to see it', async () => {
    const list = await secretary.call<{ items: Member[] }>('GET', `/api/v1/members?orgId=${branchId}&q=${encodeURIComponent('张')}`);
    const memberId = list.body.items[0]?.id ?? '';
    expect((await secretary.call('POST', `/api/v1/members/${memberId}/reveal`, { field: 'idNumber' })).status).toBe(403);
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const revealed = await admin.call<{ value: string }>('POST', `/api/v1/members/${memberId}/reveal`, { field: 'idNumber' });
    expect(revealed.body.value).toBe(ZHANG);
    const rows = await t.handle.db.selectFrom('audit_log').select('target_id').where('action', '=', 'personal.reveal').execute();
    expect(rows.map((r) => r.target_id)).toContain(memberId);
  });

  test('a sibling branch secretary sees nothing of this branch', async () => {
    const other = await t.signIn({ roles: ['branch-secretary'], homeOrgId: otherBranchId });
    const list = await secretary.call<{ items: Member[] }>('GET', `/api/v1/members?orgId=${branchId}`);
    const target = list.body.items[0] as Member;
    for (const [method, url, body] of [
      ['GET', `/api/v1/members/${target.id}`, undefined],
      ['PATCH', `/api/v1/members/${target.id}`, { version: target.version, name: 'x' }],
      ['GET', `/api/v1/members/${target.id}/history`, undefined],
      ['GET', `/api/v1/members?orgId=${branchId}`, undefined],
      ['GET', `/api/v1/members/counts?orgId=${branchId}`, undefined],
    ] as const) {
      const res = await other.call<ErrorBody>(method, url, body);
      expect(res.status, url).toBe(404);
    }
  });

  test('no clear-text ID number or phone anywhere in the database', async () => {
    const tables = await t.handle.db.introspection.getTables();
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(t.handle.db);
      const text = JSON.stringify(rows.rows);
      for (const secret of [ZHANG, LI, WANG, '13812345678', '13900001111']) expect(text.includes(secret), `${table.name} ${secret}`).toBe(false);
    }
    if (t.handle.sqlite) {
      t.handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      for (const f of [t.handle.sqlite.name, `${t.handle.sqlite.name}-wal`]) {
        if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(ZHANG))).toBe(false);
      }
    }
  });

  test('a branch or group that still holds members cannot be dissolved', async () => {
    const admin = await t.signIn({ roles: ['org-admin'], homeOrgId: townId });
    const group = await admin.call<{ version: number }>('GET', `/api/v1/orgs/${groupId}`);
    const res = await admin.call<ErrorBody>('POST', `/api/v1/orgs/${groupId}/dissolve`, { version: group.body.version });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('org.has_active_members');
    const branch = await admin.call<{ version: number }>('GET', `/api/v1/orgs/${branchId}`);
    const byBranch = await admin.call<ErrorBody>('POST', `/api/v1/orgs/${branchId}/dissolve`, { version: branch.body.version });
    expect(byBranch.body.error.code).toBe('org.has_active_children');
  });
});
