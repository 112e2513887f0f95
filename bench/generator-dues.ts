/**
 * Party dues for the generated tree: every active member gets a dues base (a category and an income plausible for
 * the branch's domain — village farmers on the flat amount the branch chose, retirees on a pension, teachers and
 * doctors, civil servants and company staff by brackets; the yearly re-declaration in January), then a year of
 * ledgers: most members pay each month, some in batches or late, flowing members by the quarter with consent, a
 * few stop paying (and a few of those reach the six months of 党章第九条), with the odd voluntary extra payment
 * and correction. Each branch closes its months (the due of each member frozen) and remits them to the committee
 * above, the amount equal to its books to the fen. Dues come from the real rule set (src/modules/dues) so the
 * service reads the same figures.
 */
import type { Insertable } from 'kysely';
import type { DuesBaseTable, DuesChargeTable, DuesCloseTable, DuesEntryTable, DuesPaymentTable, DuesRemittanceTable, Executor } from '../src/db/schema.ts';
import { addDays, nowUtc } from '../src/lib/dates.ts';
import { newId } from '../src/lib/ids.ts';
import { addMonthsTo, baseInForce, checkPaymentMonths, collectionRules, dueOfMonth, monthOf, monthRange, quarterOf, type BaseFacts } from '../src/modules/dues/dues-ledger.ts';
import type { DuesCategory } from '../src/modules/dues/dues-rules.ts';
import { ReferenceFormatProvider } from '../src/modules/dues/payment-provider.ts';
import { BRANCH_KINDS, type OrgDomain, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import type { OrgRow } from '../src/modules/orgs/orgs.repo.ts';
import type { GeneratedTree, GeneratorStep, Rng } from './generator.ts';

interface LedgerMember {
  id: string;
  org_id: string;
  org_path: string;
  name: string;
  birth_date: string;
  joined_on: string;
  is_flowing: number;
  is_hardship: number;
  is_in_service: number;
  is_retired: number;
  household_type: 'urban' | 'rural' | null;
}

export interface DuesBatch {
  bases: Insertable<DuesBaseTable>[];
  payments: Insertable<DuesPaymentTable>[];
  entries: Insertable<DuesEntryTable>[];
  charges: Insertable<DuesChargeTable>[];
  closes: Insertable<DuesCloseTable>[];
  remittances: Insertable<DuesRemittanceTable>[];
}

const emptyBatch = (): DuesBatch => ({ bases: [], payments: [], entries: [], charges: [], closes: [], remittances: [] });

export interface DuesPlanOptions {
  /** Closed months before the current one; by default from January of last year, so that a whole year is on record. */
  months?: number;
}

/** The months of the window: `first` to the current month, the last open. */
export function duesWindow(today: string, options: DuesPlanOptions = {}): { first: string; current: string } {
  const current = monthOf(today);
  return { first: options.months === undefined ? `${Number(current.slice(0, 4)) - 1}-01` : addMonthsTo(current, -options.months), current };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (month: string, day: number) => `${month}-${pad(day)}`;
const yuan = (rng: Rng, min: number, max: number, step = 10) => rng.int(min / step, max / step) * step * 100;
const ageOn = (birth: string, date: string) => Number(date.slice(0, 4)) - Number(birth.slice(0, 4)) - (date.slice(5) < birth.slice(5) ? 1 : 0);

/** Monthly incomes (after tax, yuan) of in-service members by the branch's domain. */
const SALARIES: Record<OrgDomain, [number, number]> = {
  rural: [2500, 5500],
  community: [3000, 7000],
  government: [4200, 9800],
  institution: [4500, 12_500],
  state_enterprise: [4500, 14_000],
  private_enterprise: [3000, 9500],
  social_organization: [3000, 7500],
};
const PENSIONS: Record<OrgDomain, [number, number]> = {
  rural: [1500, 3200],
  community: [2500, 5200],
  government: [4500, 8500],
  institution: [4500, 8800],
  state_enterprise: [3500, 6500],
  private_enterprise: [2500, 4500],
  social_organization: [2500, 4800],
};

interface BaseFigures {
  category: DuesCategory;
  monthlyIncomeFen: number | null;
  quarterIncomesFen: number[] | null;
  farmerAmountFen: number | null;
}

/** A category and figures that fit the member and the branch. */
function figuresOf(rng: Rng, m: LedgerMember, domain: OrgDomain, farmerAmountFen: number, today: string): BaseFigures {
  const none = { monthlyIncomeFen: null, quarterIncomesFen: null, farmerAmountFen: null };
  const age = ageOn(m.birth_date, today);
  if (m.is_retired || (age >= 62 && domain !== 'rural')) return { ...none, category: 'retired', monthlyIncomeFen: yuan(rng, ...PENSIONS[domain]) };
  if (age <= 23 && !m.is_in_service) return { ...none, category: 'student' };
  if (domain === 'rural' && m.household_type !== 'urban' && !m.is_in_service) return { ...none, category: 'farmer', farmerAmountFen };
  if (!m.is_in_service && (domain === 'community' || domain === 'rural')) {
    const roll = rng.next();
    if (roll < 0.3) return { ...none, category: 'unemployed' };
    if (roll < 0.45) return { ...none, category: 'laid_off' };
    if (roll < 0.6) return { ...none, category: 'relief' };
    return { ...none, category: 'self_employed', quarterIncomesFen: [0, 0, 0].map(() => yuan(rng, 1500, 12_000, 1)) };
  }
  if (domain === 'private_enterprise' && rng.chance(0.12)) return { ...none, category: 'self_employed', quarterIncomesFen: [0, 0, 0].map(() => yuan(rng, 2500, 20_000, 1)) };
  if (domain === 'state_enterprise' && rng.chance(0.04)) return { ...none, category: 'annual_salary', monthlyIncomeFen: yuan(rng, 15_000, 32_000) };
  // Pay slips end in odd amounts now and then (the rule applies to the whole after-tax pay, to the fen).
  const [min, max] = SALARIES[domain];
  return { ...none, category: 'in_service', monthlyIncomeFen: yuan(rng, min, max) + (rng.chance(0.3) ? rng.int(1, 99) : 0) };
}

/** How a member pays over the year. */
type Habit = 'monthly' | 'late' | 'batches' | 'quarterly' | 'stopped' | 'lapsed' | 'returned';

function habitOf(rng: Rng, m: LedgerMember): Habit {
  if (m.is_flowing && rng.chance(0.6)) return 'quarterly';
  const roll = rng.next();
  if (roll < 0.72) return 'monthly';
  if (roll < 0.84) return 'late';
  if (roll < 0.93) return 'batches';
  if (roll < 0.985) return 'stopped';
  return 'returned';
}

interface Paid {
  paidOn: string;
  months: string[];
  quarterly: boolean;
}

/**
 * When a member pays which months, given the months owed (from `from` to `current`) and the habit. A payment is
 * never dated after today; months ahead are paid only as a quarter.
 */
function paymentPlan(rng: Rng, habit: Habit, owed: readonly string[], current: string, today: string): Paid[] {
  const out: Paid[] = [];
  const day = rng.int(3, 25);
  const on = (month: string, d = day) => {
    const date = dayOf(month, Math.min(d, 28));
    return date <= today ? date : null;
  };
  const pay = (months: string[], at: string, quarterly = false) => {
    const paidOn = on(at, quarterly ? rng.int(3, 15) : day + rng.int(-2, 2));
    if (paidOn && months.length > 0) out.push({ paidOn, months, quarterly });
  };
  // The last month paid: the stopped leave 2–5 months unpaid, the lapsed 6–14 (through last month).
  const lastMonth = addMonthsTo(current, -1);
  const stopAfter = habit === 'stopped' ? addMonthsTo(lastMonth, -rng.int(2, 5)) : habit === 'lapsed' ? addMonthsTo(lastMonth, -rng.int(6, 14)) : current;
  const months = owed.filter((m) => m <= stopAfter);
  if (habit === 'quarterly') {
    const done = new Set<string>();
    for (const m of months) {
      if (done.has(m)) continue;
      const quarter = quarterOf(m);
      if (quarter[0] === m && quarter.every((q) => owed.includes(q) || q > current)) {
        pay(quarter, m, true);
        for (const q of quarter) done.add(q);
      } else {
        pay([m], m);
        done.add(m);
      }
    }
    return out;
  }
  if (habit === 'returned') {
    // Away for most of a year, then paid everything back at once: a back payment beyond six months.
    const back = months.slice(0, Math.max(0, months.length - 2));
    const at = months.at(-2);
    if (at && back.length > 0) pay(back, at);
    for (const m of months.slice(-2)) if (!back.includes(m)) pay([m], m);
    return out;
  }
  if (habit === 'batches') {
    for (let i = 0; i < months.length; ) {
      const size = rng.int(2, 3);
      const chunk = months.slice(i, i + size);
      pay(chunk, chunk.at(-1) as string);
      i += size;
    }
    return out;
  }
  for (let i = 0; i < months.length; i++) {
    const m = months[i] as string;
    const next = months[i + 1];
    // The late pay a month together with the next one now and then.
    if (habit === 'late' && next && rng.chance(0.35)) {
      pay([m, next], next);
      i++;
    } else pay([m], m);
  }
  return out;
}

const METHODS_RURAL = [0.85, 0.05] as const;
const METHODS_OTHER = [0.2, 0.3] as const;

/** Writes one branch's year: bases, payments with their entries, closes with frozen dues, remittances. */
class BranchLedger {
  readonly batch = emptyBatch();
  private readonly farmerAmountFen: number;
  /** Months after the last one the branch has closed: most close promptly, some lag a month or two. */
  private readonly closeLag: number;
  private readonly remitsQuarterly: boolean;
  private readonly collector: string;
  private readonly books = new Map<string, { dues: number; extra: number; centre: number; payments: number }>();
  private readonly dues = new Map<string, { due: number; count: number; lines: Insertable<DuesChargeTable>[] }>();

  constructor(
    private readonly rng: Rng,
    private readonly branch: OrgRow,
    private readonly members: readonly LedgerMember[],
    private readonly window: { first: string; current: string },
    private readonly today: string,
    private readonly now: string,
    private readonly serial: { next(): number },
    secretary: string | null,
    private readonly lapsing: ReadonlySet<string>,
  ) {
    this.farmerAmountFen = rng.pick([20, 50, 50, 100, 100]);
    this.closeLag = rng.chance(0.85) ? 0 : rng.int(1, 2);
    this.remitsQuarterly = rng.chance(0.7);
    this.collector = secretary ?? members[0]?.name ?? '组织委员';
  }

  private at(date: string, hour = 2): string {
    const stamp = `${date}T${pad(hour)}:00:00.000Z`;
    return stamp < this.now ? stamp : this.now;
  }

  plan(): DuesBatch {
    for (const m of this.members) this.member(m);
    this.closeAndRemit();
    return this.batch;
  }

  private member(m: LedgerMember): void {
    const { first, current } = this.window;
    const start = monthOf(m.joined_on);
    const from = start > first ? start : first;
    if (from > current) return;
    const domain = this.branch.domain as OrgDomain;
    const figures = figuresOf(this.rng, m, domain, this.farmerAmountFen, this.today);
    const habit = this.lapsing.has(m.id) ? 'lapsed' : habitOf(this.rng, m);
    const bases: BaseFacts[] = [this.base(m, from, figures, habit)];
    // The yearly re-declaration in January: most earners declare their new pay; some have not yet.
    const january = `${current.slice(0, 4)}-01`;
    const declares = figures.monthlyIncomeFen !== null && january > from && january <= current && this.rng.chance(0.85);
    if (declares && figures.monthlyIncomeFen !== null) {
      const raise = Math.round((figures.monthlyIncomeFen * this.rng.int(100, 108)) / 100);
      bases.push(this.base(m, january, { ...figures, monthlyIncomeFen: raise }, habit));
    }
    const owed: string[] = [];
    const dueOf = new Map<string, { amount: number; base: BaseFacts; rate: number | null; rule: string }>();
    for (const month of monthRange(from, current)) {
      const base = baseInForce(bases, month);
      const due = base && dueOfMonth(base, month);
      if (!base || !due) continue;
      dueOf.set(month, { amount: due.amountFen, base, rate: due.rateBasisPoints, rule: due.ruleId });
      const book = this.dues.get(month) ?? { due: 0, count: 0, lines: [] };
      book.due += due.amountFen;
      book.count += 1;
      book.lines.push({ member_id: m.id, month, org_id: this.branch.id, org_path: this.branch.path, base_id: base.id, due_fen: due.amountFen, rate_basis_points: due.rateBasisPoints, rule_id: due.ruleId, created_at: this.now });
      this.dues.set(month, book);
      if (due.amountFen > 0) owed.push(month);
    }
    for (const paid of paymentPlan(this.rng, habit, owed, current, this.today)) {
      const lines = paid.months.map((month) => {
        const due = dueOf.get(month) ?? dueOf.get(current);
        return { month, amount: due?.amount ?? 0, rule: due?.rule ?? null };
      });
      if (lines.some((l) => l.amount <= 0)) continue;
      const consent = bases[0]?.quarterlyConsentOn ?? null;
      const warnings = checkPaymentMonths({ months: paid.months, startMonth: start, ledgerMonth: monthOf(paid.paidOn), currentMonth: current, quarterly: paid.quarterly, quarterlyConsentOn: consent, paidOn: paid.paidOn });
      const original = this.payment(m, paid.paidOn, lines, paid.quarterly, warnings);
      // Now and then a payment is entered wrong, reversed the same month, and entered again.
      if (this.rng.chance(0.004) && original) this.correct(m, original, lines, paid);
    }
    if (this.rng.chance(0.004)) this.extra(m, this.rng.int(100, 800) * 100);
  }

  private base(m: LedgerMember, effectiveMonth: string, figures: BaseFigures, habit: Habit): BaseFacts {
    const id = newId();
    const decidedOn = addDays(`${effectiveMonth}-01`, -this.rng.int(10, 25));
    // Hardship: reduced to a token amount or exempt, decided by the branch and approved by the committee above.
    let hardship: BaseFacts['hardship'] = null;
    if (m.is_hardship && this.branch.parent_id) {
      const standard = dueOfMonth({ id, effectiveMonth, category: figures.category, monthlyIncomeFen: figures.monthlyIncomeFen, quarterIncomesFen: figures.quarterIncomesFen, farmerAmountFen: figures.farmerAmountFen, hardship: null, quarterlyConsentOn: null, createdAt: this.now }, effectiveMonth);
      const reducible = standard !== null && standard.amountFen > 20 && this.rng.chance(0.6);
      hardship = { kind: reducible ? 'reduced' : 'exempt', amountFen: reducible ? 20 : null, untilMonth: null, status: 'approved' };
    }
    const quarterlyConsentOn = habit === 'quarterly' ? decidedOn : null;
    const created = this.at(decidedOn);
    this.batch.bases.push({
      id,
      member_id: m.id,
      org_id: this.branch.id,
      org_path: this.branch.path,
      effective_month: effectiveMonth,
      category: figures.category,
      monthly_income_fen: figures.monthlyIncomeFen,
      quarter_incomes_fen: figures.quarterIncomesFen ? JSON.stringify(figures.quarterIncomesFen) : null,
      farmer_amount_fen: figures.farmerAmountFen,
      hardship_kind: hardship?.kind ?? null,
      hardship_amount_fen: hardship?.amountFen ?? null,
      hardship_reason: hardship ? this.rng.pick(['年老体弱，长期患病，生活困难', '家庭遭受变故，收入微薄', '享受最低生活保障，生活确有困难']) : null,
      hardship_decided_on: hardship ? decidedOn : null,
      hardship_until_month: null,
      hardship_status: hardship ? 'approved' : null,
      hardship_reviewed_on: hardship ? addDays(decidedOn, 7) : null,
      hardship_reviewed_by_org_id: hardship ? this.branch.parent_id : null,
      quarterly_consent_on: quarterlyConsentOn,
      note: null,
      recorded_by: null,
      version: 1,
      created_at: created,
      updated_at: created,
    });
    return {
      id,
      effectiveMonth,
      category: figures.category,
      monthlyIncomeFen: figures.monthlyIncomeFen,
      quarterIncomesFen: figures.quarterIncomesFen,
      farmerAmountFen: figures.farmerAmountFen,
      hardship,
      quarterlyConsentOn,
      createdAt: created,
    };
  }

  private method(): { method: 'cash' | 'transfer' | 'online' } {
    const [cash, transfer] = this.branch.domain === 'rural' ? METHODS_RURAL : METHODS_OTHER;
    const roll = this.rng.next();
    return { method: roll < cash ? 'cash' : roll < cash + transfer ? 'transfer' : 'online' };
  }

  private reference(method: 'cash' | 'transfer' | 'online', paidOn: string): { provider: string | null; external_reference: string | null } {
    if (method === 'online') return { provider: 'xianfeng-pay', external_reference: ReferenceFormatProvider.referenceFor(paidOn, this.serial.next()) };
    if (method === 'transfer' && this.rng.chance(0.4)) return { provider: 'bank', external_reference: `BK${paidOn.replaceAll('-', '')}${String(this.serial.next()).padStart(8, '0')}` };
    return { provider: null, external_reference: null };
  }

  private book(ledgerMonth: string, kind: 'dues' | 'extra', amount: number, centre: boolean, payments: number): void {
    const b = this.books.get(ledgerMonth) ?? { dues: 0, extra: 0, centre: 0, payments: 0 };
    if (kind === 'dues') b.dues += amount;
    else b.extra += amount;
    if (centre) b.centre += amount;
    b.payments += payments;
    this.books.set(ledgerMonth, b);
  }

  private payment(m: LedgerMember, paidOn: string, lines: { month: string; amount: number; rule: string | null }[], quarterly: boolean, warnings: unknown[]): Insertable<DuesPaymentTable> | null {
    const { method } = this.method();
    const ledgerMonth = monthOf(paidOn);
    const total = lines.reduce((a, l) => a + l.amount, 0);
    const created = this.at(paidOn, 3);
    const row: Insertable<DuesPaymentTable> = {
      id: newId(),
      member_id: m.id,
      org_id: this.branch.id,
      org_path: this.branch.path,
      kind: 'dues',
      paid_on: paidOn,
      ledger_month: ledgerMonth,
      method,
      collected_by: this.collector,
      ...this.reference(method, paidOn),
      total_fen: total,
      is_quarterly: quarterly ? 1 : 0,
      warnings: JSON.stringify(warnings),
      note: null,
      reverses_payment_id: null,
      recorded_by: null,
      created_at: created,
    };
    this.batch.payments.push(row);
    for (const l of lines) {
      this.batch.entries.push({ id: newId(), payment_id: row.id, member_id: m.id, org_id: this.branch.id, org_path: this.branch.path, kind: 'dues', for_month: l.month, ledger_month: ledgerMonth, amount_fen: l.amount, is_reversal: 0, due_fen: l.amount, rule_id: l.rule, remit_to_centre: 0, created_at: created });
    }
    this.book(ledgerMonth, 'dues', total, false, 1);
    return row;
  }

  /** A reversal in the same month a few days later, then the payment entered again (in cash). */
  private correct(m: LedgerMember, original: Insertable<DuesPaymentTable>, lines: { month: string; amount: number; rule: string | null }[], paid: Paid): void {
    const reversedOn = addDays(paid.paidOn, this.rng.int(0, 2));
    if (monthOf(reversedOn) !== monthOf(paid.paidOn) || reversedOn > this.today) return;
    const created = this.at(reversedOn, 5);
    const reversal: Insertable<DuesPaymentTable> = {
      ...original,
      id: newId(),
      kind: 'reversal',
      paid_on: reversedOn,
      collected_by: null,
      provider: null,
      external_reference: null,
      total_fen: -Number(original.total_fen),
      is_quarterly: 0,
      warnings: '[]',
      note: this.rng.pick(['金额录入错误', '记错党员', '重复录入']),
      reverses_payment_id: original.id,
      created_at: created,
    };
    this.batch.payments.push(reversal);
    for (const l of lines) {
      this.batch.entries.push({ id: newId(), payment_id: reversal.id, member_id: m.id, org_id: this.branch.id, org_path: this.branch.path, kind: 'dues', for_month: l.month, ledger_month: monthOf(reversedOn), amount_fen: -l.amount, is_reversal: 1, due_fen: l.amount, rule_id: l.rule, remit_to_centre: 0, created_at: created });
    }
    this.book(monthOf(reversedOn), 'dues', -Number(original.total_fen), false, 1);
    const again = this.payment(m, reversedOn, lines, paid.quarterly, JSON.parse(String(original.warnings)) as unknown[]);
    if (again) {
      again.method = 'cash';
      again.provider = null;
      again.external_reference = null;
    }
  }

  /** A voluntary payment beyond the dues; from 1000 yuan it goes to the Centre in full. */
  extra(m: LedgerMember, amountFen: number): void {
    const month = this.rng.pick(monthRange(monthOf(m.joined_on) > this.window.first ? monthOf(m.joined_on) : this.window.first, this.window.current));
    const paidOn = dayOf(month, this.rng.int(1, 28));
    if (paidOn > this.today || paidOn < m.joined_on) return;
    const { id: collectionId, rules } = collectionRules(paidOn);
    const centre = amountFen >= rules.centreRemittance.thresholdFen;
    const created = this.at(paidOn, 4);
    const warnings = centre ? [{ code: 'dues.remit_to_centre', message: 'Remitted in full to the Centre', months: [month], rule: { id: `${collectionId}.centre_remittance`, cite: '' } }] : [];
    const row: Insertable<DuesPaymentTable> = {
      id: newId(),
      member_id: m.id,
      org_id: this.branch.id,
      org_path: this.branch.path,
      kind: 'extra',
      paid_on: paidOn,
      ledger_month: month,
      method: 'transfer',
      collected_by: this.collector,
      provider: null,
      external_reference: null,
      total_fen: amountFen,
      is_quarterly: 0,
      warnings: JSON.stringify(warnings),
      note: centre ? '自愿多交党费' : '自愿多交',
      reverses_payment_id: null,
      recorded_by: null,
      created_at: created,
    };
    this.batch.payments.push(row);
    this.batch.entries.push({ id: newId(), payment_id: row.id, member_id: m.id, org_id: this.branch.id, org_path: this.branch.path, kind: 'extra', for_month: month, ledger_month: month, amount_fen: amountFen, is_reversal: 0, due_fen: null, rule_id: centre ? `${collectionId}.centre_remittance` : null, remit_to_centre: centre ? 1 : 0, created_at: created });
    this.book(month, 'extra', amountFen, centre, 1);
  }

  /** Closes every month but the current (and the lagging branches' last ones), then remits them upwards. */
  private closeAndRemit(): void {
    const { first, current } = this.window;
    const lastClosed = addMonthsTo(current, -1 - this.closeLag);
    const closed: { month: string; closedOn: string; row: Insertable<DuesCloseTable> }[] = [];
    for (const month of monthRange(first, lastClosed)) {
      const dues = this.dues.get(month);
      const book = this.books.get(month) ?? { dues: 0, extra: 0, centre: 0, payments: 0 };
      if (!dues && book.payments === 0) continue;
      const closedOn = dayOf(addMonthsTo(month, 1), this.rng.int(1, 5));
      if (closedOn > this.today) continue;
      const row: Insertable<DuesCloseTable> = {
        org_id: this.branch.id,
        month,
        org_path: this.branch.path,
        collected_fen: book.dues + book.extra,
        dues_fen: book.dues,
        extra_fen: book.extra,
        centre_fen: book.centre,
        payments: book.payments,
        charged_fen: dues?.due ?? 0,
        members: dues?.count ?? 0,
        remittance_id: null,
        closed_by: null,
        closed_at: this.at(closedOn, 9),
      };
      this.batch.closes.push(row);
      this.batch.charges.push(...(dues?.lines ?? []).map((l) => ({ ...l, created_at: row.closed_at })));
      closed.push({ month, closedOn, row });
    }
    if (!this.branch.parent_id) return;
    const groups: (typeof closed)[] = [];
    for (const c of closed) {
      const last = groups.at(-1);
      const sameQuarter = last && this.remitsQuarterly && quarterOf(last[0]?.month ?? '')[0] === quarterOf(c.month)[0];
      if (sameQuarter) last.push(c);
      else groups.push([c]);
    }
    for (const group of groups) {
      const lastClose = group.at(-1);
      if (!lastClose) continue;
      // A quarter is remitted once its three months are closed; a month on its own right after its close.
      if (this.remitsQuarterly && quarterOf(lastClose.month).at(-1) !== lastClose.month) continue;
      const remittedOn = addDays(lastClose.closedOn, this.rng.int(2, 10));
      if (remittedOn > this.today) continue;
      const sum = (pick: (r: Insertable<DuesCloseTable>) => number) => group.reduce((a, c) => a + pick(c.row), 0);
      const id = newId();
      this.batch.remittances.push({
        id,
        org_id: this.branch.id,
        org_path: this.branch.path,
        to_org_id: this.branch.parent_id,
        months: JSON.stringify(group.map((c) => c.month)),
        amount_fen: sum((r) => Number(r.collected_fen)),
        dues_fen: sum((r) => Number(r.dues_fen)),
        extra_fen: sum((r) => Number(r.extra_fen)),
        centre_fen: sum((r) => Number(r.centre_fen)),
        remitted_on: remittedOn,
        reference: `JK${remittedOn.replaceAll('-', '')}${String(this.serial.next()).padStart(6, '0')}`,
        recorded_by: null,
        created_at: this.at(remittedOn, 8),
      });
      for (const c of group) c.row.remittance_id = id;
    }
  }
}

const branchesOf = (tree: GeneratedTree) => tree.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as OrgKind) && o.status === 'active');

