import { describe, expect, test } from 'vitest';
import { excellentCap, reviewRulesOn, type ReviewGrade } from '../../policy/reviews.ts';
import { checkClosing, checkExcellentCap, type GradedEntry, type HandlingInput } from './review-rules.ts';

const VERSION = reviewRulesOn('2026-01-01');

const entries = (grades: (ReviewGrade | null)[], column: 'proposedGrade' | 'finalGrade' = 'finalGrade'): GradedEntry[] =>
  grades.map((g, i) => ({ memberId: `m${i}`, proposedGrade: column === 'proposedGrade' ? g : null, finalGrade: column === 'finalGrade' ? g : null }));
const repeat = (n: number, value: ReviewGrade | null): (ReviewGrade | null)[] => Array.from({ length: n }, () => value);

describe('民主评议党员: 优秀 at most one third of the members reviewed, rounded down', () => {
  test.each<[number, number]>([
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 1],
    [5, 1],
    [6, 2],
    [10, 3],
    [16, 5],
    [30, 10],
    [31, 10],
  ])('%i members reviewed: at most %i 优秀', (reviewed, cap) => {
    expect(excellentCap(reviewed, VERSION.rules)).toBe(cap);
  });

  test.each<[string, GradedEntry[], boolean]>([
    ['3 of 10 final grades 优秀 is allowed', entries([...repeat(3, 'excellent'), ...repeat(7, 'qualified')]), true],
    ['4 of 10 final grades 优秀 is refused', entries([...repeat(4, 'excellent'), ...repeat(6, 'qualified')]), false],
    ['4 of 10 proposed 优秀 is refused too', entries([...repeat(4, 'excellent'), ...repeat(6, null)], 'proposedGrade'), false],
    ['1 of 2 is refused (the cap of 2 is 0)', entries(['excellent', 'qualified']), false],
    ['ungraded members count among those reviewed', entries(['excellent', null, null]), true],
  ])('%s', (_label, list, allowed) => {
    const problem = checkExcellentCap(list, VERSION);
    expect(problem === null).toBe(allowed);
    if (problem) {
      expect(problem.status).toBe(422);
      expect(problem.code).toBe('review.excellent_over_cap');
      expect(JSON.stringify(problem.details)).toContain('三分之一');
    }
  });
});

describe('closing a review fixes the grades; 不合格 opens organizational handling', () => {
  const graded = entries(['excellent', 'qualified', 'basically_qualified', 'unqualified']);
  const handling = (memberId: string, deadline = '2026-06-30'): HandlingInput => ({ memberId, measure: 'rectify', deadline });

  test.each<[string, GradedEntry[], HandlingInput[], string | null]>([
    ['all graded, the 不合格 member handled', graded, [handling('m3')], null],
    ['a member without a final grade', entries(['qualified', null]), [], 'review.grades_incomplete'],
    ['a 不合格 member without a handling measure', graded, [], 'review.handling_required'],
    ['a handling measure for a member not graded 不合格', graded, [handling('m3'), handling('m1')], 'review.handling_not_unqualified'],
    ['a deadline on the closing day', graded, [handling('m3', '2026-01-15')], 'review.handling_deadline_invalid'],
    ['the same member handled twice', graded, [handling('m3'), handling('m3', '2026-07-01')], 'review.handling_repeated'],
    ['优秀 over the cap', entries(['excellent', 'excellent', 'qualified']), [], 'review.excellent_over_cap'],
  ])('%s', (_label, list, handlings, code) => {
    expect(checkClosing(list, handlings, '2026-01-15', VERSION)?.code ?? null).toBe(code);
  });

  test('the refusal for a missing handling cites the 2024 办法', () => {
    const problem = checkClosing(graded, [], '2026-01-15', VERSION);
    expect(JSON.stringify(problem?.details)).toContain('不合格党员组织处置办法');
  });
});
