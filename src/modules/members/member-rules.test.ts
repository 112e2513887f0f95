import { describe, expect, test } from 'vitest';
import { checkCharacter } from '../../lib/id-number.ts';
import { ageBandOf, birthDateRange, checkMemberFacts, partyStanding, type AgeBand } from './member-rules.ts';

const id = (first17: string) => first17 + checkCharacter(first17);
// Born 1990-03-07, sequence 123 → odd third digit → male (GB 11643: 17th digit odd = male).
const MAN = id('44030019900307123');
const TODAY = '2026-11-21';
const codes = (f: Parameters<typeof checkMemberFacts>[0]) => checkMemberFacts(f, TODAY).problems.map((p) => p.code);

describe('member record rules', () => {
  test('a consistent full member passes and the facts are derived from the ID', () => {
    const r = checkMemberFacts({ idNumber: MAN, status: 'full', joinedAt: '2015-06-01', fullAt: '2016-06-01' }, TODAY);
    expect(r.problems).toEqual([]);
    expect(r.derived).toEqual({ birthDate: '1990-03-07', sex: 'male' });
  });

  test.each<[string, Parameters<typeof checkMemberFacts>[0], string[]]>([
    ['wrong checksum (GB 11643)', { idNumber: '440300199003071230', status: 'probationary', joinedAt: '2026-01-01' }, ['member.id_number_invalid']],
    ['30 February (GB 11643)', { idNumber: id('44030019900230123'), status: 'probationary', joinedAt: '2026-01-01' }, ['member.id_number_invalid']],
    ['birth date disagrees', { idNumber: MAN, birthDate: '1990-03-08', status: 'probationary', joinedAt: '2026-01-01' }, ['member.birth_date_mismatch']],
    ['sex disagrees', { idNumber: MAN, sex: 'female', status: 'probationary', joinedAt: '2026-01-01' }, ['member.sex_mismatch']],
    ['under 18 at 入党 (党章第一条)', { idNumber: MAN, status: 'probationary', joinedAt: '2008-03-06' }, ['member.under_age']],
    ['18 on the day of 入党 is enough', { idNumber: MAN, status: 'probationary', joinedAt: '2008-03-07' }, []],
    ['转正 before 入党', { idNumber: MAN, status: 'full', joinedAt: '2015-06-01', fullAt: '2015-05-01' }, ['member.full_before_joined']],
    ['转正 before a year of probation (党章第七条)', { idNumber: MAN, status: 'full', joinedAt: '2015-06-01', fullAt: '2016-05-31' }, ['member.probation_not_ended']],
    ['full member without 转正 date', { idNumber: MAN, status: 'full', joinedAt: '2015-06-01' }, ['member.full_date_required']],
    ['probationary with 转正 date', { idNumber: MAN, status: 'probationary', joinedAt: '2025-06-01', fullAt: '2026-06-01' }, ['member.full_date_unexpected']],
    ['入党 in the future', { idNumber: MAN, status: 'probationary', joinedAt: '2027-01-01' }, ['member.joined_in_future']],
  ])('%s', (_label, facts, expected) => {
    expect(codes(facts)).toEqual(expected);
  });

  test('regulation problems are 422 with a citation of the constitution', () => {
    const [p] = checkMemberFacts({ idNumber: MAN, status: 'probationary', joinedAt: '2008-01-01' }, TODAY).problems;
    expect(p).toMatchObject({ status: 422, cite: '《中国共产党章程》 第一条' });
  });

  test('party standing counts whole years from 转正', () => {
    expect(partyStanding('2016-06-01', TODAY)).toBe(10);
    expect(partyStanding('2016-11-22', TODAY)).toBe(9);
    expect(partyStanding(null, TODAY)).toBeNull();
  });

  test.each<[number, AgeBand]>([
    [18, 'to35'],
    [35, 'to35'],
    [36, '36to45'],
    [55, '46to55'],
    [60, '56to60'],
    [61, 'from61'],
  ])('age %i is in band %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  test('birth-date ranges of the bands meet without gaps or overlaps', () => {
    expect(birthDateRange('to35', TODAY)).toEqual({ from: '1990-11-22', to: null });
    expect(birthDateRange('36to45', TODAY)).toEqual({ from: '1980-11-22', to: '1990-11-21' });
    expect(birthDateRange('from61', TODAY)).toEqual({ from: null, to: '1965-11-21' });
  });
});
