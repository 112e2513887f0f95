/** Kysely queries of member reviews, their entries and handling records, and of the absence signal. */
import { sql, type Selectable } from 'kysely';
import type { AbsenceDecisionTable, Executor, MemberReviewEntryTable, MemberReviewHandlingTable, MemberReviewTable } from '../../db/schema.ts';
import { chunks } from '../../lib/chunks.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type ReviewRow = Selectable<MemberReviewTable>;
export type EntryRow = Selectable<MemberReviewEntryTable>;
export type HandlingRow = Selectable<MemberReviewHandlingTable>;
export type DecisionRow = Selectable<AbsenceDecisionTable>;
export type EntryWithName = EntryRow & { name: string };

export async function findReviewInScope(ex: Executor, id: string, scopePath: string): Promise<ReviewRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return ex.selectFrom('member_reviews').selectAll().where('id', '=', id).where('org_path', '>=', from).where('org_path', '<', to).executeTakeFirst();
}

export async function findReviewOf(ex: Executor, orgId: string, year: number): Promise<ReviewRow | undefined> {
  return ex.selectFrom('member_reviews').selectAll().where('org_id', '=', orgId).where('year', '=', year).executeTakeFirst();
}

export async function insertReview(ex: Executor, row: ReviewRow, entries: readonly EntryRow[]): Promise<void> {
  await ex.insertInto('member_reviews').values(row).execute();
  for (const part of chunks(entries, 500)) await ex.insertInto('member_review_entries').values(part).execute();
}

