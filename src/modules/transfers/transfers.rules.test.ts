import { describe, expect, test } from 'vitest';
import { TRANSFER_RULE_VERSIONS, transferRulesOn, type TransferRules } from '../../policy/transfers.ts';
import type { RuleVersion } from '../../policy/rule-set.ts';
import {
  checkReceipt,
  isExpired,
  isReceiptOverdue,
  letterNumber,
  letterTypeFor,
  movesMembership,
  nextLetterSeq,
  receiptDueOn,
  resolveLetterType,
  validUntil,
  type Absence,
  type LetterType,
} from './transfers.rules.ts';

const version = TRANSFER_RULE_VERSIONS[0] as RuleVersion<TransferRules>;
const rules = version.rules;

describe('letter type by absence (RULES.md Transfers: > 6 months fixed → 介绍信, ≤ 6 → 证明信, uncertain → 活动证, ≤ 3 → none)', () => {
  test.each<[string, Absence, LetterType]>([
    ['2 months: nothing needed', { awayMonths: 2, fixedPlace: true }, 'none'],
    ['3 months exactly: nothing needed', { awayMonths: 3, fixedPlace: true }, 'none'],
    ['3 months, place uncertain: still nothing', { awayMonths: 3, fixedPlace: false }, 'none'],
    ['4 months fixed: 党员证明信', { awayMonths: 4, fixedPlace: true }, 'certificate'],
    ['6 months exactly: 党员证明信', { awayMonths: 6, fixedPlace: true }, 'certificate'],
    ['7 months fixed: 组织关系介绍信', { awayMonths: 7, fixedPlace: true }, 'introduction'],
    ['24 months, place not stated counts as fixed', { awayMonths: 24 }, 'introduction'],
    ['7 months, place uncertain: 流动党员活动证', { awayMonths: 7, fixedPlace: false }, 'activity_card'],
    ['5 months, place uncertain: 流动党员活动证', { awayMonths: 5, fixedPlace: false }, 'activity_card'],
    ['time uncertain: 流动党员活动证', { fixedPlace: true }, 'activity_card'],
    ['time given as null: 流动党员活动证', { awayMonths: null }, 'activity_card'],
  ])('%s', (_label, absence, expected) => {
    expect(letterTypeFor(absence, rules)).toBe(expected);
  });

  test.each<[string, Parameters<typeof resolveLetterType>[0], string]>([
    ['an absence needing no letter is refused (422)', { awayMonths: 2 }, 'transfer.no_letter_needed'],
    ['a named type disagreeing with the absence is refused (422)', { awayMonths: 12, letterType: 'certificate' }, 'transfer.letter_type_mismatch'],
    ['neither absence nor type (400)', {}, 'transfer.letter_type_required'],
  ])('%s', (_label, input, code) => {
    const r = resolveLetterType(input, version);
    expect('violation' in r && r.violation.code).toBe(code);
  });

  test('regulation refusals are 422 and cite the document; a named type alone is taken as it is', () => {
    const r = resolveLetterType({ awayMonths: 1 }, version);
    expect('violation' in r && r.violation).toMatchObject({ status: 422, cite: expect.stringContaining('党员教育管理工作条例') });
    expect(resolveLetterType({ letterType: 'activity_card' }, version)).toEqual({ type: 'activity_card' });
    expect(resolveLetterType({ awayMonths: 12, letterType: 'introduction' }, version)).toEqual({ type: 'introduction' });
  });

  test('only an introduction letter moves the membership', () => {
    expect([movesMembership('introduction'), movesMembership('certificate'), movesMembership('activity_card')]).toEqual([true, false, false]);
  });
});

