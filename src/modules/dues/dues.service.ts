/**
 * Use cases of party dues (党费): bases, payments and reversals, the branch's monthly sheet, the close of a month,
 * remittance to the superior committee, subtree reports, arrears and the six-month flag, the member's own view.
 *
 * Two months matter for a ledger line: the dues month it settles (`for_month`) and the month of the book it is
 * recorded in (`ledger_month`, the payment date's month). A closed month's book is read-only; a back payment of a
 * closed dues month is recorded in the current, open book. A dues month's due is computed from the base in force
 * until its branch closes the month; then it is frozen (dues_charges) with the rule it came from.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../lib/actor.ts';
import { nowUtc, todayInChina } from '../../lib/dates.ts';
import { badInput, conflict, notFound, ruleViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { lockRow } from '../../db/row-lock.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { DUES_RULE_VERSIONS } from '../../policy/dues.ts';
import { citeText, versionInForce } from '../../policy/rule-set.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { absenceFlags } from '../reviews/absence.service.ts';
import { holdsMembers, memberNotFound } from '../members/members.service.ts';
import { findMemberByAccount, findMemberInScope } from '../members/members.repo.ts';
import { BRANCH_KINDS, type OrgKind } from '../orgs/org-kinds.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { findOrgByPath, type OrgRow } from '../orgs/orgs.repo.ts';
import { isInSubtree, SEGMENT_WIDTH } from '../orgs/tree.ts';
import {
  addMonthsTo,
  baseInForce,
  checkPaymentMonths,
  collectionRules,
  dueOfMonth,
  isUnpaid,
  monthOf,
  monthRange,
  periodMonths,
  rateBasisPoints,
  unpaidStreaks,
  type BaseFacts,
  type Period,
  type Streak,
  type Warning,
} from './dues-ledger.ts';
import { computeDues, DuesInputError, type DuesCategory, type DuesInput } from './dues-rules.ts';
import { ReferenceFormatProvider, type PaymentProvider } from './payment-provider.ts';
import * as repo from './dues.repo.ts';

// ---------------------------------------------------------------------------------------------------------------
// Inputs and views

export interface HardshipInput {
  kind: 'reduced' | 'exempt';
  amountFen?: number | undefined;
  reason: string;
  decidedOn: string;
  untilMonth?: string | null | undefined;
}

export interface BaseInput {
  memberId: string;
  effectiveMonth: string;
  category: DuesCategory;
  monthlyIncomeFen?: number | undefined;
  previousQuarterIncomeFen?: readonly number[] | undefined;
  farmerAmountFen?: number | undefined;
  hardship?: HardshipInput | undefined;
  quarterlyConsentOn?: string | null | undefined;
  note?: string | null | undefined;
}

export type PaymentMethod = 'cash' | 'transfer' | 'online';

interface PaymentCommon {
  memberId: string;
  paidOn: string;
  method: PaymentMethod;
  collectedBy: string;
  provider?: string | undefined;
  externalReference?: string | undefined;
  note?: string | null | undefined;
}
export type PaymentInput = PaymentCommon & { months: string[]; quarterly?: boolean | undefined; expectedTotalFen?: number | undefined };
export type ExtraPaymentInput = PaymentCommon & { amountFen: number };

export interface DueView {
  amountFen: number;
  rateBasisPoints: number | null;
  rule: { id: string; cite: string };
}

export interface BaseView {
  id: string;
  memberId: string;
  orgId: string;
  effectiveMonth: string;
  category: DuesCategory;
  monthlyIncomeFen: number | null;
  previousQuarterIncomeFen: number[] | null;
  farmerAmountFen: number | null;
  hardship: {
    kind: 'reduced' | 'exempt';
    amountFen: number | null;
    reason: string;
    decidedOn: string;
    untilMonth: string | null;
    status: 'pending' | 'approved' | 'refused';
    reviewedOn: string | null;
    reviewedByOrgId: string | null;
  } | null;
  quarterlyConsentOn: string | null;
  note: string | null;
  /** The amount by the brackets alone, in the effective month. */
  standard: DueView;
  /** The amount due in the effective month: with the hardship once approved. */
  due: DueView;
  version: number;
  createdAt: string;
}

export interface EntryView {
  kind: 'dues' | 'extra';
  forMonth: string;
  amountFen: number;
  dueFen: number | null;
  ruleId: string | null;
  remitToCentre: boolean;
}

export interface PaymentView {
  id: string;
  memberId: string;
  orgId: string;
  kind: 'dues' | 'extra' | 'reversal';
  paidOn: string;
  ledgerMonth: string;
  method: PaymentMethod | null;
  collectedBy: string | null;
  provider: string | null;
  externalReference: string | null;
  totalFen: number;
  quarterly: boolean;
  warnings: Warning[];
  note: string | null;
  reversesPaymentId: string | null;
  entries: EntryView[];
  createdAt: string;
}

