/** Kysely queries of the dues ledger. Sums come back as numbers on both dialects (see `fen`). */
import type { Selectable } from 'kysely';
import type {
  DuesBaseTable,
  DuesChargeTable,
  DuesCloseTable,
  DuesEntryTable,
  DuesLapseDecisionTable,
  DuesPaymentTable,
  DuesRemittanceTable,
  Executor,
} from '../../db/schema.ts';
import { chunks } from '../../lib/chunks.ts';
import { subtreeRange } from '../orgs/tree.ts';

export type BaseRow = Selectable<DuesBaseTable>;
export type PaymentRow = Selectable<DuesPaymentTable>;
export type EntryRow = Selectable<DuesEntryTable>;
export type ChargeRow = Selectable<DuesChargeTable>;
export type CloseRow = Selectable<DuesCloseTable>;
export type RemittanceRow = Selectable<DuesRemittanceTable>;
export type LapseDecisionRow = Selectable<DuesLapseDecisionTable>;

/**
 * A sum of fen as a number. PostgreSQL answers sum(bigint) as numeric, which node-postgres hands over as text;
 * every figure here is far below 2^53, and a value that is not a safe integer is a bug worth stopping on.
 */
export function fen(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number of fen: ${String(value)}`);
  return n;
}

/** Large IN lists are split so that neither driver meets its limit on bound parameters. */
const CHUNK = 1000;

export interface LedgerMember {
  id: string;
  name: string;
  org_id: string;
  org_path: string;
  joined_on: string;
  status: 'probationary' | 'full';
  membership: 'active' | 'transferred_out' | 'probation_cancelled';
}

const MEMBER_COLUMNS = ['id', 'name', 'org_id', 'org_path', 'joined_on', 'status', 'membership'] as const;

export async function activeMembersOf(ex: Executor, rootPath: string): Promise<LedgerMember[]> {
  const { from, to } = subtreeRange(rootPath);
  return ex
    .selectFrom('members')
    .select(MEMBER_COLUMNS)
    .where('membership', '=', 'active')
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .orderBy('org_path')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function membersByIds(ex: Executor, ids: readonly string[]): Promise<LedgerMember[]> {
  const out: LedgerMember[] = [];
  for (const part of chunks(ids, CHUNK)) out.push(...(await ex.selectFrom('members').select(MEMBER_COLUMNS).where('id', 'in', part).execute()));
  return out;
}

export async function basesOf(ex: Executor, memberIds: readonly string[]): Promise<BaseRow[]> {
  const out: BaseRow[] = [];
  for (const part of chunks(memberIds, CHUNK)) {
    out.push(...(await ex.selectFrom('dues_bases').selectAll().where('member_id', 'in', part).orderBy('effective_month').orderBy('created_at').execute()));
  }
  return out;
}

export async function findBase(ex: Executor, id: string): Promise<BaseRow | undefined> {
  return ex.selectFrom('dues_bases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertBase(ex: Executor, row: BaseRow): Promise<void> {
  await ex.insertInto('dues_bases').values(row).execute();
}

/** Writes the reviewed hardship if the base is still at `version`; false when someone else changed it first. */
export async function reviewHardship(
  ex: Executor,
  id: string,
  version: number,
  fields: Pick<BaseRow, 'hardship_status' | 'hardship_reviewed_on' | 'hardship_reviewed_by_org_id' | 'updated_at'>,
): Promise<boolean> {
  const res = await ex.updateTable('dues_bases').set({ ...fields, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** For each active member of the subtree: the latest effective month of their bases, and whether one falls in `year`. */
export async function declarations(ex: Executor, rootPath: string, year: number): Promise<Map<string, { latest: string; declared: boolean }>> {
  const { from, to } = subtreeRange(rootPath);
  const y = String(year).padStart(4, '0');
  const rows = await ex
    .selectFrom('dues_bases')
    .innerJoin('members', 'members.id', 'dues_bases.member_id')
    .select(['dues_bases.member_id', 'dues_bases.effective_month'])
    .where('members.membership', '=', 'active')
    .where('members.org_path', '>=', from)
    .where('members.org_path', '<', to)
    .execute();
  const out = new Map<string, { latest: string; declared: boolean }>();
  for (const r of rows) {
    const seen = out.get(r.member_id) ?? { latest: r.effective_month, declared: false };
    if (r.effective_month > seen.latest) seen.latest = r.effective_month;
    if (r.effective_month.startsWith(`${y}-`)) seen.declared = true;
    out.set(r.member_id, seen);
  }
  return out;
}

export async function chargesOf(ex: Executor, memberIds: readonly string[], fromMonth: string, toMonth: string): Promise<ChargeRow[]> {
  const out: ChargeRow[] = [];
  for (const part of chunks(memberIds, CHUNK)) {
    const rows = await ex.selectFrom('dues_charges').selectAll().where('member_id', 'in', part).where('month', '>=', fromMonth).where('month', '<=', toMonth).execute();
    out.push(...rows.map((r) => ({ ...r, due_fen: fen(r.due_fen) })));
  }
  return out;
}

/** Members charged (frozen dues) in the subtree over the months: they belong to its figures even after leaving. */
export async function chargedMemberIds(ex: Executor, rootPath: string, fromMonth: string, toMonth: string): Promise<string[]> {
  const { from, to } = subtreeRange(rootPath);
  const rows = await ex
    .selectFrom('dues_charges')
    .select('member_id')
    .distinct()
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .execute();
  return rows.map((r) => r.member_id);
}

export async function insertCharges(ex: Executor, rows: readonly ChargeRow[]): Promise<void> {
  for (const part of chunks(rows, CHUNK)) await ex.insertInto('dues_charges').values(part).execute();
}

/** What was paid towards each member-month's due (payments less their reversals). */
export async function settledByMonth(ex: Executor, memberIds: readonly string[], fromMonth: string, toMonth: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(memberIds, CHUNK)) {
    const rows = await ex
      .selectFrom('dues_entries')
      .select(['member_id', 'for_month'])
      .select((eb) => eb.fn.sum<number | string>('amount_fen').as('paid'))
      .where('member_id', 'in', part)
      .where('kind', '=', 'dues')
      .where('for_month', '>=', fromMonth)
      .where('for_month', '<=', toMonth)
      .groupBy(['member_id', 'for_month'])
      .execute();
    for (const r of rows) out.set(`${r.member_id}|${r.for_month}`, fen(r.paid));
  }
  return out;
}

export interface BookSum {
  org_path: string;
  kind: 'dues' | 'extra';
  remit_to_centre: number;
  total: number;
  lines: number;
}

/** The books of a subtree over ledger months: what was collected, by branch, kind and Centre share. */
export async function bookSums(ex: Executor, rootPath: string, fromMonth: string, toMonth: string): Promise<BookSum[]> {
  const { from, to } = subtreeRange(rootPath);
  const rows = await ex
    .selectFrom('dues_entries')
    .select(['org_path', 'kind', 'remit_to_centre'])
    .select((eb) => [eb.fn.sum<number | string>('amount_fen').as('total'), eb.fn.countAll<number | string>().as('lines')])
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .where('ledger_month', '>=', fromMonth)
    .where('ledger_month', '<=', toMonth)
    .groupBy(['org_path', 'kind', 'remit_to_centre'])
    .execute();
  return rows.map((r) => ({ org_path: r.org_path, kind: r.kind, remit_to_centre: r.remit_to_centre, total: fen(r.total), lines: fen(r.lines) }));
}

/** One branch's book over the given ledger months. */
export async function branchBook(ex: Executor, orgId: string, months: readonly string[]): Promise<{ dues: number; extra: number; centre: number; payments: number }> {
  const rows = await ex
    .selectFrom('dues_entries')
    .select(['kind', 'remit_to_centre'])
    .select((eb) => eb.fn.sum<number | string>('amount_fen').as('total'))
    .where('org_id', '=', orgId)
    .where('ledger_month', 'in', [...months])
    .groupBy(['kind', 'remit_to_centre'])
    .execute();
  const payments = await ex
    .selectFrom('dues_payments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('ledger_month', 'in', [...months])
    .executeTakeFirstOrThrow();
  const sum = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((a, r) => a + fen(r.total), 0);
  return { dues: sum((r) => r.kind === 'dues'), extra: sum((r) => r.kind === 'extra'), centre: sum((r) => r.remit_to_centre === 1), payments: fen(payments.n) };
}

export async function findClose(ex: Executor, orgId: string, month: string): Promise<CloseRow | undefined> {
  return ex.selectFrom('dues_closes').selectAll().where('org_id', '=', orgId).where('month', '=', month).executeTakeFirst();
}

export async function closesOf(ex: Executor, orgId: string, fromMonth: string, toMonth: string): Promise<CloseRow[]> {
  const rows = await ex.selectFrom('dues_closes').selectAll().where('org_id', '=', orgId).where('month', '>=', fromMonth).where('month', '<=', toMonth).orderBy('month').execute();
  return rows.map(moneyOfClose);
}

export async function closesByMonths(ex: Executor, orgId: string, months: readonly string[]): Promise<CloseRow[]> {
  const rows = await ex.selectFrom('dues_closes').selectAll().where('org_id', '=', orgId).where('month', 'in', [...months]).execute();
  return rows.map(moneyOfClose);
}

function moneyOfClose(r: CloseRow): CloseRow {
  return { ...r, collected_fen: fen(r.collected_fen), dues_fen: fen(r.dues_fen), extra_fen: fen(r.extra_fen), centre_fen: fen(r.centre_fen), charged_fen: fen(r.charged_fen) };
}

export async function insertClose(ex: Executor, row: CloseRow): Promise<void> {
  await ex.insertInto('dues_closes').values(row).execute();
}

/** Marks the closes as remitted, if none was remitted meanwhile; the number of rows changed. */
export async function markRemitted(ex: Executor, orgId: string, months: readonly string[], remittanceId: string): Promise<number> {
  const res = await ex
    .updateTable('dues_closes')
    .set({ remittance_id: remittanceId })
    .where('org_id', '=', orgId)
    .where('month', 'in', [...months])
    .where('remittance_id', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function insertRemittance(ex: Executor, row: RemittanceRow): Promise<void> {
  await ex.insertInto('dues_remittances').values(row).execute();
}

export async function remittancesOf(ex: Executor, orgId: string): Promise<RemittanceRow[]> {
  const rows = await ex.selectFrom('dues_remittances').selectAll().where('org_id', '=', orgId).orderBy('remitted_on', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ ...r, amount_fen: fen(r.amount_fen), dues_fen: fen(r.dues_fen), extra_fen: fen(r.extra_fen), centre_fen: fen(r.centre_fen) }));
}

export async function insertPayment(ex: Executor, payment: PaymentRow, entries: readonly EntryRow[]): Promise<void> {
  await ex.insertInto('dues_payments').values(payment).execute();
  for (const part of chunks(entries, CHUNK)) await ex.insertInto('dues_entries').values(part).execute();
}

export async function findPaymentInScope(ex: Executor, id: string, scopePath: string): Promise<PaymentRow | undefined> {
  const { from, to } = subtreeRange(scopePath);
  const row = await ex.selectFrom('dues_payments').selectAll().where('id', '=', id).where('org_path', '>=', from).where('org_path', '<', to).executeTakeFirst();
  return row && { ...row, total_fen: fen(row.total_fen) };
}

export async function findReversalOf(ex: Executor, paymentId: string): Promise<PaymentRow | undefined> {
  return ex.selectFrom('dues_payments').selectAll().where('reverses_payment_id', '=', paymentId).executeTakeFirst();
}

export async function entriesOfPayments(ex: Executor, paymentIds: readonly string[]): Promise<EntryRow[]> {
  const out: EntryRow[] = [];
  for (const part of chunks(paymentIds, CHUNK)) {
    const rows = await ex.selectFrom('dues_entries').selectAll().where('payment_id', 'in', part).orderBy('for_month').execute();
    out.push(...rows.map((r) => ({ ...r, amount_fen: fen(r.amount_fen), due_fen: r.due_fen === null ? null : fen(r.due_fen) })));
  }
  return out;
}

export async function paymentsOfMember(ex: Executor, memberId: string, limit: number): Promise<PaymentRow[]> {
  const rows = await ex.selectFrom('dues_payments').selectAll().where('member_id', '=', memberId).orderBy('paid_on', 'desc').orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, total_fen: fen(r.total_fen) }));
}

export async function paymentsOfBook(ex: Executor, orgId: string, ledgerMonth: string): Promise<PaymentRow[]> {
  const rows = await ex.selectFrom('dues_payments').selectAll().where('org_id', '=', orgId).where('ledger_month', '=', ledgerMonth).orderBy('paid_on').orderBy('created_at').execute();
  return rows.map((r) => ({ ...r, total_fen: fen(r.total_fen) }));
}

export async function findIdempotent(ex: Executor, accountId: string, key: string) {
  return ex.selectFrom('dues_idempotency_keys').selectAll().where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
}

export async function insertIdempotent(ex: Executor, row: { account_id: string; key: string; request_hash: string; status_code: number; response: string; created_at: string }): Promise<void> {
  await ex.insertInto('dues_idempotency_keys').values(row).execute();
}

export async function setIdempotentResponse(ex: Executor, accountId: string, key: string, response: string): Promise<void> {
  await ex.updateTable('dues_idempotency_keys').set({ response }).where('account_id', '=', accountId).where('key', '=', key).execute();
}

export async function insertLapseDecision(ex: Executor, row: LapseDecisionRow): Promise<void> {
  await ex.insertInto('dues_lapse_decisions').values(row).execute();
}

export async function lapseDecisionsOf(ex: Executor, memberIds: readonly string[]): Promise<LapseDecisionRow[]> {
  const out: LapseDecisionRow[] = [];
  for (const part of chunks(memberIds, CHUNK)) {
    out.push(...(await ex.selectFrom('dues_lapse_decisions').selectAll().where('member_id', 'in', part).orderBy('created_at').execute()));
  }
  return out;
}
