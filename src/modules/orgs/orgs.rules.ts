/**
 * Structural rules of the org tree, as pure functions. Each returns null when the operation is allowed, or the
 * violation with its stable code and citation.
 */
import { BRANCH_KINDS, ORG_KIND_LABELS, type OrgKind } from './org-kinds.ts';

export interface Violation {
  code: string;
  message: string;
  cite: string | null;
}

const BRANCH_RULES = '《中国共产党支部工作条例（试行）》';
const GROUP_CITE = `${BRANCH_RULES}（党员人数较多的党支部可以划分若干党小组）`;

/** Which kinds may stand directly under which. 党委/党工委 take any kind but 党小组; branches take only 党小组. */
const CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  party_committee: ['party_committee', 'working_committee', 'general_branch', 'branch', 'joint_branch', 'temporary', 'online_branch'],
  working_committee: ['party_committee', 'working_committee', 'general_branch', 'branch', 'joint_branch', 'temporary', 'online_branch'],
  general_branch: ['branch', 'joint_branch', 'temporary', 'online_branch'],
  branch: ['group'],
  joint_branch: ['group'],
  temporary: ['group'],
  online_branch: ['group'],
  group: [],
};

export interface ParentFacts {
  kind: OrgKind;
  status: 'active' | 'dissolved';
}

export function checkPlacement(parent: ParentFacts | null, childKind: OrgKind, rootExists: boolean): Violation | null {
  if (!parent) {
    if (rootExists) {
      return { code: 'org.parent_required', message: 'Only the first org may be created without a parent', cite: null };
    }
    if (childKind === 'group' || (BRANCH_KINDS as readonly string[]).includes(childKind)) {
      return {
        code: 'org.root_kind_invalid',
        message: 'The root of the tree must be a committee (党委/党工委/党总支)',
        cite: null,
      };
    }
    return null;
  }
  if (parent.status !== 'active') {
    return { code: 'org.parent_dissolved', message: 'A dissolved org cannot take new children', cite: null };
  }
  if (childKind === 'group' && !(BRANCH_KINDS as readonly string[]).includes(parent.kind)) {
    return {
      code: 'org.group_parent_invalid',
      message: `A 党小组 may only stand under a branch, not under a ${ORG_KIND_LABELS[parent.kind]}`,
      cite: GROUP_CITE,
    };
  }
  if (!CHILD_KINDS[parent.kind].includes(childKind)) {
    return {
      code: 'org.child_kind_invalid',
      message: `A ${ORG_KIND_LABELS[childKind]} cannot stand under a ${ORG_KIND_LABELS[parent.kind]}`,
      cite: BRANCH_RULES,
    };
  }
  return null;
}

/** A 临时党组织 has a planned end date, on or after its establishment. */
export function checkDates(
  kind: OrgKind,
  establishedOn: string | null,
  plannedEndOn: string | null,
): Violation | null {
  if (kind === 'temporary' && !plannedEndOn) {
    return {
      code: 'org.temporary_end_date_required',
      message: 'A temporary org (临时党组织) must have a planned end date',
      cite: `${BRANCH_RULES}（临时党组织随任务结束撤销）`,
    };
  }
  if (establishedOn && plannedEndOn && plannedEndOn < establishedOn) {
    return { code: 'org.end_before_start', message: 'The planned end date is before the establishment date', cite: null };
  }
  return null;
}

export function checkMove(
  org: { id: string; path: string; parentId: string | null },
  target: { id: string; path: string },
): Violation | null {
  if (!org.parentId) return { code: 'org.move_root', message: 'The root org cannot be moved', cite: null };
  if (target.path.startsWith(org.path)) {
    return {
      code: 'org.move_into_own_subtree',
      message: 'An org cannot be moved under itself or one of its descendants',
      cite: null,
    };
  }
  return null;
}

/** Changing an org's kind must keep it valid under its parent and over its children. */
export function checkKindChange(
  parent: ParentFacts | null,
  newKind: OrgKind,
  childKinds: readonly OrgKind[],
): Violation | null {
  if (parent) {
    const placement = checkPlacement(parent, newKind, false);
    if (placement && placement.code !== 'org.parent_dissolved') return placement;
  }
  const bad = childKinds.find((k) => !CHILD_KINDS[newKind].includes(k));
  if (bad) {
    return {
      code: 'org.kind_change_invalid',
      message: `A ${ORG_KIND_LABELS[newKind]} cannot hold its current children (${ORG_KIND_LABELS[bad]})`,
      cite: BRANCH_RULES,
    };
  }
  return null;
}
