/**
 * Use cases of recruitment (发展党员): cases, steps checked by the audit engine against the rules in force on each
 * step's date (hard findings refuse with 422, soft ones are stored on the case), 公示 and objections, the case and
 * subtree compliance reports, and the member record made on approval and completed on conversion.
 */
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { addDays, addMonths, nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, conflict, notFound } from '../../lib/errors.ts';
import { ageOn, inspectIdNumber, normalizeIdNumber } from '../../lib/id-number.ts';
import { newId } from '../../lib/ids.ts';
import { maskIdNumber, maskPhone } from '../../lib/masking.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { SHIPPED_CALENDARS, validateYearCalendar, WorkingCalendar, type YearCalendar } from '../../policy/holidays.ts';
import {
  PUBLICITY_POINTS,
  RECRUITMENT_RULE_VERSIONS,
  STEP_BY_CODE,
  STEPS,
  type RecruitmentOverrides,
  type StepActorRole,
  type StepCode,
} from '../../policy/recruitment.ts';
import { citeText, versionInForce } from '../../policy/rule-set.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { recordMemberEvent } from '../members/member-events.ts';
import { probationCovers } from '../members/disciplinary-probations.ts';
import * as memberRepo from '../members/members.repo.ts';
import { holdsMembers, memberNotFound, type MemberService } from '../members/members.service.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { findOrgById, type OrgRow } from '../orgs/orgs.repo.ts';
import { getSetting } from '../settings/settings.repo.ts';
import { auditCase, type ActorFact, type AuditResult, type CaseFacts, type CommitteeFact, type ConversionOutcome, type Finding, type PublicityFact, type StepFact } from './recruitment-audit.ts';
import { importCases } from './recruitment.import.ts';
import * as repo from './recruitment.repo.ts';

export const OVERRIDES_SETTING = 'recruitment.overrides';
export const CALENDAR_SETTING = 'calendar.holidays';

export interface CaseInput {
  orgId: string;
  name: string;
  idNumber: string;
  birthDate?: string | undefined;
  sex?: 'male' | 'female' | undefined;
  ethnicity?: string | null | undefined;
  education?: string | null | undefined;
  workUnit?: string | null | undefined;
  phone?: string | null | undefined;
  /** The date the application (入党申请书) was received: step 1. */
  appliedOn: string;
}

export interface DocumentInput {
  kind: string;
  title: string;
  number?: string | null | undefined;
  datedOn?: string | null | undefined;
  note?: string | null | undefined;
}

export interface StepInput {
  step: StepCode;
  on: string;
  /** The case's version (optimistic lock). */
  version: number;
  voteId?: string | null | undefined;
  committeeOrgId?: string | null | undefined;
  actors?: { role: StepActorRole; memberId?: string | null | undefined; name?: string | null | undefined }[] | undefined;
  training?: { days: number; hours: number } | null | undefined;
  conclusion?: 'qualified' | 'unqualified' | null | undefined;
  passed?: boolean | null | undefined;
  outcome?: ConversionOutcome | null | undefined;
  extensionMonths?: number | null | undefined;
  documents?: DocumentInput[] | undefined;
  note?: string | null | undefined;
}

export interface StepDetails {
  /** Entered by the backfill import: unlinked people, votes and committees are not judged. */
  imported?: boolean;
  training?: { days: number; hours: number } | null;
  conclusion?: 'qualified' | 'unqualified' | null;
  passed?: boolean | null;
  outcome?: ConversionOutcome | null;
  extensionMonths?: number | null;
  note?: string | null;
}

const COMMITTEE_KINDS = ['party_committee', 'working_committee'];
const TOWNSHIP_DOMAINS = ['rural', 'community'];
const PHONE = /^1\d{10}$/;
/** A next step due within this many days is listed as due soon. */
const DUE_SOON_DAYS = 7;

export const caseNotFound = (id: string) => notFound('recruitment.case_not_found', 'No such recruitment case in your scope', { id });
const staleCase = (id: string) => conflict('recruitment.version_stale', 'The case was changed by someone else; reload and try again', { id });

/**
 * May approve: a 基层党委 (党委 or 党工委) that is not itself under a township (乡镇) or street (街道) committee. The
 * tree records no "township" flag, so a committee whose parent is a rural or community-domain committee (a village
 * or community 党委 under its 乡镇党委 or 街道党工委) is taken to be subordinate to one.
 */
export function mayApprove(org: Pick<OrgRow, 'kind'>, parent: Pick<OrgRow, 'kind' | 'domain'> | null): boolean {
  if (!COMMITTEE_KINDS.includes(org.kind)) return false;
  return !(parent && COMMITTEE_KINDS.includes(parent.kind) && TOWNSHIP_DOMAINS.includes(parent.domain));
}

const isProperAncestor = (ancestorPath: string, path: string) => path.length > ancestorPath.length && path.startsWith(ancestorPath);

