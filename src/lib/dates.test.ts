import { describe, expect, test } from 'vitest';
import { addDays, addMonths, addYears, isIsoDate, todayInChina } from './dates.ts';

describe('ISO dates', () => {
  test.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-1-1', false],
    ['20240101', false],
    ['2024-04-31', false],
    ['2024-12-31', true],
  ])('%s valid: %s', (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
  });

  test.each([
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-05-15', -6, '2023-11-15'],
    ['2024-12-01', 1, '2025-01-01'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  test('years and days', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  test('today is reckoned in China Standard Time', () => {
    expect(todayInChina(new Date('2024-06-30T16:30:00Z'))).toBe('2024-07-01');
    expect(todayInChina(new Date('2024-06-30T15:59:59Z'))).toBe('2024-06-30');
  });
});
