/**
 * A small installation for the member-record tests (transfers, flowing, community, pools): a county with two
 * townships, branches under them, a community branch, and members created through the member service.
 */
import { CONSOLE_ACTOR } from '../../lib/actor.ts';
import { checkCharacter } from '../../lib/id-number.ts';
import type { TestApp } from '../../test/api.ts';
import type { OrgDomain, OrgKind } from '../orgs/org-kinds.ts';
import type { MemberFlag } from '../members/member-rules.ts';

export interface Tree {
  root: string;
  townA: string;
  branchA1: string;
  groupA1: string;
  branchA2: string;
  townB: string;
  branchB1: string;
  communityCommittee: string;
  communityBranch: string;
}

export async function buildTree(t: TestApp): Promise<Tree> {
  const root = await t.createRoot();
  const mk = async (parentId: string, code: string, kind: OrgKind, domain: OrgDomain = 'rural') =>
    (await t.services.orgs.create(CONSOLE_ACTOR, { parentId, code, name: `${code}党组织`, kind, domain })).id;
  const townA = await mk(root.id, 'TOWN-A', 'party_committee');
  const branchA1 = await mk(townA, 'BRANCH-A1', 'branch');
  const groupA1 = await mk(branchA1, 'GROUP-A1', 'group');
  const branchA2 = await mk(townA, 'BRANCH-A2', 'branch');
  const townB = await mk(root.id, 'TOWN-B', 'party_committee');
  const branchB1 = await mk(townB, 'BRANCH-B1', 'branch');
  const communityCommittee = await mk(townB, 'COMMUNITY-B', 'party_committee', 'community');
  const communityBranch = await mk(communityCommittee, 'COMMUNITY-B-1', 'branch', 'community');
  return { root: root.id, townA, branchA1, groupA1, branchA2, townB, branchB1, communityCommittee, communityBranch };
}

let seq = 0;

/** A valid ID number (GB 11643), different on every call. */
export function nextIdNumber(birth = '19850101'): string {
  seq += 1;
  const first17 = `440300${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export async function addMember(
  t: TestApp,
  orgId: string,
  name: string,
  options: { status?: 'full' | 'probationary'; flags?: Partial<Record<MemberFlag, boolean>>; groupId?: string; phone?: string } = {},
): Promise<string> {
  const full = (options.status ?? 'full') === 'full';
  const member = await t.services.members.create(CONSOLE_ACTOR, {
    orgId,
    name,
    idNumber: nextIdNumber(),
    status: full ? 'full' : 'probationary',
    joinedAt: full ? '2010-07-01' : '2025-12-01',
    fullAt: full ? '2011-07-01' : null,
    ...(options.flags ? { flags: options.flags } : {}),
    ...(options.groupId ? { groupId: options.groupId } : {}),
    ...(options.phone ? { phone: options.phone } : {}),
  });
  return member.id;
}

/** Every row of the tables these modules write, for "nothing changed" checks. */
export async function snapshot(t: TestApp): Promise<string> {
  const db = t.handle.db;
  return JSON.stringify([
    await db.selectFrom('members').select(['id', 'org_id', 'org_path', 'group_id', 'membership', 'is_flowing', 'version']).orderBy('id').execute(),
    await db.selectFrom('member_history').select('id').orderBy('id').execute(),
    await db.selectFrom('transfers').selectAll().orderBy('id').execute(),
    await db.selectFrom('flowing_records').selectAll().orderBy('id').execute(),
    await db.selectFrom('flowing_reports').select('id').orderBy('id').execute(),
    await db.selectFrom('community_registrations').selectAll().orderBy('id').execute(),
    await db.selectFrom('community_service').select('id').orderBy('id').execute(),
    await db.selectFrom('mentor_pairs').selectAll().orderBy('id').execute(),
    await db.selectFrom('reserve_cadres').selectAll().orderBy('id').execute(),
    await db.selectFrom('reserve_cadre_records').select('id').orderBy('id').execute(),
    await db.selectFrom('care_records').select('id').orderBy('id').execute(),
    await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('outcome', '=', 'success').executeTakeFirstOrThrow(),
  ]);
}

export interface ErrorBody {
  error: { code: string; message: string; details: { rule?: { id: string; cite: string | null } | null } | null };
}