describe('validity and receipt (valid 3 months, unconfirmed and configurable; receipt within 1 month)', () => {
  test.each<[string, string]>([
    ['2026-01-10', '2026-04-09'],
    ['2026-01-01', '2026-03-31'],
    ['2025-10-15', '2026-01-14'],
    // Month-end clamping: 30 Nov + 3 months is 28 Feb; the last valid day is the day before.
    ['2025-11-30', '2026-02-27'],
  ])('issued %s → valid through %s (the day of issue is day one)', (issued, until) => {
    expect(validUntil(issued, rules)).toBe(until);
  });

  test('a locality counting validity in days (e.g. 30 days outside the city)', () => {
    expect(validUntil('2026-01-10', { ...rules, validity: { unit: 'days', amount: 30 } })).toBe('2026-02-08');
    expect(validUntil('2026-01-10', { ...rules, validity: { unit: 'days', amount: 10 } })).toBe('2026-01-19');
  });

  test('the validity citation says the figure is unconfirmed', async () => {
    const { TRANSFER_CITES } = await import('../../policy/transfers.ts');
    expect(TRANSFER_CITES.validity.article).toContain('unconfirmed');
  });

  test('the receipt is due a month after issue for letters to outside; internal letters have none', () => {
    expect(receiptDueOn('2026-01-31', true, rules)).toBe('2026-02-28');
    expect(receiptDueOn('2026-03-15', true, rules)).toBe('2026-04-15');
    expect(receiptDueOn('2026-03-15', false, rules)).toBeNull();
  });

  test.each<[string, Parameters<typeof isExpired>[0], string, boolean]>([
    ['open, on the last valid day', { state: 'issued', validUntil: '2026-04-09' }, '2026-04-09', false],
    ['open, the day after', { state: 'issued', validUntil: '2026-04-09' }, '2026-04-10', true],
    ['received letters never expire', { state: 'received', validUntil: '2026-04-09' }, '2027-01-01', false],
    ['cancelled letters never expire', { state: 'cancelled', validUntil: '2026-04-09' }, '2027-01-01', false],
  ])('expired: %s', (_label, t, today, expected) => {
    expect(isExpired(t, today)).toBe(expected);
  });

  test.each<[string, Parameters<typeof isReceiptOverdue>[0], string, boolean]>([
    ['on the due day', { state: 'issued', receiptDueOn: '2026-02-10' }, '2026-02-10', false],
    ['the day after', { state: 'issued', receiptDueOn: '2026-02-10' }, '2026-02-11', true],
    ['internal letter', { state: 'issued', receiptDueOn: null }, '2027-01-01', false],
    ['receipt recorded', { state: 'received', receiptDueOn: '2026-02-10' }, '2027-01-01', false],
  ])('receipt overdue: %s', (_label, t, today, expected) => {
    expect(isReceiptOverdue(t, today)).toBe(expected);
  });

  test.each<[string, Parameters<typeof checkReceipt>[0], string, string, string | null]>([
    ['internal, within validity', { issuedOn: '2026-01-10', validUntil: '2026-04-09', external: false }, '2026-04-09', '2026-04-09', null],
    ['internal, today past validity (422)', { issuedOn: '2026-01-10', validUntil: '2026-04-09', external: false }, '2026-04-09', '2026-04-10', 'transfer.letter_expired'],
    ['outside, receipt dated within validity but recorded later', { issuedOn: '2026-01-10', validUntil: '2026-04-09', external: true }, '2026-04-01', '2026-05-20', null],
    ['outside, received after validity (422)', { issuedOn: '2026-01-10', validUntil: '2026-04-09', external: true }, '2026-04-10', '2026-05-20', 'transfer.letter_expired'],
    ['received before issue (400)', { issuedOn: '2026-01-10', validUntil: '2026-04-09', external: false }, '2026-01-09', '2026-01-20', 'transfer.received_before_issued'],
    ['received in the future (400)', { issuedOn: '2026-01-10', validUntil: '2026-04-09', external: false }, '2026-01-21', '2026-01-20', 'transfer.date_in_future'],
  ])('receipt: %s', (_label, t, receivedOn, today, code) => {
    expect(checkReceipt(t, receivedOn, today)?.code ?? null).toBe(code);
  });

  test('an expired letter is refused with 422 and the validity citation', () => {
    const v = checkReceipt({ issuedOn: '2026-01-10', validUntil: '2026-04-09', external: false }, '2026-04-10', '2026-04-10');
    expect(v).toMatchObject({ status: 422, cite: expect.stringContaining('有效期') });
  });
});

describe('letter numbers ZZ-<year>-<6 digits>', () => {
  test.each<[string | null, number]>([
    [null, 1],
    ['ZZ-2026-000001', 2],
    ['ZZ-2026-000999', 1000],
    ['ZZ-2025-000041', 1],
  ])('after %s comes %i', (highest, next) => {
    expect(nextLetterSeq(highest, 'ZZ', '2026')).toBe(next);
  });

  test('format and range', () => {
    expect(letterNumber('ZZ', '2026', 1)).toBe('ZZ-2026-000001');
    expect(letterNumber('ZZ', '2026', 999_999)).toBe('ZZ-2026-999999');
    expect(() => letterNumber('ZZ', '2026', 1_000_000)).toThrow(RangeError);
    expect(() => letterNumber('ZZ', '2026', 0)).toThrow(RangeError);
  });
});

describe('the rule set is versioned by date', () => {
  test('a later version (e.g. a province with 30-day letters) takes effect from its date without touching the first', () => {
    const versions = [version, { ...version, id: 'transfers.test-2027', effectiveFrom: '2027-01-01', rules: { ...rules, validity: { unit: 'days' as const, amount: 30 } } }];
    expect(transferRulesOn('2026-12-31', versions).id).toBe(version.id);
    expect(validUntil('2027-01-01', transferRulesOn('2027-01-01', versions).rules)).toBe('2027-01-30');
    expect(validUntil('2026-12-01', transferRulesOn('2026-12-01', versions).rules)).toBe('2027-02-28');
  });
});
