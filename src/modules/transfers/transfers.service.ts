/**
 * Use cases of transfer letters (组织关系转接). The sending side (whose scope holds the member's branch) issues and
 * cancels; the receiving side (whose scope holds the destination) receives or returns an internal letter; for a
 * letter to outside the installation the sending side records the receipt or the return that came back. Until the
 * receipt the member stays in the sending branch, which stays responsible (RULES.md).
 */
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { recordMemberEvent } from '../members/member-events.ts';
import type { Actor } from '../../lib/actor.ts';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { AppError, badInput, conflict, notFound } from '../../lib/errors.ts';
import { ageOn } from '../../lib/id-number.ts';
import { newId } from '../../lib/ids.ts';
import { maskIdNumber } from '../../lib/masking.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { citeText } from '../../policy/rule-set.ts';
import { TRANSFER_CITES, TRANSFER_RULE_VERSIONS, transferRulesOn } from '../../policy/transfers.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { findMemberInScope, updateMemberVersioned, type MemberRow } from '../members/members.repo.ts';
import { memberNotFound } from '../members/members.service.ts';
import { BRANCH_KINDS, type OrgKind } from '../orgs/org-kinds.ts';
import { findOrgById } from '../orgs/orgs.repo.ts';
import { isInSubtree } from '../orgs/tree.ts';
import * as repo from './transfers.repo.ts';
import {
  checkDateInRange,
  checkReceipt,
  isExpired,
  isReceiptOverdue,
  LETTER_TYPE_LABELS,
  letterNumber,
  movesMembership,
  nextLetterSeq,
  receiptDueOn,
  resolveLetterType,
  validUntil,
  type IssuableLetterType,
  type TransferState,
  type Violation,
} from './transfers.rules.ts';

export interface IssueInput {
  memberId: string;
  toOrgId?: string | undefined;
  externalDestination?: string | undefined;
  awayMonths?: number | undefined;
  fixedPlace?: boolean | undefined;
  letterType?: IssuableLetterType | undefined;
  reason?: string | undefined;
  issuedOn: string;
}

export type Side = 'sending' | 'receiving' | 'both';

const transferNotFound = (id: string) => notFound('transfer.not_found', 'No such transfer letter in your scope', { id });
const staleTransfer = (id: string) => conflict('transfer.version_stale', 'The letter was changed by someone else; reload and try again', { id });
const notOpen = (state: TransferState) => conflict('transfer.not_open', `The letter is already ${state}`, { state });

/** A rule's refusal as the one error shape; a 422 always names its rule (cite null when no document backs it). */
export function violationError(v: Violation): AppError {
  return new AppError(v.status, v.code, v.message, v.cite || v.status === 422 ? { rule: { id: v.code, cite: v.cite } } : null);
}

export function raiseViolation(v: Violation | null): void {
  if (v) throw violationError(v);
}

/** A member of the caller's scope, locked for the transaction, who has not transferred out (shared by the member-record modules). */
export async function activeMemberForWrite(ex: Executor, actor: Actor, memberId: string): Promise<MemberRow> {
  await repo.lockMember(ex, memberId);
  const member = await findMemberInScope(ex, memberId, actor.scopePath);
  if (!member) throw memberNotFound(memberId);
  if (member.membership !== 'active') throw conflict('member.not_active', 'The member has transferred out of the installation', { id: memberId });
  return member;
}

const DESTINATION_CITE = '《中国共产党章程》第八条（每个党员必须编入党的一个支部）';

export class TransferService {
  constructor(
    private readonly db: Db,
    private readonly crypto: CryptoProvider,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayInChina(this.now());
  }

  private sideOf(actor: Actor, row: repo.TransferRow): Side {
    const sending = isInSubtree(row.org_path, actor.scopePath);
    const receiving = row.to_org_path !== null && isInSubtree(row.to_org_path, actor.scopePath);
    return sending && receiving ? 'both' : sending ? 'sending' : 'receiving';
  }

