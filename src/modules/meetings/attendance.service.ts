/**
 * Attendance at a meeting (expected attendees from the roster on the meeting's date), check-in by a short code,
 * and votes taken at the meeting, evaluated on the counts of the attendance by the rules in force on its date.
 */
import { randomInt } from 'node:crypto';
import type { Actor } from '../../lib/actor.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { evaluateVote, VoteInputError, type VoteInput, type VoteOutcome } from './vote-rules.ts';
import * as repo from './attendance.repo.ts';
import { underDisciplinaryProbationOn } from '../members/disciplinary-probations.ts';
import { findMeetingInScope, typesOf, type MeetingRow } from './meetings.repo.ts';
import { meetingNotFound } from './meetings.service.ts';

export type AttendanceStatus = 'present' | 'leave' | 'absent';
export interface AttendanceEntry {
  memberId: string;
  status: AttendanceStatus;
  reason?: string | null | undefined;
}

export interface AttendanceView {
  meetingId: string;
  /** False until the attendance is first recorded: the entries are then the roster on the meeting's date, all absent. */
  recorded: boolean;
  expected: number;
  present: number;
  leave: number;
  absent: number;
  votingExpected: number;
  votingPresent: number;
  entries: { memberId: string; name: string; status: AttendanceStatus; reason: string | null; voting: boolean }[];
}

export type VoteBody =
  | { kind: 'general' | 'committee'; subject: string; yes: number; no?: number | undefined; abstain?: number | undefined }
  | { kind: 'recruitment'; subject: string; yes: number; no?: number | undefined; abstain?: number | undefined; writtenYes?: number | undefined }
  | { kind: 'election'; subject: string; candidateVotes: Record<string, number> };

export interface VoteView {
  id: string;
  meetingId: string;
  kind: string;
  subject: string;
  counts: Record<string, unknown>;
  outcome: VoteOutcome;
  rule: { id: string; cite: string };
  createdAt: string;
}

const CHECK_IN_MINUTES = 180;
/** A full member on the date has a vote; a probationary member has none (《中国共产党章程》第七条). */
/** A vote is a full member's on the date, unless under 留党察看 then (党章第四十条); probationary members have none. */
const votingOn = (m: Pick<repo.RosterEntry, 'id' | 'status' | 'full_on'>, onDate: string, restricted: ReadonlySet<string>) =>
  m.status === 'full' && m.full_on !== null && m.full_on <= onDate && !restricted.has(m.id) ? 1 : 0;

function toVoteView(row: repo.VoteRow): VoteView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    kind: row.kind,
    subject: row.subject,
    counts: JSON.parse(row.counts) as Record<string, unknown>,
    outcome: JSON.parse(row.outcome) as VoteOutcome,
    rule: { id: row.rule_id, cite: row.cite },
    createdAt: row.created_at,
  };
}

