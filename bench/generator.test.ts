import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../src/db/test-db.ts';
import type { DbHandle } from '../src/db/create-db.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { addMonths, addYears } from '../src/lib/dates.ts';
import { ageOn } from '../src/lib/id-number.ts';
import { checkMemberInput } from '../src/modules/members/members.service.ts';
import { BRANCH_KINDS, ORG_DOMAINS, ORG_KINDS } from '../src/modules/orgs/org-kinds.ts';
import type { OrgRow } from '../src/modules/orgs/orgs.repo.ts';
import { checkDates, checkPlacement } from '../src/modules/orgs/orgs.rules.ts';
import { SEGMENT_WIDTH, depthOf } from '../src/modules/orgs/tree.ts';
import { chineseNumeral, createRng, deriveSeed, generateCounty, generateProvince, memberSeeds, mulberry32, populate, type GeneratedTree } from './generator.ts';

const TODAY = '2025-06-30';

/** The structural invariants bulk insertion must keep, checked on the rows themselves. */
function checkTree(tree: GeneratedTree): void {
  const byId = new Map<string, OrgRow>(tree.orgs.map((o) => [o.id, o]));
  const children = new Map<string, number>();
  const codes = new Set<string>();
  const paths = new Set<string>();
  for (const [index, org] of tree.orgs.entries()) {
    expect(ORG_KINDS).toContain(org.kind);
    expect(ORG_DOMAINS).toContain(org.domain);
    expect(org.code).toMatch(/^[0-9A-Za-z][0-9A-Za-z_-]*$/);
    expect(org.code.length).toBeLessThanOrEqual(32);
    codes.add(org.code);
    paths.add(org.path);
    expect(org.depth).toBe(depthOf(org.path));
    expect(checkDates(org.kind as never, org.established_on, org.planned_end_on)).toBeNull();
    if (index === 0) {
      expect(org.parent_id).toBeNull();
      expect(checkPlacement(null, org.kind as never, false)).toBeNull();
      continue;
    }
    const parent = org.parent_id ? byId.get(org.parent_id) : undefined;
    if (!parent) throw new Error(`${org.code} has no parent listed before it`);
    expect(tree.orgs.indexOf(parent)).toBeLessThan(index);
    expect(org.path.slice(0, -SEGMENT_WIDTH)).toBe(parent.path);
    expect(org.path.length).toBe(parent.path.length + SEGMENT_WIDTH);
    expect(org.depth).toBe(parent.depth + 1);
    expect(checkPlacement({ kind: parent.kind as never, status: 'active' }, org.kind as never, true)).toBeNull();
    if (org.kind === 'group') expect(BRANCH_KINDS).toContain(parent.kind);
    children.set(parent.id, (children.get(parent.id) ?? 0) + 1);
  }
  expect(codes.size).toBe(tree.orgs.length);
  expect(paths.size).toBe(tree.orgs.length);
  for (const org of tree.orgs) expect(org.child_seq).toBe(children.get(org.id) ?? 0);
}

