/**
 * Elections (换届选举) of an org's committee, kept simple and as the 支部工作条例 describes: the general meeting
 * elects the committee members (委员) from the candidates, then the secretary and deputies are named among the
 * elected. A branch's election is tied to the 支部党员大会 record that held it, whose attendance gives 应到 and 实到
 * (voting members, less the approved exclusions); a 总支 or 党委 has no branch meeting record, so its counts are
 * entered with the ballots. Confirming the election after the superior's approval installs the committee and starts
 * the new term, in one transaction. Also: approved postponements of terms and the terms-due list around them.
 *
 * Candidates are full members on the election's day and not under 留党察看 then (no right to be elected).
 */
import type { Actor } from '../../lib/actor.ts';
import { addYears, nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, conflict, notFound, ruleViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { ELECTION_RULE_VERSIONS, type ElectionRules } from '../../policy/elections.ts';
import { citeText, versionInForce, type RuleVersion } from '../../policy/rule-set.ts';
import { TERM_RULE_VERSIONS } from '../../policy/terms.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { attendanceOf } from '../meetings/attendance.repo.ts';
import { findMeetingInScope, typesOf } from '../meetings/meetings.repo.ts';
import { evaluateVote, VoteInputError } from '../meetings/vote-rules.ts';
import { PROBATION_RIGHTS_CITE, underDisciplinaryProbationOn } from '../members/disciplinary-probations.ts';
import { holdsMembers } from '../members/members.service.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import * as orgRepo from '../orgs/orgs.repo.ts';
import type { OrgService } from '../orgs/orgs.service.ts';
import { ancestorPaths } from '../orgs/tree.ts';
import { getSetting, putSetting } from '../settings/settings.repo.ts';
import { hasTerm } from '../../policy/terms.ts';
import type { OrgKind } from '../orgs/org-kinds.ts';
import { checkBallots, checkMargin, checkPostponement, checkPosts, countResult, marginOf, type Refusal } from './election-rules.ts';
import * as repo from './elections.repo.ts';

/** Setting: per-org overrides of the 差额 percentage, `{ [orgId]: percent }`; the nearest ancestor's applies. */
export const MARGIN_SETTING_KEY = 'elections.margin';

type State = repo.ElectionRow['state'];
type Position = 'secretary' | 'deputy_secretary' | 'member';
interface Exclusion {
  memberId: string;
  reason: string;
}

export const electionNotFound = (id: string) => notFound('election.not_found', 'No such election in your scope', { id });
const stale = (id: string) => conflict('election.version_stale', 'The election was changed by someone else; reload and try again', { id });

function refuse(r: Refusal | null): void {
  if (r) throw new AppError(r.status, r.code, r.message, r.details);
}

const ruleRef = (version: RuleVersion<ElectionRules>, suffix: string, cite: ElectionRules['marginCite']) => ({ id: `${version.id}.${suffix}`, cite: citeText(cite) });

export interface CreateElectionInput {
  orgId: string;
  seats: number;
  meetingId?: string | undefined;
  heldOn?: string | undefined;
}

export interface BallotsInput {
  version: number;
  votes: { memberId: string; votes: number }[];
  exclusions?: Exclusion[] | undefined;
  shouldAttend?: number | undefined;
  present?: number | undefined;
}

export interface ConfirmInput {
  version: number;
  approvedOn: string;
  approvedByOrgId: string;
  secretaryMemberId: string;
  deputyMemberIds?: string[] | undefined;
}

export class ElectionService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  private async mustFind(ex: Executor, actor: Actor, id: string): Promise<repo.ElectionRow> {
    const row = await repo.findElectionInScope(ex, id, actor.scopePath);
    if (!row) throw electionNotFound(id);
    return row;
  }

  /** The 差额 percentage for an org on a date: the nearest override of the org or its ancestors, else the rule's. */
  async marginFor(ex: Executor, org: { path: string }, onDate: string) {
    const version = versionInForce(ELECTION_RULE_VERSIONS, onDate);
    const stored = await getSetting<Record<string, number>>(ex, MARGIN_SETTING_KEY);
    const overrides = stored?.value ?? {};
    let percent = version.rules.minMarginPercent;
    let setByOrgId: string | null = null;
    if (Object.keys(overrides).length > 0) {
      const paths = [...ancestorPaths(org.path), org.path];
      const chain = await ex.selectFrom('orgs').select(['id', 'path']).where('path', 'in', paths).execute();
      chain.sort((a, b) => b.path.length - a.path.length);
      const nearest = chain.find((o) => overrides[o.id] !== undefined);
      if (nearest) {
        percent = overrides[nearest.id] ?? percent;
        setByOrgId = nearest.id;
      }
    }
    return { version, percent, setByOrgId, overrides, settingVersion: stored?.version ?? 0 };
  }

  async create(actor: Actor, input: CreateElectionInput) {
    return this.db.transaction().execute(async (trx) => {
      const org = await requireOrgInScope(trx, actor, input.orgId);
      if (org.status !== 'active' || !hasTerm(org.kind as OrgKind)) {
        throw ruleViolation('election.org_not_elected', 'This org does not elect a committee for a term', { kind: org.kind });
      }
      let heldOn: string;
      let meetingId: string | null = null;
      if (holdsMembers(org)) {
        if (!input.meetingId) throw badInput('election.meeting_required', "A branch's election is held at a 支部党员大会: link its record", { field: 'meetingId' });
        const meeting = await findMeetingInScope(trx, input.meetingId, actor.scopePath);
        if (!meeting || meeting.org_id !== org.id) {
          throw ruleViolation('election.meeting_invalid', 'The meeting must be a record of the same branch', { field: 'meetingId' });
        }
        const types = (await typesOf(trx, [meeting.id])).get(meeting.id) ?? [];
        if (!types.includes('general_meeting')) {
          throw ruleViolation('election.meeting_not_general', 'An election is held at a 支部党员大会', { field: 'meetingId' });
        }
        if (input.heldOn && input.heldOn !== meeting.held_on) {
          throw badInput('election.date_mismatch', 'The election is on the day of its meeting', { field: 'heldOn', meetingHeldOn: meeting.held_on });
        }
        heldOn = meeting.held_on;
        meetingId = meeting.id;
      } else {
        if (input.meetingId) {
          throw badInput('election.meeting_not_applicable', 'A 总支 or 党委 has no branch meeting record; give the date and enter the counts with the ballots', { field: 'meetingId' });
        }
        if (!input.heldOn) throw badInput('election.date_required', 'Give the day of the election', { field: 'heldOn' });
        heldOn = input.heldOn;
      }
      if (heldOn > this.today()) throw badInput('election.held_in_future', 'An election is recorded after it is held', { field: 'heldOn' });
      const version = versionInForce(ELECTION_RULE_VERSIONS, heldOn);
      if (await repo.openElectionOf(trx, org.id)) {
        throw conflict('election.already_open', 'The org has an election under way: finish or cancel it first', { orgId: org.id });
      }
      const now = nowUtc(this.now());
      const row: repo.ElectionRow = {
        id: newId(),
        org_id: org.id,
        org_path: org.path,
        meeting_id: meetingId,
        held_on: heldOn,
        seats: input.seats,
        state: 'draft',
        margin_percent: null,
        rule_id: version.id,
        exclusions: '[]',
        should_attend: null,
        present: null,
        quorate: null,
        vote_rule_id: null,
        vote_cite: null,
        approved_on: null,
        approved_by_org_id: null,
        term_id: null,
        confirmed_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertElection(trx, row);
      await this.audit.record(trx, actor, {
        action: 'election.create',
        targetType: 'election',
        targetId: row.id,
        orgPath: org.path,
        summary: { orgId: org.id, heldOn, seats: row.seats, meetingId },
      });
      return this.view(trx, row);
    });
  }

  async get(actor: Actor, id: string) {
    return this.view(this.db, await this.mustFind(this.db, actor, id));
  }

  async list(actor: Actor, q: { orgId: string; page: number; pageSize: number }) {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const { total, rows } = await repo.listElections(this.db, org.path, q.page, q.pageSize);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      items: rows.map((r) => ({
        id: r.id,
        orgId: r.org_id,
        orgName: r.org_name,
        heldOn: r.held_on,
        seats: r.seats,
        state: r.state,
        candidates: Number(r.candidates ?? 0),
        elected: Number(r.elected ?? 0),
      })),
    };
  }

  private open(row: repo.ElectionRow): void {
    if (row.state === 'confirmed' || row.state === 'cancelled') {
      throw conflict('election.closed', `The election is ${row.state}; it can no longer change`, { state: row.state });
    }
  }

  /** Sets the candidates (the whole list): full members of the org on the election's day, with enough 差额. */
  async setCandidates(actor: Actor, id: string, input: { version: number; memberIds: string[] }) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      this.open(row);
      if (row.version !== input.version) throw stale(id);
      if (new Set(input.memberIds).size !== input.memberIds.length) {
        throw badInput('election.candidate_repeated', 'A candidate is listed twice', { field: 'memberIds' });
      }
      const org = await requireOrgInScope(trx, actor, row.org_id);
      const version = versionInForce(ELECTION_RULE_VERSIONS, row.held_on);
      const eligibility = ruleRef(version, 'eligibility', version.rules.eligibilityCite);
      const found = new Map((await repo.membersOf(trx, org, holdsMembers(org), input.memberIds)).map((m) => [m.id, m]));
      const restricted = await underDisciplinaryProbationOn(trx, input.memberIds, row.held_on);
      for (const memberId of input.memberIds) {
        const m = found.get(memberId);
        if (!m || m.joined_on > row.held_on) {
          throw ruleViolation('election.candidate_not_member', 'A candidate must be a member of the org on the day of the election', {
            field: 'memberIds',
            memberId,
            rule: eligibility,
          });
        }
        if (m.status !== 'full' || !m.full_on || m.full_on > row.held_on) {
          throw ruleViolation('election.candidate_not_full_member', 'Only full members may stand; probationary members have no right to be elected', {
            field: 'memberIds',
            memberId,
            rule: eligibility,
          });
        }
        if (restricted.has(memberId)) {
          throw ruleViolation('election.candidate_under_probation', 'A member under 留党察看 has no right to be elected', {
            field: 'memberIds',
            memberId,
            rule: { id: 'elections.probation_rights', cite: PROBATION_RIGHTS_CITE },
          });
        }
      }
      const margin = await this.marginFor(trx, org, row.held_on);
      refuse(checkMargin(row.seats, input.memberIds.length, margin.percent, margin.version));
      await repo.replaceCandidates(
        trx,
        row.id,
        input.memberIds.map((memberId, seq) => ({
          election_id: row.id,
          member_id: memberId,
          org_path: row.org_path,
          name: found.get(memberId)?.name ?? '',
          seq,
          votes: null,
          result: null,
          position: null,
        })),
      );
      // New candidates void any count made on the old list.
      const next: repo.ElectionRow = {
        ...row,
        state: 'draft',
        margin_percent: margin.percent,
        should_attend: null,
        present: null,
        quorate: null,
        vote_rule_id: null,
        vote_cite: null,
        exclusions: '[]',
        version: row.version + 1,
        updated_at: nowUtc(this.now()),
      };
      if (!(await repo.updateElection(trx, next, row.version))) throw stale(id);
      await this.audit.record(trx, actor, {
        action: 'election.candidates',
        targetType: 'election',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { candidates: input.memberIds.length, seats: row.seats, marginPercent: margin.percent },
      });
      return this.view(trx, next);
    });
  }

  /** Enters the ballots counted per candidate and evaluates the result by the rules of the election's day. */
  async count(actor: Actor, id: string, input: BallotsInput) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      this.open(row);
      if (row.version !== input.version) throw stale(id);
      const candidates = await repo.candidatesOf(trx, row.id);
      if (candidates.length === 0) throw ruleViolation('election.candidates_missing', 'Set the candidates before the ballots');
      const given = new Map<string, number>();
      for (const v of input.votes) {
        if (given.has(v.memberId)) throw badInput('election.votes_repeated', 'A candidate is counted twice', { field: 'votes', memberId: v.memberId });
        given.set(v.memberId, v.votes);
      }
      const missing = candidates.find((c) => !given.has(c.member_id));
      const stranger = input.votes.find((v) => !candidates.some((c) => c.member_id === v.memberId));
      if (missing || stranger) {
        throw badInput('election.votes_incomplete', 'Give the votes of every candidate, and of candidates only', {
          field: 'votes',
          memberId: missing?.member_id ?? stranger?.memberId,
        });
      }
      const exclusions = input.exclusions ?? [];
      let shouldAttend: number;
      let present: number;
      if (row.meeting_id) {
        if (input.shouldAttend !== undefined || input.present !== undefined) {
          throw badInput('election.counts_from_attendance', "应到 and 实到 come from the meeting's attendance", { field: input.shouldAttend !== undefined ? 'shouldAttend' : 'present' });
        }
        const voters = (await attendanceOf(trx, row.meeting_id)).filter((a) => a.voting === 1);
        if (voters.length === 0) {
          throw ruleViolation('meeting.attendance_missing', "Record the meeting's attendance (with the voting members) before the count");
        }
        const seen = new Set<string>();
        for (const e of exclusions) {
          const voter = voters.find((v) => v.member_id === e.memberId);
          if (!voter || voter.status === 'present' || seen.has(e.memberId)) {
            throw ruleViolation('election.exclusion_invalid', 'Only a voting member who was absent, once, may be excluded from 应到', { field: 'exclusions', memberId: e.memberId });
          }
          seen.add(e.memberId);
        }
        shouldAttend = voters.length - exclusions.length;
        present = voters.filter((v) => v.status === 'present').length;
      } else {
        if (exclusions.length > 0) throw badInput('election.exclusions_not_applicable', 'Without a meeting record, enter 应到 net of exclusions', { field: 'exclusions' });
        if (input.shouldAttend === undefined || input.present === undefined) {
          throw badInput('election.counts_required', 'Give 应到 and 实到 of the meeting that held the election', { field: input.shouldAttend === undefined ? 'shouldAttend' : 'present' });
        }
        if (input.present > input.shouldAttend) throw badInput('election.counts_inconsistent', 'More present than should attend', { field: 'present' });
        shouldAttend = input.shouldAttend;
        present = input.present;
      }
      refuse(checkBallots(candidates.map((c) => given.get(c.member_id) ?? 0), present, row.seats));
      let outcome;
      try {
        outcome = evaluateVote({ kind: 'election', shouldAttend, present, candidateVotes: Object.fromEntries(given) }, row.held_on);
      } catch (error) {
        if (error instanceof VoteInputError) throw badInput('election.votes_exceed_voters', error.message, { field: 'votes' });
        throw error;
      }
      if (outcome.kind !== 'election') throw new AppError(500, 'election.outcome_kind', 'The vote rule answered another kind');
      const result = countResult(
        row.seats,
        outcome.quorate,
        candidates.map((c) => ({ id: c.member_id, votes: given.get(c.member_id) ?? 0, passed: outcome.elected[c.member_id] === true })),
      );
      for (const c of candidates) await repo.setCandidateCount(trx, row.id, c.member_id, given.get(c.member_id) ?? 0, result.results[c.member_id] ?? 'not_elected');
      const next: repo.ElectionRow = {
        ...row,
        state: 'counted',
        exclusions: JSON.stringify(exclusions),
        should_attend: shouldAttend,
        present,
        quorate: outcome.quorate ? 1 : 0,
        vote_rule_id: outcome.rule.id,
        vote_cite: outcome.rule.cite,
        version: row.version + 1,
        updated_at: nowUtc(this.now()),
      };
      if (!(await repo.updateElection(trx, next, row.version))) throw stale(id);
      await this.audit.record(trx, actor, {
        action: 'election.count',
        targetType: 'election',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { shouldAttend, present, quorate: outcome.quorate, elected: result.elected.length, tied: result.tied.length, rule: outcome.rule.id },
      });
      return this.view(trx, next);
    });
  }

  /**
   * After the superior's approval: names the secretary and deputies among the elected, installs the committee
   * (the previous one's posts end on the approval date) and starts the new term from the election's day.
   */
  async confirm(actor: Actor, id: string, input: ConfirmInput) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      this.open(row);
      if (row.version !== input.version) throw stale(id);
      if (row.state !== 'counted') throw conflict('election.not_counted', 'Enter the ballots before confirming');
      const cite = { id: row.vote_rule_id ?? '', cite: row.vote_cite ?? '' };
      if (row.quorate !== 1) throw ruleViolation('election.not_quorate', 'The meeting was not quorate: the election must be held again', { rule: cite });
      const candidates = await repo.candidatesOf(trx, row.id);
      const tied = candidates.filter((c) => c.result === 'tie');
      if (tied.length > 0) {
        throw ruleViolation('election.revote_needed', 'Candidates tied for the last seat: hold a re-vote among them first', { tied: tied.map((c) => c.member_id), rule: cite });
      }
      const elected = candidates.filter((c) => c.result === 'elected');
      if (elected.length === 0) throw ruleViolation('election.nobody_elected', 'Nobody was elected', { rule: cite });
      if (input.approvedOn < row.held_on) throw badInput('election.approved_before_election', 'The approval comes after the election', { field: 'approvedOn' });
      if (input.approvedOn > this.today()) throw badInput('election.approved_in_future', 'Record the approval once given', { field: 'approvedOn' });
      const org = await requireOrgInScope(trx, actor, row.org_id);
      await this.superior(trx, org, input.approvedByOrgId);
      const deputies = input.deputyMemberIds ?? [];
      refuse(checkPosts(elected.map((c) => c.member_id), input.secretaryMemberId, deputies));
      const positionOf = (memberId: string): Position =>
        memberId === input.secretaryMemberId ? 'secretary' : deputies.includes(memberId) ? 'deputy_secretary' : 'member';
      for (const c of elected) await repo.setCandidatePosition(trx, row.id, c.member_id, positionOf(c.member_id));
      const order: Record<Position, number> = { secretary: 0, deputy_secretary: 1, member: 2 };
      const posts = elected
        .map((c) => ({ personName: c.name, position: positionOf(c.member_id) }))
        .sort((a, b) => order[a.position] - order[b.position]);
      await this.orgs.replaceCommitteeIn(trx, actor, org, posts, input.approvedOn);
      const term = await this.orgs.startTermIn(trx, actor, org, { startedOn: row.held_on });
      const next: repo.ElectionRow = {
        ...row,
        state: 'confirmed',
        approved_on: input.approvedOn,
        approved_by_org_id: input.approvedByOrgId,
        term_id: term.id,
        confirmed_at: nowUtc(this.now()),
        version: row.version + 1,
        updated_at: nowUtc(this.now()),
      };
      if (!(await repo.updateElection(trx, next, row.version))) throw stale(id);
      await this.audit.record(trx, actor, {
        action: 'election.confirm',
        targetType: 'election',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { approvedOn: input.approvedOn, approvedByOrgId: input.approvedByOrgId, termId: term.id, termEndsOn: term.endsOn, committee: posts.length },
      });
      return this.view(trx, next);
    });
  }

  async cancel(actor: Actor, id: string, input: { version: number }) {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFind(trx, actor, id);
      this.open(row);
      if (row.version !== input.version) throw stale(id);
      const next: repo.ElectionRow = { ...row, state: 'cancelled', version: row.version + 1, updated_at: nowUtc(this.now()) };
      if (!(await repo.updateElection(trx, next, row.version))) throw stale(id);
      await this.audit.record(trx, actor, { action: 'election.cancel', targetType: 'election', targetId: row.id, orgPath: row.org_path, summary: { previousState: row.state } });
      return this.view(trx, next);
    });
  }

  /** A superior of the org (one of its ancestors), which approves its election or the postponement of its term. */
  private async superior(ex: Executor, org: orgRepo.OrgRow, approverId: string): Promise<orgRepo.OrgRow> {
    const approver = await ex.selectFrom('orgs').selectAll().where('id', '=', approverId).executeTakeFirst();
    if (!approver || !ancestorPaths(org.path).includes(approver.path)) {
      throw ruleViolation('election.approver_not_superior', 'The approval comes from a superior org of this one', { field: 'approvedByOrgId' });
    }
    return approver;
  }

  private async view(ex: Executor, row: repo.ElectionRow) {
    const org = await ex.selectFrom('orgs').selectAll().where('id', '=', row.org_id).executeTakeFirstOrThrow();
    const candidates = await repo.candidatesOf(ex, row.id);
    const version = versionInForce(ELECTION_RULE_VERSIONS, row.held_on);
    const margin = row.margin_percent === null ? await this.marginFor(ex, org, row.held_on) : null;
    const percent = row.margin_percent ?? margin?.percent ?? version.rules.minMarginPercent;
    const approvers = await orgRepo.findAncestors(ex, org.path);
    const exclusions = JSON.parse(row.exclusions) as Exclusion[];
    return {
      id: row.id,
      orgId: row.org_id,
      orgName: org.name,
      orgKind: org.kind as OrgKind,
      meetingId: row.meeting_id,
      heldOn: row.held_on,
      seats: row.seats,
      state: row.state as State,
      ruleId: row.rule_id,
      eligibilityRule: ruleRef(version, 'eligibility', version.rules.eligibilityCite),
      margin: {
        ...marginOf(row.seats, candidates.length, percent),
        setByOrgId: margin ? margin.setByOrgId : null,
        rule: ruleRef(version, 'margin', version.rules.marginCite),
      },
      candidates: candidates.map((c) => ({ memberId: c.member_id, name: c.name, votes: c.votes, result: c.result, position: c.position })),
      count:
        row.should_attend === null || row.present === null
          ? null
          : {
              shouldAttend: row.should_attend,
              present: row.present,
              exclusions,
              quorate: row.quorate === 1,
              elected: candidates.filter((c) => c.result === 'elected').length,
              tied: candidates.filter((c) => c.result === 'tie').map((c) => c.member_id),
              unfilled: row.quorate === 1 && !candidates.some((c) => c.result === 'tie') ? row.seats - candidates.filter((c) => c.result === 'elected').length : row.quorate === 1 ? 0 : row.seats,
              rule: { id: row.vote_rule_id ?? '', cite: row.vote_cite ?? '' },
            },
      approvedOn: row.approved_on,
      approvedByOrgId: row.approved_by_org_id,
      termId: row.term_id,
      confirmedAt: row.confirmed_at,
      approvers: approvers.reverse().map((a) => ({ id: a.id, name: a.name })),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  // Locality setting of the 差额 percentage

  async marginSetting(actor: Actor, orgId: string) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const m = await this.marginFor(this.db, org, this.today());
    return {
      orgId: org.id,
      percent: m.percent,
      ruleDefault: m.version.rules.minMarginPercent,
      setByOrgId: m.setByOrgId,
      ownOverride: m.overrides[org.id] ?? null,
      rule: ruleRef(m.version, 'margin', m.version.rules.marginCite),
      version: m.settingVersion,
    };
  }

  async setMargin(actor: Actor, input: { orgId: string; percent: number | null; version: number }) {
    await this.db.transaction().execute(async (trx) => {
      const org = await requireOrgInScope(trx, actor, input.orgId);
      const stored = await getSetting<Record<string, number>>(trx, MARGIN_SETTING_KEY);
      const overrides = { ...(stored?.value ?? {}) };
      const before = overrides[org.id] ?? null;
      if (input.percent === null) delete overrides[org.id];
      else overrides[org.id] = input.percent;
      if (!(await putSetting(trx, MARGIN_SETTING_KEY, overrides, nowUtc(this.now()), input.version))) {
        throw conflict('election.margin_version_stale', 'The setting was changed by someone else; reload and try again');
      }
      await this.audit.record(trx, actor, {
        action: 'election.margin_setting',
        targetType: 'settings',
        targetId: MARGIN_SETTING_KEY,
        orgPath: org.path,
        summary: { orgId: org.id, before, after: input.percent },
      });
    });
    return this.marginSetting(actor, input.orgId);
  }

  // Terms: the reminder list with postponements and elections under way, and approved postponements

  /** The orgs' terms-due list (OrgService.termsDue) with each term's regular end, postponement and open election. */
  async termsDue(actor: Actor, months: number | undefined, asOf: string = this.today()) {
    const rules = versionInForce(TERM_RULE_VERSIONS, asOf);
    const due = await this.orgs.termsDue(actor, months ?? rules.rules.reminderMonths, asOf);
    const orgIds = [...due.dueSoon, ...due.overdue].map((i) => i.orgId);
    const termIds = await repo.currentTermIds(this.db, orgIds);
    const postponements = new Map<string, ReturnType<typeof toPostponementView>>();
    for (const p of await repo.latestPostponements(this.db, [...termIds.values()])) postponements.set(p.org_id, toPostponementView(p));
    const open = await repo.openElectionsOf(this.db, orgIds);
    const decorate = (item: (typeof due.dueSoon)[number]) => ({
      ...item,
      regularEndsOn: addYears(item.startedOn, item.lengthYears),
      postponement: postponements.get(item.orgId) ?? null,
      openElectionId: open.get(item.orgId) ?? null,
    });
    return {
      ...due,
      dueSoon: due.dueSoon.map(decorate),
      overdue: due.overdue.map(decorate),
      rule: { id: rules.id, cite: citeText(rules.cite) },
    };
  }

  /** Records an approved postponement of the org's current term: at most a year past its regular end. */
  async postpone(actor: Actor, input: { orgId: string; newEndsOn: string; approvedByOrgId: string; approvedOn: string; reason: string }) {
    return this.db.transaction().execute(async (trx) => {
      const org = await requireOrgInScope(trx, actor, input.orgId);
      const term = await orgRepo.findCurrentTerm(trx, org.id);
      if (!term) throw ruleViolation('term.none', 'The org has no current term to postpone');
      const approver = await this.superior(trx, org, input.approvedByOrgId);
      if (input.approvedOn > this.today()) throw badInput('term.approved_in_future', 'Record the approval once given', { field: 'approvedOn' });
      const version = versionInForce(ELECTION_RULE_VERSIONS, input.approvedOn);
      refuse(checkPostponement({ startedOn: term.started_on, lengthYears: term.length_years, endsOn: term.ends_on }, input.newEndsOn, version));
      if (!(await orgRepo.moveTermEnd(trx, term.id, term.ends_on, input.newEndsOn))) {
        throw conflict('term.version_stale', 'The term was changed by someone else; reload and try again');
      }
      const row: repo.PostponementRow = {
        id: newId(),
        term_id: term.id,
        org_id: org.id,
        org_path: org.path,
        previous_ends_on: term.ends_on,
        new_ends_on: input.newEndsOn,
        approved_by_org_id: approver.id,
        approved_on: input.approvedOn,
        reason: input.reason,
        rule_id: version.id,
        created_at: nowUtc(this.now()),
      };
      await repo.insertPostponement(trx, row);
      await this.audit.record(trx, actor, {
        action: 'term.postpone',
        targetType: 'org_term',
        targetId: term.id,
        orgPath: org.path,
        summary: { orgId: org.id, from: term.ends_on, to: input.newEndsOn, approvedByOrgId: approver.id, approvedOn: input.approvedOn },
      });
      return toPostponementView({ ...row, approved_by_org_name: approver.name });
    });
  }

  async postponements(actor: Actor, orgId: string) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    return (await repo.postponementsOfOrg(this.db, org.id)).map(toPostponementView);
  }
}

function toPostponementView(p: repo.PostponementRow & { approved_by_org_name: string }) {
  return {
    id: p.id,
    termId: p.term_id,
    orgId: p.org_id,
    previousEndsOn: p.previous_ends_on,
    newEndsOn: p.new_ends_on,
    approvedByOrgId: p.approved_by_org_id,
    approvedByOrgName: p.approved_by_org_name,
    approvedOn: p.approved_on,
    reason: p.reason,
    ruleId: p.rule_id,
    createdAt: p.created_at,
  };
}
