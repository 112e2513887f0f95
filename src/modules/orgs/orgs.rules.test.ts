import { describe, expect, test } from 'vitest';
import type { OrgKind } from './org-kinds.ts';
import { checkDates, checkKindChange, checkMove, checkPlacement } from './orgs.rules.ts';

const active = (kind: OrgKind) => ({ kind, status: 'active' as const });

describe('placement: which kind may stand under which (支部工作条例)', () => {
  test.each<[OrgKind, OrgKind, string | null]>([
    ['party_committee', 'party_committee', null],
    ['party_committee', 'working_committee', null],
    ['working_committee', 'branch', null],
    ['party_committee', 'general_branch', null],
    ['general_branch', 'branch', null],
    ['general_branch', 'temporary', null],
    ['branch', 'group', null],
    ['joint_branch', 'group', null],
    ['online_branch', 'group', null],
    ['temporary', 'group', null],
    ['party_committee', 'group', 'org.group_parent_invalid'],
    ['general_branch', 'group', 'org.group_parent_invalid'],
    ['branch', 'branch', 'org.child_kind_invalid'],
    ['general_branch', 'general_branch', 'org.child_kind_invalid'],
    ['group', 'group', 'org.group_parent_invalid'],
    ['group', 'branch', 'org.child_kind_invalid'],
    ['branch', 'party_committee', 'org.child_kind_invalid'],
  ])('%s ← %s: %s', (parent, child, code) => {
    expect(checkPlacement(active(parent), child, true)?.code ?? null).toBe(code);
  });

  test('a dissolved org takes no children', () => {
    expect(checkPlacement({ kind: 'party_committee', status: 'dissolved' }, 'branch', true)?.code).toBe(
      'org.parent_dissolved',
    );
  });

  test('only the first org may be a root, and it must be a committee', () => {
    expect(checkPlacement(null, 'party_committee', false)).toBeNull();
    expect(checkPlacement(null, 'party_committee', true)?.code).toBe('org.parent_required');
    expect(checkPlacement(null, 'branch', false)?.code).toBe('org.root_kind_invalid');
  });

  test('a 党小组 violation cites the branch regulation', () => {
    expect(checkPlacement(active('party_committee'), 'group', true)?.cite).toContain('中国共产党支部工作条例');
  });
});

describe('dates', () => {
  test.each<[OrgKind, string | null, string | null, string | null]>([
    ['temporary', '2025-01-01', null, 'org.temporary_end_date_required'],
    ['temporary', '2025-01-01', '2025-12-31', null],
    ['branch', '2025-01-01', null, null],
    ['branch', '2025-01-01', '2024-12-31', 'org.end_before_start'],
  ])('%s established %s ending %s → %s', (kind, from, to, code) => {
    expect(checkDates(kind, from, to)?.code ?? null).toBe(code);
  });
});

describe('moves', () => {
  const org = { id: 'a', path: '00010002', parentId: 'root' };
  test.each([
    ['00010002', 'org.move_into_own_subtree'],
    ['000100020005', 'org.move_into_own_subtree'],
    ['00010003', null],
    ['0001', null],
  ])('to %s → %s', (targetPath, code) => {
    expect(checkMove(org, { id: 'b', path: targetPath })?.code ?? null).toBe(code);
  });
  test('the root does not move', () => {
    expect(checkMove({ ...org, parentId: null }, { id: 'b', path: '0002' })?.code).toBe('org.move_root');
  });
});

describe('kind changes', () => {
  test('a branch with groups may not become a general branch', () => {
    expect(checkKindChange(active('party_committee'), 'general_branch', ['group'])?.code).toBe(
      'org.kind_change_invalid',
    );
  });
  test('a branch without children may become a general branch', () => {
    expect(checkKindChange(active('party_committee'), 'general_branch', [])).toBeNull();
  });
  test('under a general branch, an org may not become a general branch', () => {
    expect(checkKindChange(active('general_branch'), 'general_branch', [])?.code).toBe('org.child_kind_invalid');
  });
});
