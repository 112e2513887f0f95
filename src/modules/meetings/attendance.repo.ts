/** Kysely queries of attendance, check-in codes and the votes taken at meetings. */
import type { Selectable } from 'kysely';
import type { Executor, MeetingAttendanceTable, MeetingVoteTable } from '../../db/schema.ts';

export type AttendanceRow = Selectable<MeetingAttendanceTable>;
export type VoteRow = Selectable<MeetingVoteTable>;

export interface RosterEntry {
  id: string;
  name: string;
  status: 'probationary' | 'full';
  full_on: string | null;
}

/** The active members of a branch (or of one of its 党小组) who had joined on or before the date. */
export async function rosterOn(ex: Executor, place: { orgId: string; groupId: string | null }, onDate: string): Promise<RosterEntry[]> {
  let q = ex
    .selectFrom('members')
    .select(['id', 'name', 'status', 'full_on'])
    .where('org_id', '=', place.orgId)
    .where('membership', '=', 'active')
    .where('joined_on', '<=', onDate);
  if (place.groupId) q = q.where('group_id', '=', place.groupId);
  return q.orderBy('name').orderBy('id').execute();
}

export async function membersOfBranch(ex: Executor, orgId: string, ids: readonly string[]): Promise<RosterEntry[]> {
  if (ids.length === 0) return [];
  return ex
    .selectFrom('members')
    .select(['id', 'name', 'status', 'full_on'])
    .where('org_id', '=', orgId)
    .where('membership', '=', 'active')
    .where('id', 'in', ids)
    .execute();
}

export async function attendanceOf(ex: Executor, meetingId: string) {
  return ex
    .selectFrom('meeting_attendance')
    .innerJoin('members', 'members.id', 'meeting_attendance.member_id')
    .select(['meeting_attendance.member_id', 'members.name', 'meeting_attendance.status', 'meeting_attendance.reason', 'meeting_attendance.voting', 'meeting_attendance.recorded_at'])
    .where('meeting_attendance.meeting_id', '=', meetingId)
    .orderBy('members.name')
    .orderBy('members.id')
    .execute();
}

export async function replaceAttendance(ex: Executor, meetingId: string, rows: readonly AttendanceRow[]): Promise<void> {
  await ex.deleteFrom('meeting_attendance').where('meeting_id', '=', meetingId).execute();
  if (rows.length > 0) await ex.insertInto('meeting_attendance').values([...rows]).execute();
}

export async function markPresent(ex: Executor, meetingId: string, memberId: string, recordedAt: string): Promise<boolean> {
  const res = await ex
    .updateTable('meeting_attendance')
    .set({ status: 'present', reason: null, recorded_at: recordedAt })
    .where('meeting_id', '=', meetingId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertAttendance(ex: Executor, row: AttendanceRow): Promise<void> {
  await ex.insertInto('meeting_attendance').values(row).execute();
}

export async function setCheckInCode(ex: Executor, meetingId: string, code: string, expiresAt: string): Promise<void> {
  await ex.updateTable('meetings').set({ check_in_code: code, check_in_expires_at: expiresAt }).where('id', '=', meetingId).execute();
}

export async function meetingByCode(ex: Executor, code: string, now: string) {
  return ex.selectFrom('meetings').selectAll().where('check_in_code', '=', code).where('check_in_expires_at', '>', now).executeTakeFirst();
}

export async function memberOfAccount(ex: Executor, accountId: string) {
  return ex.selectFrom('members').select(['id', 'org_id', 'group_id', 'status', 'full_on', 'joined_on']).where('account_id', '=', accountId).where('membership', '=', 'active').executeTakeFirst();
}

export async function insertVote(ex: Executor, row: VoteRow): Promise<void> {
  await ex.insertInto('meeting_votes').values(row).execute();
}

export async function votesOf(ex: Executor, meetingId: string): Promise<VoteRow[]> {
  return ex.selectFrom('meeting_votes').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute();
}
