/** Use cases of the org tree: scope checks, rules, transactions and audit rows. */
import type { Actor } from '../../lib/actor.ts';
import { addMonths, addYears, nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, conflict, notFound, ruleViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { hasTerm, termLengthFor } from '../../policy/terms.ts';
import type { OrgDomain, OrgKind } from './org-kinds.ts';
import * as repo from './orgs.repo.ts';
import { orgNotFound } from './org-scope.ts';
import { checkDates, checkKindChange, checkMove, checkPlacement, type Violation } from './orgs.rules.ts';
import { childPath, depthOf } from './tree.ts';

export interface OrgView {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  domain: OrgDomain;
  parentId: string | null;
  path: string;
  depth: number;
  establishedOn: string | null;
  plannedEndOn: string | null;
  dissolvedOn: string | null;
  status: 'active' | 'dissolved';
  version: number;
  createdAt: string;
  updatedAt: string;
  childCount?: number;
}

export function toOrgView(row: repo.OrgRow & { child_count?: number }): OrgView {
  const view: OrgView = {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as OrgKind,
    domain: row.domain as OrgDomain,
    parentId: row.parent_id,
    path: row.path,
    depth: row.depth,
    establishedOn: row.established_on,
    plannedEndOn: row.planned_end_on,
    dissolvedOn: row.dissolved_on,
    status: row.status,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.child_count !== undefined) view.childCount = row.child_count;
  return view;
}

export interface CreateOrgInput {
  parentId: string | null;
  code: string;
  name: string;
  kind: OrgKind;
  domain: OrgDomain;
  establishedOn?: string | null | undefined;
  plannedEndOn?: string | null | undefined;
}

export interface UpdateOrgInput {
  version: number;
  code?: string | undefined;
  name?: string | undefined;
  kind?: OrgKind | undefined;
  domain?: OrgDomain | undefined;
  establishedOn?: string | null | undefined;
  plannedEndOn?: string | null | undefined;
}

function refuse(v: Violation | null): void {
  if (v) throw ruleViolation(v.code, v.message, { rule: { id: v.code, cite: v.cite } });
}

const staleVersion = (id: string) =>
  conflict('org.version_stale', 'The org was changed by someone else; reload and try again', { id });
const codeTaken = (code: string) => conflict('org.code_taken', 'Another org already has this code', { code });

export class OrgService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  private async mustFind(ex: Executor, actor: Actor, id: string): Promise<repo.OrgRow> {
    const row = await repo.findOrgById(ex, id, actor.scopePath);
    if (!row) throw orgNotFound(id);
    return row;
  }

  async home(actor: Actor): Promise<OrgView> {
    const row = actor.scopePath ? await repo.findOrgByPath(this.db, actor.scopePath) : await repo.findRoot(this.db);
    if (!row) {
      throw notFound('org.no_root', 'The installation has no root org yet: run `xianfeng init --root-name NAME --root-code CODE`');
    }
    return toOrgView({ ...row, child_count: await repo.countActiveChildren(this.db, row.id) });
  }

  async get(actor: Actor, id: string): Promise<OrgView> {
    return toOrgView(await this.mustFind(this.db, actor, id));
  }

  async create(actor: Actor, input: CreateOrgInput): Promise<OrgView> {
    refuse(checkDates(input.kind, input.establishedOn ?? null, input.plannedEndOn ?? null));
    try {
      return await this.db.transaction().execute(async (trx) => {
        const parent = input.parentId ? await this.mustFind(trx, actor, input.parentId) : null;
        if (!parent && actor.scopePath !== '') throw orgNotFound('root');
        const rootExists = parent ? true : (await repo.findRoot(trx)) !== undefined;
        refuse(checkPlacement(parent ? { kind: parent.kind as OrgKind, status: parent.status } : null, input.kind, rootExists));
        if (await repo.findOrgByCode(trx, input.code)) throw codeTaken(input.code);
        const path = parent ? childPath(parent.path, await repo.nextChildSeq(trx, parent.id)) : childPath('', 1);
        const now = nowUtc();
        const row: repo.OrgRow = {
          id: newId(),
          code: input.code,
          name: input.name,
          kind: input.kind,
          domain: input.domain,
          parent_id: parent?.id ?? null,
          path,
          depth: depthOf(path),
          child_seq: 0,
          established_on: input.establishedOn ?? null,
          planned_end_on: input.plannedEndOn ?? null,
          dissolved_on: null,
          status: 'active',
          version: 1,
          created_at: now,
          updated_at: now,
        };
        await repo.insertOrg(trx, row);
        await this.audit.record(trx, actor, {
          action: 'org.create',
          targetType: 'org',
          targetId: row.id,
          orgPath: row.path,
          summary: { code: row.code, name: row.name, kind: row.kind, domain: row.domain, parentId: row.parent_id },
        });
        return toOrgView(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw codeTaken(input.code);
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateOrgInput): Promise<OrgView> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const org = await this.mustFind(trx, actor, id);
        if (org.version !== input.version) throw staleVersion(id);
        if (org.status !== 'active') throw ruleViolation('org.dissolved', 'A dissolved org cannot be changed');
        const kind = input.kind ?? (org.kind as OrgKind);
        const established = input.establishedOn === undefined ? org.established_on : input.establishedOn;
        const plannedEnd = input.plannedEndOn === undefined ? org.planned_end_on : input.plannedEndOn;
        refuse(checkDates(kind, established, plannedEnd));
        if (kind !== org.kind) {
          const parent = org.parent_id ? await repo.findOrgById(trx, org.parent_id, '') : undefined;
          const kinds = (await repo.childKinds(trx, org.id)) as OrgKind[];
          refuse(
            checkKindChange(parent ? { kind: parent.kind as OrgKind, status: parent.status } : null, kind, kinds),
          );
        }
        if (input.code && input.code !== org.code) {
          const other = await repo.findOrgByCode(trx, input.code);
          if (other) throw codeTaken(input.code);
        }
        const fields = {
          ...(input.code !== undefined ? { code: input.code } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.domain !== undefined ? { domain: input.domain } : {}),
          ...(input.establishedOn !== undefined ? { established_on: input.establishedOn } : {}),
          ...(input.plannedEndOn !== undefined ? { planned_end_on: input.plannedEndOn } : {}),
        };
        const now = nowUtc();
        if (!(await repo.updateOrgVersioned(trx, id, input.version, fields, now))) throw staleVersion(id);
        const before: Record<string, unknown> = {};
        for (const key of Object.keys(fields) as (keyof typeof fields)[]) before[key] = org[key];
        await this.audit.record(trx, actor, {
          action: 'org.update',
          targetType: 'org',
          targetId: id,
          orgPath: org.path,
          summary: { before, after: fields },
        });
        return toOrgView({ ...org, ...fields, version: input.version + 1, updated_at: now });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw codeTaken(input.code ?? '');
      throw error;
    }
  }

  /** Moves an org and its whole subtree under a new parent, rewriting every path in one transaction. */
  async move(actor: Actor, id: string, input: { newParentId: string; version: number }): Promise<OrgView> {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.mustFind(trx, actor, id);
      const target = await this.mustFind(trx, actor, input.newParentId);
      if (org.version !== input.version) throw staleVersion(id);
      if (org.status !== 'active') throw ruleViolation('org.dissolved', 'A dissolved org cannot be moved');
      refuse(checkMove({ id: org.id, path: org.path, parentId: org.parent_id }, { id: target.id, path: target.path }));
      refuse(checkPlacement({ kind: target.kind as OrgKind, status: target.status }, org.kind as OrgKind, true));
      if (target.id === org.parent_id) return toOrgView(org);
      const newPath = childPath(target.path, await repo.nextChildSeq(trx, target.id));
      const delta = depthOf(newPath) - org.depth;
      const moved = await repo.rebaseSubtree(trx, org.path, newPath, delta);
      const now = nowUtc();
      if (!(await repo.updateOrgVersioned(trx, id, input.version, { parent_id: target.id }, now))) throw staleVersion(id);
      await this.audit.record(trx, actor, {
        action: 'org.move',
        targetType: 'org',
        targetId: id,
        orgPath: newPath,
        summary: { fromParentId: org.parent_id, toParentId: target.id, fromPath: org.path, toPath: newPath, orgsMoved: moved },
      });
      const after = await repo.findOrgById(trx, id, '');
      if (!after) throw new AppError(500, 'org.move_lost', 'The moved org could not be read back');
      return toOrgView(after);
    });
  }

  /** Dissolves an org; it stays in the tree with its history, and takes no new children. */
  async dissolve(actor: Actor, id: string, input: { version: number; dissolvedOn?: string | undefined }): Promise<OrgView> {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.mustFind(trx, actor, id);
      if (org.version !== input.version) throw staleVersion(id);
      if (org.status !== 'active') throw conflict('org.already_dissolved', 'The org is already dissolved');
      if (!org.parent_id) throw ruleViolation('org.dissolve_root', 'The root org cannot be dissolved');
      const children = await repo.countActiveChildren(trx, id);
      if (children > 0) {
        throw ruleViolation('org.has_active_children', 'Dissolve or move its active children first', { activeChildren: children });
      }
      const members = await repo.countActiveMembers(trx, id);
      if (members > 0) {
        throw ruleViolation('org.has_active_members', 'Transfer its members to another branch first', {
          activeMembers: members,
          rule: { id: 'org.has_active_members', cite: '《中国共产党章程》第八条（每个党员必须编入党的一个支部）' },
        });
      }
      const dissolvedOn = input.dissolvedOn ?? todayInChina();
      if (org.established_on && dissolvedOn < org.established_on) {
        throw ruleViolation('org.end_before_start', 'The dissolution date is before the establishment date');
      }
      const now = nowUtc();
      const fields = { status: 'dissolved' as const, dissolved_on: dissolvedOn };
      if (!(await repo.updateOrgVersioned(trx, id, input.version, fields, now))) throw staleVersion(id);
      await this.audit.record(trx, actor, {
        action: 'org.dissolve',
        targetType: 'org',
        targetId: id,
        orgPath: org.path,
        summary: { dissolvedOn },
      });
      return toOrgView({ ...org, ...fields, version: input.version + 1, updated_at: now });
    });
  }

  async children(actor: Actor, id: string, includeDissolved: boolean): Promise<OrgView[]> {
    await this.mustFind(this.db, actor, id);
    return (await repo.listChildren(this.db, id, includeDissolved)).map(toOrgView);
  }

  async subtree(
    actor: Actor,
    id: string,
    query: Omit<repo.SubtreeQuery, 'rootPath'>,
  ): Promise<{ total: number; page: number; pageSize: number; items: OrgView[] }> {
    const root = await this.mustFind(this.db, actor, id);
    const { total, rows } = await repo.searchSubtree(this.db, { ...query, rootPath: root.path });
    return { total, page: query.page, pageSize: query.pageSize, items: rows.map((r) => toOrgView(r)) };
  }

  /** The breadcrumb: ancestors root first, cut at the caller's home org so nothing above it shows. */
  async ancestors(actor: Actor, id: string): Promise<OrgView[]> {
    const org = await this.mustFind(this.db, actor, id);
    const rows = await repo.findAncestors(this.db, org.path);
    return rows.filter((r) => r.path.startsWith(actor.scopePath)).map(toOrgView);
  }

  // Committee (班子) and terms (任期)

  async committee(actor: Actor, orgId: string, includeEnded: boolean) {
    await this.mustFind(this.db, actor, orgId);
    return (await repo.listCommittee(this.db, orgId, includeEnded)).map(toCommitteeView);
  }

  async addCommitteeMember(
    actor: Actor,
    orgId: string,
    input: { personName: string; position: repo.CommitteeRow['position']; startedOn: string },
  ) {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.mustFind(trx, actor, orgId);
      if (org.status !== 'active') throw ruleViolation('org.dissolved', 'A dissolved org has no committee');
      if (input.position === 'secretary') {
        const current = await repo.listCommittee(trx, orgId, false);
        if (current.some((m) => m.position === 'secretary')) {
          throw conflict('committee.secretary_exists', 'The org already has a secretary; end that post first');
        }
      }
      const now = nowUtc();
      const row: repo.CommitteeRow = {
        id: newId(),
        org_id: orgId,
        org_path: org.path,
        person_name: input.personName,
        position: input.position,
        started_on: input.startedOn,
        ended_on: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertCommitteeMember(trx, row);
      await this.audit.record(trx, actor, {
        action: 'committee.add',
        targetType: 'committee_member',
        targetId: row.id,
        orgPath: org.path,
        summary: { orgId, position: row.position, startedOn: row.started_on },
      });
      return toCommitteeView(row);
    });
  }

  async endCommitteeMember(actor: Actor, orgId: string, memberId: string, input: { version: number; endedOn: string }) {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.mustFind(trx, actor, orgId);
      const member = await repo.findCommitteeMember(trx, orgId, memberId);
      if (!member) throw notFound('committee.not_found', 'No such committee member', { id: memberId });
      if (member.ended_on) throw conflict('committee.already_ended', 'This post has already ended');
      if (input.endedOn < member.started_on) {
        throw ruleViolation('committee.end_before_start', 'The end date is before the start date');
      }
      const now = nowUtc();
      if (!(await repo.endCommitteeMember(trx, memberId, input.version, input.endedOn, now))) {
        throw conflict('committee.version_stale', 'The post was changed by someone else; reload and try again');
      }
      await this.audit.record(trx, actor, {
        action: 'committee.end',
        targetType: 'committee_member',
        targetId: memberId,
        orgPath: org.path,
        summary: { orgId, endedOn: input.endedOn },
      });
      return toCommitteeView({ ...member, ended_on: input.endedOn, version: input.version + 1, updated_at: now });
    });
  }

  async terms(actor: Actor, orgId: string) {
    const org = await this.mustFind(this.db, actor, orgId);
    const expected = termLengthFor(org.kind as OrgKind, org.domain as OrgDomain, todayInChina());
    return { expected, items: (await repo.listTerms(this.db, orgId)).map(toTermView) };
  }

  /** Records the start of a term (an election); its length comes from the rule set unless an approval set it. */
  async startTerm(actor: Actor, orgId: string, input: { startedOn: string; lengthYears?: number | undefined }) {
    return this.db.transaction().execute(async (trx) => this.startTermIn(trx, actor, await this.mustFind(trx, actor, orgId), input));
  }

  /** The start of a term inside the caller's transaction (an election's confirmation installs its committee too). */
  async startTermIn(trx: Executor, actor: Actor, org: repo.OrgRow, input: { startedOn: string; lengthYears?: number | undefined }) {
    if (org.status !== 'active') throw ruleViolation('org.dissolved', 'A dissolved org has no term');
    const kind = org.kind as OrgKind;
    if (!hasTerm(kind)) {
      throw ruleViolation('term.not_applicable', 'This kind of org is not elected for a term', { kind });
    }
    // An approved length stands on its own; otherwise the rules in force on the start date decide.
    const rule = input.lengthYears === undefined ? termLengthFor(kind, org.domain as OrgDomain, input.startedOn) : null;
    const years = input.lengthYears ?? rule?.years ?? 3;
    const previous = (await repo.listTerms(trx, org.id))[0];
    if (previous && input.startedOn <= previous.started_on) {
      throw ruleViolation('term.not_after_previous', 'A new term must start after the current one started', {
        currentStartedOn: previous.started_on,
      });
    }
    const row: repo.TermRow = {
      id: newId(),
      org_id: org.id,
      org_path: org.path,
      started_on: input.startedOn,
      length_years: years,
      ends_on: addYears(input.startedOn, years),
      rule_id: input.lengthYears === undefined && rule ? rule.ruleId : 'manual',
      is_current: 1,
      created_at: nowUtc(),
    };
    await repo.insertTerm(trx, row);
    await this.audit.record(trx, actor, {
      action: 'term.start',
      targetType: 'org_term',
      targetId: row.id,
      orgPath: org.path,
      summary: { orgId: org.id, startedOn: row.started_on, lengthYears: years, ruleId: row.rule_id },
    });
    return toTermView(row);
  }

  /**
   * Replaces the whole current committee inside the caller's transaction (an election's confirmation): every
   * current post ends on `onDate` and the new posts start on it. One secretary at most, as addCommitteeMember keeps.
   */
  async replaceCommitteeIn(
    trx: Executor,
    actor: Actor,
    org: repo.OrgRow,
    posts: readonly { personName: string; position: repo.CommitteeRow['position'] }[],
    onDate: string,
  ) {
    if (org.status !== 'active') throw ruleViolation('org.dissolved', 'A dissolved org has no committee');
    if (posts.filter((p) => p.position === 'secretary').length > 1) {
      throw conflict('committee.secretary_exists', 'A committee has one secretary');
    }
    const current = await repo.listCommittee(trx, org.id, false);
    const now = nowUtc();
    for (const post of current) {
      if (onDate < post.started_on) {
        throw ruleViolation('committee.end_before_start', 'A current post started after the date the new committee takes office', {
          memberId: post.id,
          startedOn: post.started_on,
        });
      }
      if (!(await repo.endCommitteeMember(trx, post.id, post.version, onDate, now))) {
        throw conflict('committee.version_stale', 'The committee was changed by someone else; reload and try again');
      }
    }
    const rows: repo.CommitteeRow[] = posts.map((p) => ({
      id: newId(),
      org_id: org.id,
      org_path: org.path,
      person_name: p.personName,
      position: p.position,
      started_on: onDate,
      ended_on: null,
      version: 1,
      created_at: now,
      updated_at: now,
    }));
    for (const row of rows) await repo.insertCommitteeMember(trx, row);
    await this.audit.record(trx, actor, {
      action: 'committee.replace',
      targetType: 'org',
      targetId: org.id,
      orgPath: org.path,
      summary: { onDate, ended: current.map((p) => p.id), started: rows.map((r) => ({ id: r.id, position: r.position })) },
    });
    return rows.map(toCommitteeView);
  }

  /** Orgs whose current term ends within `months` (the superior's reminder), and those already overdue. */
  async termsDue(actor: Actor, months: number, asOf: string = todayInChina()) {
    const cutoff = addMonths(asOf, months);
    const limit = 1000;
    const rows = await repo.termsEndingBy(this.db, actor.scopePath, cutoff, limit + 1);
    const truncated = rows.length > limit;
    rows.length = Math.min(rows.length, limit);
    const item = (r: repo.TermDueRow) => ({
      orgId: r.org_id,
      code: r.code,
      name: r.name,
      kind: r.kind as OrgKind,
      domain: r.domain as OrgDomain,
      startedOn: r.started_on,
      endsOn: r.ends_on,
      lengthYears: r.length_years,
    });
    return {
      asOf,
      months,
      truncated,
      dueSoon: rows.filter((r) => r.ends_on >= asOf).map(item),
      overdue: rows.filter((r) => r.ends_on < asOf).map(item),
    };
  }
}

export function toCommitteeView(row: repo.CommitteeRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    personName: row.person_name,
    position: row.position,
    startedOn: row.started_on,
    endedOn: row.ended_on,
    version: row.version,
  };
}

export function toTermView(row: repo.TermRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    startedOn: row.started_on,
    lengthYears: row.length_years,
    endsOn: row.ends_on,
    ruleId: row.rule_id,
    current: row.is_current === 1,
  };
}