export class RecruitmentService {
  constructor(
    private readonly db: Db,
    private readonly crypto: CryptoProvider,
    private readonly audit: AuditTrail,
    private readonly members: MemberService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  /** The locality's switched-on local items and the holiday calendar with any later years loaded as settings. */
  async settings(ex: Executor = this.db): Promise<{ overrides: RecruitmentOverrides; calendar: WorkingCalendar; years: { year: number; source: string }[] }> {
    const overrides = (await getSetting<RecruitmentOverrides>(ex, OVERRIDES_SETTING))?.value ?? {};
    const extra = (await getSetting<YearCalendar[]>(ex, CALENDAR_SETTING))?.value ?? [];
    const years = [...SHIPPED_CALENDARS, ...extra.map(validateYearCalendar)];
    return { overrides, calendar: new WorkingCalendar(years), years: years.map((y) => ({ year: y.year, source: y.source })) };
  }

  private async mustFindCase(ex: Executor, actor: Actor, id: string): Promise<repo.CaseRow> {
    const row = await repo.findCaseInScope(ex, id, actor.scopePath);
    if (!row) throw caseNotFound(id);
    return row;
  }

  caseView(row: repo.CaseRow, today = this.today()) {
    return {
      id: row.id,
      orgId: row.org_id,
      name: row.name,
      sex: row.sex,
      ethnicity: row.ethnicity,
      birthDate: row.birth_date,
      age: ageOn(row.birth_date, today),
      idNumber: maskIdNumber(this.crypto.decrypt(row.id_number_enc)),
      phone: row.phone_enc ? maskPhone(this.crypto.decrypt(row.phone_enc)) : null,
      education: row.education,
      workUnit: row.work_unit,
      state: row.state,
      stage: row.stage,
      nextStep: row.next_step as StepCode | null,
      nextDueOn: row.next_due_on,
      lastStepOn: row.last_step_on,
      memberId: row.member_id,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async createCase(actor: Actor, input: CaseInput) {
    const today = this.today();
    const idNumber = normalizeIdNumber(input.idNumber);
    const id = inspectIdNumber(idNumber, today);
    if (!id.valid || !id.birthDate || !id.sex) {
      throw badInput('recruitment.id_number_invalid', 'The ID number is not valid (GB 11643-1999)', { field: 'idNumber', reason: id.reason, rule: { id: 'id_number', cite: 'GB 11643-1999' } });
    }
    if (input.birthDate && input.birthDate !== id.birthDate) throw badInput('recruitment.birth_date_mismatch', 'The birth date disagrees with the ID number', { field: 'birthDate' });
    if (input.sex && input.sex !== id.sex) throw badInput('recruitment.sex_mismatch', 'The sex disagrees with the ID number', { field: 'sex' });
    if (input.phone && !PHONE.test(input.phone)) throw badInput('recruitment.phone_invalid', 'The phone must be an 11-digit mainland mobile number', { field: 'phone' });
    if (input.appliedOn > today) throw badInput('recruitment.step_in_future', 'A step is recorded after it happens', { field: 'appliedOn' });
    const index = this.crypto.blindIndex('id-number', idNumber);
    return this.db.transaction().execute(async (trx) => {
      const org = await requireOrgInScope(trx, actor, input.orgId);
      if (!holdsMembers(org)) throw new AppError(422, 'recruitment.org_not_branch', 'A case is handled by an active branch', { field: 'orgId' });
      const member = await memberRepo.findMemberByIdNumberIndex(trx, index);
      if (member && member.membership === 'active') throw conflict('recruitment.already_member', 'This person is already in the member registry');
      if ((await repo.casesOfPerson(trx, index)).some((c) => c.state !== 'full' && c.state !== 'cancelled')) {
        throw conflict('recruitment.case_exists', 'This person already has an open recruitment case');
      }
      const { overrides, calendar } = await this.settings(trx);
      const stepId = newId();
      const result = auditCase({ birthDate: id.birthDate as string, steps: [{ id: stepId, code: 'application', on: input.appliedOn }] }, { today, overrides, calendar });
      refuseHard(result.findings);
      const now = nowUtc(this.now());
      const row: repo.CaseRow = {
        id: newId(),
        org_id: org.id,
        org_path: org.path,
        name: input.name,
        sex: id.sex as 'male' | 'female',
        ethnicity: input.ethnicity ?? null,
        birth_date: id.birthDate as string,
        id_number_enc: this.crypto.encrypt(idNumber),
        id_number_index: index,
        phone_enc: input.phone ? this.crypto.encrypt(input.phone) : null,
        education: input.education ?? null,
        work_unit: input.workUnit ?? null,
        ...progress(result, input.appliedOn),
        member_id: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertCase(trx, row);
      await repo.insertStep(trx, stepRow(row, stepId, { step: 'application', on: input.appliedOn }, actor, now), [], [], warningRows(row, result.findings, now));
      await this.audit.record(trx, actor, {
        action: 'recruitment.case_create',
        targetType: 'recruitment_case',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { name: row.name, idNumber: maskIdNumber(idNumber), appliedOn: input.appliedOn },
      });
      return this.caseView(row, today);
    });
  }

  async listCases(actor: Actor, q: { orgId: string; subtree?: boolean | undefined; state?: string | undefined; stage?: number | undefined; page: number; pageSize: number }) {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const today = this.today();
    const { total, rows } = await repo.listCases(this.db, { rootPath: org.path, orgIdOnly: q.subtree === false ? org.id : undefined, state: q.state, stage: q.stage }, q.page, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => this.caseView(r, today)) };
  }

  async getCase(actor: Actor, id: string) {
    const row = await this.mustFindCase(this.db, actor, id);
    const [steps, actors, documents, publicity, objections, warnings] = await Promise.all([
      repo.stepsOf(this.db, id),
      repo.actorsOf(this.db, id),
      repo.documentsOf(this.db, id),
      repo.publicityOf(this.db, id),
      repo.objectionsOf(this.db, id),
      repo.warningsOf(this.db, id),
    ]);
    return {
      ...this.caseView(row),
      steps: steps.map((s) => {
        const def = STEP_BY_CODE[s.step as StepCode];
        return {
          id: s.id,
          step: s.step as StepCode,
          number: def.number,
          stage: def.stage,
          label: def.label,
          on: s.done_on,
          meetingId: s.meeting_id,
          voteId: s.vote_id,
          committeeOrgId: s.committee_org_id,
          details: JSON.parse(s.details) as StepDetails,
          ruleVersion: s.rule_version,
          actors: actors.filter((a) => a.step_id === s.id).map((a) => ({ role: a.role as StepActorRole, memberId: a.member_id, name: a.person_name })),
          documents: documents.filter((d) => d.step_id === s.id).map(documentView),
        };
      }),
      publicity: publicity.map((p) => publicityView(p, objections)),
      warnings: warnings.map(warningView),
    };
  }

  /** Rebuilds the audit facts of a case from what is stored: standings and 留党察看 on each step's date, votes, committees. */
  private async facts(ex: Executor, row: repo.CaseRow): Promise<{ steps: StepFact[]; publicity: PublicityFact[] }> {
    const [steps, actors, publicity, objections] = await Promise.all([repo.stepsOf(ex, row.id), repo.actorsOf(ex, row.id), repo.publicityOf(ex, row.id), repo.objectionsOf(ex, row.id)]);
    const standings = await this.standings(ex, actors.map((a) => a.member_id).filter((m): m is string => m !== null));
    const votes = new Map((await repo.votesByIds(ex, steps.map((s) => s.vote_id).filter((v): v is string => v !== null))).map((v) => [v.id, v]));
    const committees = await this.committees(ex, row, steps.map((s) => s.committee_org_id));
    const stepActors = (stepId: string) => actors.filter((a) => a.step_id === stepId);
    return {
      steps: steps.map((s) => {
        const { imported, ...details } = JSON.parse(s.details) as StepDetails;
        const vote = s.vote_id ? votes.get(s.vote_id) : undefined;
        const committee = s.committee_org_id ? (committees.get(s.committee_org_id) ?? null) : null;
        // An imported history names people and committees as text: what it does not link is not judged.
        return {
          id: s.id,
          code: s.step as StepCode,
          on: s.done_on,
          ...(stepActors(s.id).length > 0 || !imported ? { actors: stepActors(s.id).map((a) => standings(a.role as StepActorRole, a.member_id, a.person_name, s.done_on, imported === true)) } : {}),
          ...(vote || !imported ? { vote: vote ? voteFact(vote) : null } : {}),
          ...(committee || !imported ? { committee } : {}),
          ...details,
        };
      }),
      publicity: publicity.map((p) => ({
        id: p.id,
        subject: p.subject_step as StepCode,
        startsOn: p.starts_on,
        endsOn: p.ends_on,
        objections: objections.filter((o) => o.publicity_id === p.id).map((o) => ({ receivedOn: o.received_on, resolvedOn: o.resolved_on })),
      })),
    };
  }

  /** A function giving an actor's party standing and 留党察看 on a date. */
  private async standings(ex: Executor, memberIds: readonly string[]) {
    const members = new Map((await repo.membersByIds(ex, [...new Set(memberIds)])).map((m) => [m.id, m]));
    const probations = await repo.disciplinaryProbationsOf(ex, [...new Set(memberIds)]);
    return (role: StepActorRole, memberId: string | null, name: string, on: string, unlinkedUnknown = false): ActorFact => {
      const m = memberId ? members.get(memberId) : undefined;
      const standing = !m ? (unlinkedUnknown ? 'unknown' : 'not_member') : m.full_on && m.full_on <= on ? 'full' : m.joined_on <= on ? 'probationary' : 'not_member';
      const underDisciplinaryProbation = !!m && probations.some((p) => p.member_id === m.id && probationCovers(p, on));
      return { role, name, standing, underDisciplinaryProbation };
    };
  }

  /** The committees named by steps, judged against the branch and the committee that approved the admission. */
  private async committees(ex: Executor, row: repo.CaseRow, ids: readonly (string | null)[]): Promise<Map<string, CommitteeFact>> {
    const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
    const out = new Map<string, CommitteeFact>();
    if (wanted.length === 0) return out;
    const orgs = await ex.selectFrom('orgs').selectAll().where('id', 'in', wanted).execute();
    const parentIds = [...new Set(orgs.map((o) => o.parent_id).filter((p): p is string => p !== null))];
    const parents = new Map((parentIds.length ? await ex.selectFrom('orgs').selectAll().where('id', 'in', parentIds).execute() : []).map((p) => [p.id, p]));
    const approvalStep = await ex.selectFrom('recruitment_steps').select('committee_org_id').where('case_id', '=', row.id).where('step', '=', 'admission_approval').executeTakeFirst();
    const approver = approvalStep?.committee_org_id ? await findOrgById(ex, approvalStep.committee_org_id, '') : undefined;
    for (const o of orgs) {
      out.set(o.id, {
        name: o.name,
        isSuperior: isProperAncestor(o.path, row.org_path),
        mayApprove: mayApprove(o, o.parent_id ? (parents.get(o.parent_id) ?? null) : null),
        isAboveApprover: !!approver && isProperAncestor(o.path, approver.path),
      });
    }
    return out;
  }

  async recordStep(actor: Actor, caseId: string, input: StepInput) {
    const today = this.today();
    if (input.on > today) throw badInput('recruitment.step_in_future', 'A step is recorded after it happens', { field: 'on' });
    const def = STEP_BY_CODE[input.step];
    if (def.code === 'application') throw badInput('recruitment.application_recorded', 'The application is recorded when the case is created', { field: 'step' });
    if (!def.vote && input.voteId) throw badInput('recruitment.vote_unexpected', 'This step is not decided by a vote', { field: 'voteId' });
    if (!def.committee && input.committeeOrgId) throw badInput('recruitment.committee_unexpected', 'This step names no committee', { field: 'committeeOrgId' });
    if (input.step === 'conversion_meeting' && !input.outcome) throw badInput('recruitment.outcome_required', 'Say what the 支部大会 decided: convert, extend or cancel', { field: 'outcome' });
    if (input.outcome && input.step !== 'conversion_meeting') throw badInput('recruitment.outcome_unexpected', 'Only the conversion meeting decides an outcome', { field: 'outcome' });
    if (input.step === 'training' && !input.training) throw badInput('recruitment.training_required', 'Give the training days and class hours', { field: 'training' });
    const roles = new Set(def.actors);
    for (const a of input.actors ?? []) {
      if (!roles.has(a.role)) throw badInput('recruitment.actor_unexpected', `This step takes no ${a.role}`, { field: 'actors' });
      if (!a.memberId && !a.name) throw badInput('recruitment.actor_unnamed', 'Name the person or pick the member', { field: 'actors' });
    }
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFindCase(trx, actor, caseId);
      if (row.version !== input.version) throw staleCase(caseId);
      const actorRows: repo.ActorRow[] = [];
      const stepId = newId();
      const now = nowUtc(this.now());
      for (const a of input.actors ?? []) {
        let name = a.name ?? '';
        if (a.memberId) {
          const m = await memberRepo.findMemberInScope(trx, a.memberId, actor.scopePath);
          if (!m) throw memberNotFound(a.memberId);
          name = m.name;
        }
        actorRows.push({ id: newId(), case_id: row.id, step_id: stepId, org_path: row.org_path, role: a.role, member_id: a.memberId ?? null, person_name: name, created_at: now });
      }
      const standing = await this.standings(trx, actorRows.map((a) => a.member_id).filter((m): m is string => m !== null));
      let meetingId: string | null = null;
      let voteFactValue: StepFact['vote'];
      if (def.vote && input.voteId) {
        const vote = (await repo.votesByIds(trx, [input.voteId]))[0];
        if (!vote || vote.org_id !== row.org_id) throw notFound('recruitment.vote_not_found', "No such vote at a meeting of the case's branch", { voteId: input.voteId });
        if (vote.kind !== 'recruitment' || vote.held_on !== input.on) {
          throw new AppError(422, 'recruitment.vote_mismatch', 'Link the recruitment vote (发展党员表决) of the 支部党员大会 held on the step date', { voteKind: vote.kind, heldOn: vote.held_on, stepOn: input.on });
        }
        meetingId = vote.meeting_id;
        voteFactValue = voteFact(vote);
      }
      let committee: CommitteeFact | null = null;
      if (input.committeeOrgId) {
        const org = await findOrgById(trx, input.committeeOrgId, '');
        if (!org) throw notFound('org.not_found', 'No such org', { id: input.committeeOrgId });
        committee = (await this.committees(trx, row, [org.id])).get(org.id) ?? null;
      }
      const details: StepDetails = {
        ...(input.training ? { training: input.training } : {}),
        ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
        ...(input.passed !== undefined ? { passed: input.passed } : {}),
        ...(input.outcome ? { outcome: input.outcome } : {}),
        ...(input.extensionMonths !== undefined && input.extensionMonths !== null ? { extensionMonths: input.extensionMonths } : {}),
        ...(input.note ? { note: input.note } : {}),
      };
      const newStep: StepFact = {
        id: stepId,
        code: input.step,
        on: input.on,
        actors: actorRows.map((a) => standing(a.role as StepActorRole, a.member_id, a.person_name, input.on)),
        vote: def.vote ? (voteFactValue ?? null) : undefined,
        committee: def.committee ? committee : undefined,
        ...details,
      };
      const facts = await this.facts(trx, row);
      const { overrides, calendar } = await this.settings(trx);
      const result = auditCase({ birthDate: row.birth_date, steps: [...facts.steps, newStep], publicity: facts.publicity }, { today, overrides, calendar });
      const mine = result.findings.filter((f) => f.stepId === stepId);
      refuseHard(mine);
      const step = stepRow(row, stepId, { step: input.step, on: input.on, meetingId, voteId: input.voteId ?? null, committeeOrgId: input.committeeOrgId ?? null, details }, actor, now);
      const documents = (input.documents ?? []).map((d) => documentRow(row, stepId, d, now));
      await repo.insertStep(trx, step, actorRows, documents, warningRows(row, mine, now, stepId));
      const memberId = await this.memberEffects(trx, actor, row, input, result, [...facts.steps, newStep], now, today);
      const lastStepOn = row.last_step_on && row.last_step_on > input.on ? row.last_step_on : input.on;
      if (!(await repo.updateCaseVersioned(trx, row.id, row.version, { ...progress(result, lastStepOn), member_id: memberId, updated_at: now }))) throw staleCase(caseId);
      await this.audit.record(trx, actor, {
        action: 'recruitment.step',
        targetType: 'recruitment_case',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { step: input.step, on: input.on, ruleVersion: step.rule_version, warnings: mine.map((f) => f.code), memberId },
      });
      const updated = await this.mustFindCase(trx, actor, caseId);
      return { case: this.caseView(updated, today), stepId, warnings: mine.map(findingView), next: result.next, nextSteps: result.nextSteps };
    });
  }

  /**
   * The member record, without re-typing: made probationary when the admission is approved (入党 = the 支部大会's
   * date), made full when the conversion is approved (党龄 from the end of probation); an extension goes into the
   * member's history, a cancellation (取消预备党员资格) also takes the member off the roster (membership
   * 'probation_cancelled').
   */
  private async memberEffects(trx: Executor, actor: Actor, row: repo.CaseRow, input: StepInput, result: AuditResult, steps: readonly StepFact[], now: string, today: string): Promise<string | null> {
    const last = (code: StepCode) => [...steps].filter((s) => s.code === code).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)).at(-1);
    if (input.step === 'admission_approval') {
      const meeting = last('admission_meeting') as StepFact;
      const org = (await findOrgById(trx, row.org_id, '')) as OrgRow;
      const idNumber = this.crypto.decrypt(row.id_number_enc);
      const member = this.members.buildRow(
        { orgId: row.org_id, name: row.name, idNumber, ethnicity: row.ethnicity, workUnit: row.work_unit, status: 'probationary', joinedAt: meeting.on, phone: row.phone_enc ? this.crypto.decrypt(row.phone_enc) : null },
        org,
        null,
        today,
        now,
      );
      const existing = await memberRepo.findMemberByIdNumberIndex(trx, member.id_number_index);
      if (existing) throw conflict('member.id_number_taken', 'A member with this ID number is already registered');
      await memberRepo.insertMember(trx, member);
      await recordMemberEvent(trx, this.audit, actor, member, {
        action: 'member.create',
        targetType: 'member',
        targetId: member.id,
        orgPath: member.org_path,
        summary: { name: member.name, status: 'probationary', joinedAt: meeting.on, idNumber: maskIdNumber(idNumber), recruitmentCaseId: row.id },
      }, now);
      return member.id;
    }
    if (input.step !== 'conversion_approval' || !row.member_id) return row.member_id;
    const meeting = last('conversion_meeting') as StepFact;
    const member = (await memberRepo.findMemberInScope(trx, row.member_id, '')) as memberRepo.MemberRow;
    if (meeting.outcome === 'convert') {
      const fullOn = result.probationEndsOn as string;
      if (!(await memberRepo.updateMemberVersioned(trx, member.id, member.version, { status: 'full', full_on: fullOn }, now))) {
        throw conflict('member.version_stale', 'The member was changed by someone else; reload and try again', { id: member.id });
      }
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'member.convert', targetType: 'member', targetId: member.id, orgPath: member.org_path, summary: { fullAt: fullOn, recruitmentCaseId: row.id } }, now);
    } else if (meeting.outcome === 'extend') {
      await recordMemberEvent(trx, this.audit, actor, member, {
        action: 'member.probation_extended',
        targetType: 'member',
        targetId: member.id,
        orgPath: member.org_path,
        summary: { months: meeting.extensionMonths ?? null, probationEndsOn: result.probationEndsOn, recruitmentCaseId: row.id },
      }, now);
    } else {
      // 取消预备党员资格: the person leaves the roster; the record and its history stay for the archive.
      if (!(await memberRepo.updateMemberVersioned(trx, member.id, member.version, { membership: 'probation_cancelled' }, now))) {
        throw conflict('member.version_stale', 'The member was changed by someone else; reload and try again', { id: member.id });
      }
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'member.probation_cancelled', targetType: 'member', targetId: member.id, orgPath: member.org_path, summary: { on: input.on, recruitmentCaseId: row.id } }, now);
    }
    return row.member_id;
  }

  /** The case audited now: every finding of its history, where it stands, its next steps and due dates. */
  async compliance(actor: Actor, id: string) {
    const row = await this.mustFindCase(this.db, actor, id);
    const today = this.today();
    const { overrides, calendar } = await this.settings();
    const facts: CaseFacts = { birthDate: row.birth_date, ...(await this.facts(this.db, row)) };
    const result = auditCase(facts, { today, overrides, calendar });
    const soon = addDays(today, DUE_SOON_DAYS);
    const approaching = result.nextSteps.filter((n) => n.dueOn !== null && !n.overdue && n.dueOn <= soon);
    return {
      caseId: row.id,
      today,
      state: result.state,
      stage: result.stage,
      next: result.next,
      nextSteps: result.nextSteps,
      probationEndsOn: result.probationEndsOn,
      ruleVersions: result.ruleVersions,
      findings: result.findings.map(findingView),
      dueSoon: approaching.map((n) => n.step),
      stored: (await repo.warningsOf(this.db, id)).map(warningView),
    };
  }

  /** The subtree's pipeline, overdue next steps, findings and stalled cases. */
  async report(actor: Actor, orgId: string, q: { stalledMonths: number; limit: number }) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const today = this.today();
    const [counts, overdue, stalled, findings] = await Promise.all([
      repo.caseCounts(this.db, org.path),
      repo.overdueCases(this.db, org.path, today, q.limit),
      repo.stalledCases(this.db, org.path, addMonths(today, -q.stalledMonths), q.limit),
      repo.findingCounts(this.db, org.path),
    ]);
    const brief = (r: repo.CaseRow) => ({ caseId: r.id, orgId: r.org_id, name: r.name, state: r.state, stage: r.stage, nextStep: r.next_step as StepCode | null, nextDueOn: r.next_due_on, lastStepOn: r.last_step_on });
    return { orgId: org.id, today, stalledMonths: q.stalledMonths, counts, overdue: overdue.map(brief), stalled: stalled.map(brief), findings };
  }

  async addPublicity(actor: Actor, caseId: string, input: { subject: StepCode; startsOn: string; endsOn?: string | null | undefined; content?: string | null | undefined }) {
    if (!PUBLICITY_POINTS.some((p) => p.subject === input.subject)) throw badInput('recruitment.publicity_subject_invalid', 'A 公示 runs at 确定积极分子, 确定发展对象, 接收预备党员 or 转正', { field: 'subject' });
    return this.db.transaction().execute(async (trx) => {
      const row = await this.mustFindCase(trx, actor, caseId);
      const subject = (await repo.stepsOf(trx, row.id)).filter((s) => s.step === input.subject).at(-1);
      if (!subject) throw new AppError(422, 'recruitment.publicity_subject_missing', 'Record the step the 公示 is about first', { subject: input.subject });
      if (input.startsOn < subject.done_on) throw badInput('recruitment.publicity_before_subject', 'The 公示 starts on or after the step it is about', { field: 'startsOn', subjectOn: subject.done_on });
      const { overrides, calendar } = await this.settings(trx);
      const rules = versionInForce(RECRUITMENT_RULE_VERSIONS, input.startsOn).rules;
      const required = overrides.publicityWorkingDays ?? rules.local.publicityWorkingDays;
      let endsOn = input.endsOn ?? null;
      if (!endsOn) {
        if (!required) throw badInput('recruitment.publicity_end_required', 'Give the last day of the 公示 (no local rule sets its length)', { field: 'endsOn' });
        endsOn = calendar.addWorkingDays(input.startsOn, calendar.isWorkingDay(input.startsOn) ? required.value - 1 : required.value);
      }
      if (endsOn < input.startsOn) throw badInput('recruitment.publicity_dates_invalid', 'The 公示 ends on or after its first day', { field: 'endsOn' });
      const now = nowUtc(this.now());
      const publicity: repo.PublicityRow = {
        id: newId(),
        case_id: row.id,
        org_path: row.org_path,
        subject_step: input.subject,
        starts_on: input.startsOn,
        ends_on: endsOn,
        working_days: calendar.workingDaysBetween(input.startsOn, endsOn),
        content: input.content ?? null,
        created_at: now,
      };
      await repo.insertPublicity(trx, publicity);
      await this.audit.record(trx, actor, { action: 'recruitment.publicity', targetType: 'recruitment_case', targetId: row.id, orgPath: row.org_path, summary: { subject: input.subject, startsOn: input.startsOn, endsOn } });
      return { ...publicityView(publicity, []), approximate: calendar.uncoveredYears(input.startsOn, endsOn).length > 0 };
    });
  }

  async addObjection(actor: Actor, publicityId: string, input: { receivedOn: string; content: string }) {
    if (input.receivedOn > this.today()) throw badInput('recruitment.objection_in_future', 'An objection is recorded after it is received', { field: 'receivedOn' });
    return this.db.transaction().execute(async (trx) => {
      const publicity = await repo.findPublicityInScope(trx, publicityId, actor.scopePath);
      if (!publicity) throw notFound('recruitment.publicity_not_found', 'No such 公示 in your scope', { id: publicityId });
      if (input.receivedOn < publicity.starts_on || input.receivedOn > publicity.ends_on) {
        throw new AppError(422, 'recruitment.objection_outside_publicity', 'An objection is received during the 公示', { startsOn: publicity.starts_on, endsOn: publicity.ends_on, receivedOn: input.receivedOn });
      }
      const now = nowUtc(this.now());
      const row: repo.ObjectionRow = {
        id: newId(),
        publicity_id: publicity.id,
        case_id: publicity.case_id,
        org_path: publicity.org_path,
        received_on: input.receivedOn,
        content: input.content,
        resolved_on: null,
        resolution: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertObjection(trx, row);
      await this.audit.record(trx, actor, { action: 'recruitment.objection', targetType: 'recruitment_case', targetId: publicity.case_id, orgPath: publicity.org_path, summary: { publicityId, receivedOn: input.receivedOn } });
      return objectionView(row);
    });
  }

  async resolveObjection(actor: Actor, objectionId: string, input: { resolvedOn: string; resolution: string; version: number }) {
    if (input.resolvedOn > this.today()) throw badInput('recruitment.resolution_in_future', 'A resolution is recorded after it is reached', { field: 'resolvedOn' });
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findObjectionInScope(trx, objectionId, actor.scopePath);
      if (!row) throw notFound('recruitment.objection_not_found', 'No such objection in your scope', { id: objectionId });
      if (row.resolved_on) throw conflict('recruitment.objection_resolved', 'The objection is already resolved');
      if (input.resolvedOn < row.received_on) throw badInput('recruitment.resolution_before_objection', 'Resolved on or after the day it was received', { field: 'resolvedOn' });
      const now = nowUtc(this.now());
      if (!(await repo.resolveObjection(trx, row.id, input.version, { resolved_on: input.resolvedOn, resolution: input.resolution, updated_at: now }))) {
        throw conflict('recruitment.version_stale', 'The objection was changed by someone else; reload and try again', { id: objectionId });
      }
      await this.audit.record(trx, actor, { action: 'recruitment.objection_resolve', targetType: 'recruitment_case', targetId: row.case_id, orgPath: row.org_path, summary: { objectionId, resolvedOn: input.resolvedOn } });
      return objectionView({ ...row, resolved_on: input.resolvedOn, resolution: input.resolution, version: input.version + 1, updated_at: now });
    });
  }

  /** 留党察看 of a member: from the decision until rights are restored. */
  async addDisciplinaryProbation(actor: Actor, memberId: string, input: { startsOn: string; endsOn?: string | null | undefined; note?: string | null | undefined }) {
    if (input.startsOn > this.today()) throw badInput('member.discipline_in_future', 'Recorded after the decision', { field: 'startsOn' });
    if (input.endsOn && input.endsOn <= input.startsOn) throw badInput('member.discipline_dates_invalid', 'Rights are restored after the start', { field: 'endsOn' });
    return this.db.transaction().execute(async (trx) => {
      const member = await this.members.mustFind(trx, actor, memberId);
      const now = nowUtc(this.now());
      const row: repo.DisciplinaryProbationRow = { id: newId(), member_id: member.id, org_path: member.org_path, starts_on: input.startsOn, ends_on: input.endsOn ?? null, note: input.note ?? null, created_at: now };
      await repo.insertDisciplinaryProbation(trx, row);
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'member.disciplinary_probation', targetType: 'member', targetId: member.id, orgPath: member.org_path, summary: { startsOn: row.starts_on, endsOn: row.ends_on } }, now);
      return disciplinaryView(row);
    });
  }

  async disciplinaryProbations(actor: Actor, memberId: string) {
    const member = await this.members.mustFind(this.db, actor, memberId);
    return (await repo.disciplinaryProbationsOf(this.db, [member.id])).map(disciplinaryView);
  }

  /** Backfill from a spreadsheet: unreadable input refuses the file; the history's violations are imported and reported. */
  importCases(actor: Actor, bytes: Buffer, options: { orgId: string; format: 'xlsx' | 'csv'; dryRun: boolean; fileName: string | null }) {
    return importCases({ db: this.db, crypto: this.crypto, audit: this.audit, members: this.members, recruitment: this }, actor, bytes, { ...options, today: this.today() });
  }

  /** The steps, the rule versions with their dates and citations, the local items switched on, the calendar years. */
  async rules() {
    const { overrides, years } = await this.settings();
    return {
      steps: STEPS.map((s) => ({ step: s.code, number: s.number, stage: s.stage, label: s.label, after: [...s.after], repeatable: s.repeatable, vote: s.vote, committee: s.committee, actors: [...s.actors], cite: citeText(s.cite) })),
      versions: RECRUITMENT_RULE_VERSIONS.map((v) => ({ id: v.id, effectiveFrom: v.effectiveFrom, cite: citeText(v.cite) })),
      overrides: Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, v ? { value: v.value, cite: citeText(v.cite) } : null])),
      calendarYears: years,
    };
  }
}

