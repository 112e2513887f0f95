/** Use cases of meeting records and the compliance of branches with the meeting rules: scope, rules, audit. */
import type { Actor } from '../../lib/actor.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../db/schema.ts';
import { citeText, versionInForce } from '../../policy/rule-set.ts';
import {
  checkCompliance,
  MEETING_RULE_VERSIONS,
  periodSpan,
  type BranchStructure,
  type Interval,
  type MonthTally,
  type MeetingType,
  type Period,
  type RequiredMeetingType,
  type RequirementResult,
  type RequirementStatus,
} from '../../policy/meetings.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { holdsMembers, isGroupOf } from '../members/members.service.ts';
import { BRANCH_KINDS, type OrgKind } from '../orgs/org-kinds.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { findOrgById, type OrgRow } from '../orgs/orgs.repo.ts';
import { rulesResolver } from './meeting-rules.service.ts';
import * as repo from './meetings.repo.ts';

export interface MeetingFields {
  groupId?: string | null | undefined;
  primaryType: MeetingType;
  types?: MeetingType[] | undefined;
  heldOn: string;
  startTime?: string | null | undefined;
  place?: string | null | undefined;
  online?: boolean | undefined;
  host?: string | null | undefined;
  recorder?: string | null | undefined;
  lecturer?: string | null | undefined;
  topic?: string | null | undefined;
  agenda?: string | null | undefined;
  minutes?: string | null | undefined;
}
export type MeetingInput = MeetingFields & { orgId: string };
export type MeetingPatch = Partial<MeetingFields> & { version: number };

export interface MeetingView {
  id: string;
  orgId: string;
  groupId: string | null;
  primaryType: MeetingType;
  types: MeetingType[];
  heldOn: string;
  startTime: string | null;
  place: string | null;
  online: boolean;
  host: string | null;
  recorder: string | null;
  lecturer: string | null;
  topic: string | null;
  agenda: string | null;
  minutes: string | null;
  version: number;
  enteredAt: string;
  /** Entered on a later day than the meeting was held (China time). */
  enteredLate: boolean;
  createdAt: string;
  updatedAt: string;
}

export const meetingNotFound = (id: string) => notFound('meeting.not_found', 'No such meeting in your scope', { id });
const BRANCH_RULES = '《中国共产党支部工作条例（试行）》';

