import { describe, expect, test } from 'vitest';
import { VOTE_RULE_VERSIONS, type VoteRules } from '../../policy/votes.ts';
import type { RuleVersion } from '../../policy/rule-set.ts';
import { evaluateVote, VoteInputError } from './vote-rules.ts';

const ON = '2026-11-21';

describe('支部党员大会 (支部工作条例: quorum and passing over half of 应到)', () => {
  test.each([
    [16, 9, 9, true, true],
    [16, 8, 8, false, false],
    [16, 16, 8, true, false],
    [16, 12, 9, true, true],
    [15, 8, 8, true, true],
    [15, 7, 7, false, false],
    [3, 2, 2, true, true],
  ])('应到 %i, present %i, yes %i → quorate %s, passed %s', (shouldAttend, present, yes, quorate, passed) => {
    expect(evaluateVote({ kind: 'general', shouldAttend, present, yes }, ON)).toMatchObject({ quorate, passed });
  });

  test('the answer cites the rule', () => {
    const out = evaluateVote({ kind: 'general', shouldAttend: 16, present: 9, yes: 9 }, ON);
    expect(out.rule).toEqual({ id: 'votes.2018.general', cite: expect.stringContaining('中国共产党支部工作条例') });
  });
});

describe('支委会 (quorum over half of the committee)', () => {
  test.each([
    [5, 3, 3, true, true],
    [5, 2, 2, false, false],
    [7, 4, 3, true, false],
  ])('committee of %i, present %i, yes %i', (shouldAttend, present, yes, quorate, passed) => {
    expect(evaluateVote({ kind: 'committee', shouldAttend, present, yes }, ON)).toMatchObject({ quorate, passed });
  });
});

describe('接收预备党员 / 转正 (发展党员工作细则: full members 应到, written opinions count)', () => {
  test.each([
    // voting 应到 20 (incl. probationary), full 应到 16: 11 present is quorate; 8 yes + 1 written = 9 > 8 passes.
    [20, 16, 11, 8, 1, true, true],
    [20, 16, 11, 8, 0, true, false],
    [20, 16, 10, 10, 0, false, false],
    [20, 16, 15, 9, 0, true, true],
  ])('voting %i, full %i, present %i, yes %i, written %i', (shouldAttendVoting, shouldAttendFull, present, yes, writtenYes, quorate, passed) => {
    expect(evaluateVote({ kind: 'recruitment', shouldAttendVoting, shouldAttendFull, present, yes, writtenYes }, ON)).toMatchObject({ quorate, passed });
  });
});

describe('elections (选举工作条例: quorum over 4/5, elected with over half of those present)', () => {
  test('over four fifths is needed; each candidate needs over half of the voters present', () => {
    expect(evaluateVote({ kind: 'election', shouldAttend: 20, present: 16, candidateVotes: { 张三: 16 } }, ON)).toMatchObject({ quorate: false, elected: { 张三: false } });
    expect(evaluateVote({ kind: 'election', shouldAttend: 20, present: 17, candidateVotes: { 张三: 9, 李四: 8 } }, ON)).toMatchObject({
      quorate: true,
      elected: { 张三: true, 李四: false },
    });
  });
});

describe('inconsistent counts are refused', () => {
  test.each([
    [{ kind: 'general' as const, shouldAttend: 10, present: 11, yes: 5 }, 'present'],
    [{ kind: 'general' as const, shouldAttend: 10, present: 6, yes: 7 }, 'yes'],
    [{ kind: 'recruitment' as const, shouldAttendVoting: 10, shouldAttendFull: 12, present: 6, yes: 5, writtenYes: 0 }, 'shouldAttendFull'],
    [{ kind: 'recruitment' as const, shouldAttendVoting: 10, shouldAttendFull: 8, present: 6, yes: 6, writtenYes: 3 }, 'writtenYes'],
    [{ kind: 'election' as const, shouldAttend: 10, present: 9, candidateVotes: { 王五: 10 } }, 'candidateVotes.王五'],
  ])('%j → %s', (input, field) => {
    expect(() => evaluateVote(input, ON)).toThrow(VoteInputError);
    try {
      evaluateVote(input, ON);
    } catch (error) {
      expect((error as VoteInputError).field).toBe(field);
    }
  });
});

test('a later rule version applies from its date only', () => {
  const base = VOTE_RULE_VERSIONS[0] as RuleVersion<VoteRules>;
  const stricter: RuleVersion<VoteRules> = {
    ...base,
    id: 'votes.test-2030',
    effectiveFrom: '2030-01-01',
    rules: { ...base.rules, general: { ...base.rules.general, quorum: { numerator: 2, denominator: 3 } } },
  };
  const input = { kind: 'general' as const, shouldAttend: 16, present: 9, yes: 9 };
  expect(evaluateVote(input, '2029-12-31', [base, stricter]).quorate).toBe(true);
  expect(evaluateVote(input, '2030-01-01', [base, stricter])).toMatchObject({ quorate: false, rule: { id: 'votes.test-2030.general' } });
});