async function membersByBranch(ex: Executor): Promise<Map<string, LedgerMember[]>> {
  const rows = await ex
    .selectFrom('members')
    .select(['id', 'org_id', 'org_path', 'name', 'birth_date', 'joined_on', 'is_flowing', 'is_hardship', 'is_in_service', 'is_retired', 'household_type'])
    .where('membership', '=', 'active')
    .orderBy('org_path')
    .orderBy('name')
    .orderBy('birth_date')
    .orderBy('id')
    .execute();
  const out = new Map<string, LedgerMember[]>();
  for (const r of rows) out.set(r.org_id, [...(out.get(r.org_id) ?? []), r]);
  return out;
}

async function secretaries(ex: Executor): Promise<Map<string, string>> {
  const rows = await ex.selectFrom('org_committee_members').select(['org_id', 'person_name']).where('position', '=', 'secretary').where('ended_on', 'is', null).orderBy('org_path').orderBy('id').execute();
  return new Map(rows.map((r) => [r.org_id, r.person_name]));
}

/** Rows per statement: within SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const rowsPerStatement = (columns: number) => Math.floor(30_000 / columns);

export async function insertDuesBatch(ex: Executor, batch: DuesBatch): Promise<void> {
  const chunks = async <T>(rows: readonly T[], columns: number, insert: (chunk: T[]) => Promise<unknown>) => {
    const size = rowsPerStatement(columns);
    for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
  };
  await chunks(batch.bases, 24, (c) => ex.insertInto('dues_bases').values(c).execute());
  await chunks(batch.payments, 18, (c) => ex.insertInto('dues_payments').values(c).execute());
  await chunks(batch.entries, 14, (c) => ex.insertInto('dues_entries').values(c).execute());
  // Remittances before the closes that point at them.
  await chunks(batch.remittances, 13, (c) => ex.insertInto('dues_remittances').values(c).execute());
  await chunks(batch.closes, 13, (c) => ex.insertInto('dues_closes').values(c).execute());
  await chunks(batch.charges, 9, (c) => ex.insertInto('dues_charges').values(c).execute());
}

/** The members who stop paying long enough to reach the six months of 第九条: about one in 150, at least three. */
function lapsingMembers(rng: Rng, members: readonly LedgerMember[], first: string): Set<string> {
  const candidates = members.filter((m) => monthOf(m.joined_on) <= addMonthsTo(first, 2) && !m.is_hardship);
  const wanted = Math.min(candidates.length, Math.max(3, Math.round(members.length / 150)));
  const out = new Set<string>();
  while (out.size < wanted) out.add(rng.pick(candidates).id);
  return out;
}