export interface Figures {
  members: number;
  dueFen: number;
  paidFen: number;
  outstandingFen: number;
  rateBasisPoints: number | null;
  arrearsMembers: number;
  /** Members on the roster without a base for some month of the period: their due is unknown. */
  membersWithoutBase: number;
  collectedFen: number;
  collectedDuesFen: number;
  extraFen: number;
  centreFen: number;
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

const baseNotFound = (id: string) => notFound('dues.base_not_found', 'No such dues base in your scope', { id });
const paymentNotFound = (id: string) => notFound('dues.payment_not_found', 'No such payment in your scope', { id });
const orgNotBranch = () =>
  ruleViolation('dues.org_not_branch', 'Dues are collected, closed and remitted by an active branch', {
    rule: { id: 'member.org_not_branch', cite: '《中国共产党章程》第八条（每个党员必须编入党的一个支部）' },
  });
const monthClosed = (orgId: string, month: string) =>
  ruleViolation('dues.month_closed', `The book of ${month} is closed: it is read-only; record the payment or correction in an open month`, { orgId, month });

function inputError(error: unknown): never {
  if (error instanceof DuesInputError) throw badInput(error.code, error.message, { field: error.field });
  throw error;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows to facts and views

function baseFacts(row: repo.BaseRow): BaseFacts {
  return {
    id: row.id,
    effectiveMonth: row.effective_month,
    category: row.category as DuesCategory,
    monthlyIncomeFen: row.monthly_income_fen === null ? null : Number(row.monthly_income_fen),
    quarterIncomesFen: row.quarter_incomes_fen ? (JSON.parse(row.quarter_incomes_fen) as number[]) : null,
    farmerAmountFen: row.farmer_amount_fen === null ? null : Number(row.farmer_amount_fen),
    hardship:
      row.hardship_kind && row.hardship_status
        ? {
            kind: row.hardship_kind,
            amountFen: row.hardship_amount_fen === null ? null : Number(row.hardship_amount_fen),
            untilMonth: row.hardship_until_month,
            status: row.hardship_status,
          }
        : null,
    quarterlyConsentOn: row.quarterly_consent_on,
    createdAt: row.created_at,
  };
}

function dueView(base: BaseFacts, month: string, withHardship: boolean): DueView {
  const facts = withHardship ? base : { ...base, hardship: null };
  const due = dueOfMonth(facts, month);
  if (!due) return { amountFen: 0, rateBasisPoints: null, rule: { id: 'dues.not_in_force', cite: '' } };
  return { amountFen: due.amountFen, rateBasisPoints: due.rateBasisPoints, rule: { id: due.ruleId, cite: due.cite } };
}

function baseView(row: repo.BaseRow): BaseView {
  const facts = baseFacts(row);
  return {
    id: row.id,
    memberId: row.member_id,
    orgId: row.org_id,
    effectiveMonth: row.effective_month,
    category: facts.category,
    monthlyIncomeFen: facts.monthlyIncomeFen,
    previousQuarterIncomeFen: facts.quarterIncomesFen ? [...facts.quarterIncomesFen] : null,
    farmerAmountFen: facts.farmerAmountFen,
    hardship:
      row.hardship_kind && row.hardship_status
        ? {
            kind: row.hardship_kind,
            amountFen: facts.hardship?.amountFen ?? null,
            reason: row.hardship_reason ?? '',
            decidedOn: row.hardship_decided_on ?? '',
            untilMonth: row.hardship_until_month,
            status: row.hardship_status,
            reviewedOn: row.hardship_reviewed_on,
            reviewedByOrgId: row.hardship_reviewed_by_org_id,
          }
        : null,
    quarterlyConsentOn: row.quarterly_consent_on,
    note: row.note,
    standard: dueView(facts, row.effective_month, false),
    due: dueView(facts, row.effective_month, true),
    version: row.version,
    createdAt: row.created_at,
  };
}

function paymentView(row: repo.PaymentRow, entries: readonly repo.EntryRow[]): PaymentView {
  return {
    id: row.id,
    memberId: row.member_id,
    orgId: row.org_id,
    kind: row.kind,
    paidOn: row.paid_on,
    ledgerMonth: row.ledger_month,
    method: row.method,
    collectedBy: row.collected_by,
    provider: row.provider,
    externalReference: row.external_reference,
    totalFen: Number(row.total_fen),
    quarterly: row.is_quarterly === 1,
    warnings: JSON.parse(row.warnings) as Warning[],
    note: row.note,
    reversesPaymentId: row.reverses_payment_id,
    entries: entries.map((e) => ({
      kind: e.kind,
      forMonth: e.for_month,
      amountFen: Number(e.amount_fen),
      dueFen: e.due_fen === null ? null : Number(e.due_fen),
      ruleId: e.rule_id,
      remitToCentre: e.remit_to_centre === 1,
    })),
    createdAt: row.created_at,
  };
}

const emptyFigures = (): Figures => ({
  members: 0,
  dueFen: 0,
  paidFen: 0,
  outstandingFen: 0,
  rateBasisPoints: null,
  arrearsMembers: 0,
  membersWithoutBase: 0,
  collectedFen: 0,
  collectedDuesFen: 0,
  extraFen: 0,
  centreFen: 0,
});

// ---------------------------------------------------------------------------------------------------------------
// The ledger engine: every member-month of a subtree with its due and what was paid towards it

export interface Line {
  memberId: string;
  orgId: string;
  orgPath: string;
  month: string;
  dueFen: number;
  rateBasisPoints: number | null;
  ruleId: string;
  baseId: string;
  paidFen: number;
  /** The due was frozen when the branch closed the month. */
  frozen: boolean;
}

interface Ledger {
  members: Map<string, repo.LedgerMember>;
  bases: Map<string, BaseFacts[]>;
  lines: Line[];
  /** Member-months on a roster of the subtree with no base in force (reported only when asked). */
  missingBase: { memberId: string; month: string }[];
}

interface LedgerScope {
  /** Only member-months attributed to this subtree; null: the members' whole ledger. */
  rootPath: string | null;
  from: string;
  to: string;
  /** Report member-months without a base (the sheet, the close); otherwise each member's ledger starts with their first base. */
  withMissingBase: boolean;
}

async function buildLedger(ex: Executor, members: readonly repo.LedgerMember[], scope: LedgerScope): Promise<Ledger> {
  const ids = members.map((m) => m.id);
  const [baseRows, charges, settled] = await Promise.all([repo.basesOf(ex, ids), repo.chargesOf(ex, ids, scope.from, scope.to), repo.settledByMonth(ex, ids, scope.from, scope.to)]);
  const bases = new Map<string, BaseFacts[]>();
  for (const row of baseRows) bases.set(row.member_id, [...(bases.get(row.member_id) ?? []), baseFacts(row)]);
  const chargeOf = new Map(charges.map((c) => [`${c.member_id}|${c.month}`, c]));
  const inScope = (path: string) => scope.rootPath === null || isInSubtree(path, scope.rootPath);
  const lines: Line[] = [];
  const missingBase: { memberId: string; month: string }[] = [];
  for (const member of members) {
    const facts = bases.get(member.id) ?? [];
    const firstBase = facts.reduce<string | null>((min, b) => (min === null || b.effectiveMonth < min ? b.effectiveMonth : min), null);
    let start = monthOf(member.joined_on);
    if (start < scope.from) start = scope.from;
    if (!scope.withMissingBase) {
      if (firstBase === null) continue;
      if (firstBase > start) start = firstBase;
    }
    for (const month of monthRange(start, scope.to)) {
      const key = `${member.id}|${month}`;
      const paidFen = settled.get(key) ?? 0;
      const charge = chargeOf.get(key);
      if (charge) {
        if (inScope(charge.org_path)) {
          lines.push({ memberId: member.id, orgId: charge.org_id, orgPath: charge.org_path, month, dueFen: Number(charge.due_fen), rateBasisPoints: charge.rate_basis_points, ruleId: charge.rule_id, baseId: charge.base_id, paidFen, frozen: true });
        }
        continue;
      }
      if (member.membership !== 'active' || !inScope(member.org_path)) continue;
      const base = baseInForce(facts, month);
      if (!base) {
        missingBase.push({ memberId: member.id, month });
        continue;
      }
      const due = dueOfMonth(base, month);
      if (!due) continue;
      lines.push({ memberId: member.id, orgId: member.org_id, orgPath: member.org_path, month, dueFen: due.amountFen, rateBasisPoints: due.rateBasisPoints, ruleId: due.ruleId, baseId: base.id, paidFen, frozen: false });
    }
  }
  return { members: new Map(members.map((m) => [m.id, m])), bases, lines, missingBase };
}

/** The members a subtree's ledger covers over the months: its active members and those charged in it. */
async function membersOfScope(ex: Executor, rootPath: string, from: string, to: string): Promise<repo.LedgerMember[]> {
  const active = await repo.activeMembersOf(ex, rootPath);
  const known = new Set(active.map((m) => m.id));
  const charged = (await repo.chargedMemberIds(ex, rootPath, from, to)).filter((id) => !known.has(id));
  return charged.length === 0 ? active : [...active, ...(await repo.membersByIds(ex, charged))];
}

/** The 409 of a unique index a payment ran into. */
function uniqueConflict(error: unknown) {
  const text = `${(error as { message?: string }).message ?? ''} ${(error as { constraint?: string }).constraint ?? ''}`;
  if (text.includes('reverses_payment_id')) return conflict('dues.already_reversed', 'This payment is already reversed');
  return conflict('dues.external_reference_taken', 'A payment with this external reference is already recorded');
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

// ---------------------------------------------------------------------------------------------------------------

export interface DuesServiceOptions {
  /** Online payment providers; the first is the default. */
  providers?: readonly PaymentProvider[];
}

export class DuesService {
  private readonly providers: readonly PaymentProvider[];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
    options: DuesServiceOptions = {},
  ) {
    this.providers = options.providers ?? [new ReferenceFormatProvider()];
  }

  private today(): string {
    return todayInChina(this.now());
  }

  private currentMonth(): string {
    return monthOf(this.today());
  }

  private async memberInScope(ex: Executor, actor: Actor, memberId: string) {
    const member = await findMemberInScope(ex, memberId, actor.scopePath);
    if (!member || member.membership !== 'active') throw memberNotFound(memberId);
    return member;
  }

  private async branchInScope(ex: Executor, actor: Actor, orgId: string): Promise<OrgRow> {
    const org = await requireOrgInScope(ex, actor, orgId);
    if (!holdsMembers(org)) throw orgNotBranch();
    return org;
  }

  // -- bases ------------------------------------------------------------------------------------------------------

  async createBase(actor: Actor, input: BaseInput): Promise<BaseView> {
    const today = this.today();
    const member = await this.memberInScope(this.db, actor, input.memberId);
    const startMonth = monthOf(member.joined_on);
    const { id: collectionId, rules } = collectionRules(today);
    if (input.effectiveMonth < startMonth) {
      throw ruleViolation('dues.base_before_joining', `Dues are owed from ${startMonth}, the month the member was accepted`, {
        field: 'effectiveMonth',
        startMonth,
        rule: { id: `${collectionId}.probationary`, cite: citeText(rules.probationary.cite) },
      });
    }
    if (input.effectiveMonth > addMonthsTo(monthOf(today), 12)) {
      throw badInput('dues.effective_month_too_far', 'A base takes effect within the next twelve months', { field: 'effectiveMonth' });
    }
    const hardship = input.hardship;
    if (hardship) {
      if (hardship.decidedOn > today) throw badInput('dues.decided_in_future', 'The branch decision is recorded after it is taken', { field: 'hardship.decidedOn' });
      if (hardship.untilMonth && hardship.untilMonth < input.effectiveMonth) {
        throw badInput('dues.hardship_until_before_effective', 'A hardship ends on or after the month the base takes effect', { field: 'hardship.untilMonth' });
      }
    }
    if (input.quarterlyConsentOn && input.quarterlyConsentOn > today) {
      throw badInput('dues.decided_in_future', 'The branch’s consent is recorded after it is given', { field: 'quarterlyConsentOn' });
    }
    const computeInput: DuesInput = {
      category: input.category,
      monthlyIncomeFen: input.monthlyIncomeFen,
      previousQuarterIncomeFen: input.previousQuarterIncomeFen,
      farmerAmountFen: input.farmerAmountFen,
      hardship: hardship ? { kind: hardship.kind, amountFen: hardship.amountFen } : undefined,
    };
    const onDate = `${input.effectiveMonth}-01`;
    try {
      // Validates every input (ranges, fields of the category, the reduced amount below the standard one).
      computeDues(computeInput, onDate);
    } catch (error) {
      inputError(error);
    }
    const now = nowUtc(this.now());
    const row: repo.BaseRow = {
      id: newId(),
      member_id: member.id,
      org_id: member.org_id,
      org_path: member.org_path,
      effective_month: input.effectiveMonth,
      category: input.category,
      monthly_income_fen: input.monthlyIncomeFen ?? null,
      quarter_incomes_fen: input.previousQuarterIncomeFen ? JSON.stringify(input.previousQuarterIncomeFen) : null,
      farmer_amount_fen: input.farmerAmountFen ?? null,
      hardship_kind: hardship?.kind ?? null,
      hardship_amount_fen: hardship?.amountFen ?? null,
      hardship_reason: hardship?.reason ?? null,
      hardship_decided_on: hardship?.decidedOn ?? null,
      hardship_until_month: hardship?.untilMonth ?? null,
      hardship_status: hardship ? 'pending' : null,
      hardship_reviewed_on: null,
      hardship_reviewed_by_org_id: null,
      quarterly_consent_on: input.quarterlyConsentOn ?? null,
      note: input.note ?? null,
      recorded_by: actor.accountId,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const view = baseView(row);
    await this.db.transaction().execute(async (trx) => {
      await repo.insertBase(trx, row);
      await this.audit.record(trx, actor, {
        action: 'dues.base.create',
        targetType: 'member',
        targetId: member.id,
        orgPath: member.org_path,
        summary: { baseId: row.id, effectiveMonth: row.effective_month, category: row.category, standardFen: view.standard.amountFen, hardship: row.hardship_kind, quarterlyConsent: row.quarterly_consent_on !== null },
      });
    });
    return view;
  }

  async basesOfMember(actor: Actor, memberId: string): Promise<BaseView[]> {
    const member = await findMemberInScope(this.db, memberId, actor.scopePath);
    if (!member) throw memberNotFound(memberId);
    return (await repo.basesOf(this.db, [member.id])).map(baseView);
  }

  /**
   * The committee above the branch approves or refuses a hardship reduction or exemption (报上一级党委批准); only
   * an approved one changes the amount due, from months not yet closed.
   */
  async reviewHardship(actor: Actor, baseId: string, input: { decision: 'approved' | 'refused'; reviewedOn: string; version: number }): Promise<BaseView> {
    const base = await repo.findBase(this.db, baseId);
    if (!base || !isInSubtree(base.org_path, actor.scopePath)) throw baseNotFound(baseId);
    const rules = versionInForce(DUES_RULE_VERSIONS, this.today()).rules;
    const reviewer = actor.scopePath === '' ? undefined : await findOrgByPath(this.db, actor.scopePath);
    if (!reviewer || actor.scopePath.length >= base.org_path.length) {
      throw ruleViolation('dues.hardship_review_level', 'A hardship decision of the branch is approved by a committee above it', {
        rule: { id: 'dues.2008.hardship', cite: citeText(rules.hardship.cite) },
      });
    }
    if (!base.hardship_kind || base.hardship_status !== 'pending') {
      throw conflict('dues.hardship_not_pending', 'This base has no hardship decision waiting for approval', { status: base.hardship_status });
    }
    if (input.reviewedOn > this.today() || (base.hardship_decided_on && input.reviewedOn < base.hardship_decided_on)) {
      throw badInput('dues.reviewed_on_invalid', 'The approval falls between the branch decision and today', { field: 'reviewedOn' });
    }
    const fields = { hardship_status: input.decision, hardship_reviewed_on: input.reviewedOn, hardship_reviewed_by_org_id: reviewer.id, updated_at: nowUtc(this.now()) };
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.reviewHardship(trx, base.id, input.version, fields))) {
        throw conflict('dues.base_version_stale', 'The base was changed by someone else; reload and try again', { id: base.id });
      }
      await this.audit.record(trx, actor, {
        action: 'dues.hardship.review',
        targetType: 'member',
        targetId: base.member_id,
        orgPath: base.org_path,
        summary: { baseId: base.id, decision: input.decision, kind: base.hardship_kind, reviewedOn: input.reviewedOn },
      });
    });
    return baseView({ ...base, ...fields, version: input.version + 1 });
  }

  /** The yearly re-declaration of bases: who in the subtree has a base taking effect in `year`, and who has not. */
  async declarations(actor: Actor, orgId: string, year: number) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const [members, declared] = await Promise.all([repo.activeMembersOf(this.db, org.path), repo.declarations(this.db, org.path, year)]);
    const undeclared = members
      .filter((m) => !declared.get(m.id)?.declared)
      .map((m) => ({ memberId: m.id, name: m.name, orgId: m.org_id, latestEffectiveMonth: declared.get(m.id)?.latest ?? null }));
    return { orgId: org.id, year, members: members.length, declared: members.length - undeclared.length, undeclared };
  }

  // -- payments ---------------------------------------------------------------------------------------------------

  /** Runs a payment once per Idempotency-Key: a retry with the same key and request answers the stored result. */
  private async idempotent<P, T>(
    actor: Actor,
    key: string | undefined,
    request: unknown,
    prepare: () => Promise<P>,
    run: (trx: Executor, prepared: P) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const status = 201;
    const owner = actor.accountId ?? actor.role;
    const requestHash = hashOf(request);
    const replay = async (): Promise<IdempotentResult<T> | null> => {
      if (!key) return null;
      const stored = await repo.findIdempotent(this.db, owner, key);
      if (!stored) return null;
      if (stored.request_hash !== requestHash) {
        throw conflict('dues.idempotency_key_reused', 'This Idempotency-Key was used for a different request', { key });
      }
      return { status: stored.status_code, body: JSON.parse(stored.response) as T, replayed: true };
    };
    const earlier = await replay();
    if (earlier) return earlier;
    try {
      // Checks that need no transaction (and calls to a payment provider) run before it.
      const prepared = await prepare();
      const body = await this.db.transaction().execute(async (trx) => {
        // The key first: a concurrent request with the same key waits here for this one, then finds its answer.
        if (key) await repo.insertIdempotent(trx, { account_id: owner, key, request_hash: requestHash, status_code: status, response: '', created_at: nowUtc(this.now()) });
        const result = await run(trx, prepared);
        if (key) await repo.setIdempotentResponse(trx, owner, key, JSON.stringify(result));
        return result;
      });
      return { status, body, replayed: false };
    } catch (error) {
      // A concurrent request with the same key may have committed first: its answer is this one's.
      const concurrent = await replay();
      if (concurrent) return concurrent;
      if (isUniqueViolation(error)) throw uniqueConflict(error);
      throw error;
    }
  }

  /** The provider and reference of a payment, checked before the transaction. */
  private async checkReference(input: PaymentCommon, amountFen: number): Promise<{ provider: string | null; reference: string | null }> {
    const reference = input.externalReference?.trim() || null;
    if (input.method === 'cash') {
      if (reference || input.provider) throw badInput('dues.reference_not_applicable', 'A cash payment has no external reference', { field: 'externalReference' });
      return { provider: null, reference: null };
    }
    if (input.method === 'transfer') {
      if (input.provider) throw badInput('dues.reference_not_applicable', 'A bank transfer names no payment provider', { field: 'provider' });
      return { provider: reference ? 'bank' : null, reference };
    }
    if (!reference) throw badInput('dues.reference_required', 'An online payment needs the reference of the payment service', { field: 'externalReference' });
    const provider = input.provider ? this.providers.find((p) => p.name === input.provider) : this.providers[0];
    if (!provider) throw badInput('dues.provider_unknown', 'No such payment provider is configured', { field: 'provider', known: this.providers.map((p) => p.name) });
    const checked = await provider.checkReference(reference, { paidOn: input.paidOn, amountFen });
    if (!checked.ok) throw badInput('dues.reference_invalid', checked.reason, { field: 'externalReference', provider: provider.name });
    return { provider: provider.name, reference: checked.reference };
  }

  /** The months a payment settles, each for its whole outstanding amount, by the rules of the payment date. */
  private async planPayment(ex: Executor, actor: Actor, input: PaymentInput) {
    const today = this.today();
    if (input.paidOn > today) throw badInput('dues.paid_in_future', 'A payment is recorded on or after the day it is made', { field: 'paidOn' });
    const member = await this.memberInScope(ex, actor, input.memberId);
    const months = [...input.months].sort();
    const ledgerMonth = monthOf(input.paidOn);
    const ledger = await buildLedger(ex, [{ ...member }], { rootPath: null, from: months[0] ?? ledgerMonth, to: months.at(-1) ?? ledgerMonth, withMissingBase: true });
    const bases = ledger.bases.get(member.id) ?? [];
    const consentBase = baseInForce(bases, ledgerMonth) ?? baseInForce(bases, months[0] ?? ledgerMonth);
    const warnings = checkPaymentMonths({
      months,
      startMonth: monthOf(member.joined_on),
      ledgerMonth,
      currentMonth: monthOf(today),
      quarterly: input.quarterly ?? false,
      quarterlyConsentOn: consentBase?.quarterlyConsentOn ?? null,
      paidOn: input.paidOn,
    });
    const missing = ledger.missingBase.filter((m) => months.includes(m.month)).map((m) => m.month);
    if (missing.length > 0) throw ruleViolation('dues.base_missing', 'The member has no dues base for these months; record the base first', { months: missing });
    const lines = months.map((month) => ledger.lines.find((l) => l.month === month));
    const exempt = months.filter((_m, i) => lines[i]?.dueFen === 0);
    if (exempt.length > 0) throw ruleViolation('dues.nothing_due', 'Nothing is due for these months (an approved exemption)', { months: exempt });
    const paid = months.filter((_m, i) => (lines[i]?.paidFen ?? 0) >= (lines[i]?.dueFen ?? 0));
    if (paid.length > 0) throw conflict('dues.month_already_paid', 'These months are already paid', { months: paid });
    const settle = lines.map((l) => ({ line: l as Line, amountFen: (l as Line).dueFen - (l as Line).paidFen }));
    const totalFen = settle.reduce((a, s) => a + s.amountFen, 0);
    if (input.expectedTotalFen !== undefined && input.expectedTotalFen !== totalFen) {
      throw conflict('dues.amount_changed', 'The amount due differs from the one shown; reload and confirm', { expectedFen: input.expectedTotalFen, actualFen: totalFen });
    }
    return { member, months, ledgerMonth, warnings, settle, totalFen };
  }

  async recordPayment(actor: Actor, input: PaymentInput, idempotencyKey?: string): Promise<IdempotentResult<PaymentView>> {
    const prepare = async () => {
      const preview = await this.planPayment(this.db, actor, input);
      return { preview, ref: await this.checkReference(input, preview.totalFen) };
    };
    return this.idempotent(actor, idempotencyKey, { op: 'payment', input }, prepare, async (trx, { preview, ref }) => {
      await lockRow(trx, 'orgs', preview.member.org_id);
      await lockRow(trx, 'members', preview.member.id);
      const plan = await this.planPayment(trx, actor, input);
      if (await repo.findClose(trx, plan.member.org_id, plan.ledgerMonth)) throw monthClosed(plan.member.org_id, plan.ledgerMonth);
      const now = nowUtc(this.now());
      const payment: repo.PaymentRow = {
        id: newId(),
        member_id: plan.member.id,
        org_id: plan.member.org_id,
        org_path: plan.member.org_path,
        kind: 'dues',
        paid_on: input.paidOn,
        ledger_month: plan.ledgerMonth,
        method: input.method,
        collected_by: input.collectedBy,
        provider: ref.provider,
        external_reference: ref.reference,
        total_fen: plan.totalFen,
        is_quarterly: input.quarterly ? 1 : 0,
        warnings: JSON.stringify(plan.warnings),
        note: input.note ?? null,
        reverses_payment_id: null,
        recorded_by: actor.accountId,
        created_at: now,
      };
      const entries: repo.EntryRow[] = plan.settle.map((s) => ({
        id: newId(),
        payment_id: payment.id,
        member_id: payment.member_id,
        org_id: payment.org_id,
        org_path: payment.org_path,
        kind: 'dues',
        for_month: s.line.month,
        ledger_month: payment.ledger_month,
        amount_fen: s.amountFen,
        is_reversal: 0,
        due_fen: s.line.dueFen,
        rule_id: s.line.ruleId,
        remit_to_centre: 0,
        created_at: now,
      }));
      await repo.insertPayment(trx, payment, entries);
      await this.audit.record(trx, actor, {
        action: 'dues.payment.create',
        targetType: 'member',
        targetId: payment.member_id,
        orgPath: payment.org_path,
        summary: { paymentId: payment.id, months: plan.months, totalFen: plan.totalFen, method: payment.method, quarterly: input.quarterly ?? false, warnings: plan.warnings.map((w) => w.code) },
      });
      return paymentView(payment, entries);
    });
  }

  /** A voluntary payment beyond the dues; from the threshold up it is remitted in full to the Centre. */
  async recordExtraPayment(actor: Actor, input: ExtraPaymentInput, idempotencyKey?: string): Promise<IdempotentResult<PaymentView>> {
    const prepare = async () => {
      if (input.paidOn > this.today()) throw badInput('dues.paid_in_future', 'A payment is recorded on or after the day it is made', { field: 'paidOn' });
      await this.memberInScope(this.db, actor, input.memberId);
      return this.checkReference(input, input.amountFen);
    };
    const { id: collectionId, rules } = collectionRules(input.paidOn);
    return this.idempotent(actor, idempotencyKey, { op: 'extra', input }, prepare, async (trx, ref) => {
      const member = await this.memberInScope(trx, actor, input.memberId);
      await lockRow(trx, 'orgs', member.org_id);
      const ledgerMonth = monthOf(input.paidOn);
      if (ledgerMonth < monthOf(member.joined_on)) throw ruleViolation('dues.before_joining', 'The payment is dated before the member was accepted', { field: 'paidOn' });
      if (await repo.findClose(trx, member.org_id, ledgerMonth)) throw monthClosed(member.org_id, ledgerMonth);
      const toCentre = input.amountFen >= rules.centreRemittance.thresholdFen;
      const now = nowUtc(this.now());
      const warnings: Warning[] = toCentre
        ? [{ code: 'dues.remit_to_centre', message: 'Remitted in full to the Centre', months: [ledgerMonth], rule: { id: `${collectionId}.centre_remittance`, cite: citeText(rules.centreRemittance.cite) } }]
        : [];
      const payment: repo.PaymentRow = {
        id: newId(),
        member_id: member.id,
        org_id: member.org_id,
        org_path: member.org_path,
        kind: 'extra',
        paid_on: input.paidOn,
        ledger_month: ledgerMonth,
        method: input.method,
        collected_by: input.collectedBy,
        provider: ref.provider,
        external_reference: ref.reference,
        total_fen: input.amountFen,
        is_quarterly: 0,
        warnings: JSON.stringify(warnings),
        note: input.note ?? null,
        reverses_payment_id: null,
        recorded_by: actor.accountId,
        created_at: now,
      };
      const entry: repo.EntryRow = {
        id: newId(),
        payment_id: payment.id,
        member_id: member.id,
        org_id: member.org_id,
        org_path: member.org_path,
        kind: 'extra',
        for_month: ledgerMonth,
        ledger_month: ledgerMonth,
        amount_fen: input.amountFen,
        is_reversal: 0,
        due_fen: null,
        rule_id: toCentre ? `${collectionId}.centre_remittance` : null,
        remit_to_centre: toCentre ? 1 : 0,
        created_at: now,
      };
      await repo.insertPayment(trx, payment, [entry]);
      await this.audit.record(trx, actor, {
        action: 'dues.extra.create',
        targetType: 'member',
        targetId: member.id,
        orgPath: member.org_path,
        summary: { paymentId: payment.id, amountFen: input.amountFen, method: input.method, remitToCentre: toCentre },
      });
      return paymentView(payment, [entry]);
    });
  }

  /** A correction: a reversing payment of the same lines with the opposite sign, in an open book of the same branch. */
  async reversePayment(actor: Actor, paymentId: string, input: { reason: string; reversedOn?: string | undefined }, idempotencyKey?: string): Promise<IdempotentResult<PaymentView>> {
    const reversedOn = input.reversedOn ?? this.today();
    return this.idempotent(actor, idempotencyKey, { op: 'reversal', paymentId, input }, async () => undefined, async (trx) => {
      const original = await repo.findPaymentInScope(trx, paymentId, actor.scopePath);
      if (!original) throw paymentNotFound(paymentId);
      await lockRow(trx, 'orgs', original.org_id);
      if (original.kind === 'reversal') throw ruleViolation('dues.reversal_of_reversal', 'A reversal is not reversed; record the payment again');
      if (await repo.findReversalOf(trx, original.id)) throw conflict('dues.already_reversed', 'This payment is already reversed', { id: original.id });
      if (reversedOn > this.today() || reversedOn < original.paid_on) {
        throw badInput('dues.reversed_on_invalid', 'A reversal falls between the payment and today', { field: 'reversedOn' });
      }
      const ledgerMonth = monthOf(reversedOn);
      if (await repo.findClose(trx, original.org_id, ledgerMonth)) throw monthClosed(original.org_id, ledgerMonth);
      const lines = await repo.entriesOfPayments(trx, [original.id]);
      const now = nowUtc(this.now());
      const reversal: repo.PaymentRow = {
        ...original,
        id: newId(),
        kind: 'reversal',
        paid_on: reversedOn,
        ledger_month: ledgerMonth,
        collected_by: null,
        provider: null,
        external_reference: null,
        total_fen: -Number(original.total_fen),
        is_quarterly: 0,
        warnings: '[]',
        note: input.reason,
        reverses_payment_id: original.id,
        recorded_by: actor.accountId,
        created_at: now,
      };
      const entries: repo.EntryRow[] = lines.map((e) => ({
        ...e,
        id: newId(),
        payment_id: reversal.id,
        ledger_month: ledgerMonth,
        amount_fen: -Number(e.amount_fen),
        is_reversal: 1,
        created_at: now,
      }));
      await repo.insertPayment(trx, reversal, entries);
      await this.audit.record(trx, actor, {
        action: 'dues.payment.reverse',
        targetType: 'member',
        targetId: original.member_id,
        orgPath: original.org_path,
        summary: { paymentId: reversal.id, reverses: original.id, totalFen: reversal.total_fen, reason: input.reason },
      });
      return paymentView(reversal, entries);
    });
  }

  // -- a member's ledger ------------------------------------------------------------------------------------------

  private async memberLedgerOf(member: repo.LedgerMember) {
    const currentMonth = this.currentMonth();
    const ledger = await buildLedger(this.db, [member], { rootPath: null, from: '2008-04', to: currentMonth, withMissingBase: false });
    const bases = await repo.basesOf(this.db, [member.id]);
    const payments = await repo.paymentsOfMember(this.db, member.id, 200);
    const entries = await repo.entriesOfPayments(this.db, payments.map((p) => p.id));
    const months = ledger.lines.map((l) => ({ month: l.month, dueFen: l.dueFen, paidFen: l.paidFen, outstandingFen: Math.max(0, l.dueFen - l.paidFen), ruleId: l.ruleId }));
    const current = bases.length === 0 ? null : (bases.filter((b) => b.effective_month <= currentMonth).at(-1) ?? bases[0] ?? null);
    return {
      member: { id: member.id, name: member.name, orgId: member.org_id, status: member.status, startMonth: monthOf(member.joined_on) },
      base: current ? baseView(current) : null,
      bases: bases.map(baseView),
      months,
      owedFen: months.reduce((a, m) => a + m.outstandingFen, 0),
      unpaidMonths: months.filter((m) => m.outstandingFen > 0).map((m) => m.month),
      payments: payments.map((p) => paymentView(p, entries.filter((e) => e.payment_id === p.id))),
    };
  }

  async memberLedger(actor: Actor, memberId: string) {
    const member = await findMemberInScope(this.db, memberId, actor.scopePath);
    if (!member) throw memberNotFound(memberId);
    return this.memberLedgerOf(member);
  }

  /** The caller's own dues, once their e-identity linked their member record to the account. */
  async mine(actor: Actor) {
    const member = actor.accountId ? await findMemberByAccount(this.db, actor.accountId) : undefined;
    if (!member || member.membership !== 'active') return { ledger: null };
    return { ledger: await this.memberLedgerOf(member) };
  }

  // -- the branch's month -----------------------------------------------------------------------------------------

  async sheet(actor: Actor, orgId: string, month: string) {
    const org = await this.branchInScope(this.db, actor, orgId);
    const members = await membersOfScope(this.db, org.path, month, month);
    const ledger = await buildLedger(this.db, members, { rootPath: org.path, from: month, to: month, withMissingBase: true });
    const [close, book, payments] = await Promise.all([repo.findClose(this.db, org.id, month), repo.branchBook(this.db, org.id, [month]), repo.paymentsOfBook(this.db, org.id, month)]);
    const lineOf = new Map(ledger.lines.map((l) => [l.memberId, l]));
    const missing = new Set(ledger.missingBase.map((m) => m.memberId));
    const rows = members
      .filter((m) => lineOf.has(m.id) || missing.has(m.id))
      .map((m) => {
        const line = lineOf.get(m.id);
        return {
          memberId: m.id,
          name: m.name,
          status: m.status,
          baseMissing: !line,
          dueFen: line ? line.dueFen : null,
          rateBasisPoints: line ? line.rateBasisPoints : null,
          ruleId: line ? line.ruleId : null,
          paidFen: line ? line.paidFen : 0,
          outstandingFen: line ? Math.max(0, line.dueFen - line.paidFen) : 0,
          frozen: line ? line.frozen : false,
        };
      });
    const entries = await repo.entriesOfPayments(this.db, payments.map((p) => p.id));
    const totals = rows.reduce(
      (t, r) => ({ dueFen: t.dueFen + (r.dueFen ?? 0), paidFen: t.paidFen + r.paidFen, outstandingFen: t.outstandingFen + r.outstandingFen, paidMembers: t.paidMembers + (r.dueFen !== null && r.outstandingFen === 0 ? 1 : 0) }),
      { dueFen: 0, paidFen: 0, outstandingFen: 0, paidMembers: 0 },
    );
    return {
      orgId: org.id,
      orgName: org.name,
      month,
      closed: close ? { closedAt: close.closed_at, remitted: close.remittance_id !== null } : null,
      rows,
      totals: { members: rows.length, ...totals, rateBasisPoints: rateBasisPoints(totals.paidFen, totals.dueFen), membersWithoutBase: rows.filter((r) => r.baseMissing).length },
      book: { collectedFen: book.dues + book.extra, duesFen: book.dues, extraFen: book.extra, centreFen: book.centre, payments: book.payments },
      payments: payments.map((p) => paymentView(p, entries.filter((e) => e.payment_id === p.id))),
    };
  }

  /** Closes a branch's month: its book becomes read-only and each member's due of the month is frozen. */
  async closeMonth(actor: Actor, orgId: string, month: string) {
    if (month > this.currentMonth()) throw ruleViolation('dues.month_in_future', 'A month is closed once it has begun', { month });
    try {
      return await this.db.transaction().execute(async (trx) => {
        const org = await this.branchInScope(trx, actor, orgId);
        await lockRow(trx, 'orgs', org.id);
        if (await repo.findClose(trx, org.id, month)) throw conflict('dues.month_already_closed', `${month} is already closed`, { month });
        const members = await membersOfScope(trx, org.path, month, month);
        const ledger = await buildLedger(trx, members, { rootPath: org.path, from: month, to: month, withMissingBase: true });
        if (ledger.missingBase.length > 0) {
          throw ruleViolation('dues.base_missing', 'Some members have no dues base for the month; record their bases before closing', { memberIds: ledger.missingBase.map((m) => m.memberId) });
        }
        const now = nowUtc(this.now());
        const charges: repo.ChargeRow[] = ledger.lines
          .filter((l) => !l.frozen)
          .map((l) => ({ member_id: l.memberId, month, org_id: l.orgId, org_path: l.orgPath, base_id: l.baseId, due_fen: l.dueFen, rate_basis_points: l.rateBasisPoints, rule_id: l.ruleId, created_at: now }));
        await repo.insertCharges(trx, charges);
        const book = await repo.branchBook(trx, org.id, [month]);
        const row: repo.CloseRow = {
          org_id: org.id,
          month,
          org_path: org.path,
          collected_fen: book.dues + book.extra,
          dues_fen: book.dues,
          extra_fen: book.extra,
          centre_fen: book.centre,
          payments: book.payments,
          charged_fen: ledger.lines.reduce((a, l) => a + l.dueFen, 0),
          members: ledger.lines.length,
          remittance_id: null,
          closed_by: actor.accountId,
          closed_at: now,
        };
        await repo.insertClose(trx, row);
        await this.audit.record(trx, actor, {
          action: 'dues.month.close',
          targetType: 'org',
          targetId: org.id,
          orgPath: org.path,
          summary: { month, collectedFen: row.collected_fen, chargedFen: row.charged_fen, members: row.members },
        });
        return closeView(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('dues.month_already_closed', `${month} is already closed`, { month });
      throw error;
    }
  }

  async closes(actor: Actor, orgId: string, year: number) {
    const org = await this.branchInScope(this.db, actor, orgId);
    const { from, to } = periodMonths({ year });
    return (await repo.closesOf(this.db, org.id, from, to)).map(closeView);
  }

  /**
   * Hands the closed months' dues to the superior committee. The amount must equal what the months' books hold, to
   * the fen; otherwise nothing is recorded and both figures are returned.
   */
  async remit(actor: Actor, orgId: string, input: { months: string[]; amountFen: number; remittedOn: string; reference?: string | null | undefined }) {
    const { id: collectionId, rules } = collectionRules(input.remittedOn);
    if (input.remittedOn > this.today()) throw badInput('dues.remitted_in_future', 'A remittance is recorded on or after the day it is made', { field: 'remittedOn' });
    const months = [...new Set(input.months)].sort();
    if (months.length !== input.months.length) throw badInput('dues.months_duplicated', 'A month is named twice', { field: 'months' });
    return this.db.transaction().execute(async (trx) => {
      const org = await this.branchInScope(trx, actor, orgId);
      if (!org.parent_id) throw ruleViolation('dues.no_superior', 'This branch has no superior committee to remit to');
      await lockRow(trx, 'orgs', org.id);
      const closes = await repo.closesByMonths(trx, org.id, months);
      const notClosed = months.filter((m) => !closes.some((c) => c.month === m));
      if (notClosed.length > 0) throw ruleViolation('dues.month_not_closed', 'Only closed months are remitted', { months: notClosed });
      const remitted = closes.filter((c) => c.remittance_id !== null).map((c) => c.month);
      if (remitted.length > 0) throw conflict('dues.month_already_remitted', 'These months are already remitted', { months: remitted });
      const book = await repo.branchBook(trx, org.id, months);
      const expectedFen = book.dues + book.extra;
      const closedFen = closes.reduce((a, c) => a + c.collected_fen, 0);
      // A closed book is read-only, so its total cannot have moved since the close; if it did, stop loudly.
      if (closedFen !== expectedFen) throw new Error(`dues book of ${org.id} changed after its close: ${closedFen} ≠ ${expectedFen}`);
      if (input.amountFen !== expectedFen) {
        throw ruleViolation('dues.remittance_mismatch', `The remittance must equal the members’ payments of the months: ${expectedFen} fen, not ${input.amountFen}`, {
          expectedFen,
          givenFen: input.amountFen,
          differenceFen: input.amountFen - expectedFen,
          months,
          rule: { id: `${collectionId}.remittance`, cite: citeText(rules.remittance.cite) },
        });
      }
      const row: repo.RemittanceRow = {
        id: newId(),
        org_id: org.id,
        org_path: org.path,
        to_org_id: org.parent_id,
        months: JSON.stringify(months),
        amount_fen: expectedFen,
        dues_fen: book.dues,
        extra_fen: book.extra,
        centre_fen: book.centre,
        remitted_on: input.remittedOn,
        reference: input.reference ?? null,
        recorded_by: actor.accountId,
        created_at: nowUtc(this.now()),
      };
      await repo.insertRemittance(trx, row);
      if ((await repo.markRemitted(trx, org.id, months, row.id)) !== months.length) {
        throw conflict('dues.month_already_remitted', 'These months were remitted meanwhile', { months });
      }
      await this.audit.record(trx, actor, {
        action: 'dues.remit',
        targetType: 'org',
        targetId: org.id,
        orgPath: org.path,
        summary: { remittanceId: row.id, months, amountFen: row.amount_fen, centreFen: row.centre_fen, toOrgId: row.to_org_id },
      });
      return remittanceView(row);
    });
  }

  async remittances(actor: Actor, orgId: string) {
    const org = await this.branchInScope(this.db, actor, orgId);
    return (await repo.remittancesOf(this.db, org.id)).map(remittanceView);
  }

  // -- reports ----------------------------------------------------------------------------------------------------

  /**
   * A subtree's dues over a month, quarter or year (up to the current month): due, paid towards it, rate, arrears,
   * and what the books collected; split by direct child org (or by member for a branch). Every figure is a sum of
   * member-months, each attributed to one branch, so the children add up to the total to the fen.
   */
  async report(actor: Actor, orgId: string, period: Period) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const { from, to } = periodMonths(period);
    const through = to < this.currentMonth() ? to : this.currentMonth();
    const members = from <= through ? await membersOfScope(this.db, org.path, from, through) : [];
    const ledger = from <= through ? await buildLedger(this.db, members, { rootPath: org.path, from, to: through, withMissingBase: true }) : null;
    const books = await repo.bookSums(this.db, org.path, from, to);
    const isBranch = BRANCH_KINDS.includes(org.kind as OrgKind);
    const children = isBranch
      ? []
      : await this.db.selectFrom('orgs').select(['id', 'name', 'kind', 'path']).where('parent_id', '=', org.id).where('kind', '!=', 'group').orderBy('path').execute();
    const childWidth = org.path.length + SEGMENT_WIDTH;
    // Bucket of a member-month or book line: the member (branch report) or the child org holding the path.
    const bucketOf = (path: string, memberId: string | null) => (isBranch ? memberId : path.length >= childWidth ? path.slice(0, childWidth) : null);

    type Acc = Figures & { memberSet: Set<string>; arrearsSet: Set<string>; missingSet: Set<string> };
    const acc = (): Acc => ({ ...emptyFigures(), memberSet: new Set(), arrearsSet: new Set(), missingSet: new Set() });
    const total = acc();
    const buckets = new Map<string, Acc>();
    const bucket = (key: string | null) => {
      if (key === null) return null;
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = acc()));
      return b;
    };
    for (const line of ledger?.lines ?? []) {
      const outstanding = Math.max(0, line.dueFen - line.paidFen);
      for (const a of [total, bucket(bucketOf(line.orgPath, line.memberId))]) {
        if (!a) continue;
        a.memberSet.add(line.memberId);
        a.dueFen += line.dueFen;
        a.paidFen += line.paidFen;
        a.outstandingFen += outstanding;
        if (outstanding > 0) a.arrearsSet.add(line.memberId);
      }
    }
    for (const m of ledger?.missingBase ?? []) {
      const member = ledger?.members.get(m.memberId);
      if (!member) continue;
      for (const a of [total, bucket(bucketOf(member.org_path, member.id))]) a?.missingSet.add(member.id);
    }
    for (const b of books) {
      // Book lines belong to branches; in a branch report they stay at the total (they are not one member's).
      for (const a of [total, isBranch ? null : bucket(bucketOf(b.org_path, null))]) {
        if (!a) continue;
        a.collectedFen += b.total;
        if (b.kind === 'dues') a.collectedDuesFen += b.total;
        else a.extraFen += b.total;
        if (b.remit_to_centre === 1) a.centreFen += b.total;
      }
    }
    const figures = (a: Acc): Figures => {
      const { memberSet, arrearsSet, missingSet, ...rest } = a;
      return { ...rest, members: memberSet.size, arrearsMembers: arrearsSet.size, membersWithoutBase: missingSet.size, rateBasisPoints: rateBasisPoints(a.paidFen, a.dueFen) };
    };
    return {
      orgId: org.id,
      orgName: org.name,
      period,
      from,
      to,
      throughMonth: through,
      totals: figures(total),
      children: children.map((c) => ({ orgId: c.id, name: c.name, kind: c.kind, ...figures(buckets.get(c.path) ?? acc()) })),
      members: isBranch
        ? members
            .filter((m) => buckets.has(m.id))
            .map((m) => ({ memberId: m.id, name: m.name, ...figures(buckets.get(m.id) ?? acc()) }))
        : [],
    };
  }

  // -- arrears and the six-month flag -----------------------------------------------------------------------------

  /**
   * Members of the subtree with unpaid months up to the month before `asOf` (the current month is not overdue yet),
   * per branch; those with six consecutive unpaid months and no exemption are flagged (党章 第九条). The system
   * flags; what people decided is shown beside the flag.
   */
  async arrears(actor: Actor, orgId: string, asOf?: string) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const date = this.asOfDate(asOf);
    const through = addMonthsTo(monthOf(date), -1);
    const { id: collectionId, rules } = collectionRules(date);
    const members = await membersOfScope(this.db, org.path, '2008-04', through);
    const ledger = await buildLedger(this.db, members, { rootPath: org.path, from: '2008-04', to: through, withMissingBase: false });
    const decisions = await repo.lapseDecisionsOf(this.db, members.map((m) => m.id));
    const byMember = new Map<string, Line[]>();
    for (const l of ledger.lines) byMember.set(l.memberId, [...(byMember.get(l.memberId) ?? []), l]);
    const branchIds = new Set<string>();
    const rows: ArrearsMember[] = [];
    for (const [memberId, lines] of byMember) {
      const member = ledger.members.get(memberId);
      if (!member) continue;
      const unpaid = lines.filter((l) => isUnpaid({ month: l.month, dueFen: l.dueFen, paidFen: l.paidFen }));
      if (unpaid.length === 0) continue;
      const { flagged, current } = unpaidStreaks(
        lines.map((l) => ({ month: l.month, dueFen: l.dueFen, paidFen: l.paidFen })),
        rules.lapse.consecutiveMonths,
      );
      const decision = flagged ? decisions.filter((d) => d.member_id === memberId && d.streak_from === flagged.from).at(-1) : undefined;
      const orgIdOfMember = lines.at(-1)?.orgId ?? member.org_id;
      branchIds.add(orgIdOfMember);
      rows.push({
        memberId,
        name: member.name,
        orgId: orgIdOfMember,
        unpaidMonths: unpaid.map((l) => l.month),
        outstandingFen: unpaid.reduce((a, l) => a + l.dueFen - l.paidFen, 0),
        consecutiveUnpaidMonths: current?.months ?? 0,
        flagged,
        decision: decision ? { id: decision.id, outcome: decision.outcome, decidedOn: decision.decided_on, streakTo: decision.streak_to, note: decision.note } : null,
      });
    }
    const branches = branchIds.size === 0 ? [] : await this.db.selectFrom('orgs').select(['id', 'name', 'path']).where('id', 'in', [...branchIds]).orderBy('path').execute();
    return {
      orgId: org.id,
      asOf: date,
      throughMonth: through,
      rule: { id: `${collectionId}.lapse`, cite: citeText(rules.lapse.cite), consecutiveMonths: rules.lapse.consecutiveMonths },
      flaggedCount: rows.filter((r) => r.flagged).length,
      branches: branches.map((b) => ({
        orgId: b.id,
        name: b.name,
        members: rows.filter((r) => r.orgId === b.id).sort((x, y) => y.unpaidMonths.length - x.unpaidMonths.length || x.name.localeCompare(y.name)),
      })),
    };
  }

  /**
   * Both halves of 党章 第九条 for a subtree, one row per member flagged by either: six consecutive unpaid months
   * (this module) and six consecutive months absent from organizational life (reviews/absence.service.ts).
   */
  async articleNine(actor: Actor, orgId: string, asOf?: string) {
    const org = await requireOrgInScope(this.db, actor, orgId);
    const date = this.asOfDate(asOf);
    const [duesFlags, absence] = await Promise.all([this.lapseFlags(actor, org.id, date), absenceFlags(this.db, org.path, date)]);
    const ids = [...new Set([...duesFlags.map((f) => f.memberId), ...absence.flags.map((f) => f.memberId)])];
    const members = await repo.membersByIds(this.db, ids);
    const orgIds = [...new Set(members.map((m) => m.org_id))];
    const orgs = orgIds.length === 0 ? [] : await this.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute();
    const { id: collectionId, rules } = collectionRules(date);
    const rows = members.map((m) => {
      const d = duesFlags.find((f) => f.memberId === m.id);
      const a = absence.flags.find((f) => f.memberId === m.id)?.flag;
      return {
        memberId: m.id,
        name: m.name,
        orgId: m.org_id,
        orgName: orgs.find((o) => o.id === m.org_id)?.name ?? '',
        dues: d ? { from: d.from, to: d.to, months: d.months, decision: d.decision } : null,
        absence: a ? { firstMonth: a.firstMonth, lastMonth: a.lastMonth, months: a.months, ongoing: a.ongoing } : null,
      };
    });
    rows.sort((x, y) => x.orgName.localeCompare(y.orgName, 'zh-CN') || x.name.localeCompare(y.name, 'zh-CN'));
    return {
      orgId: org.id,
      asOf: date,
      rules: {
        dues: { id: `${collectionId}.lapse`, cite: citeText(rules.lapse.cite), consecutiveMonths: rules.lapse.consecutiveMonths },
        absence: { id: absence.ruleId, cite: absence.cite, consecutiveMonths: absence.threshold },
      },
      members: rows,
    };
  }

  private asOfDate(asOf: string | undefined): string {
    const today = this.today();
    if (asOf && asOf > today) throw badInput('dues.as_of_future', 'Arrears are read as of today or an earlier day', { field: 'asOf' });
    return asOf ?? today;
  }

  /** The dues half of 党章 第九条 for other modules: the flagged members of a subtree, one row each. */
  async lapseFlags(actor: Actor, orgId: string, asOf?: string): Promise<DuesLapseFlag[]> {
    const result = await this.arrears(actor, orgId, asOf);
    return result.branches.flatMap((b) =>
      b.members.flatMap((m) => (m.flagged ? [{ memberId: m.memberId, name: m.name, orgId: b.orgId, from: m.flagged.from, to: m.flagged.to, months: m.flagged.months, decision: m.decision }] : [])),
    );
  }

  /** What people decided on a member's six-month flag; the flag must be real (every month of the run unpaid). */
  async recordLapseDecision(actor: Actor, input: { memberId: string; streakFrom: string; streakTo: string; outcome: 'justified' | 'reminded' | 'lapsed'; decidedOn: string; note?: string | null | undefined }) {
    if (input.decidedOn > this.today()) throw badInput('dues.decided_in_future', 'A decision is recorded after it is taken', { field: 'decidedOn' });
    const member = await this.memberInScope(this.db, actor, input.memberId);
    const { id: collectionId, rules } = collectionRules(input.decidedOn);
    const ledger = await buildLedger(this.db, [member], { rootPath: null, from: input.streakFrom, to: input.streakTo, withMissingBase: false });
    const months = monthRange(input.streakFrom, input.streakTo);
    const unpaid = months.every((m) => {
      const line = ledger.lines.find((l) => l.month === m);
      return line !== undefined && isUnpaid({ month: m, dueFen: line.dueFen, paidFen: line.paidFen });
    });
    if (months.length < rules.lapse.consecutiveMonths || !unpaid || input.streakTo >= monthOf(input.decidedOn)) {
      throw ruleViolation('dues.not_flagged', `The months named are not ${rules.lapse.consecutiveMonths} or more consecutive unpaid months`, {
        rule: { id: `${collectionId}.lapse`, cite: citeText(rules.lapse.cite) },
      });
    }
    const row: repo.LapseDecisionRow = {
      id: newId(),
      member_id: member.id,
      org_id: member.org_id,
      org_path: member.org_path,
      streak_from: input.streakFrom,
      streak_to: input.streakTo,
      outcome: input.outcome,
      decided_on: input.decidedOn,
      note: input.note ?? null,
      recorded_by: actor.accountId,
      created_at: nowUtc(this.now()),
    };
    await this.db.transaction().execute(async (trx) => {
      await repo.insertLapseDecision(trx, row);
      await this.audit.record(trx, actor, {
        action: 'dues.lapse.decide',
        targetType: 'member',
        targetId: member.id,
        orgPath: member.org_path,
        summary: { decisionId: row.id, outcome: row.outcome, streakFrom: row.streak_from, streakTo: row.streak_to, decidedOn: row.decided_on },
      });
    });
    return { id: row.id, memberId: row.member_id, streakFrom: row.streak_from, streakTo: row.streak_to, outcome: row.outcome, decidedOn: row.decided_on, note: row.note, createdAt: row.created_at };
  }
}