describe('generator', () => {
  it('mulberry32 and the numerals are what they say', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect([1, 9, 10, 12, 20, 35, 99].map(chineseNumeral)).toEqual(['一', '九', '十', '十二', '二十', '三十五', '九十九']);
  });

  it('builds the same county for the same seed, and another for another seed', () => {
    const shape = (t: GeneratedTree) => t.orgs.map((o) => [o.code, o.name, o.kind, o.domain, o.path, o.established_on].join('|'));
    const one = generateCounty({ seed: 7, size: 4, today: TODAY });
    const two = generateCounty({ seed: 7, size: 4, today: TODAY });
    expect(shape(two)).toEqual(shape(one));
    expect(shape(generateCounty({ seed: 8, size: 4, today: TODAY }))).not.toEqual(shape(one));
  });

  it('builds a county that follows the structural rules, with the expected proportions', () => {
    const county = generateCounty({ seed: 1, today: TODAY });
    checkTree(county);
    const count = (kinds: readonly string[]) => county.orgs.filter((o) => kinds.includes(o.kind)).length;
    expect(county.orgs[0]?.name).toMatch(/^中共.+县委员会$/);
    const townships = county.orgs.filter((o) => o.depth === 1 && /(镇|乡|街道)(工作)?委员会$/.test(o.name));
    expect(townships).toHaveLength(15);
    const villagesAndCommunities = county.orgs.filter((o) => /^(中共)?[^第]+(村|社区)(党支部|党总支|委员会)$/.test(o.name));
    expect(villagesAndCommunities.length).toBeGreaterThan(220);
    expect(villagesAndCommunities.length).toBeLessThan(380);
    expect(count(BRANCH_KINDS)).toBeGreaterThan(600);
    expect(count(BRANCH_KINDS)).toBeLessThan(1000);
    expect(count(['group'])).toBeGreaterThan(200);
    expect(county.orgs.filter((o) => o.kind === 'temporary').every((o) => o.planned_end_on)).toBe(true);
  });

  it('builds a province near its target size that follows the same rules', () => {
    for (const targetOrgs of [3000, 12_000]) {
      const province = generateProvince({ seed: 3, targetOrgs, today: TODAY });
      checkTree(province);
      expect(Math.abs(province.orgs.length - targetOrgs) / targetOrgs).toBeLessThan(0.05);
      expect(province.orgs.filter((o) => o.depth === 1 && o.name.endsWith('市委员会')).length).toBeGreaterThan(0);
    }
  });

  it('gives the default county about 18,400 members who keep the member rules, with realistic proportions', () => {
    const county = generateCounty({ seed: 1, today: TODAY });
    const seeds = [...memberSeeds(county, createRng(deriveSeed(1, 'members')))];
    expect(seeds.length).toBeGreaterThan(17_500);
    expect(seeds.length).toBeLessThan(19_500);
    expect(new Set(seeds.map((s) => s.idNumber)).size).toBe(seeds.length);
    const share = (pick: (s: (typeof seeds)[number]) => boolean, among = seeds) => among.filter(pick).length / among.length;
    for (const s of seeds) {
      const { problems, derived } = checkMemberInput({ idNumber: s.idNumber, birthDate: s.birthDate, sex: s.sex, status: s.status, joinedAt: s.joinedOn, fullAt: s.fullOn, phone: s.phone }, TODAY);
      expect(problems, `${s.name} ${s.idNumber}`).toEqual([]);
      expect(derived?.sex).toBe(s.sex);
      expect(s.idNumber.slice(0, 6)).toMatch(/^\d{6}$/);
      expect(/^\p{Script=Han}{2,3}$/u.test(s.name)).toBe(true);
      if (s.fullOn) expect(s.fullOn).toBe(addYears(s.joinedOn, 1));
      if (s.group) expect(s.group.parent_id).toBe(s.branch.id);
    }
    // Every branch of the county has members; ID numbers carry the county's region code.
    expect(new Set(seeds.map((s) => s.branch.id)).size).toBe(county.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as never)).length);
    expect(share((s) => s.idNumber.startsWith(county.orgs[0]?.code ?? '?'))).toBe(1);
    expect(share((s) => s.sex === 'male')).toBeGreaterThan(0.65);
    const villagers = seeds.filter((s) => s.branch.domain === 'rural');
    expect(share((s) => ageOn(s.birthDate, TODAY) > 60, villagers)).toBeGreaterThan(0.3);
    expect(share((s) => s.status === 'probationary')).toBeGreaterThan(0.01);
    expect(share((s) => s.status === 'probationary')).toBeLessThan(0.06);
    for (const flag of ['flowing', 'hardship', 'veteran', 'inService', 'retired'] as const) expect(share((s) => s.flags[flag])).toBeGreaterThan(0.01);
    expect(share((s) => s.flags.veteran && ageOn(s.fullOn ?? TODAY, TODAY) < 50)).toBe(0);
  });

  describe('populate', () => {
    let handle: DbHandle;
    beforeEach(async () => {
      handle = await createTestDb();
    });
    afterEach(async () => {
      await handle.close();
    });

    it('writes orgs, current terms (some due soon, some overdue) and secretaries, carrying org paths', async () => {
      const county = generateCounty({ seed: 5, size: 3, today: TODAY });
      const crypto = createCryptoProvider('intl', randomBytes(32));
      const reports = await populate(handle.db, county, { crypto });
      expect(reports.map((r) => r.step)).toEqual(['orgs', 'terms', 'committee', 'members', 'flowing', 'transfers']);
      const orgs = await handle.db.selectFrom('orgs').select(['id', 'path', 'child_seq', 'kind']).execute();
      expect(orgs).toHaveLength(county.orgs.length);

      const terms = await handle.db
        .selectFrom('org_terms as t')
        .innerJoin('orgs as o', 'o.id', 't.org_id')
        .select(['t.org_path', 'o.path', 't.started_on', 't.ends_on', 't.is_current', 'o.kind'])
        .execute();
      expect(terms.every((t) => t.org_path === t.path && t.is_current === 1)).toBe(true);
      expect(terms.some((t) => t.kind === 'group' || t.kind === 'temporary')).toBe(false);
      expect(terms.every((t) => t.started_on >= '2019-06-30' && t.started_on < TODAY)).toBe(true);
      const overdue = terms.filter((t) => t.ends_on < TODAY).length;
      const dueSoon = terms.filter((t) => t.ends_on >= TODAY && t.ends_on <= addMonths(TODAY, 6)).length;
      expect(overdue).toBeGreaterThan(terms.length * 0.04);
      expect(dueSoon).toBeGreaterThan(terms.length * 0.04);
      expect(overdue + dueSoon).toBeLessThan(terms.length * 0.4);

      const secretaries = await handle.db
        .selectFrom('org_committee_members as m')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .select(['m.org_path', 'o.path', 'm.person_name'])
        .where('m.position', '=', 'secretary')
        .execute();
      expect(secretaries.every((s) => s.org_path === s.path && /^\p{Script=Han}{2,3}$/u.test(s.person_name))).toBe(true);
      expect(secretaries.length).toBeGreaterThan(terms.length * 0.85);

      // Members sit in branches with their paths, personal data encrypted; flowing members have an open record.
      const members = await handle.db
        .selectFrom('members as m')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .select(['m.id', 'm.org_path', 'o.path', 'o.kind', 'm.id_number_enc', 'm.is_flowing'])
        .execute();
      expect(members.length).toBe(reports.find((r) => r.step === 'members')?.rows);
      expect(members.every((m) => m.org_path === m.path && BRANCH_KINDS.includes(m.kind as never))).toBe(true);
      expect(/^\d{17}[\dX]$/.test(crypto.decrypt(members[0]?.id_number_enc ?? ''))).toBe(true);
      const flowing = await handle.db.selectFrom('flowing_records').select(['member_id', 'ended_on']).execute();
      expect(new Set(flowing.map((f) => f.member_id))).toEqual(new Set(members.filter((m) => m.is_flowing === 1).map((m) => m.id)));
      expect(flowing.every((f) => f.ended_on === null)).toBe(true);
      const transfers = await handle.db.selectFrom('transfers').select(['state', 'valid_until', 'to_org_id', 'from_org_id']).execute();
      expect(transfers.length).toBeGreaterThan(0);
      expect(transfers.every((x) => x.state === 'issued' && x.valid_until >= TODAY && x.to_org_id !== x.from_org_id)).toBe(true);
    });
  });
});
