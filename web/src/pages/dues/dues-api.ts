/** Typed calls to the party-dues API; shapes from the server's zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/dues/dues.schema.ts';
import { api, type QueryValue } from '../../api.ts';

export type DuesBase = z.infer<typeof schema.baseView>;
export type DuesCategory = DuesBase['category'];
export type BaseInput = z.input<typeof schema.baseBody>;
export type HardshipReview = z.input<typeof schema.hardshipReviewBody>;
export type Payment = z.infer<typeof schema.paymentView>;
export type PaymentMethod = NonNullable<Payment['method']>;
export type PaymentInput = z.input<typeof schema.paymentBody>;
export type ExtraPaymentInput = z.input<typeof schema.extraPaymentBody>;
export type MemberLedger = z.infer<typeof schema.memberLedgerView>;
export type Sheet = z.infer<typeof schema.sheetView>;
export type SheetRow = Sheet['rows'][number];
export type MonthClose = z.infer<typeof schema.closeView>;
export type Remittance = z.infer<typeof schema.remittanceView>;
export type RemittanceInput = z.input<typeof schema.remittanceBody>;
export type Report = z.infer<typeof schema.reportView>;
export type ReportFigures = Report['totals'];
export interface ReportPeriod {
  year: number;
  quarter?: number | undefined;
  month?: number | undefined;
}
export type Declarations = z.infer<typeof schema.declarationsView>;
export type Arrears = z.infer<typeof schema.arrearsView>;
export type ArrearsMember = Arrears['branches'][number]['members'][number];
export type ArticleNine = z.infer<typeof schema.articleNineView>;
export type ArticleNineMember = ArticleNine['members'][number];
export type LapseDecisionInput = z.input<typeof schema.lapseDecisionBody>;
export type LapseOutcome = LapseDecisionInput['outcome'];

export const DUES_CATEGORIES: readonly DuesCategory[] = ['in_service', 'retired', 'farmer', 'student', 'laid_off', 'unemployed', 'relief', 'annual_salary', 'self_employed'];
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'transfer', 'online'];
export const LAPSE_OUTCOMES: readonly LapseOutcome[] = ['justified', 'reminded', 'lapsed'];

const org = (id: string) => `/orgs/${encodeURIComponent(id)}/dues`;

/** A fresh Idempotency-Key per opened form: a retried submit of the same form records the payment once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function periodQuery(period: ReportPeriod): Record<string, QueryValue> {
  return { year: period.year, quarter: period.quarter, month: period.month };
}

export const duesApi = {
  createBase: (input: BaseInput) => api.post<DuesBase>('/dues/bases', input),
  reviewHardship: (baseId: string, input: HardshipReview) => api.post<DuesBase>(`/dues/bases/${encodeURIComponent(baseId)}/hardship-review`, input),
  memberLedger: (memberId: string) => api.get<MemberLedger>(`/members/${encodeURIComponent(memberId)}/dues`),
  mine: () => api.get<{ ledger: MemberLedger | null }>('/dues/me'),
  pay: (input: PaymentInput, idempotencyKey: string) => api.post<Payment>('/dues/payments', input, { 'idempotency-key': idempotencyKey }),
  payExtra: (input: ExtraPaymentInput, idempotencyKey: string) => api.post<Payment>('/dues/extra-payments', input, { 'idempotency-key': idempotencyKey }),
  reverse: (paymentId: string, input: { reason: string; reversedOn?: string }, idempotencyKey: string) =>
    api.post<Payment>(`/dues/payments/${encodeURIComponent(paymentId)}/reversal`, input, { 'idempotency-key': idempotencyKey }),
  sheet: (orgId: string, month: string) => api.get<Sheet>(`${org(orgId)}/sheet`, { month }),
  downloadSheet: (orgId: string, month: string) => api.download(`${org(orgId)}/sheet.xlsx`, { month }, `党费收缴表-${month}.xlsx`),
  close: (orgId: string, month: string) => api.post<MonthClose>(`${org(orgId)}/closes`, { month }),
  closes: (orgId: string, year: number) => api.get<MonthClose[]>(`${org(orgId)}/closes`, { year }),
  remit: (orgId: string, input: RemittanceInput) => api.post<Remittance>(`${org(orgId)}/remittances`, input),
  remittances: (orgId: string) => api.get<Remittance[]>(`${org(orgId)}/remittances`),
  report: (orgId: string, period: ReportPeriod) => api.get<Report>(`${org(orgId)}/report`, periodQuery(period)),
  downloadReport: (orgId: string, period: ReportPeriod, filename: string) => api.download(`${org(orgId)}/report.xlsx`, periodQuery(period), filename),
  declarations: (orgId: string, year: number) => api.get<Declarations>(`${org(orgId)}/declarations`, { year }),
  arrears: (orgId: string, asOf?: string) => api.get<Arrears>(`${org(orgId)}/arrears`, { asOf }),
  articleNine: (orgId: string, asOf?: string) => api.get<ArticleNine>(`${org(orgId)}/article-nine`, { asOf }),
  decideLapse: (input: LapseDecisionInput) => api.post<unknown>('/dues/lapse-decisions', input),
};
