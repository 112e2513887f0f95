/** The letter an absence calls for, by the server's own rule table (RULES.md), and the labels of letters and states. */
import { transferRulesOn, TRANSFER_CITES } from '../../../../src/policy/transfers.ts';
import { citeText } from '../../../../src/policy/rule-set.ts';
import { LETTER_TYPES, letterTypeFor, TRANSFER_STATES, type LetterType as AnyLetterType } from '../../../../src/modules/transfers/transfers.rules.ts';
import type { MessageKey } from '../../i18n.ts';
import type { LetterType, TransferState } from './transfers-api.ts';

export { LETTER_TYPES, TRANSFER_STATES };

export const letterTypeKey = (type: AnyLetterType): MessageKey => `letterType.${type}`;
/** The short name a table column fits: 组织关系介绍信, 党员证明信, 流动党员活动证. */
export const letterShortKey = (type: LetterType): MessageKey => `letterShort.${type}`;
export const transferStateKey = (state: TransferState): MessageKey => `transferState.${state}`;

export const TRANSFER_STATE_COLORS: Record<TransferState, string> = {
  issued: 'blue',
  received: 'green',
  returned: 'orange',
  cancelled: 'default',
};

/** What the rules suggest for an absence on `issuedOn`: a letter type, or 'none' when no letter is needed. */
export function suggestedLetter(awayMonths: number, fixedPlace: boolean, issuedOn: string): { type: AnyLetterType; cite: string; noLetterMaxMonths: number } {
  const version = transferRulesOn(issuedOn);
  return {
    type: letterTypeFor({ awayMonths, fixedPlace }, version.rules),
    cite: citeText(TRANSFER_CITES.letterType),
    noLetterMaxMonths: version.rules.noLetterMaxMonths,
  };
}

export const isIssuable = (type: AnyLetterType): type is LetterType => type !== 'none';
