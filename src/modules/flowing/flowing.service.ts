/**
 * Use cases of flowing members (流动党员): the home branch records who is away and where, ends the record when
 * the member is back, and records the member's reports (at least yearly, RULES.md). The member's is_flowing flag
 * follows the open record.
 */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { recordMemberEvent } from '../members/member-events.ts';
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { transferRulesOn } from '../../policy/transfers.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { updateMemberVersioned, type MemberRow } from '../members/members.repo.ts';
import { lockMember } from '../transfers/transfers.repo.ts';
import { activeMemberForWrite, raiseViolation } from '../transfers/transfers.service.ts';
import * as repo from './flowing.repo.ts';
import { checkDateBetween, checkNotFuture, FLOWING_REPORT_CITE, isReportOverdue, maskContact, overdueBefore, reportDueOn } from './flowing.rules.ts';

const flowingNotFound = (id: string) => notFound('flowing.not_found', 'No such flowing-member record in your scope', { id });
const staleFlowing = (id: string) => conflict('flowing.version_stale', 'The record was changed by someone else; reload and try again', { id });
const staleMember = (id: string) => conflict('member.version_stale', 'The member was changed by someone else; reload and try again', { id });

export class FlowingService {
  constructor(
    private readonly db: Db,
    private readonly crypto: CryptoProvider,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  view(row: repo.FlowingListRow, today = this.today()) {
    const rules = transferRulesOn(today).rules;
    const facts = { startedOn: row.started_on, lastReportedOn: row.last_reported_on, endedOn: row.ended_on };
    return {
      id: row.id,
      memberId: row.member_id,
      memberName: row.member_name,
      org: { id: row.member_org_id, code: row.org_code, name: row.org_name },
      destination: row.destination,
      contact: row.contact_enc ? maskContact(this.crypto.decrypt(row.contact_enc)) : null,
      startedOn: row.started_on,
      endedOn: row.ended_on,
      lastReportedOn: row.last_reported_on,
      reportDueOn: row.ended_on === null ? reportDueOn(facts, rules) : null,
      reportOverdue: isReportOverdue(facts, today, rules),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private async mustFind(ex: Executor, actor: Actor, id: string): Promise<repo.FlowingListRow> {
    const row = await repo.findFlowingInScope(ex, id, actor.scopePath);
    if (!row) throw flowingNotFound(id);
    return row;
  }

  private async setFlag(ex: Executor, member: MemberRow, value: 0 | 1, now: string): Promise<void> {
    if (member.is_flowing === value) return;
    if (!(await updateMemberVersioned(ex, member.id, member.version, { is_flowing: value }, now))) throw staleMember(member.id);
  }

  async start(actor: Actor, input: { memberId: string; destination: string; contact?: string | undefined; startedOn: string }) {
    const today = this.today();
    raiseViolation(checkNotFuture('The start date', input.startedOn, today));
    return this.db.transaction().execute(async (trx) => {
      const member = await activeMemberForWrite(trx, actor, input.memberId);
      const open = await repo.findOpenFlowingOfMember(trx, member.id);
      if (open) throw conflict('flowing.already_open', 'The member already has an open flowing-member record', { id: open.id });
      const now = nowUtc(this.now());
      const row: repo.FlowingRow = {
        id: newId(),
        member_id: member.id,
        org_path: member.org_path,
        destination: input.destination,
        contact_enc: input.contact ? this.crypto.encrypt(input.contact) : null,
        started_on: input.startedOn,
        ended_on: null,
        last_reported_on: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insertFlowing(trx, row);
      await this.setFlag(trx, member, 1, now);
      const summary = { flowingId: row.id, destination: row.destination, startedOn: row.started_on };
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'flowing.start', targetType: 'flowing_record', targetId: row.id, orgPath: row.org_path, summary }, now);
      return this.view((await repo.findFlowingInScope(trx, row.id, '')) as repo.FlowingListRow, today);
    });
  }

  async end(actor: Actor, id: string, input: { endedOn: string; version: number }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const rec = await this.mustFind(trx, actor, id);
      if (rec.version !== input.version) throw staleFlowing(id);
      if (rec.ended_on !== null) throw conflict('flowing.already_ended', 'The record has already ended');
      raiseViolation(checkDateBetween('The end date', input.endedOn, rec.started_on, today));
      await lockMember(trx, rec.member_id);
      const now = nowUtc(this.now());
      if (!(await repo.endFlowingVersioned(trx, id, input.version, input.endedOn, now))) throw staleFlowing(id);
      const member = (await trx.selectFrom('members').selectAll().where('id', '=', rec.member_id).executeTakeFirst()) as MemberRow;
      await this.setFlag(trx, member, 0, now);
      const summary = { flowingId: id, endedOn: input.endedOn };
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'flowing.end', targetType: 'flowing_record', targetId: id, orgPath: rec.org_path, summary }, now);
      return this.view((await repo.findFlowingInScope(trx, id, '')) as repo.FlowingListRow, today);
    });
  }

  /** The member's report to the home org (RULES.md: at least yearly). */
  async report(actor: Actor, id: string, input: { reportedOn: string; content: string }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const rec = await this.mustFind(trx, actor, id);
      if (rec.ended_on !== null) throw conflict('flowing.already_ended', 'The record has ended; reports go to an open record');
      raiseViolation(checkDateBetween('The report date', input.reportedOn, rec.started_on, today));
      const now = nowUtc(this.now());
      const row: repo.FlowingReportRow = { id: newId(), flowing_id: id, org_path: rec.org_path, reported_on: input.reportedOn, content: input.content, created_at: now };
      await repo.addReport(trx, row, now);
      const summary = { flowingId: id, reportId: row.id, reportedOn: row.reported_on };
      await recordMemberEvent(trx, this.audit, actor, { id: rec.member_id, org_path: rec.org_path }, { action: 'flowing.report', targetType: 'flowing_record', targetId: id, orgPath: rec.org_path, summary }, now);
      return reportView(row);
    });
  }

  async get(actor: Actor, id: string) {
    const rec = await this.mustFind(this.db, actor, id);
    return { ...this.view(rec), reports: (await repo.reportsOf(this.db, id)).map(reportView) };
  }

  async list(actor: Actor, q: { orgId: string; state: 'open' | 'ended' | 'all'; overdue: boolean; page: number; pageSize: number }) {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const today = this.today();
    const before = q.overdue ? overdueBefore(today, transferRulesOn(today).rules) : undefined;
    const { total, rows } = await repo.listFlowing(this.db, { rootPath: org.path, state: q.state, overdueBefore: before }, q.page, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, asOf: today, cite: FLOWING_REPORT_CITE, items: rows.map((r) => this.view(r, today)) };
  }

  /** The whole contact, for a role allowed to see personal data; every view is audited. */
  async revealContact(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const rec = await this.mustFind(trx, actor, id);
      await this.audit.record(trx, actor, { action: 'personal.reveal', targetType: 'flowing_record', targetId: id, orgPath: rec.org_path, summary: { field: 'contact' } });
      return { field: 'contact', value: rec.contact_enc ? this.crypto.decrypt(rec.contact_enc) : null };
    });
  }
}

function reportView(r: repo.FlowingReportRow) {
  return { id: r.id, reportedOn: r.reported_on, content: r.content, createdAt: r.created_at };
}