/** Bases and a year of dues for every branch of the tree, in batches of about `batchRows` entries. */
export async function* duesBatches(ex: Executor, tree: GeneratedTree, rng: Rng, options: DuesPlanOptions & { batchRows?: number } = {}): AsyncGenerator<DuesBatch> {
  const window = duesWindow(tree.today, options);
  const [members, posts] = await Promise.all([membersByBranch(ex), secretaries(ex)]);
  const lapsing = lapsingMembers(rng, [...members.values()].flat(), window.first);
  const now = nowUtc();
  let serial = 0;
  const counter = { next: () => ++serial };
  let batch = emptyBatch();
  const branches = branchesOf(tree).filter((b) => (members.get(b.id)?.length ?? 0) > 0);
  // A member of the county gives 1000 yuan or more once: remitted in full to the Centre.
  const generous = branches.length > 0 ? rng.pick(branches) : null;
  for (const branch of branches) {
    const roster = members.get(branch.id) ?? [];
    const planned = new BranchLedger(rng, branch, roster, window, tree.today, now, counter, posts.get(branch.id) ?? null, lapsing);
    if (branch === generous && roster[0]) planned.extra(roster[0], rng.int(10, 20) * 10_000);
    const plannedBatch = planned.plan();
    for (const key of Object.keys(batch) as (keyof DuesBatch)[]) (batch[key] as unknown[]).push(...plannedBatch[key]);
    if (batch.entries.length >= (options.batchRows ?? 20_000)) {
      yield batch;
      batch = emptyBatch();
    }
  }
  yield batch;
}

/** A year of party dues for every branch (run after the members, and the committees for the collectors' names). */
export function duesStepOf(options: DuesPlanOptions = {}): GeneratorStep {
  return {
    name: 'dues',
    async run(ex, ctx) {
      let rows = 0;
      for await (const batch of duesBatches(ex, ctx.tree, ctx.rng, options)) {
        await insertDuesBatch(ex, batch);
        rows += batch.payments.length;
        ctx.onProgress?.(rows, 0);
      }
      return rows;
    },
  };
}

export const duesStep = duesStepOf();
