/**
 * Use cases of mentor pairs (老党员传帮带), the reserve-cadre pool (后备干部人才库) and care for members in
 * difficulty (困难党员关爱). Every record hangs off members of the caller's subtree; each write leaves a member
 * history row and an audit row in its transaction.
 */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { recordMemberEvent } from '../members/member-events.ts';
import { insertHistory } from '../members/members.repo.ts';
import { historyRow } from '../members/members.service.ts';
import type { Actor } from '../../lib/actor.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db, Executor } from '../../db/schema.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { checkDateBetween, checkNotFuture } from '../flowing/flowing.rules.ts';
import { SEGMENT_WIDTH } from '../orgs/tree.ts';
import { activeMemberForWrite, raiseViolation } from '../transfers/transfers.service.ts';
import * as repo from './pools.repo.ts';
import { checkCareAmount, checkMentorPair, yearRange, type CareKind } from './pools.rules.ts';

const stale = (kind: string, id: string) => conflict(`${kind}.version_stale`, 'The record was changed by someone else; reload and try again', { id });

export class PoolService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  private async orgInScope(actor: Actor, orgId: string) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    return org;
  }

  // 老党员传帮带

  private async mustFindPair(ex: Executor, actor: Actor, id: string) {
    const row = await repo.findPairInScope(ex, id, actor.scopePath);
    if (!row) throw notFound('mentor_pair.not_found', 'No such mentor pair in your scope', { id });
    return row;
  }

  async startPair(actor: Actor, input: { mentorId: string; menteeId: string; startedOn: string }) {
    raiseViolation(checkNotFuture('The start date', input.startedOn, this.today()));
    return this.db.transaction().execute(async (trx) => {
      // Lock in id order so that two pairs over the same two members cannot deadlock.
      const [first, second] = [input.mentorId, input.menteeId].sort();
      const a = await activeMemberForWrite(trx, actor, first as string);
      const b = first === second ? a : await activeMemberForWrite(trx, actor, second as string);
      const mentor = a.id === input.mentorId ? a : b;
      const mentee = a.id === input.menteeId ? a : b;
      raiseViolation(checkMentorPair(mentor, mentee));
      const open = await repo.findOpenPairOfMentee(trx, mentee.id);
      if (open) throw conflict('mentor_pair.already_open', 'The mentee already has an open pair; end it first', { id: open.id });
      const now = nowUtc(this.now());
      const row: repo.PairRow = {
        id: newId(),
        org_path: mentee.org_path,
        mentor_id: mentor.id,
        mentee_id: mentee.id,
        started_on: input.startedOn,
        ended_on: null,
        version: 1,
        created_at: now,
      };
      await repo.insertPair(trx, row);
      const summary = { pairId: row.id, mentorId: mentor.id, menteeId: mentee.id, startedOn: row.started_on };
      await insertHistory(trx, [historyRow(mentor, actor, 'mentor_pair.start', summary, now), historyRow(mentee, actor, 'mentor_pair.start', summary, now)]);
      await this.audit.record(trx, actor, { action: 'mentor_pair.start', targetType: 'mentor_pair', targetId: row.id, orgPath: row.org_path, summary });
      return pairView((await repo.findPairInScope(trx, row.id, '')) as repo.PairListRow);
    });
  }

  async endPair(actor: Actor, id: string, input: { endedOn: string; version: number }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const pair = await this.mustFindPair(trx, actor, id);
      if (pair.version !== input.version) throw stale('mentor_pair', id);
      if (pair.ended_on !== null) throw conflict('mentor_pair.already_ended', 'The pair has already ended');
      raiseViolation(checkDateBetween('The end date', input.endedOn, pair.started_on, today));
      if (!(await repo.endPairVersioned(trx, id, input.version, input.endedOn))) throw stale('mentor_pair', id);
      const now = nowUtc(this.now());
      const summary = { pairId: id, endedOn: input.endedOn };
      await insertHistory(trx, [
        historyRow({ id: pair.mentor_id, org_path: pair.org_path }, actor, 'mentor_pair.end', summary, now),
        historyRow({ id: pair.mentee_id, org_path: pair.org_path }, actor, 'mentor_pair.end', summary, now),
      ]);
      await this.audit.record(trx, actor, { action: 'mentor_pair.end', targetType: 'mentor_pair', targetId: id, orgPath: pair.org_path, summary });
      return pairView({ ...pair, ended_on: input.endedOn, version: input.version + 1 });
    });
  }

  async listPairs(actor: Actor, q: { orgId: string; state: 'open' | 'ended' | 'all'; page: number; pageSize: number }) {
    const org = await this.orgInScope(actor, q.orgId);
    const { total, rows } = await repo.listPairs(this.db, org.path, q.state, q.page, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map(pairView) };
  }

  // 后备干部人才库

  private async mustFindReserve(ex: Executor, actor: Actor, id: string) {
    const row = await repo.findReserveInScope(ex, id, actor.scopePath);
    if (!row) throw notFound('reserve_cadre.not_found', 'No such reserve cadre in your scope', { id });
    return row;
  }

  async addReserve(actor: Actor, input: { memberId: string; targetPost: string; addedOn: string }) {
    raiseViolation(checkNotFuture('The date added', input.addedOn, this.today()));
    return this.db.transaction().execute(async (trx) => {
      const member = await activeMemberForWrite(trx, actor, input.memberId);
      const open = await repo.findOpenReserveOfMember(trx, member.id);
      if (open) throw conflict('reserve_cadre.already_in_pool', 'The member is already in the reserve pool', { id: open.id });
      const now = nowUtc(this.now());
      const row: repo.ReserveRow = {
        id: newId(),
        member_id: member.id,
        org_path: member.org_path,
        target_post: input.targetPost,
        added_on: input.addedOn,
        removed_on: null,
        version: 1,
        created_at: now,
      };
      await repo.insertReserve(trx, row);
      const summary = { reserveId: row.id, targetPost: row.target_post, addedOn: row.added_on };
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'reserve_cadre.add', targetType: 'reserve_cadre', targetId: row.id, orgPath: row.org_path, summary }, now);
      return reserveView((await repo.findReserveInScope(trx, row.id, '')) as repo.ReserveListRow, []);
    });
  }

  async addReserveRecord(actor: Actor, id: string, input: { kind: 'training' | 'assessment'; recordedOn: string; content: string }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const entry = await this.mustFindReserve(trx, actor, id);
      if (entry.removed_on !== null) throw conflict('reserve_cadre.removed', 'The member has left the reserve pool');
      raiseViolation(checkDateBetween('The record date', input.recordedOn, entry.added_on, today));
      const now = nowUtc(this.now());
      const row: repo.ReserveRecordRow = { id: newId(), reserve_id: id, org_path: entry.org_path, kind: input.kind, recorded_on: input.recordedOn, content: input.content, created_at: now };
      await repo.insertReserveRecord(trx, row);
      const summary = { reserveId: id, recordId: row.id, kind: row.kind, recordedOn: row.recorded_on };
      await recordMemberEvent(trx, this.audit, actor, { id: entry.member_id, org_path: entry.org_path }, { action: 'reserve_cadre.record', targetType: 'reserve_cadre', targetId: id, orgPath: entry.org_path, summary }, now);
      return reserveRecordView(row);
    });
  }

  async removeReserve(actor: Actor, id: string, input: { removedOn: string; version: number }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const entry = await this.mustFindReserve(trx, actor, id);
      if (entry.version !== input.version) throw stale('reserve_cadre', id);
      if (entry.removed_on !== null) throw conflict('reserve_cadre.removed', 'The member has already left the reserve pool');
      raiseViolation(checkDateBetween('The removal date', input.removedOn, entry.added_on, today));
      if (!(await repo.removeReserveVersioned(trx, id, input.version, input.removedOn))) throw stale('reserve_cadre', id);
      const now = nowUtc(this.now());
      const summary = { reserveId: id, removedOn: input.removedOn };
      await recordMemberEvent(trx, this.audit, actor, { id: entry.member_id, org_path: entry.org_path }, { action: 'reserve_cadre.remove', targetType: 'reserve_cadre', targetId: id, orgPath: entry.org_path, summary }, now);
      return reserveView({ ...entry, removed_on: input.removedOn, version: input.version + 1 }, await repo.recordsOfReserves(trx, [id]));
    });
  }

  async listReserves(actor: Actor, q: { orgId: string; state: 'open' | 'ended' | 'all'; page: number; pageSize: number }) {
    const org = await this.orgInScope(actor, q.orgId);
    const { total, rows } = await repo.listReserves(this.db, org.path, q.state, q.page, q.pageSize);
    const records = await repo.recordsOfReserves(this.db, rows.map((r) => r.id));
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => reserveView(r, records.filter((x) => x.reserve_id === r.id))) };
  }

  // 困难党员关爱

  async recordCare(actor: Actor, input: { memberId: string; kind: CareKind; recordedOn: string; amountFen: number; note: string }) {
    raiseViolation(checkCareAmount(input.kind, input.amountFen) ?? checkNotFuture('The date', input.recordedOn, this.today()));
    return this.db.transaction().execute(async (trx) => {
      const member = await activeMemberForWrite(trx, actor, input.memberId);
      const now = nowUtc(this.now());
      const row: repo.CareRow = {
        id: newId(),
        member_id: member.id,
        org_path: member.org_path,
        kind: input.kind,
        recorded_on: input.recordedOn,
        amount_fen: input.amountFen,
        note: input.note,
        created_at: now,
      };
      await repo.insertCare(trx, row);
      const summary = { careId: row.id, kind: row.kind, recordedOn: row.recorded_on, amountFen: row.amount_fen };
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'care.record', targetType: 'care_record', targetId: row.id, orgPath: row.org_path, summary }, now);
      return careView({ ...row, member_name: member.name });
    });
  }

  async listCare(actor: Actor, q: { orgId: string; year?: number | undefined; page: number; pageSize: number }) {
    const org = await this.orgInScope(actor, q.orgId);
    const { total, rows } = await repo.listCare(this.db, org.path, q.year === undefined ? null : yearRange(q.year), q.page, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map(careView) };
  }

  /** A year's care for a subtree, and the same per direct child org (records of the org itself shown apart). */
  async careTotals(actor: Actor, orgId: string, year: number = Number(this.today().slice(0, 4))) {
    const org = await this.orgInScope(actor, orgId);
    const { from, to } = yearRange(year);
    const empty: repo.CareTotals = { visits: 0, fundRecords: 0, fundsFen: 0, totalFen: 0, membersCared: 0 };
    const [whole] = await repo.careTotals(this.db, org.path, from, to, org.path.length);
    const byPrefix = new Map((await repo.careTotals(this.db, org.path, from, to, org.path.length + SEGMENT_WIDTH)).map((r) => [r.prefix, r]));
    // 党小组 hold no records of their own (members sit on the branch), so they get no row.
    const children = await this.db
      .selectFrom('orgs')
      .select(['id', 'code', 'name', 'path', 'status'])
      .where('parent_id', '=', org.id)
      .where('kind', '!=', 'group')
      .orderBy('path')
      .execute();
    const strip = (r: repo.CareTotalsRow | undefined): repo.CareTotals =>
      r ? { visits: r.visits, fundRecords: r.fundRecords, fundsFen: r.fundsFen, totalFen: r.totalFen, membersCared: r.membersCared } : empty;
    return {
      orgId,
      year,
      ...strip(whole),
      own: strip(byPrefix.get(org.path)),
      byChild: children
        .filter((c) => c.status === 'active' || byPrefix.has(c.path))
        .map((c) => ({ orgId: c.id, code: c.code, name: c.name, ...strip(byPrefix.get(c.path)) })),
    };
  }
}

function pairView(r: repo.PairListRow) {
  return {
    id: r.id,
    mentor: { id: r.mentor_id, name: r.mentor_name },
    mentee: { id: r.mentee_id, name: r.mentee_name },
    org: { id: r.org_id, name: r.org_name },
    startedOn: r.started_on,
    endedOn: r.ended_on,
    version: r.version,
    createdAt: r.created_at,
  };
}

function reserveRecordView(r: repo.ReserveRecordRow) {
  return { id: r.id, kind: r.kind, recordedOn: r.recorded_on, content: r.content, createdAt: r.created_at };
}

function reserveView(r: repo.ReserveListRow, records: repo.ReserveRecordRow[]) {
  return {
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    org: { id: r.org_id, name: r.org_name },
    targetPost: r.target_post,
    addedOn: r.added_on,
    removedOn: r.removed_on,
    records: records.map(reserveRecordView),
    version: r.version,
    createdAt: r.created_at,
  };
}

function careView(r: repo.CareListRow) {
  return { id: r.id, memberId: r.member_id, memberName: r.member_name, kind: r.kind, recordedOn: r.recorded_on, amountFen: r.amount_fen, note: r.note, createdAt: r.created_at };
}
