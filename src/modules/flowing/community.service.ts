/**
 * Use cases of community reporting (在职党员到社区报到, 双报到). The member's own branch registers an in-service
 * member with a community branch anywhere in the installation; the member keeps their branch (it is a second org,
 * not a transfer). The community side records the service done and sees the hours.
 */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { recordMemberEvent } from '../members/member-events.ts';
import type { Actor } from '../../lib/actor.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { findOrgById } from '../orgs/orgs.repo.ts';
import { isInSubtree } from '../orgs/tree.ts';
import { activeMemberForWrite, raiseViolation } from '../transfers/transfers.service.ts';
import * as repo from './community.repo.ts';
import { checkCommunityRegistration, checkDateBetween, checkNotFuture, checkService } from './flowing.rules.ts';

const registrationNotFound = (id: string) => notFound('community.not_found', 'No such community registration in your scope', { id });
const staleRegistration = (id: string) => conflict('community.version_stale', 'The registration was changed by someone else; reload and try again', { id });

export type RegistrationSide = 'home' | 'community' | 'both';

export class CommunityService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  /** Which side of the registration a subtree is on: the member's home branch, the community, or both. */
  private sideOf(rootPath: string, row: repo.RegistrationRow): RegistrationSide {
    const home = isInSubtree(row.org_path, rootPath);
    const community = isInSubtree(row.community_org_path, rootPath);
    return home && community ? 'both' : home ? 'home' : 'community';
  }

  view(row: repo.RegistrationListRow, rootPath: string) {
    return {
      id: row.id,
      memberId: row.member_id,
      memberName: row.member_name,
      homeOrg: { id: row.home_org_id, code: row.home_org_code, name: row.home_org_name },
      communityOrg: { id: row.community_org_id, code: row.community_org_code, name: row.community_org_name },
      registeredOn: row.registered_on,
      endedOn: row.ended_on,
      totalMinutes: row.total_minutes,
      side: this.sideOf(rootPath, row),
      version: row.version,
      createdAt: row.created_at,
    };
  }

  private async mustFind(ex: Executor, actor: Actor, id: string): Promise<repo.RegistrationListRow> {
    const row = await repo.findRegistrationVisible(ex, id, actor.scopePath);
    if (!row) throw registrationNotFound(id);
    return row;
  }

  async register(actor: Actor, input: { memberId: string; communityOrgId: string; registeredOn: string }) {
    raiseViolation(checkNotFuture('The registration date', input.registeredOn, this.today()));
    return this.db.transaction().execute(async (trx) => {
      const member = await activeMemberForWrite(trx, actor, input.memberId);
      // The community may be anywhere in the installation; only its id, code and name are shown.
      const community = await findOrgById(trx, input.communityOrgId, '');
      if (!community) throw notFound('org.not_found', 'No such org', { id: input.communityOrgId });
      raiseViolation(checkCommunityRegistration({ inService: member.is_in_service === 1, orgId: member.org_id }, community));
      const open = await repo.findOpenRegistrationOfMember(trx, member.id);
      if (open) throw conflict('community.already_registered', 'The member is already registered with a community; end that registration first', { id: open.id });
      const now = nowUtc(this.now());
      const row: repo.RegistrationRow = {
        id: newId(),
        member_id: member.id,
        org_path: member.org_path,
        community_org_id: community.id,
        community_org_path: community.path,
        registered_on: input.registeredOn,
        ended_on: null,
        version: 1,
        created_at: now,
      };
      await repo.insertRegistration(trx, row);
      const summary = { registrationId: row.id, communityOrg: community.code, registeredOn: row.registered_on };
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'community.register', targetType: 'community_registration', targetId: row.id, orgPath: row.org_path, summary }, now);
      return this.view((await repo.findRegistrationVisible(trx, row.id, '')) as repo.RegistrationListRow, actor.scopePath);
    });
  }

  /** Either side may end a registration. */
  async end(actor: Actor, id: string, input: { endedOn: string; version: number }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const reg = await this.mustFind(trx, actor, id);
      if (reg.version !== input.version) throw staleRegistration(id);
      if (reg.ended_on !== null) throw conflict('community.already_ended', 'The registration has already ended');
      raiseViolation(checkDateBetween('The end date', input.endedOn, reg.registered_on, today));
      if (!(await repo.endRegistrationVersioned(trx, id, input.version, input.endedOn))) throw staleRegistration(id);
      const now = nowUtc(this.now());
      const summary = { registrationId: id, endedOn: input.endedOn };
      await recordMemberEvent(trx, this.audit, actor, { id: reg.member_id, org_path: reg.org_path }, { action: 'community.end', targetType: 'community_registration', targetId: id, orgPath: reg.org_path, summary }, now);
      return this.view((await repo.findRegistrationVisible(trx, id, '')) as repo.RegistrationListRow, actor.scopePath);
    });
  }

  /** Service done in the community, recorded by the community side under the community's path. */
  async recordService(actor: Actor, id: string, input: { servedOn: string; minutes: number; description: string }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const reg = await this.mustFind(trx, actor, id);
      if (!isInSubtree(reg.community_org_path, actor.scopePath)) {
        throw new AppError(403, 'community.community_side_only', 'Only the community side records service');
      }
      raiseViolation(checkService({ registeredOn: reg.registered_on, endedOn: reg.ended_on }, input.servedOn, today));
      const now = nowUtc(this.now());
      const row: repo.ServiceRow = {
        id: newId(),
        registration_id: id,
        org_path: reg.community_org_path,
        served_on: input.servedOn,
        minutes: input.minutes,
        description: input.description,
        created_at: now,
      };
      await repo.insertService(trx, row);
      const summary = { registrationId: id, serviceId: row.id, servedOn: row.served_on, minutes: row.minutes };
      await recordMemberEvent(trx, this.audit, actor, { id: reg.member_id, org_path: reg.org_path }, { action: 'community.service', targetType: 'community_registration', targetId: id, orgPath: row.org_path, summary }, now);
      return serviceView(row);
    });
  }

  async get(actor: Actor, id: string) {
    const reg = await this.mustFind(this.db, actor, id);
    return { ...this.view(reg, actor.scopePath), services: (await repo.servicesOf(this.db, id)).map(serviceView) };
  }

  async list(actor: Actor, q: { orgId: string; side?: 'home' | 'community' | undefined; state: 'open' | 'ended' | 'all'; page: number; pageSize: number }) {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const { total, rows } = await repo.listRegistrations(this.db, { rootPath: org.path, side: q.side, state: q.state }, q.page, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => this.view(r, org.path)) };
  }

  /** Service minutes per member in a calendar year, for a community subtree. */
  async hours(actor: Actor, orgId: string, year: number = Number(this.today().slice(0, 4))) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const rows = await repo.hoursByMember(this.db, org.path, `${year}-01-01`, `${year}-12-31`);
    return {
      orgId,
      year,
      totalMinutes: rows.reduce((sum, r) => sum + r.minutes, 0),
      members: rows.map((r) => ({ memberId: r.member_id, memberName: r.member_name, homeOrgName: r.home_org_name, minutes: r.minutes, sessions: r.sessions })),
    };
  }
}

function serviceView(r: repo.ServiceRow) {
  return { id: r.id, registrationId: r.registration_id, servedOn: r.served_on, minutes: r.minutes, description: r.description, createdAt: r.created_at };
}
