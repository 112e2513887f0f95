import { describe, expect, test } from 'vitest';
import { checkCareAmount, checkMentorPair, yearRange, type CareKind } from './pools.rules.ts';

describe('mentor pairs (老党员传帮带)', () => {
  test.each<[string, Parameters<typeof checkMentorPair>[0], Parameters<typeof checkMentorPair>[1], string | null]>([
    ['a full member mentors another member', { id: 'a', status: 'full' }, { id: 'b' }, null],
    ['a probationary member cannot mentor', { id: 'a', status: 'probationary' }, { id: 'b' }, 'mentor_pair.mentor_not_full'],
    ['nobody mentors themselves', { id: 'a', status: 'full' }, { id: 'a' }, 'mentor_pair.same_person'],
  ])('%s', (_label, mentor, mentee, code) => {
    expect(checkMentorPair(mentor, mentee)?.code ?? null).toBe(code);
  });
});

describe('care amounts in fen (困难党员关爱)', () => {
  test.each<[CareKind, number, string | null]>([
    ['visit', 0, null],
    ['visit', 20_000, null],
    ['fund', 50_000, null],
    ['fund', 0, 'care.fund_amount_required'],
    ['fund', -1, 'care.amount_invalid'],
    ['visit', 1.5, 'care.amount_invalid'],
  ])('%s of %d fen → %s', (kind, amount, code) => {
    expect(checkCareAmount(kind, amount)?.code ?? null).toBe(code);
  });

  test('a year runs from 1 January to 31 December', () => {
    expect(yearRange(2026)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});