export class AttendanceService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async meeting(actor: Actor, id: string): Promise<{ row: MeetingRow; types: string[] }> {
    const row = await findMeetingInScope(this.db, id, actor.scopePath);
    if (!row) throw meetingNotFound(id);
    return { row, types: (await typesOf(this.db, [id])).get(id) ?? [] };
  }

  async get(actor: Actor, meetingId: string): Promise<AttendanceView> {
    return this.view(await this.meeting(actor, meetingId));
  }

  /**
   * The recorded entries and, since unlisted members are absent, the members of the roster on the meeting's date
   * not listed yet (those who did not check in). A 支委会's entries are its committee once recorded; before, the
   * branch's members to choose the committee from.
   */
  private async entries({ row, types }: { row: MeetingRow; types: string[] }): Promise<{ recorded: boolean; entries: AttendanceView['entries'] }> {
    const rows = await repo.attendanceOf(this.db, row.id);
    const listed = rows.map((r) => ({ memberId: r.member_id, name: r.name, status: r.status, reason: r.reason, voting: r.voting === 1 }));
    const committee = row.primary_type === 'committee_meeting';
    if (committee && rows.length > 0) return { recorded: true, entries: listed };
    const roster = await repo.rosterOn(this.db, { orgId: row.org_id, groupId: !committee && types.includes('group_meeting') ? row.group_id : null }, row.held_on);
    const seen = new Set(rows.map((r) => r.member_id));
    const missing = roster.filter((m) => !seen.has(m.id));
    const restricted = await underDisciplinaryProbationOn(this.db, missing.map((m) => m.id), row.held_on);
    const unlisted = missing.map((m) => ({ memberId: m.id, name: m.name, status: 'absent' as const, reason: null, voting: votingOn(m, row.held_on, restricted) === 1 }));
    const entries = [...listed, ...unlisted].sort((a, b) => (a.name === b.name ? (a.memberId < b.memberId ? -1 : 1) : a.name < b.name ? -1 : 1));
    return { recorded: rows.length > 0, entries };
  }

  private async view(meeting: { row: MeetingRow; types: string[] }): Promise<AttendanceView> {
    const { recorded, entries } = await this.entries(meeting);
    const count = (s: AttendanceStatus) => entries.filter((e) => e.status === s).length;
    return {
      meetingId: meeting.row.id,
      recorded,
      expected: entries.length,
      present: count('present'),
      leave: count('leave'),
      absent: count('absent'),
      votingExpected: entries.filter((e) => e.voting).length,
      votingPresent: entries.filter((e) => e.voting && e.status === 'present').length,
      entries,
    };
  }

  /**
   * Records the attendance. The expected attendees are the branch's (or the group's) members on the meeting's date;
   * those not listed are absent. A 支委会's committee is not linked to the roster, so its entries are the expected list.
   */
  async record(actor: Actor, meetingId: string, entries: readonly AttendanceEntry[]): Promise<AttendanceView> {
    const { row, types } = await this.meeting(actor, meetingId);
    const ids = entries.map((e) => e.memberId);
    if (new Set(ids).size !== ids.length) throw badInput('meeting.attendee_repeated', 'A member is listed twice', { field: 'entries' });
    for (const e of entries) {
      if (e.status === 'leave' && !e.reason) throw badInput('meeting.leave_reason_required', 'Leave needs a reason', { field: 'entries', memberId: e.memberId });
    }
    const committee = row.primary_type === 'committee_meeting';
    const expected = committee
      ? await repo.membersOfBranch(this.db, row.org_id, ids)
      : await repo.rosterOn(this.db, { orgId: row.org_id, groupId: types.includes('group_meeting') ? row.group_id : null }, row.held_on);
    const byId = new Map(expected.map((m) => [m.id, m]));
    const stranger = ids.find((id) => !byId.has(id));
    if (stranger) {
      throw new AppError(422, 'meeting.attendee_not_expected', 'Not a member expected at this meeting (the roster on its date)', { memberId: stranger });
    }
    const given = new Map(entries.map((e) => [e.memberId, e]));
    const restricted = await underDisciplinaryProbationOn(this.db, expected.map((m) => m.id), row.held_on);
    const now = nowUtc(this.now());
    const rows: repo.AttendanceRow[] = expected.map((m) => {
      const e = given.get(m.id);
      return {
        meeting_id: row.id,
        member_id: m.id,
        org_path: row.org_path,
        status: e?.status ?? 'absent',
        reason: e?.reason ?? null,
        voting: votingOn(m, row.held_on, restricted),
        recorded_at: now,
      };
    });
    await this.db.transaction().execute(async (trx) => {
      await repo.replaceAttendance(trx, row.id, rows);
      const count = (s: AttendanceStatus) => rows.filter((r) => r.status === s).length;
      await this.audit.record(trx, actor, {
        action: 'meeting.attendance',
        targetType: 'meeting',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { expected: rows.length, present: count('present'), leave: count('leave'), absent: count('absent') },
      });
    });
    return this.view({ row, types });
  }

  /** A 6-digit code for members to check in to today's meeting, valid for three hours. */
  async issueCheckInCode(actor: Actor, meetingId: string): Promise<{ code: string; expiresAt: string }> {
    const { row } = await this.meeting(actor, meetingId);
    const now = this.now();
    if (row.held_on !== todayInChina(now)) throw new AppError(422, 'meeting.check_in_not_today', 'Check-in is for a meeting held today');
    const expiresAt = nowUtc(new Date(now.getTime() + CHECK_IN_MINUTES * 60_000));
    let code = '';
    // Codes are unique among those not yet expired; a collision draws again.
    for (let attempt = 0; attempt < 10 && !code; attempt++) {
      const candidate = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!(await repo.meetingByCode(this.db, candidate, nowUtc(now)))) code = candidate;
    }
    if (!code) throw new AppError(409, 'meeting.check_in_busy', 'No free check-in code; try again');
    await this.db.transaction().execute(async (trx) => {
      await repo.setCheckInCode(trx, row.id, code, expiresAt);
      await this.audit.record(trx, actor, { action: 'meeting.check_in_code', targetType: 'meeting', targetId: row.id, orgPath: row.org_path, summary: { expiresAt } });
    });
    return { code, expiresAt };
  }

  /** A member (an account linked to a member record) checks in with the code: marked present. */
  async checkIn(actor: Actor, code: string): Promise<{ meetingId: string; status: 'present' }> {
    const now = nowUtc(this.now());
    const meeting = await repo.meetingByCode(this.db, code, now);
    const member = actor.accountId ? await repo.memberOfAccount(this.db, actor.accountId) : undefined;
    if (!meeting) throw notFound('meeting.check_in_code_invalid', 'No meeting with this code, or the code has expired');
    if (!member) throw new AppError(422, 'meeting.not_a_member', 'Only an account linked to a member record can check in');
    const types = (await typesOf(this.db, [meeting.id])).get(meeting.id) ?? [];
    const inPlace = member.org_id === meeting.org_id && (!types.includes('group_meeting') || member.group_id === meeting.group_id) && member.joined_on <= meeting.held_on;
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.markPresent(trx, meeting.id, member.id, now))) {
        // A 支委会's expected list is what the secretary recorded; nobody else checks in to it.
        if (!inPlace || meeting.primary_type === 'committee_meeting') {
          throw new AppError(422, 'meeting.attendee_not_expected', 'Not a member expected at this meeting');
        }
        await repo.insertAttendance(trx, {
          meeting_id: meeting.id,
          member_id: member.id,
          org_path: meeting.org_path,
          status: 'present',
          reason: null,
          voting: votingOn(member, meeting.held_on, await underDisciplinaryProbationOn(trx, [member.id], meeting.held_on)),
          recorded_at: now,
        });
      }
      await this.audit.record(trx, actor, { action: 'meeting.check_in', targetType: 'meeting', targetId: meeting.id, orgPath: meeting.org_path, summary: { memberId: member.id } });
    });
    return { meetingId: meeting.id, status: 'present' };
  }

  /** A vote at the meeting, evaluated on the attendance: voting members are the full members on the meeting's date. */
  async vote(actor: Actor, meetingId: string, body: VoteBody): Promise<VoteView> {
    const { row, types } = await this.meeting(actor, meetingId);
    const needed = body.kind === 'committee' ? 'committee_meeting' : 'general_meeting';
    if (!types.includes(needed)) {
      throw new AppError(422, 'meeting.vote_kind_mismatch', body.kind === 'committee' ? 'A committee vote is taken at a 支委会' : 'This vote is taken at a 支部党员大会', { kind: body.kind });
    }
    const attendance = await this.entries({ row, types });
    // On a 支委会 every committee member votes; elsewhere only full members (those who have not checked in are absent).
    const voters = !attendance.recorded ? [] : body.kind === 'committee' ? attendance.entries : attendance.entries.filter((a) => a.voting);
    const shouldAttend = voters.length;
    const present = voters.filter((a) => a.status === 'present').length;
    if (shouldAttend === 0) throw new AppError(422, 'meeting.attendance_missing', 'Record the attendance (with the voting members) before the vote');
    let input: VoteInput;
    if (body.kind === 'election') {
      input = { kind: 'election', shouldAttend, present, candidateVotes: body.candidateVotes };
    } else {
      const cast = body.yes + (body.no ?? 0) + (body.abstain ?? 0);
      if (cast > present) throw badInput('vote.counts_inconsistent', 'More votes than voting members present', { field: 'yes', present });
      input =
        body.kind === 'recruitment'
          ? { kind: 'recruitment', shouldAttendVoting: shouldAttend, shouldAttendFull: shouldAttend, present, yes: body.yes, writtenYes: body.writtenYes ?? 0 }
          : { kind: body.kind, shouldAttend, present, yes: body.yes };
    }
    let outcome: VoteOutcome;
    try {
      outcome = evaluateVote(input, row.held_on);
    } catch (error) {
      if (error instanceof VoteInputError) throw badInput('vote.counts_inconsistent', error.message, { field: error.field });
      throw error;
    }
    const { subject, kind, ...cast } = body;
    const vote: repo.VoteRow = {
      id: newId(),
      meeting_id: row.id,
      org_path: row.org_path,
      kind,
      subject,
      counts: JSON.stringify({ ...cast, shouldAttend, present }),
      outcome: JSON.stringify(outcome),
      rule_id: outcome.rule.id,
      cite: outcome.rule.cite,
      created_at: nowUtc(this.now()),
    };
    await this.db.transaction().execute(async (trx) => {
      await repo.insertVote(trx, vote);
      await this.audit.record(trx, actor, { action: 'meeting.vote', targetType: 'meeting', targetId: row.id, orgPath: row.org_path, summary: { voteId: vote.id, kind, rule: vote.rule_id } });
    });
    return toVoteView(vote);
  }

  async votes(actor: Actor, meetingId: string): Promise<VoteView[]> {
    await this.meeting(actor, meetingId);
    return (await repo.votesOf(this.db, meetingId)).map(toVoteView);
  }
}