/** Writes the changed fields if the review's version is still `version`; false when someone else changed it first. */
export async function updateReviewVersioned(ex: Executor, id: string, version: number, fields: Partial<Omit<ReviewRow, 'id' | 'version'>>): Promise<boolean> {
  const res = await ex
    .updateTable('member_reviews')
    .set({ ...fields, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Touches the review row inside a transaction so that concurrent grade writes to one review queue behind each
 * other (PostgreSQL holds the row lock to the end; SQLite has one writer anyway): the 优秀 cap is then checked on
 * what every earlier write left. False when the review is no longer open.
 */
export async function lockOpenReview(ex: Executor, id: string, now: string): Promise<boolean> {
  const res = await ex.updateTable('member_reviews').set({ updated_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function entriesOf(ex: Executor, reviewId: string): Promise<EntryWithName[]> {
  return ex
    .selectFrom('member_review_entries')
    .innerJoin('members', 'members.id', 'member_review_entries.member_id')
    .selectAll('member_review_entries')
    .select('members.name')
    .where('member_review_entries.review_id', '=', reviewId)
    .orderBy('members.name')
    .orderBy('members.id')
    .execute();
}

export async function updateEntryVersioned(ex: Executor, reviewId: string, memberId: string, version: number, fields: Partial<EntryRow>): Promise<boolean> {
  const res = await ex
    .updateTable('member_review_entries')
    .set({ ...fields, version: version + 1 })
    .where('review_id', '=', reviewId)
    .where('member_id', '=', memberId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Counts of each grade among the reviews' entries, by review. */
export async function gradeCounts(ex: Executor, reviewIds: readonly string[]) {
  if (reviewIds.length === 0) return [];
  return ex
    .selectFrom('member_review_entries')
    .select((eb) => [
      'review_id',
      eb.fn.countAll<number | string>().as('reviewed'),
      eb.fn.count<number | string>(sql`case when proposed_grade = 'excellent' then 1 end`).as('proposed_excellent'),
      eb.fn.count<number | string>('final_grade').as('final_given'),
      eb.fn.count<number | string>(sql`case when final_grade = 'excellent' then 1 end`).as('final_excellent'),
      eb.fn.count<number | string>(sql`case when final_grade = 'unqualified' then 1 end`).as('final_unqualified'),
    ])
    .where('review_id', 'in', reviewIds)
    .groupBy('review_id')
    .execute();
}

export interface ReviewFilter {
  rootPath: string;
  year?: number | undefined;
}

export async function listReviews(ex: Executor, f: ReviewFilter, page: number, pageSize: number) {
  const { from, to } = subtreeRange(f.rootPath);
  let q = ex.selectFrom('member_reviews').innerJoin('orgs', 'orgs.id', 'member_reviews.org_id').where('member_reviews.org_path', '>=', from).where('member_reviews.org_path', '<', to);
  if (f.year !== undefined) q = q.where('member_reviews.year', '=', f.year);
  const total = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('member_reviews')
    .select('orgs.name as org_name')
    .orderBy('member_reviews.year', 'desc')
    .orderBy('member_reviews.org_path')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

export async function insertHandlings(ex: Executor, rows: readonly HandlingRow[]): Promise<void> {
  if (rows.length > 0) await ex.insertInto('member_review_handlings').values([...rows]).execute();
}

const handlingColumns = (ex: Executor) =>
  ex
    .selectFrom('member_review_handlings')
    .innerJoin('members', 'members.id', 'member_review_handlings.member_id')
    .innerJoin('member_reviews', 'member_reviews.id', 'member_review_handlings.review_id')
    .innerJoin('orgs', 'orgs.id', 'member_reviews.org_id')
    .selectAll('member_review_handlings')
    .select(['members.name', 'member_reviews.year', 'member_reviews.org_id', 'orgs.name as org_name']);

export type HandlingWithNames = HandlingRow & { name: string; year: number; org_id: string; org_name: string };

export async function handlingsOfReview(ex: Executor, reviewId: string): Promise<HandlingWithNames[]> {
  return handlingColumns(ex).where('member_review_handlings.review_id', '=', reviewId).orderBy('members.name').execute();
}

export async function findHandlingInScope(ex: Executor, id: string, scopePath: string): Promise<HandlingWithNames | undefined> {
  const { from, to } = subtreeRange(scopePath);
  return handlingColumns(ex)
    .where('member_review_handlings.id', '=', id)
    .where('member_review_handlings.org_path', '>=', from)
    .where('member_review_handlings.org_path', '<', to)
    .executeTakeFirst();
}

export async function listHandlings(ex: Executor, rootPath: string, status: 'open' | 'closed' | undefined): Promise<HandlingWithNames[]> {
  const { from, to } = subtreeRange(rootPath);
  let q = handlingColumns(ex).where('member_review_handlings.org_path', '>=', from).where('member_review_handlings.org_path', '<', to);
  if (status) q = q.where('member_review_handlings.status', '=', status);
  return q.orderBy('member_review_handlings.deadline').orderBy('member_review_handlings.id').limit(1000).execute();
}

export async function updateHandlingVersioned(ex: Executor, id: string, version: number, fields: Partial<HandlingRow>): Promise<boolean> {
  const res = await ex
    .updateTable('member_review_handlings')
    .set({ ...fields, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * For each active member of the subtree, each month in [fromDate, toDate] with meetings of the subtree that
 * recorded the member's attendance, and each status they had in it: (member, month, status) without repeats.
 */
export async function attendanceMonths(ex: Executor, rootPath: string, fromDate: string, toDate: string) {
  const { from, to } = subtreeRange(rootPath);
  const month = sql<string>`substr(meetings.held_on, 1, 7)`;
  return ex
    .selectFrom('meetings')
    .innerJoin('meeting_attendance', 'meeting_attendance.meeting_id', 'meetings.id')
    .innerJoin('members', 'members.id', 'meeting_attendance.member_id')
    .select(['members.id as member_id', month.as('month'), 'meeting_attendance.status'])
    .where('meetings.org_path', '>=', from)
    .where('meetings.org_path', '<', to)
    .where('meetings.held_on', '>=', fromDate)
    .where('meetings.held_on', '<=', toDate)
    .where('members.membership', '=', 'active')
    .where('members.org_path', '>=', from)
    .where('members.org_path', '<', to)
    .groupBy(['members.id', month, 'meeting_attendance.status'])
    .execute();
}

export async function membersByIds(ex: Executor, ids: readonly string[]) {
  const out = [];
  for (const part of chunks(ids, 500)) {
    out.push(
      ...(await ex
        .selectFrom('members')
        .innerJoin('orgs', 'orgs.id', 'members.org_id')
        .select(['members.id', 'members.name', 'members.org_id', 'orgs.name as org_name', 'members.org_path', 'members.status', 'members.id_number_enc', 'members.phone_enc'])
        .where('members.id', 'in', part)
        .execute()),
    );
  }
  return out;
}

export async function decisionsOf(ex: Executor, memberIds: readonly string[]): Promise<DecisionRow[]> {
  const out: DecisionRow[] = [];
  for (const part of chunks(memberIds, 500)) {
    out.push(...(await ex.selectFrom('absence_decisions').selectAll().where('member_id', 'in', part).orderBy('created_at').orderBy('id').execute()));
  }
  return out;
}

export async function insertDecision(ex: Executor, row: DecisionRow): Promise<void> {
  await ex.insertInto('absence_decisions').values(row).execute();
}