export interface ArrearsMember {
  memberId: string;
  name: string;
  orgId: string;
  unpaidMonths: string[];
  outstandingFen: number;
  /** The run of unpaid months reaching the last complete month. */
  consecutiveUnpaidMonths: number;
  /** The most recent run of six or more consecutive unpaid months. */
  flagged: Streak | null;
  decision: { id: string; outcome: string; decidedOn: string; streakTo: string; note: string | null } | null;
}

export interface DuesLapseFlag {
  memberId: string;
  name: string;
  orgId: string;
  from: string;
  to: string;
  months: number;
  decision: ArrearsMember['decision'];
}

function closeView(row: repo.CloseRow) {
  return {
    orgId: row.org_id,
    month: row.month,
    collectedFen: Number(row.collected_fen),
    duesFen: Number(row.dues_fen),
    extraFen: Number(row.extra_fen),
    centreFen: Number(row.centre_fen),
    payments: row.payments,
    chargedFen: Number(row.charged_fen),
    members: row.members,
    remittanceId: row.remittance_id,
    closedAt: row.closed_at,
  };
}

function remittanceView(row: repo.RemittanceRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    toOrgId: row.to_org_id,
    months: JSON.parse(row.months) as string[],
    amountFen: Number(row.amount_fen),
    duesFen: Number(row.dues_fen),
    extraFen: Number(row.extra_fen),
    centreFen: Number(row.centre_fen),
    remittedOn: row.remitted_on,
    reference: row.reference,
    createdAt: row.created_at,
  };
}

