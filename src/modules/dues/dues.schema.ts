import { z } from 'zod';
import { id, isoDate, version } from '../../lib/schema.ts';
import { DUES_CATEGORIES } from './dues-rules.ts';
import { isMonth } from './dues-ledger.ts';

export const month = z.string().max(7).refine(isMonth, { message: 'must be a month as YYYY-MM' }).meta({ example: '2026-03' });
// Whole fen; the ranges of incomes and amounts are the rule set's and answer with `dues.*` codes.
const fen = z.number().int();
const text = (max: number) => z.string().trim().min(1).max(max);

export const baseBody = z.strictObject({
  memberId: id,
  effectiveMonth: month,
  category: z.enum(DUES_CATEGORIES),
  monthlyIncomeFen: fen.optional(),
  previousQuarterIncomeFen: z.tuple([fen, fen, fen]).optional(),
  farmerAmountFen: fen.optional(),
  hardship: z
    .strictObject({
      kind: z.enum(['reduced', 'exempt']),
      amountFen: fen.optional(),
      reason: text(500),
      decidedOn: isoDate,
      untilMonth: month.nullable().optional(),
    })
    .optional(),
  quarterlyConsentOn: isoDate.nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});

const due = z.object({ amountFen: z.number().int(), rateBasisPoints: z.number().int().nullable(), rule: z.object({ id: z.string(), cite: z.string() }) });
export const baseView = z
  .object({
    id: z.string(),
    memberId: z.string(),
    orgId: z.string(),
    effectiveMonth: z.string(),
    category: z.enum(DUES_CATEGORIES),
    monthlyIncomeFen: z.number().int().nullable(),
    previousQuarterIncomeFen: z.array(z.number().int()).nullable(),
    farmerAmountFen: z.number().int().nullable(),
    hardship: z
      .object({
        kind: z.enum(['reduced', 'exempt']),
        amountFen: z.number().int().nullable(),
        reason: z.string(),
        decidedOn: z.string(),
        untilMonth: z.string().nullable(),
        status: z.enum(['pending', 'approved', 'refused']),
        reviewedOn: z.string().nullable(),
        reviewedByOrgId: z.string().nullable(),
      })
      .nullable(),
    quarterlyConsentOn: z.string().nullable(),
    note: z.string().nullable(),
    standard: due,
    due,
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'DuesBase' });

export const hardshipReviewBody = z.strictObject({ decision: z.enum(['approved', 'refused']), reviewedOn: isoDate, version });

const method = z.enum(['cash', 'transfer', 'online']);
const paymentCommon = {
  memberId: id,
  paidOn: isoDate,
  method,
  collectedBy: text(50),
  provider: z.string().trim().min(1).max(50).optional(),
  externalReference: z.string().trim().min(1).max(64).optional(),
  note: z.string().trim().max(500).nullable().optional(),
};
export const paymentBody = z.strictObject({
  ...paymentCommon,
  months: z.array(month).min(1).max(36),
  quarterly: z.boolean().optional(),
  /** The total the form showed; a different amount due answers 409 dues.amount_changed. */
  expectedTotalFen: fen.optional(),
});
export const extraPaymentBody = z.strictObject({ ...paymentCommon, amountFen: fen.min(1).max(10_000_000_000) });
export const reversalBody = z.strictObject({ reason: text(500), reversedOn: isoDate.optional() });

const warning = z.object({ code: z.string(), message: z.string(), months: z.array(z.string()), rule: z.object({ id: z.string(), cite: z.string() }) });
export const paymentView = z
  .object({
    id: z.string(),
    memberId: z.string(),
    orgId: z.string(),
    kind: z.enum(['dues', 'extra', 'reversal']),
    paidOn: z.string(),
    ledgerMonth: z.string(),
    method: method.nullable(),
    collectedBy: z.string().nullable(),
    provider: z.string().nullable(),
    externalReference: z.string().nullable(),
    totalFen: z.number().int(),
    quarterly: z.boolean(),
    warnings: z.array(warning),
    note: z.string().nullable(),
    reversesPaymentId: z.string().nullable(),
    entries: z.array(
      z.object({ kind: z.enum(['dues', 'extra']), forMonth: z.string(), amountFen: z.number().int(), dueFen: z.number().int().nullable(), ruleId: z.string().nullable(), remitToCentre: z.boolean() }),
    ),
    createdAt: z.string(),
  })
  .meta({ id: 'DuesPayment' });

/** The Idempotency-Key header of payment requests (see the route summaries). */
export const idempotencyHeaders = z.object({ 'idempotency-key': z.string().trim().min(8).max(100).regex(/^[\x21-\x7e]+$/).optional() });

export const memberLedgerView = z.object({
  member: z.object({ id: z.string(), name: z.string(), orgId: z.string(), status: z.enum(['probationary', 'full']), startMonth: z.string() }),
  base: baseView.nullable(),
  bases: z.array(baseView),
  months: z.array(z.object({ month: z.string(), dueFen: z.number().int(), paidFen: z.number().int(), outstandingFen: z.number().int(), ruleId: z.string() })),
  owedFen: z.number().int(),
  unpaidMonths: z.array(z.string()),
  payments: z.array(paymentView),
});

