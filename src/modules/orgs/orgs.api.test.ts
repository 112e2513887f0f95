import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test/api.ts';
import { testDialect } from '../../db/test-db.ts';
import { CONSOLE_ACTOR } from '../../lib/actor.ts';

interface Org {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  path: string;
  depth: number;
  status: string;
  version: number;
  childCount?: number;
}
interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

let t: TestApp;
const ids: Record<string, Org> = {};

async function create(code: string, parent: string | null, kind: string, domain = 'rural', extra = {}): Promise<Org> {
  const res = await t.call<Org>('POST', '/api/v1/orgs', {
    parentId: parent ? ids[parent]?.id : null,
    code,
    name: `${code} 组织`,
    kind,
    domain,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  ids[code] = res.body;
  return res.body;
}

const auditCount = async () =>
  Number(
    (await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
  );

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('org tree API', () => {
  test('health reports the dialect and the migration version', async () => {
    const res = await t.call<{ dialect: string; migration: string; latestMigration: string }>('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body.dialect).toBe(testDialect());
    expect(res.body.migration).toBe(res.body.latestMigration);
  });

  test('home answers org.no_root before set-up', async () => {
    await expect(t.services.orgs.home(CONSOLE_ACTOR)).rejects.toMatchObject({ status: 404, code: 'org.no_root' });
  });

  test('the API needs a session', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/v1/orgs/home');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth.required');
  });

  test('builds a county tree', async () => {
    const root = await t.createRoot('COUNTY');
    t.client = await t.signIn({ roles: ['org-admin'], homeOrgId: root.id });
    ids.COUNTY = (await t.call<Org>('GET', `/api/v1/orgs/${root.id}`)).body;
    await create('TOWN1', 'COUNTY', 'party_committee');
    await create('TOWN2', 'COUNTY', 'party_committee');
    await create('VILLAGE1', 'TOWN1', 'general_branch');
    await create('BRANCH1', 'VILLAGE1', 'branch');
    await create('GROUP1', 'BRANCH1', 'group');
    await create('BRANCH2', 'TOWN1', 'branch', 'government');
    const home = await t.call<Org>('GET', '/api/v1/orgs/home');
    expect(home.body.code).toBe('COUNTY');
    expect(ids.GROUP1?.depth).toBe(4);
    expect(ids.GROUP1?.path.startsWith(ids.BRANCH1?.path ?? 'x')).toBe(true);
  });

  test('structural rules refuse with 422 and cite the rule', async () => {
    const before = await auditCount();
    const group = await t.call<ErrorBody>('POST', '/api/v1/orgs', {
      parentId: ids.TOWN1?.id,
      code: 'BADGROUP',
      name: '党小组',
      kind: 'group',
      domain: 'rural',
    });
    expect(group.status).toBe(422);
    expect(group.body.error.code).toBe('org.group_parent_invalid');
    expect(JSON.stringify(group.body.error.details)).toContain('支部工作条例');

    const temporary = await t.call<ErrorBody>('POST', '/api/v1/orgs', {
      parentId: ids.TOWN1?.id,
      code: 'TEMP',
      name: '临时党支部',
      kind: 'temporary',
      domain: 'rural',
    });
    expect(temporary.status).toBe(422);
    expect(temporary.body.error.code).toBe('org.temporary_end_date_required');

    const secondRoot = await t.call<ErrorBody>('POST', '/api/v1/orgs', {
      parentId: null,
      code: 'ROOT2',
      name: '另一个根',
      kind: 'party_committee',
      domain: 'government',
    });
    expect(secondRoot.status).toBe(404);
    expect(secondRoot.body.error.code).toBe('org.not_found');
    expect(await auditCount()).toBe(before);
  });

  test('a temporary org with an end date is accepted', async () => {
    await create('TEMP1', 'TOWN2', 'temporary', 'rural', { establishedOn: '2026-01-01', plannedEndOn: '2026-12-31' });
  });

  test('a duplicate code is a conflict', async () => {
    const res = await t.call<ErrorBody>('POST', '/api/v1/orgs', {
      parentId: ids.TOWN1?.id,
      code: 'BRANCH1',
      name: '重复',
      kind: 'branch',
      domain: 'rural',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('org.code_taken');
  });

  test('rename with the current version; a stale version gets 409', async () => {
    const org = ids.BRANCH2 as Org;
    const ok = await t.call<Org>('PATCH', `/api/v1/orgs/${org.id}`, { version: org.version, name: '新名字党支部' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: '新名字党支部', version: org.version + 1 });
    const stale = await t.call<ErrorBody>('PATCH', `/api/v1/orgs/${org.id}`, { version: org.version, name: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('org.version_stale');
    ids.BRANCH2 = ok.body;
  });

  test('children carry their own child counts for a lazy tree', async () => {
    const res = await t.call<Org[]>('GET', `/api/v1/orgs/${ids.TOWN1?.id}/children`);
    expect(res.status).toBe(200);
    expect(res.body.map((o) => [o.code, o.childCount])).toEqual([
      ['VILLAGE1', 1],
      ['BRANCH2', 0],
    ]);
  });

  test('ancestors are the breadcrumb, root first', async () => {
    const res = await t.call<Org[]>('GET', `/api/v1/orgs/${ids.GROUP1?.id}/ancestors`);
    expect(res.body.map((o) => o.code)).toEqual(['COUNTY', 'TOWN1', 'VILLAGE1', 'BRANCH1']);
  });

  test('subtree search by name, kind and domain, paginated', async () => {
    const all = await t.call<{ total: number; items: Org[] }>('GET', `/api/v1/orgs/${ids.TOWN1?.id}/subtree`);
    expect(all.body.total).toBe(5);
    const branches = await t.call<{ total: number; items: Org[] }>(
      'GET',
      `/api/v1/orgs/${ids.COUNTY?.id}/subtree?kind=branch`,
    );
    expect(branches.body.items.map((o) => o.code)).toEqual(['BRANCH1', 'BRANCH2']);
    const byName = await t.call<{ total: number; items: Org[] }>(
      'GET',
      `/api/v1/orgs/${ids.COUNTY?.id}/subtree?q=${encodeURIComponent('新名字')}`,
    );
    expect(byName.body.items.map((o) => o.code)).toEqual(['BRANCH2']);
    const page2 = await t.call<{ total: number; page: number; items: Org[] }>(
      'GET',
      `/api/v1/orgs/${ids.COUNTY?.id}/subtree?pageSize=3&page=2`,
    );
    expect(page2.body.total).toBe(8);
    expect(page2.body.items).toHaveLength(3);
    const literal = await t.call<{ total: number }>('GET', `/api/v1/orgs/${ids.COUNTY?.id}/subtree?q=%25`);
    expect(literal.body.total).toBe(0);
  });

  test('committee: one secretary at a time; posts end with a date', async () => {
    const url = `/api/v1/orgs/${ids.BRANCH1?.id}/committee`;
    const sec = await t.call<{ id: string; version: number }>('POST', url, {
      personName: '张建国',
      position: 'secretary',
      startedOn: '2023-03-01',
    });
    expect(sec.status).toBe(201);
    const second = await t.call<ErrorBody>('POST', url, { personName: '李华', position: 'secretary', startedOn: '2023-03-01' });
    expect(second.status).toBe(409);
    await t.call('POST', url, { personName: '王芳', position: 'deputy_secretary', startedOn: '2023-03-01' });
    const ended = await t.call<{ endedOn: string }>('POST', `${url}/${sec.body.id}/end`, {
      version: sec.body.version,
      endedOn: '2025-06-30',
    });
    expect(ended.status).toBe(200);
    const current = await t.call<{ personName: string }[]>('GET', url);
    expect(current.body.map((m) => m.personName)).toEqual(['王芳']);
    const all = await t.call<unknown[]>('GET', `${url}?includeEnded=true`);
    expect(all.body).toHaveLength(2);
  });

  test('terms take their length from the rule set and are listed when due', async () => {
    const village = await t.call<{ lengthYears: number; endsOn: string; ruleId: string }>(
      'POST',
      `/api/v1/orgs/${ids.VILLAGE1?.id}/terms`,
      { startedOn: '2021-12-15' },
    );
    expect(village.status).toBe(201);
    expect(village.body).toMatchObject({ lengthYears: 5, endsOn: '2026-12-15', ruleId: 'terms.2018' });
    const branch = await t.call<{ endsOn: string }>('POST', `/api/v1/orgs/${ids.BRANCH2?.id}/terms`, {
      startedOn: '2022-06-01',
    });
    expect(branch.body.endsOn).toBe('2025-06-01');
    await t.call('POST', `/api/v1/orgs/${ids.TOWN2?.id}/terms`, { startedOn: '2024-01-10' });
    const due = await t.call<{ dueSoon: { code: string }[]; overdue: { code: string }[] }>(
      'GET',
      '/api/v1/orgs/terms/due?months=6&asOf=2026-11-21',
    );
    expect(due.body.dueSoon.map((d) => d.code)).toEqual(['VILLAGE1']);
    expect(due.body.overdue.map((d) => d.code)).toEqual(['BRANCH2']);

    const early = await t.call<ErrorBody>('POST', `/api/v1/orgs/${ids.TOWN1?.id}/terms`, { startedOn: '2017-03-01' });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('rule.not_in_force');
    const approved = await t.call<{ endsOn: string; ruleId: string }>('POST', `/api/v1/orgs/${ids.TOWN1?.id}/terms`, { startedOn: '2017-03-01', lengthYears: 10 });
    expect(approved.body).toMatchObject({ endsOn: '2027-03-01', ruleId: 'manual' });

    const group = await t.call<ErrorBody>('POST', `/api/v1/orgs/${ids.GROUP1?.id}/terms`, { startedOn: '2024-01-01' });
    expect(group.status).toBe(422);
    expect(group.body.error.code).toBe('term.not_applicable');

    const renewed = await t.call<{ current: boolean }>('POST', `/api/v1/orgs/${ids.BRANCH2?.id}/terms`, {
      startedOn: '2025-06-20',
    });
    expect(renewed.status).toBe(201);
    const after = await t.call<{ overdue: unknown[] }>('GET', '/api/v1/orgs/terms/due?months=6&asOf=2026-11-21');
    expect(after.body.overdue).toHaveLength(0);
    const history = await t.call<{ items: { current: boolean }[] }>('GET', `/api/v1/orgs/${ids.BRANCH2?.id}/terms`);
    expect(history.body.items.map((i) => i.current)).toEqual([true, false]);
  });

  test('moving a subtree rewrites every path, depth and org_path in one go', async () => {
    const village = ids.VILLAGE1 as Org;
    const res = await t.call<Org>('POST', `/api/v1/orgs/${village.id}/move`, {
      newParentId: ids.TOWN2?.id,
      version: village.version,
    });
    expect(res.status).toBe(200);
    expect(res.body.parentId).toBe(ids.TOWN2?.id);
    expect(res.body.path.startsWith(ids.TOWN2?.path ?? 'x')).toBe(true);
    const crumbs = await t.call<Org[]>('GET', `/api/v1/orgs/${ids.GROUP1?.id}/ancestors`);
    expect(crumbs.body.map((o) => o.code)).toEqual(['COUNTY', 'TOWN2', 'VILLAGE1', 'BRANCH1']);
    const group = await t.call<Org>('GET', `/api/v1/orgs/${ids.GROUP1?.id}`);
    expect(group.body.path.startsWith(res.body.path)).toBe(true);
    expect(group.body.depth).toBe(4);
    const committeePaths = await t.handle.db
      .selectFrom('org_committee_members')
      .select('org_path')
      .where('org_id', '=', ids.BRANCH1?.id ?? '')
      .execute();
    const branch = await t.call<Org>('GET', `/api/v1/orgs/${ids.BRANCH1?.id}`);
    expect(committeePaths.every((r) => r.org_path === branch.body.path)).toBe(true);
    const termPaths = await t.handle.db
      .selectFrom('org_terms')
      .select('org_path')
      .where('org_id', '=', village.id)
      .execute();
    expect(termPaths.every((r) => r.org_path === res.body.path)).toBe(true);
    const oldSubtree = await t.call<{ total: number }>('GET', `/api/v1/orgs/${ids.TOWN1?.id}/subtree`);
    expect(oldSubtree.body.total).toBe(2);
    ids.VILLAGE1 = res.body;
  });

  test('a move into its own subtree is refused and changes nothing', async () => {
    const town = (await t.call<Org>('GET', `/api/v1/orgs/${ids.TOWN2?.id}`)).body;
    const before = await auditCount();
    const res = await t.call<ErrorBody>('POST', `/api/v1/orgs/${town.id}/move`, {
      newParentId: ids.BRANCH1?.id,
      version: town.version,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('org.move_into_own_subtree');
    const after = (await t.call<Org>('GET', `/api/v1/orgs/${town.id}`)).body;
    expect(after.path).toBe(town.path);
    expect(await auditCount()).toBe(before);
    const root = await t.call<ErrorBody>('POST', `/api/v1/orgs/${ids.COUNTY?.id}/move`, {
      newParentId: ids.TOWN1?.id,
      version: 1,
    });
    expect(root.body.error.code).toBe('org.move_root');
  });

  test('a branch may not be moved under a branch', async () => {
    const res = await t.call<ErrorBody>('POST', `/api/v1/orgs/${ids.BRANCH2?.id}/move`, {
      newParentId: ids.BRANCH1?.id,
      version: ids.BRANCH2?.version,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('org.child_kind_invalid');
  });

  test('dissolving keeps history and closes the org to new children', async () => {
    const withChildren = await t.call<ErrorBody>('POST', `/api/v1/orgs/${ids.BRANCH1?.id}/dissolve`, {
      version: 1,
    });
    expect(withChildren.status).toBe(422);
    expect(withChildren.body.error.code).toBe('org.has_active_children');
    const group = ids.GROUP1 as Org;
    const res = await t.call<Org>('POST', `/api/v1/orgs/${group.id}/dissolve`, {
      version: group.version,
      dissolvedOn: '2026-10-01',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dissolved', dissolvedOn: '2026-10-01' });
    const again = await t.call<ErrorBody>('POST', `/api/v1/orgs/${group.id}/dissolve`, { version: res.body.version });
    expect(again.status).toBe(409);
    const kept = await t.call<Org>('GET', `/api/v1/orgs/${group.id}`);
    expect(kept.body.status).toBe('dissolved');
    const children = await t.call<Org[]>('GET', `/api/v1/orgs/${ids.BRANCH1?.id}/children`);
    expect(children.body).toHaveLength(0);
    const withDissolved = await t.call<Org[]>('GET', `/api/v1/orgs/${ids.BRANCH1?.id}/children?includeDissolved=true`);
    expect(withDissolved.body).toHaveLength(1);
    const under = await t.call<ErrorBody>('POST', '/api/v1/orgs', {
      parentId: group.id,
      code: 'UNDERDEAD',
      name: 'x',
      kind: 'group',
      domain: 'rural',
    });
    expect(under.status).toBe(422);
    expect(under.body.error.code).toBe('org.parent_dissolved');
  });

  test('every write left an audit row in its transaction', async () => {
    const rows = await t.handle.db.selectFrom('audit_log').select(['action', 'target_id']).execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['org.create', 'org.update', 'org.move', 'org.dissolve', 'committee.add', 'committee.end', 'term.start']) {
      expect(actions.has(a), a).toBe(true);
    }
  });

  test('an unknown id answers 404 in the error shape', async () => {
    const res = await t.call<ErrorBody>('GET', '/api/v1/orgs/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('org.not_found');
    const route = await t.call<ErrorBody>('GET', '/api/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('route.not_found');
  });

  test('the OpenAPI document lists the org endpoints', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orgs', '/api/v1/orgs/{id}/move', '/api/v1/orgs/terms/due', '/api/v1/health']),
    );
  });
});
