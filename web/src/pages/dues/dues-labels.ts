/** Message keys of the dues enums (categories, methods, decisions), so that labels follow the language. */
import type { MessageKey } from '../../i18n.ts';
import type { DuesBase, DuesCategory, LapseOutcome, Payment, PaymentMethod } from './dues-api.ts';

export const categoryKey = (c: DuesCategory) => `duesCategory.${c}` as MessageKey;
export const methodKey = (m: PaymentMethod) => `duesMethod.${m}` as MessageKey;
export const paymentKindKey = (k: Payment['kind']) => `duesPaymentKind.${k}` as MessageKey;
export const outcomeKey = (o: LapseOutcome) => `duesOutcome.${o}` as MessageKey;
export const hardshipKindKey = (k: NonNullable<DuesBase['hardship']>['kind']) => `duesHardship.${k}` as MessageKey;
export const hardshipStatusKey = (s: NonNullable<DuesBase['hardship']>['status']) => `duesHardshipStatus.${s}` as MessageKey;

/** The base field each category is computed from (RULES.md "Dues"). */
export type BaseField = 'monthlyIncome' | 'quarterIncomes' | 'farmerAmount' | 'none';
export function baseFieldOf(category: DuesCategory): BaseField {
  if (category === 'self_employed') return 'quarterIncomes';
  if (category === 'farmer') return 'farmerAmount';
  if (['student', 'laid_off', 'unemployed', 'relief'].includes(category)) return 'none';
  return 'monthlyIncome';
}

export const HARDSHIP_STATUS_COLORS = { pending: 'orange', approved: 'green', refused: 'default' } as const;