/** The id of the rule version in force on the date, or null before the first. */
export function ruleVersionIdOn(date: string): string | null {
  return RECRUITMENT_RULE_VERSIONS.filter((v) => v.effectiveFrom <= date).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0]?.id ?? null;
}

/** The first hard finding refuses the step: 422 with the rule, the article and the dates compared. */
function refuseHard(findings: readonly Finding[]): void {
  const hard = findings.filter((f) => f.severity === 'hard');
  const first = hard[0];
  if (!first) return;
  throw new AppError(422, first.code, first.message, { step: first.step, rule: { id: first.ruleId, cite: first.cite }, dates: first.dates, findings: hard.map(findingView) });
}

function progress(result: AuditResult, lastStepOn: string): Pick<repo.CaseRow, 'state' | 'stage' | 'next_step' | 'next_due_on' | 'last_step_on'> {
  const dues = result.nextSteps.map((n) => n.dueOn).filter((d): d is string => d !== null).sort();
  return { state: result.state, stage: result.stage, next_step: result.next?.step ?? null, next_due_on: dues[0] ?? null, last_step_on: lastStepOn };
}

function stepRow(
  row: repo.CaseRow,
  id: string,
  s: { step: StepCode; on: string; meetingId?: string | null; voteId?: string | null; committeeOrgId?: string | null; details?: StepDetails },
  actor: Actor,
  now: string,
): repo.StepRow {
  return {
    id,
    case_id: row.id,
    org_path: row.org_path,
    step: s.step,
    done_on: s.on,
    meeting_id: s.meetingId ?? null,
    vote_id: s.voteId ?? null,
    committee_org_id: s.committeeOrgId ?? null,
    details: JSON.stringify(s.details ?? {}),
    rule_version: ruleVersionIdOn(s.on),
    account_id: actor.accountId,
    created_at: now,
  };
}

