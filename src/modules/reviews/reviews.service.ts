/**
 * Use cases of the yearly member review (民主评议党员) of a branch: open it on its roster, enter the assessments
 * and grades under the 优秀 cap, close it (grades fixed, 不合格 handled), and record the handling's outcome.
 *
 * The review and the compliance engine meet through the meeting record: the engine counts meetings of type
 * 'member_review'; a review names the meeting (of its branch, counting as 民主评议党员) at which it was held.
 */
import type { Actor } from '../../lib/actor.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../db/schema.ts';
import { citeText } from '../../policy/rule-set.ts';
import { excellentCap, REVIEW_RULE_VERSIONS, reviewRulesOn, type HandlingMeasure, type ReviewGrade } from '../../policy/reviews.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { rosterOn } from '../meetings/attendance.repo.ts';
import { findMeetingInScope, typesOf } from '../meetings/meetings.repo.ts';
import { holdsMembers } from '../members/members.service.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { checkClosing, checkExcellentCap, type GradedEntry, type HandlingInput } from './review-rules.ts';
import * as repo from './reviews.repo.ts';

export interface ReviewInput {
  orgId: string;
  year: number;
  startsOn: string;
  endsOn: string;
  meetingId?: string | null | undefined;
}

export interface ReviewPatch {
  version: number;
  endsOn?: string | undefined;
  meetingId?: string | null | undefined;
}

export interface EntryPatch {
  version: number;
  selfAssessment?: string | null | undefined;
  peerScore?: number | null | undefined;
  peerGrade?: ReviewGrade | null | undefined;
  democraticScore?: number | null | undefined;
  democraticGrade?: ReviewGrade | null | undefined;
  proposedGrade?: ReviewGrade | null | undefined;
  finalGrade?: ReviewGrade | null | undefined;
}

