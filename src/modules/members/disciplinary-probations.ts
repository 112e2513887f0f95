/**
 * 留党察看 (probation within the party, 《中国共产党纪律处分条例》): while it lasts the member has no right to vote,
 * to elect or be elected (党章第四十条), nor to introduce anyone for admission. Recorded per member with its start and
 * the day rights are restored (ends_on, exclusive; open while null).
 */
import type { Selectable } from 'kysely';
import type { Executor, MemberDisciplinaryProbationTable } from '../../db/schema.ts';

export type DisciplinaryProbationRow = Selectable<MemberDisciplinaryProbationTable>;

export const PROBATION_RIGHTS_CITE = '《中国共产党章程》第四十条：受留党察看处分期间，没有表决权、选举权和被选举权';

export async function disciplinaryProbationsOf(ex: Executor, memberIds: readonly string[]): Promise<DisciplinaryProbationRow[]> {
  if (memberIds.length === 0) return [];
  return ex.selectFrom('member_disciplinary_probations').selectAll().where('member_id', 'in', memberIds).orderBy('starts_on').execute();
}

/** Whether a period covers the date (starts on or before it, rights not yet restored). */
export const probationCovers = (p: Pick<DisciplinaryProbationRow, 'starts_on' | 'ends_on'>, date: string): boolean =>
  p.starts_on <= date && (p.ends_on === null || p.ends_on > date);

/** The members among `memberIds` under 留党察看 on the date. */
export async function underDisciplinaryProbationOn(ex: Executor, memberIds: readonly string[], date: string): Promise<Set<string>> {
  const periods = await disciplinaryProbationsOf(ex, [...new Set(memberIds)]);
  return new Set(periods.filter((p) => probationCovers(p, date)).map((p) => p.member_id));
}