function warningRows(row: repo.CaseRow, findings: readonly Finding[], now: string, stepId?: string): repo.WarningRow[] {
  return findings.map((f) => ({
    id: newId(),
    case_id: row.id,
    step_id: stepId ?? f.stepId,
    org_path: row.org_path,
    code: f.code,
    severity: f.severity,
    rule_id: f.ruleId,
    cite: f.cite,
    message: f.message,
    dates: JSON.stringify(f.dates),
    created_at: now,
  }));
}

function documentRow(row: repo.CaseRow, stepId: string, d: DocumentInput, now: string): repo.DocumentRow {
  return { id: newId(), case_id: row.id, step_id: stepId, org_path: row.org_path, kind: d.kind, title: d.title, number: d.number ?? null, dated_on: d.datedOn ?? null, note: d.note ?? null, created_at: now };
}

function voteFact(v: { outcome: string; rule_id: string; cite: string }) {
  const outcome = JSON.parse(v.outcome) as { quorate?: boolean; passed?: boolean };
  return { quorate: outcome.quorate === true, passed: outcome.passed === true, ruleId: v.rule_id, cite: v.cite };
}

export function findingView(f: Finding) {
  return { code: f.code, severity: f.severity, step: f.step, stepId: f.stepId, rule: { id: f.ruleId, cite: f.cite }, local: f.local, message: f.message, dates: f.dates };
}

function warningView(w: repo.WarningRow) {
  return { id: w.id, stepId: w.step_id, code: w.code, severity: w.severity, rule: { id: w.rule_id, cite: w.cite }, message: w.message, dates: JSON.parse(w.dates) as Record<string, string>, createdAt: w.created_at };
}

function documentView(d: repo.DocumentRow) {
  return { id: d.id, kind: d.kind, title: d.title, number: d.number, datedOn: d.dated_on, note: d.note };
}

function objectionView(o: repo.ObjectionRow) {
  return { id: o.id, publicityId: o.publicity_id, receivedOn: o.received_on, content: o.content, resolvedOn: o.resolved_on, resolution: o.resolution, version: o.version };
}

function publicityView(p: repo.PublicityRow, objections: readonly repo.ObjectionRow[]) {
  return {
    id: p.id,
    subject: p.subject_step as StepCode,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    workingDays: p.working_days,
    content: p.content,
    objections: objections.filter((o) => o.publicity_id === p.id).map(objectionView),
  };
}

function disciplinaryView(r: repo.DisciplinaryProbationRow) {
  return { id: r.id, memberId: r.member_id, startsOn: r.starts_on, endsOn: r.ends_on, note: r.note };
}