export interface ReviewSummary {
  id: string;
  orgId: string;
  orgName: string;
  year: number;
  startsOn: string;
  endsOn: string;
  meetingId: string | null;
  status: 'open' | 'closed';
  closedOn: string | null;
  ruleId: string;
  reviewed: number;
  excellentCap: number;
  excellentCapCite: string;
  proposedExcellent: number;
  finalExcellent: number;
  finalGiven: number;
  unqualified: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EntryView {
  memberId: string;
  name: string;
  memberStatus: 'full' | 'probationary';
  selfAssessment: string | null;
  peerScore: number | null;
  peerGrade: ReviewGrade | null;
  democraticScore: number | null;
  democraticGrade: ReviewGrade | null;
  proposedGrade: ReviewGrade | null;
  finalGrade: ReviewGrade | null;
  version: number;
  updatedAt: string;
}

export interface HandlingView {
  id: string;
  reviewId: string;
  orgId: string;
  orgName: string;
  year: number;
  memberId: string;
  name: string;
  measure: HandlingMeasure;
  deadline: string;
  status: 'open' | 'closed';
  /** Still open after its deadline. */
  overdue: boolean;
  outcome: string | null;
  outcomeOn: string | null;
  version: number;
  createdAt: string;
}

export type ReviewView = ReviewSummary & { entries: EntryView[]; handlings: HandlingView[]; handlingCite: string };

const reviewNotFound = (id: string) => notFound('review.not_found', 'No such review in your scope', { id });
const staleReview = (id: string) => conflict('review.version_stale', 'The review was changed by someone else; reload and try again', { id });
const reviewClosed = (id: string) => conflict('review.closed', 'The review is closed: its grades are fixed', { id });
const BRANCH_RULES = '《中国共产党支部工作条例（试行）》';

function entryView(row: repo.EntryWithName): EntryView {
  return {
    memberId: row.member_id,
    name: row.name,
    memberStatus: row.member_status,
    selfAssessment: row.self_assessment,
    peerScore: row.peer_score,
    peerGrade: row.peer_grade as ReviewGrade | null,
    democraticScore: row.democratic_score,
    democraticGrade: row.democratic_grade as ReviewGrade | null,
    proposedGrade: row.proposed_grade as ReviewGrade | null,
    finalGrade: row.final_grade as ReviewGrade | null,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function handlingView(row: repo.HandlingWithNames, today: string): HandlingView {
  return {
    id: row.id,
    reviewId: row.review_id,
    orgId: row.org_id,
    orgName: row.org_name,
    year: row.year,
    memberId: row.member_id,
    name: row.name,
    measure: row.measure,
    deadline: row.deadline,
    status: row.status,
    overdue: row.status === 'open' && row.deadline < today,
    outcome: row.outcome,
    outcomeOn: row.outcome_on,
    version: row.version,
    createdAt: row.created_at,
  };
}

const ruleVersionOf = (ruleId: string) => REVIEW_RULE_VERSIONS.find((v) => v.id === ruleId) ?? reviewRulesOn(todayInChina());
const graded = (entries: readonly repo.EntryRow[]): GradedEntry[] =>
  entries.map((e) => ({ memberId: e.member_id, proposedGrade: e.proposed_grade as ReviewGrade | null, finalGrade: e.final_grade as ReviewGrade | null }));

export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  private summary(row: repo.ReviewRow, orgName: string, counts: Awaited<ReturnType<typeof repo.gradeCounts>>[number] | undefined): ReviewSummary {
    const version = ruleVersionOf(row.rule_id);
    const reviewed = Number(counts?.reviewed ?? 0);
    return {
      id: row.id,
      orgId: row.org_id,
      orgName,
      year: row.year,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      meetingId: row.meeting_id,
      status: row.status,
      closedOn: row.closed_on,
      ruleId: row.rule_id,
      reviewed,
      excellentCap: excellentCap(reviewed, version.rules),
      excellentCapCite: citeText(version.rules.excellentCap.cite),
      proposedExcellent: Number(counts?.proposed_excellent ?? 0),
      finalExcellent: Number(counts?.final_excellent ?? 0),
      finalGiven: Number(counts?.final_given ?? 0),
      unqualified: Number(counts?.final_unqualified ?? 0),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private async mustFind(actor: Actor, id: string): Promise<repo.ReviewRow> {
    const row = await repo.findReviewInScope(this.db, id, actor.scopePath);
    if (!row) throw reviewNotFound(id);
    return row;
  }

  /** The meeting the review was held at: a meeting of the same branch that counts as 民主评议党员. */
  private async checkMeeting(actor: Actor, orgId: string, meetingId: string | null): Promise<void> {
    if (!meetingId) return;
    const meeting = await findMeetingInScope(this.db, meetingId, actor.scopePath);
    const types = meeting ? ((await typesOf(this.db, [meetingId])).get(meetingId) ?? []) : [];
    if (!meeting || meeting.org_id !== orgId || !types.includes('member_review')) {
      throw new AppError(422, 'review.meeting_invalid', 'Link a meeting of the same branch recorded as 民主评议党员', {
        field: 'meetingId',
        rule: { id: 'meetings.member_review', cite: `${BRANCH_RULES} 第十条（三）民主评议党员一般每年开展1次` },
      });
    }
  }

  private checkDates(year: number, startsOn: string, endsOn: string): void {
    const startYear = Number(startsOn.slice(0, 4));
    // A year's review is held in its last weeks or early in the next year.
    if (startYear !== year && startYear !== year + 1) throw badInput('review.dates_inconsistent', 'The review of a year starts in that year or the next', { field: 'startsOn' });
    if (endsOn < startsOn) throw badInput('review.dates_inconsistent', 'The review ends on or after its first day', { field: 'endsOn' });
    if (Number(endsOn.slice(0, 4)) > year + 1) throw badInput('review.dates_inconsistent', 'The review of a year ends by the end of the next year', { field: 'endsOn' });
  }

  async create(actor: Actor, input: ReviewInput): Promise<ReviewView> {
    const org = await requireOrgInScope(this.db, actor, input.orgId);
    if (!holdsMembers(org)) {
      throw new AppError(422, 'review.org_not_branch', 'A member review is held by an active branch', {
        field: 'orgId',
        rule: { id: 'meetings.member_review', cite: `${BRANCH_RULES} 第十条（三）` },
      });
    }
    const today = this.today();
    if (input.startsOn > today) throw badInput('review.starts_in_future', 'Open the review on or after its first day (its members are the roster of that day)', { field: 'startsOn' });
    this.checkDates(input.year, input.startsOn, input.endsOn);
    const meetingId = input.meetingId ?? null;
    await this.checkMeeting(actor, org.id, meetingId);
    const version = reviewRulesOn(input.startsOn);
    const roster = await rosterOn(this.db, { orgId: org.id, groupId: null }, input.startsOn);
    if (roster.length === 0) throw new AppError(422, 'review.no_members', 'The branch had no members on the first day of the review', { field: 'startsOn' });
    const now = nowUtc(this.now());
    const row: repo.ReviewRow = {
      id: newId(),
      org_id: org.id,
      org_path: org.path,
      year: input.year,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      meeting_id: meetingId,
      status: 'open',
      rule_id: version.id,
      closed_on: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const entries: repo.EntryRow[] = roster.map((m) => ({
      review_id: row.id,
      member_id: m.id,
      org_path: org.path,
      member_status: m.status === 'full' && m.full_on !== null && m.full_on <= input.startsOn ? 'full' : 'probationary',
      self_assessment: null,
      peer_score: null,
      peer_grade: null,
      democratic_score: null,
      democratic_grade: null,
      proposed_grade: null,
      final_grade: null,
      version: 1,
      updated_at: now,
    }));
    await this.db.transaction().execute(async (trx) => {
      if (await repo.findReviewOf(trx, org.id, input.year)) throw conflict('review.exists', 'The branch already has a review of this year', { orgId: org.id, year: input.year });
      await repo.insertReview(trx, row, entries);
      await this.audit.record(trx, actor, {
        action: 'review.create',
        targetType: 'member_review',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { orgId: org.id, year: row.year, startsOn: row.starts_on, reviewed: entries.length, meetingId },
      });
    });
    return this.get(actor, row.id);
  }

  async get(actor: Actor, id: string): Promise<ReviewView> {
    const row = await this.mustFind(actor, id);
    const [entries, handlings, counts, org] = await Promise.all([
      repo.entriesOf(this.db, id),
      repo.handlingsOfReview(this.db, id),
      repo.gradeCounts(this.db, [id]),
      this.db.selectFrom('orgs').select('name').where('id', '=', row.org_id).executeTakeFirstOrThrow(),
    ]);
    const today = this.today();
    return {
      ...this.summary(row, org.name, counts[0]),
      entries: entries.map(entryView),
      handlings: handlings.map((h) => handlingView(h, today)),
      handlingCite: citeText(ruleVersionOf(row.rule_id).rules.handling.cite),
    };
  }

  async list(actor: Actor, q: { orgId: string; year?: number | undefined; page: number; pageSize: number }) {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const { total, rows } = await repo.listReviews(this.db, { rootPath: org.path, year: q.year }, q.page, q.pageSize);
    const counts = new Map((await repo.gradeCounts(this.db, rows.map((r) => r.id))).map((c) => [c.review_id, c]));
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => this.summary(r, r.org_name, counts.get(r.id))) };
  }

  /** The last day and the linked meeting may change; the first day (the roster's date) is fixed at opening. */
  async update(actor: Actor, id: string, patch: ReviewPatch): Promise<ReviewView> {
    const row = await this.mustFind(actor, id);
    if (patch.endsOn !== undefined && row.status === 'closed') throw reviewClosed(id);
    const endsOn = patch.endsOn ?? row.ends_on;
    this.checkDates(row.year, row.starts_on, endsOn);
    const meetingId = patch.meetingId === undefined ? row.meeting_id : patch.meetingId;
    if (meetingId !== row.meeting_id) await this.checkMeeting(actor, row.org_id, meetingId);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateReviewVersioned(trx, id, patch.version, { ends_on: endsOn, meeting_id: meetingId, updated_at: nowUtc(this.now()) }))) throw staleReview(id);
      await this.audit.record(trx, actor, {
        action: 'review.update',
        targetType: 'member_review',
        targetId: id,
        orgPath: row.org_path,
        summary: { changed: Object.keys(patch).filter((k) => k !== 'version'), endsOn, meetingId },
      });
    });
    return this.get(actor, id);
  }

  /** One member's assessments and grades; the 优秀 cap holds over the whole review after the change. */
  async updateEntry(actor: Actor, reviewId: string, memberId: string, patch: EntryPatch): Promise<EntryView> {
    const review = await this.mustFind(actor, reviewId);
    if (review.status === 'closed') throw reviewClosed(reviewId);
    const ruleVersion = ruleVersionOf(review.rule_id);
    const pick = <T>(value: T | undefined, old: T): T => (value === undefined ? old : value);
    const now = nowUtc(this.now());
    return this.db.transaction().execute(async (trx) => {
      if (!(await repo.lockOpenReview(trx, reviewId, now))) throw reviewClosed(reviewId);
      const entries = await repo.entriesOf(trx, reviewId);
      const current = entries.find((e) => e.member_id === memberId);
      if (!current) throw new AppError(422, 'review.member_not_reviewed', 'The member is not among those reviewed (the roster on the review\'s first day)', { memberId });
      if (current.version !== patch.version) throw conflict('review.entry_version_stale', 'The entry was changed by someone else; reload and try again', { memberId });
      const next: repo.EntryWithName = {
        ...current,
        self_assessment: pick(patch.selfAssessment, current.self_assessment),
        peer_score: pick(patch.peerScore, current.peer_score),
        peer_grade: pick(patch.peerGrade, current.peer_grade),
        democratic_score: pick(patch.democraticScore, current.democratic_score),
        democratic_grade: pick(patch.democraticGrade, current.democratic_grade),
        proposed_grade: pick(patch.proposedGrade, current.proposed_grade),
        final_grade: pick(patch.finalGrade, current.final_grade),
        version: patch.version + 1,
        updated_at: now,
      };
      const problem = checkExcellentCap(graded(entries.map((e) => (e.member_id === memberId ? next : e))), ruleVersion);
      if (problem) throw problem;
      const fields: Partial<repo.EntryRow> = {
        self_assessment: next.self_assessment,
        peer_score: next.peer_score,
        peer_grade: next.peer_grade,
        democratic_score: next.democratic_score,
        democratic_grade: next.democratic_grade,
        proposed_grade: next.proposed_grade,
        final_grade: next.final_grade,
        updated_at: now,
      };
      if (!(await repo.updateEntryVersioned(trx, reviewId, memberId, patch.version, fields))) {
        throw conflict('review.entry_version_stale', 'The entry was changed by someone else; reload and try again', { memberId });
      }
      const changed = Object.keys(patch).filter((k) => k !== 'version');
      await this.audit.record(trx, actor, {
        action: 'review.entry',
        targetType: 'member_review',
        targetId: reviewId,
        orgPath: review.org_path,
        // The assessment texts stay out of the audit trail; grades and scores are named.
        summary: { memberId, changed, proposedGrade: next.proposed_grade, finalGrade: next.final_grade },
      });
      return entryView(next);
    });
  }

  /** Closes the review: the grades are fixed and each member graded 不合格 gets a handling record. */
  async close(actor: Actor, id: string, body: { version: number; handlings: HandlingInput[] }): Promise<ReviewView> {
    const review = await this.mustFind(actor, id);
    if (review.status === 'closed') throw reviewClosed(id);
    const today = this.today();
    const ruleVersion = ruleVersionOf(review.rule_id);
    const now = nowUtc(this.now());
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateReviewVersioned(trx, id, body.version, { status: 'closed', closed_on: today, updated_at: now }))) {
        throw (await repo.findReviewInScope(trx, id, actor.scopePath))?.status === 'closed' ? reviewClosed(id) : staleReview(id);
      }
      const entries = await repo.entriesOf(trx, id);
      const problem = checkClosing(graded(entries), body.handlings, today, ruleVersion);
      if (problem) throw problem;
      await repo.insertHandlings(
        trx,
        body.handlings.map((h) => ({
          id: newId(),
          review_id: id,
          member_id: h.memberId,
          org_path: review.org_path,
          measure: h.measure,
          deadline: h.deadline,
          status: 'open',
          outcome: null,
          outcome_on: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })),
      );
      const count = (g: ReviewGrade) => entries.filter((e) => e.final_grade === g).length;
      await this.audit.record(trx, actor, {
        action: 'review.close',
        targetType: 'member_review',
        targetId: id,
        orgPath: review.org_path,
        summary: {
          reviewed: entries.length,
          excellent: count('excellent'),
          qualified: count('qualified'),
          basicallyQualified: count('basically_qualified'),
          unqualified: count('unqualified'),
          handlings: body.handlings.map((h) => ({ memberId: h.memberId, measure: h.measure, deadline: h.deadline })),
        },
      });
    });
    return this.get(actor, id);
  }

  /** The handling records of the subtree, earliest deadline first. */
  async handlings(actor: Actor, q: { orgId: string; status?: 'open' | 'closed' | undefined }): Promise<HandlingView[]> {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const today = this.today();
    return (await repo.listHandlings(this.db, org.path, q.status)).map((h) => handlingView(h, today));
  }

  /** The outcome of a handling, recorded once; the record then closes. */
  async recordOutcome(actor: Actor, id: string, body: { version: number; outcome: string; outcomeOn: string }): Promise<HandlingView> {
    const row = await repo.findHandlingInScope(this.db, id, actor.scopePath);
    if (!row) throw notFound('review.handling_not_found', 'No such handling record in your scope', { id });
    if (row.status === 'closed') throw conflict('review.handling_closed', 'The outcome of this handling is already recorded', { id });
    const today = this.today();
    if (body.outcomeOn > today || body.outcomeOn < todayInChina(new Date(row.created_at))) {
      throw badInput('review.outcome_date_invalid', 'The outcome is dated between the handling\'s opening and today', { field: 'outcomeOn' });
    }
    const now = nowUtc(this.now());
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateHandlingVersioned(trx, id, body.version, { status: 'closed', outcome: body.outcome, outcome_on: body.outcomeOn, updated_at: now }))) {
        throw conflict('review.handling_version_stale', 'The record was changed by someone else; reload and try again', { id });
      }
      await this.audit.record(trx, actor, {
        action: 'review.handling_outcome',
        targetType: 'member_review_handling',
        targetId: id,
        orgPath: row.org_path,
        summary: { memberId: row.member_id, measure: row.measure, outcomeOn: body.outcomeOn },
      });
    });
    const updated = await repo.findHandlingInScope(this.db, id, actor.scopePath);
    return handlingView(updated as repo.HandlingWithNames, today);
  }
}