function toView(row: repo.MeetingRow, types: readonly string[]): MeetingView {
  return {
    id: row.id,
    orgId: row.org_id,
    groupId: row.group_id,
    primaryType: row.primary_type as MeetingType,
    types: [...types] as MeetingType[],
    heldOn: row.held_on,
    startTime: row.start_time,
    place: row.place,
    online: row.is_online === 1,
    host: row.host,
    recorder: row.recorder,
    lecturer: row.lecturer,
    topic: row.topic,
    agenda: row.agenda,
    minutes: row.minutes,
    version: row.version,
    enteredAt: row.entered_at,
    enteredLate: todayInChina(new Date(row.entered_at)) > row.held_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The counted types: the primary type always counts; duplicates collapse. */
export function countedTypes(primary: MeetingType, types: readonly MeetingType[] | undefined): MeetingType[] {
  return [...new Set([primary, ...(types ?? [])])].sort();
}

/** The rules of a meeting record that need no database: date, types, the 党小组 and the 党课 details. */
export function checkMeetingFacts(m: { heldOn: string; types: readonly MeetingType[]; groupId: string | null; lecturer: string | null; topic: string | null }, today: string): AppError | null {
  if (m.heldOn > today) return badInput('meeting.held_in_future', 'A meeting is recorded after it is held', { field: 'heldOn' });
  if (m.types.includes('other') && m.types.length > 1) {
    return badInput('meeting.types_inconsistent', 'A meeting of type "other" counts for no other type', { field: 'types' });
  }
  if (m.types.includes('group_meeting') && !m.groupId) {
    return new AppError(422, 'meeting.group_required', 'A 党小组会 is held by a 党小组 of the branch', {
      field: 'groupId',
      rule: { id: 'meetings.group_meeting', cite: `${BRANCH_RULES} 第十条` },
    });
  }
  if (m.types.includes('party_lesson') && (!m.topic || !m.lecturer)) {
    return badInput('meeting.lesson_details_required', 'A 党课 needs its topic and lecturer', { field: m.topic ? 'lecturer' : 'topic' });
  }
  return null;
}

export class MeetingService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  private async branchInScope(actor: Actor, orgId: string): Promise<OrgRow> {
    const org = await requireOrgInScope(this.db, actor, orgId);
    if (!holdsMembers(org)) {
      throw new AppError(422, 'meeting.org_not_branch', 'Meetings are recorded by an active branch', {
        rule: { id: 'meetings.branch', cite: `${BRANCH_RULES} 第十条` },
      });
    }
    return org;
  }

  private async checkGroup(actor: Actor, org: OrgRow, groupId: string | null): Promise<void> {
    if (!groupId) return;
    const group = await findOrgById(this.db, groupId, actor.scopePath);
    if (!group || !isGroupOf(group, org)) throw new AppError(422, 'meeting.group_invalid', 'The 党小组 must be an active group of the same branch', { field: 'groupId' });
  }

  async create(actor: Actor, input: MeetingInput): Promise<MeetingView> {
    const org = await this.branchInScope(actor, input.orgId);
    const types = countedTypes(input.primaryType, input.types);
    const groupId = input.groupId ?? null;
    const problem = checkMeetingFacts({ heldOn: input.heldOn, types, groupId, lecturer: input.lecturer ?? null, topic: input.topic ?? null }, this.today());
    if (problem) throw problem;
    await this.checkGroup(actor, org, groupId);
    const now = nowUtc(this.now());
    const row: repo.MeetingRow = {
      id: newId(),
      org_id: org.id,
      org_path: org.path,
      group_id: groupId,
      primary_type: input.primaryType,
      held_on: input.heldOn,
      start_time: input.startTime ?? null,
      place: input.place ?? null,
      is_online: input.online ? 1 : 0,
      host: input.host ?? null,
      recorder: input.recorder ?? null,
      lecturer: input.lecturer ?? null,
      topic: input.topic ?? null,
      agenda: input.agenda ?? null,
      minutes: input.minutes ?? null,
      check_in_code: null,
      check_in_expires_at: null,
      version: 1,
      entered_at: now,
      created_at: now,
      updated_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      await repo.insertMeeting(trx, row, types);
      await this.audit.record(trx, actor, {
        action: 'meeting.create',
        targetType: 'meeting',
        targetId: row.id,
        orgPath: row.org_path,
        summary: { orgId: org.id, heldOn: row.held_on, types, groupId },
      });
    });
    return toView(row, types);
  }

  async get(actor: Actor, id: string): Promise<MeetingView> {
    const row = await repo.findMeetingInScope(this.db, id, actor.scopePath);
    if (!row) throw meetingNotFound(id);
    return toView(row, (await repo.typesOf(this.db, [id])).get(id) ?? []);
  }

  async update(actor: Actor, id: string, patch: MeetingPatch): Promise<MeetingView> {
    const current = await repo.findMeetingInScope(this.db, id, actor.scopePath);
    if (!current) throw meetingNotFound(id);
    const org = await this.branchInScope(actor, current.org_id);
    const currentTypes = ((await repo.typesOf(this.db, [id])).get(id) ?? []) as MeetingType[];
    const primaryType = patch.primaryType ?? (current.primary_type as MeetingType);
    const types = patch.types !== undefined || patch.primaryType !== undefined ? countedTypes(primaryType, patch.types ?? currentTypes) : currentTypes;
    const pick = <T>(value: T | undefined, old: T): T => (value === undefined ? old : value);
    const row: repo.MeetingRow = {
      ...current,
      group_id: pick(patch.groupId, current.group_id),
      primary_type: primaryType,
      held_on: pick(patch.heldOn, current.held_on),
      start_time: pick(patch.startTime, current.start_time),
      place: pick(patch.place, current.place),
      is_online: patch.online === undefined ? current.is_online : patch.online ? 1 : 0,
      host: pick(patch.host, current.host),
      recorder: pick(patch.recorder, current.recorder),
      lecturer: pick(patch.lecturer, current.lecturer),
      topic: pick(patch.topic, current.topic),
      agenda: pick(patch.agenda, current.agenda),
      minutes: pick(patch.minutes, current.minutes),
      version: patch.version + 1,
      updated_at: nowUtc(this.now()),
    };
    const problem = checkMeetingFacts({ heldOn: row.held_on, types, groupId: row.group_id, lecturer: row.lecturer, topic: row.topic }, this.today());
    if (problem) throw problem;
    if (row.group_id !== current.group_id) await this.checkGroup(actor, org, row.group_id);
    const changed = Object.keys(patch).filter((k) => k !== 'version' && k !== 'minutes' && k !== 'agenda');
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateMeeting(trx, row, patch.version, types))) {
        throw conflict('meeting.version_stale', 'The record was changed by someone else; reload and try again', { id });
      }
      await this.audit.record(trx, actor, {
        action: 'meeting.update',
        targetType: 'meeting',
        targetId: id,
        orgPath: row.org_path,
        summary: { changed, minutesChanged: patch.minutes !== undefined, types },
      });
    });
    return toView(row, types);
  }

  async list(actor: Actor, q: { orgId: string; from?: string | undefined; to?: string | undefined; type?: string | undefined; page: number; pageSize: number }) {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const { total, rows } = await repo.listMeetings(this.db, { rootPath: org.path, from: q.from, to: q.to, type: q.type }, q.page, q.pageSize);
    const types = await repo.typesOf(this.db, rows.map((r) => r.id));
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => toView(r, types.get(r.id) ?? [])) };
  }

  /**
   * A branch's compliance over the period, or, for a higher org, how many branches of its subtree meet each rule.
   * The rules are the national version in force with the overrides of the localities above each branch; the
   * structure (when the branch, its committee and its 党小组 existed) decides which units are owed. A branch's
   * meetings are counted per type and month; a subtree's come as the months with any meeting, per branch and type.
   */
  async compliance(actor: Actor, orgId: string, period: Period): Promise<ComplianceView> {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const today = this.today();
    const span = periodSpan(period);
    const version = versionInForce(MEETING_RULE_VERSIONS, span.to < today ? span.to : today);
    const isBranch = BRANCH_KINDS.includes(org.kind as OrgKind);
    const [rulesOf, orgs, posts, counts] = await Promise.all([
      rulesResolver(this.db, org.path, version),
      repo.structureOrgs(this.db, org.path, span.from, span.to, [...BRANCH_KINDS, 'group']),
      repo.committeePosts(this.db, org.path, span.from, span.to),
      (isBranch ? repo.monthlyCounts : repo.monthMasks)(this.db, org.path, span.from, span.to),
    ]);
    const talliesByPath = new Map<string, MonthTally[]>();
    for (const c of counts) {
      const tallies = talliesByPath.get(c.orgPath) ?? [];
      tallies.push({ type: c.type as MeetingType, groupId: c.groupId, counts: c.counts });
      talliesByPath.set(c.orgPath, tallies);
    }
    const committeeOf = new Map<string, Interval[]>();
    for (const p of posts) {
      const intervals = committeeOf.get(p.org_id) ?? [];
      intervals.push({ from: p.started_on, to: p.ended_on });
      committeeOf.set(p.org_id, intervals);
    }
    const groupsOf = new Map<string, BranchStructure['groups'][number][]>();
    for (const g of orgs) {
      if (g.kind !== 'group' || !g.parent_id) continue;
      const groups = groupsOf.get(g.parent_id) ?? [];
      groups.push({ id: g.id, existed: { from: g.established_on, to: g.dissolved_on } });
      groupsOf.set(g.parent_id, groups);
    }
    const check = (branch: Pick<OrgRow, 'id' | 'path' | 'established_on' | 'dissolved_on'>) =>
      checkCompliance({
        rules: rulesOf(branch.path),
        tallies: talliesByPath.get(branch.path) ?? [],
        structure: {
          existed: { from: branch.established_on, to: branch.dissolved_on },
          committee: committeeOf.get(branch.id) ?? [],
          groups: groupsOf.get(branch.id) ?? [],
        },
        period,
        today,
      });
    const base = { orgId: org.id, period, today, ruleVersion: version.id };
    if (isBranch) return { ...base, kind: 'branch', requirements: check(org) };
    const branches = orgs.filter((o) => o.kind !== 'group');
    const summary = new Map<RequiredMeetingType, Record<RequirementStatus, number> & { cite: string; branchesMissing: string[] }>();
    for (const branch of branches) {
      for (const r of check(branch)) {
        const s = summary.get(r.type) ?? { met: 0, missing: 0, not_yet_due: 0, not_applicable: 0, cite: r.cite, branchesMissing: [] };
        s[r.status] += 1;
        if (r.status === 'missing') s.branchesMissing.push(branch.id);
        summary.set(r.type, s);
      }
    }
    // Cadences as they stand at the org itself; a locality inside the subtree may have set its own for its branches.
    const atOrg = rulesOf(org.path);
    return {
      ...base,
      kind: 'subtree',
      branches: branches.length,
      summary: atOrg.requirements.map((r) => ({
        type: r.type,
        cadence: r.cadence,
        ...(summary.get(r.type) ?? { met: 0, missing: 0, not_yet_due: 0, not_applicable: 0, cite: citeText(r.cite), branchesMissing: [] }),
      })),
    };
  }
}

interface ComplianceBase {
  orgId: string;
  period: Period;
  today: string;
  ruleVersion: string;
}
export type ComplianceView =
  | (ComplianceBase & { kind: 'branch'; requirements: RequirementResult[] })
  | (ComplianceBase & {
      kind: 'subtree';
      branches: number;
      summary: ({ type: RequiredMeetingType; cadence: string; cite: string; branchesMissing: string[] } & Record<RequirementStatus, number>)[];
    });