  view(row: repo.TransferListRow, actor: Actor, today = this.today()) {
    const state = row.state;
    return {
      id: row.id,
      memberId: row.member_id,
      memberName: row.member_name,
      fromOrg: { id: row.from_org_id, code: row.from_org_code, name: row.from_org_name },
      toOrg: row.to_org_id ? { id: row.to_org_id, code: row.to_org_code ?? '', name: row.to_org_name ?? '' } : null,
      externalDestination: row.external_destination,
      letterType: row.letter_type as IssuableLetterType,
      letterTypeLabel: LETTER_TYPE_LABELS[row.letter_type],
      letterNumber: row.letter_number,
      reason: row.reason,
      issuedOn: row.issued_on,
      validUntil: row.valid_until,
      receiptDueOn: row.receipt_due_on,
      state,
      receivedOn: row.received_on,
      returnedOn: row.returned_on,
      returnReason: row.return_reason,
      expired: isExpired({ state, validUntil: row.valid_until }, today),
      receiptOverdue: isReceiptOverdue({ state, receiptDueOn: row.receipt_due_on }, today),
      movesMembership: movesMembership(row.letter_type),
      callerSide: this.sideOf(actor, row),
      ruleId: row.rule_id,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private async mustFind(ex: Executor, actor: Actor, id: string): Promise<repo.TransferListRow> {
    const row = await repo.findVisibleTransfer(ex, id, actor.scopePath);
    if (!row) throw transferNotFound(id);
    return row;
  }

  /** The side that acts on receipt and return: the receiving side for internal letters, the sender for outside ones. */
  private requireAnsweringSide(actor: Actor, row: repo.TransferRow): void {
    if (row.to_org_path === null) {
      if (!isInSubtree(row.org_path, actor.scopePath)) throw new AppError(403, 'transfer.sending_side_only', 'The sending side records what comes back for a letter to outside');
    } else if (!isInSubtree(row.to_org_path, actor.scopePath)) {
      throw new AppError(403, 'transfer.receiving_side_only', 'Only the receiving side receives or returns this letter');
    }
  }

  async issue(actor: Actor, input: IssueInput) {
    const today = this.today();
    if (input.issuedOn > today) throw badInput('transfer.date_in_future', 'The issue date is in the future');
    const first = TRANSFER_RULE_VERSIONS.reduce((a, v) => (v.effectiveFrom < a ? v.effectiveFrom : a), '9999-12-31');
    if (input.issuedOn < first) throw badInput('transfer.issued_too_early', `No letter rules are recorded before ${first}`);
    const rules = transferRulesOn(input.issuedOn);
    const resolved = resolveLetterType(input, rules);
    if ('violation' in resolved) throw violationError(resolved.violation);
    // Two letters issued at once may draw the same number; the unique index refuses one, which tries again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const member = await activeMemberForWrite(trx, actor, input.memberId);
          const open = await repo.findOpenTransferOfMember(trx, member.id);
          if (open) throw conflict('transfer.already_open', 'The member already has an open letter; receive, return or cancel it first', { id: open.id, letterNumber: open.letter_number });
          let destination: { id: string; path: string } | null = null;
          if (input.toOrgId) {
            const org = await findOrgById(trx, input.toOrgId, '');
            if (!org) throw notFound('org.not_found', 'No such org', { id: input.toOrgId });
            if (!BRANCH_KINDS.includes(org.kind as OrgKind) || org.status !== 'active') {
              throw new AppError(422, 'transfer.destination_not_branch', 'A letter goes to an active branch (党支部, 联合党支部, 临时或网上党支部)', {
                rule: { id: 'transfer.destination_not_branch', cite: DESTINATION_CITE },
              });
            }
            if (org.id === member.org_id) throw violationError({ code: 'transfer.same_org', message: 'The member is already in this branch', status: 422, cite: null });
            destination = { id: org.id, path: org.path };
          }
          const year = input.issuedOn.slice(0, 4);
          const prefix = rules.rules.letterPrefix;
          const number = letterNumber(prefix, year, nextLetterSeq(await repo.highestLetterNumber(trx, prefix, year), prefix, year));
          const now = nowUtc(this.now());
          const row: repo.TransferRow = {
            id: newId(),
            member_id: member.id,
            from_org_id: member.org_id,
            org_path: member.org_path,
            to_org_id: destination?.id ?? null,
            to_org_path: destination?.path ?? null,
            external_destination: destination ? null : (input.externalDestination ?? null),
            letter_type: resolved.type,
            letter_number: number,
            reason: input.reason ?? null,
            issued_on: input.issuedOn,
            valid_until: validUntil(input.issuedOn, rules.rules),
            receipt_due_on: receiptDueOn(input.issuedOn, destination === null, rules.rules),
            rule_id: rules.id,
            state: 'issued',
            received_on: null,
            returned_on: null,
            return_reason: null,
            version: 1,
            created_at: now,
            updated_at: now,
          };
          await repo.insertTransfer(trx, row);
          const summary = { letterNumber: number, letterType: row.letter_type, toOrgId: row.to_org_id, external: destination === null, issuedOn: row.issued_on, validUntil: row.valid_until };
          await recordMemberEvent(trx, this.audit, actor, member, { action: 'transfer.issue', targetType: 'transfer', targetId: row.id, orgPath: row.org_path, summary }, now);
          return this.view((await repo.findVisibleTransfer(trx, row.id, '')) as repo.TransferListRow, actor, today);
        });
      } catch (error) {
        if (isUniqueViolation(error) && attempt < 5) continue;
        if (isUniqueViolation(error)) throw conflict('transfer.number_taken', 'The letter number was taken; try again');
        throw error;
      }
    }
  }

  async get(actor: Actor, id: string) {
    return this.view(await this.mustFind(this.db, actor, id), actor);
  }

  /**
   * Receipt: an introduction letter moves the member — into the destination branch for an internal letter (out of
   * any 党小组), or out of the installation (membership 'transferred_out') — in the same transaction as the state.
   */
  async receive(actor: Actor, id: string, input: { receivedOn: string; version: number }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const t = await this.mustFind(trx, actor, id);
      this.requireAnsweringSide(actor, t);
      if (t.version !== input.version) throw staleTransfer(id);
      if (t.state !== 'issued') throw notOpen(t.state);
      const external = t.to_org_id === null;
      raiseViolation(checkReceipt({ issuedOn: t.issued_on, validUntil: t.valid_until, external }, input.receivedOn, today));
      await repo.lockMember(trx, t.member_id);
      const member = (await findMemberInScope(trx, t.member_id, '')) as MemberRow;
      let destinationPath: string | null = null;
      if (!external) {
        const org = await findOrgById(trx, t.to_org_id as string, '');
        if (!org || org.status !== 'active' || !BRANCH_KINDS.includes(org.kind as OrgKind)) {
          throw new AppError(422, 'transfer.destination_not_branch', 'The destination is no longer an active branch; return the letter', {
            rule: { id: 'transfer.destination_not_branch', cite: DESTINATION_CITE },
          });
        }
        destinationPath = org.path;
      }
      const now = nowUtc(this.now());
      if (!(await repo.updateTransferVersioned(trx, id, input.version, { state: 'received', received_on: input.receivedOn }, now))) throw staleTransfer(id);
      const summary: Record<string, unknown> = { letterNumber: t.letter_number, receivedOn: input.receivedOn, fromOrg: t.from_org_code, toOrg: t.to_org_code ?? t.external_destination };
      let action = 'transfer.receipt';
      let historyPath = member.org_path;
      if (movesMembership(t.letter_type)) {
        if (member.membership !== 'active') throw conflict('member.not_active', 'The member has already transferred out');
        const fields: Partial<MemberRow> = destinationPath
          ? { org_id: t.to_org_id as string, org_path: destinationPath, group_id: null, is_flowing: 0 }
          : { membership: 'transferred_out', is_flowing: 0 };
        if (!(await updateMemberVersioned(trx, member.id, member.version, fields, now))) {
          throw conflict('member.version_stale', 'The member was changed by someone else; reload and try again', { id: member.id });
        }
        summary.closed = await repo.closeOpenRecords(trx, member.id, input.receivedOn, destinationPath, now);
        action = destinationPath ? 'transfer.receive' : 'transfer.transferred_out';
        historyPath = destinationPath ?? member.org_path;
      }
      await recordMemberEvent(trx, this.audit, actor, { id: member.id, org_path: historyPath }, { action, targetType: 'transfer', targetId: id, orgPath: t.to_org_path ?? t.org_path, summary }, now);
      return this.view((await repo.findVisibleTransfer(trx, id, '')) as repo.TransferListRow, actor, today);
    });
  }

  /** 退回: the letter comes back unreceived; the member stays where they are. */
  async returnLetter(actor: Actor, id: string, input: { returnedOn: string; reason: string; version: number }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const t = await this.mustFind(trx, actor, id);
      this.requireAnsweringSide(actor, t);
      if (t.version !== input.version) throw staleTransfer(id);
      if (t.state !== 'issued') throw notOpen(t.state);
      raiseViolation(checkDateInRange('The return date', input.returnedOn, t.issued_on, today));
      const now = nowUtc(this.now());
      const fields = { state: 'returned' as const, returned_on: input.returnedOn, return_reason: input.reason };
      if (!(await repo.updateTransferVersioned(trx, id, input.version, fields, now))) throw staleTransfer(id);
      const summary = { letterNumber: t.letter_number, returnedOn: input.returnedOn, reason: input.reason };
      const member = (await findMemberInScope(trx, t.member_id, '')) as MemberRow;
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'transfer.return', targetType: 'transfer', targetId: id, orgPath: t.to_org_path ?? t.org_path, summary }, now);
      return this.view((await repo.findVisibleTransfer(trx, id, '')) as repo.TransferListRow, actor, today);
    });
  }

  async cancel(actor: Actor, id: string, input: { version: number }) {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const t = await this.mustFind(trx, actor, id);
      if (!isInSubtree(t.org_path, actor.scopePath)) throw new AppError(403, 'transfer.sending_side_only', 'Only the sending side cancels a letter');
      if (t.version !== input.version) throw staleTransfer(id);
      if (t.state !== 'issued') throw notOpen(t.state);
      const now = nowUtc(this.now());
      if (!(await repo.updateTransferVersioned(trx, id, input.version, { state: 'cancelled' }, now))) throw staleTransfer(id);
      const summary = { letterNumber: t.letter_number };
      const member = (await findMemberInScope(trx, t.member_id, '')) as MemberRow;
      await recordMemberEvent(trx, this.audit, actor, member, { action: 'transfer.cancel', targetType: 'transfer', targetId: id, orgPath: t.org_path, summary }, now);
      return this.view((await repo.findVisibleTransfer(trx, id, '')) as repo.TransferListRow, actor, today);
    });
  }

  async list(
    actor: Actor,
    q: { orgId: string; direction: 'outgoing' | 'incoming'; state?: TransferState | undefined; overdue: boolean; page: number; pageSize: number },
  ) {
    const org = await requireOrgInScope(this.db, actor, q.orgId);
    const today = this.today();
    const { total, rows } = await repo.listTransfers(
      this.db,
      { rootPath: org.path, direction: q.direction, state: q.state, overdueOn: q.overdue ? today : undefined },
      q.page,
      q.pageSize,
    );
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => this.view(r, actor, today)) };
  }

  /** What the sending committee must chase: open letters past validity, and letters to outside without a receipt. */
  async overdue(actor: Actor, orgId: string) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const today = this.today();
    const limit = 1000;
    const rows = await repo.overdueTransfers(this.db, org.path, today, limit + 1);
    const truncated = rows.length > limit;
    rows.length = Math.min(rows.length, limit);
    const views = rows.map((r) => this.view(r, actor, today));
    return {
      orgId,
      asOf: today,
      truncated,
      expired: views.filter((v) => v.expired),
      receiptsOverdue: views.filter((v) => v.receiptOverdue),
      cite: { expired: citeText(TRANSFER_CITES.validity), receipt: citeText(TRANSFER_CITES.receipt) },
    };
  }

  /** What a printable letter needs; the ID number is masked like everywhere else. */
  async letter(actor: Actor, id: string) {
    const t = await this.mustFind(this.db, actor, id);
    const member = (await findMemberInScope(this.db, t.member_id, '')) as MemberRow;
    const rules = TRANSFER_RULE_VERSIONS.find((v) => v.id === t.rule_id) ?? transferRulesOn(t.issued_on);
    return {
      letterNumber: t.letter_number,
      letterType: t.letter_type as IssuableLetterType,
      letterTypeLabel: LETTER_TYPE_LABELS[t.letter_type],
      member: {
        name: member.name,
        sex: member.sex,
        sexLabel: member.sex === 'male' ? '男' : '女',
        age: ageOn(member.birth_date, t.issued_on),
        ethnicity: member.ethnicity,
        status: member.status,
        statusLabel: member.status === 'full' ? '正式党员' : '预备党员',
        idNumber: maskIdNumber(this.crypto.decrypt(member.id_number_enc)),
      },
      fromOrg: { code: t.from_org_code, name: t.from_org_name },
      toOrg: t.to_org_id ? { code: t.to_org_code ?? '', name: t.to_org_name ?? '' } : null,
      destinationName: t.to_org_name ?? t.external_destination ?? '',
      reason: t.reason,
      issuedOn: t.issued_on,
      validUntil: t.valid_until,
      validity: rules.rules.validity,
      receiptDueOn: t.receipt_due_on,
      state: t.state,
      cite: citeText(TRANSFER_CITES.letterType),
    };
  }

  /** Active branches anywhere in the installation, by name or code: only id, code and name leave the scope. */
  async destinations(q: string) {
    return repo.searchDestinations(this.db, q, 20);
  }
}
