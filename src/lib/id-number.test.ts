import { describe, expect, test } from 'vitest';
import { checkCharacter, inspectIdNumber } from './id-number.ts';

// Synthetic numbers built for the test (region 110105 = 北京市朝阳区 code; sequences made up).
const make = (first17: string) => first17 + checkCharacter(first17);

describe('ID numbers (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  test.each([
    [make('11010519491231002'), 'female', '1949-12-31'],
    [make('44030019900307123'), 'female', '1990-03-07'],
    [make('44030019900307121'), 'female', '1990-03-07'],
    [make('44030019900307131'), 'male', '1990-03-07'],
  ])('%s is valid', (id, _sex, birthDate) => {
    const facts = inspectIdNumber(id, '2026-11-21');
    expect(facts).toMatchObject({ valid: true, reason: null, birthDate });
    expect(facts.sex).toBe(Number(id[16]) % 2 === 1 ? 'male' : 'female');
  });

  test('the published example with an X check character', () => {
    expect(inspectIdNumber('11010519491231002X', '2026-11-21')).toMatchObject({
      valid: true,
      birthDate: '1949-12-31',
      sex: 'female',
      age: 76,
    });
    expect(inspectIdNumber('11010519491231002x', '2026-11-21').valid).toBe(true);
  });

  test.each([
    ['11010519491231002', 'format'],
    ['1101051949123100211', 'format'],
    ['1101051949123100A1', 'format'],
    ['110105194912310021', 'checksum'],
    [make('11010519490230002'), 'birth_date_invalid'],
    [make('11010518991231002'), 'birth_date_invalid'],
    [make('11010520301231002'), 'birth_date_future'],
  ])('%s → %s', (id, reason) => {
    expect(inspectIdNumber(id, '2026-11-21')).toMatchObject({ valid: false, reason });
  });

  test('age counts whole years up to the day before the birthday', () => {
    const id = make('44030020081121123');
    expect(inspectIdNumber(id, '2026-11-20').age).toBe(17);
    expect(inspectIdNumber(id, '2026-11-21').age).toBe(18);
  });
});
