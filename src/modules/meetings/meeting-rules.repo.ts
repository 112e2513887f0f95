/** Kysely queries of the meeting cadences localities set for their subtrees. */
import type { Selectable } from 'kysely';
import type { Executor, MeetingRuleOverrideTable } from '../../db/schema.ts';
import type { MeetingOverrides } from '../../policy/meetings.ts';
import { ancestorPaths, subtreeRange } from '../orgs/tree.ts';

export type MeetingRuleOverrideRow = Selectable<MeetingRuleOverrideTable>;

export interface PathOverrides {
  orgId: string;
  orgPath: string;
  overrides: MeetingOverrides;
  version: number;
}

const parsed = (row: MeetingRuleOverrideRow): PathOverrides => ({
  orgId: row.org_id,
  orgPath: row.org_path,
  overrides: JSON.parse(row.overrides) as MeetingOverrides,
  version: row.version,
});

export async function findOverrides(ex: Executor, orgId: string): Promise<MeetingRuleOverrideRow | undefined> {
  return ex.selectFrom('meeting_rule_overrides').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

/**
 * The overrides that can apply anywhere in the subtree at `rootPath`: those of its ancestors, its own and those set
 * inside it, ordered by path (an ancestor before its descendants).
 */
export async function overridesAround(ex: Executor, rootPath: string): Promise<PathOverrides[]> {
  const { from, to } = subtreeRange(rootPath);
  const above = ancestorPaths(rootPath);
  const rows = await ex
    .selectFrom('meeting_rule_overrides')
    .selectAll()
    .where((eb) => {
      const inside = eb.and([eb('org_path', '>=', from), eb('org_path', '<', to)]);
      return above.length > 0 ? eb.or([inside, eb('org_path', 'in', above)]) : inside;
    })
    .orderBy('org_path')
    .execute();
  return rows.map(parsed);
}

/** Writes an org's overrides if its version is still `version` (0: none yet); false when someone else changed them first. */
export async function saveOverrides(ex: Executor, row: MeetingRuleOverrideRow, version: number): Promise<boolean> {
  if (version === 0) {
    if (await findOverrides(ex, row.org_id)) return false;
    await ex.insertInto('meeting_rule_overrides').values(row).execute();
    return true;
  }
  const { org_id, ...rest } = row;
  const res = await ex.updateTable('meeting_rule_overrides').set(rest).where('org_id', '=', org_id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