export const monthQuery = z.strictObject({ month });
export const sheetView = z.object({
  orgId: z.string(),
  orgName: z.string(),
  month: z.string(),
  closed: z.object({ closedAt: z.string(), remitted: z.boolean() }).nullable(),
  rows: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      status: z.enum(['probationary', 'full']),
      baseMissing: z.boolean(),
      dueFen: z.number().int().nullable(),
      rateBasisPoints: z.number().int().nullable(),
      ruleId: z.string().nullable(),
      paidFen: z.number().int(),
      outstandingFen: z.number().int(),
      frozen: z.boolean(),
    }),
  ),
  totals: z.object({
    members: z.number().int(),
    dueFen: z.number().int(),
    paidFen: z.number().int(),
    outstandingFen: z.number().int(),
    paidMembers: z.number().int(),
    rateBasisPoints: z.number().int().nullable(),
    membersWithoutBase: z.number().int(),
  }),
  book: z.object({ collectedFen: z.number().int(), duesFen: z.number().int(), extraFen: z.number().int(), centreFen: z.number().int(), payments: z.number().int() }),
  payments: z.array(paymentView),
});

export const closeBody = z.strictObject({ month });
export const closeView = z.object({
  orgId: z.string(),
  month: z.string(),
  collectedFen: z.number().int(),
  duesFen: z.number().int(),
  extraFen: z.number().int(),
  centreFen: z.number().int(),
  payments: z.number().int(),
  chargedFen: z.number().int(),
  members: z.number().int(),
  remittanceId: z.string().nullable(),
  closedAt: z.string(),
});

export const remittanceBody = z.strictObject({
  months: z.array(month).min(1).max(24),
  amountFen: fen.min(0),
  remittedOn: isoDate,
  reference: z.string().trim().max(100).nullable().optional(),
});
export const remittanceView = z.object({
  id: z.string(),
  orgId: z.string(),
  toOrgId: z.string(),
  months: z.array(z.string()),
  amountFen: z.number().int(),
  duesFen: z.number().int(),
  extraFen: z.number().int(),
  centreFen: z.number().int(),
  remittedOn: z.string(),
  reference: z.string().nullable(),
  createdAt: z.string(),
});

export const yearQuery = z.strictObject({ year: z.coerce.number().int().min(2008).max(2100) });
export const periodQuery = z
  .strictObject({
    year: z.coerce.number().int().min(2008).max(2100),
    quarter: z.coerce.number().int().min(1).max(4).optional(),
    month: z.coerce.number().int().min(1).max(12).optional(),
  })
  .refine((q) => q.quarter === undefined || q.month === undefined, { message: 'give a quarter or a month, not both' });

const figures = {
  members: z.number().int(),
  dueFen: z.number().int(),
  paidFen: z.number().int(),
  outstandingFen: z.number().int(),
  rateBasisPoints: z.number().int().nullable(),
  arrearsMembers: z.number().int(),
  membersWithoutBase: z.number().int(),
  collectedFen: z.number().int(),
  collectedDuesFen: z.number().int(),
  extraFen: z.number().int(),
  centreFen: z.number().int(),
};
export const reportView = z.object({
  orgId: z.string(),
  orgName: z.string(),
  period: z.object({ year: z.number().int(), quarter: z.number().int().optional(), month: z.number().int().optional() }),
  from: z.string(),
  to: z.string(),
  throughMonth: z.string(),
  totals: z.object(figures),
  children: z.array(z.object({ orgId: z.string(), name: z.string(), kind: z.string(), ...figures })),
  members: z.array(z.object({ memberId: z.string(), name: z.string(), ...figures })),
});

export const declarationsView = z.object({
  orgId: z.string(),
  year: z.number().int(),
  members: z.number().int(),
  declared: z.number().int(),
  undeclared: z.array(z.object({ memberId: z.string(), name: z.string(), orgId: z.string(), latestEffectiveMonth: z.string().nullable() })),
});

export const asOfQuery = z.strictObject({ asOf: isoDate.optional() });
const streak = z.object({ from: z.string(), to: z.string(), months: z.number().int() });
const decision = z.object({ id: z.string(), outcome: z.string(), decidedOn: z.string(), streakTo: z.string(), note: z.string().nullable() });
export const arrearsView = z.object({
  orgId: z.string(),
  asOf: z.string(),
  throughMonth: z.string(),
  rule: z.object({ id: z.string(), cite: z.string(), consecutiveMonths: z.number().int() }),
  flaggedCount: z.number().int(),
  branches: z.array(
    z.object({
      orgId: z.string(),
      name: z.string(),
      members: z.array(
        z.object({
          memberId: z.string(),
          name: z.string(),
          orgId: z.string(),
          unpaidMonths: z.array(z.string()),
          outstandingFen: z.number().int(),
          consecutiveUnpaidMonths: z.number().int(),
          flagged: streak.nullable(),
          decision: decision.nullable(),
        }),
      ),
    }),
  ),
});

export const lapseDecisionBody = z.strictObject({
  memberId: id,
  streakFrom: month,
  streakTo: month,
  outcome: z.enum(['justified', 'reminded', 'lapsed']),
  decidedOn: isoDate,
  note: z.string().trim().max(1000).nullable().optional(),
});
export const lapseDecisionView = z.object({
  id: z.string(),
  memberId: z.string(),
  streakFrom: z.string(),
  streakTo: z.string(),
  outcome: z.enum(['justified', 'reminded', 'lapsed']),
  decidedOn: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

const ruleOf = z.object({ id: z.string(), cite: z.string(), consecutiveMonths: z.number().int() });
export const articleNineView = z.object({
  orgId: z.string(),
  asOf: z.string(),
  rules: z.object({ dues: ruleOf, absence: ruleOf }),
  members: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      orgId: z.string(),
      orgName: z.string(),
      dues: z.object({ from: z.string(), to: z.string(), months: z.number().int(), decision: decision.nullable() }).nullable(),
      absence: z.object({ firstMonth: z.string(), lastMonth: z.string(), months: z.number().int(), ongoing: z.boolean() }).nullable(),
    }),
  ),
});
