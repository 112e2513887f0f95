import { describe, expect, test } from 'vitest';
import { versionInForce } from '../../policy/rule-set.ts';
import { ELECTION_RULE_VERSIONS, minCandidates } from '../../policy/elections.ts';
import { checkBallots, checkMargin, checkPostponement, checkPosts, countResult } from './election-rules.ts';

const v2020 = versionInForce(ELECTION_RULE_VERSIONS, '2024-01-01');

describe('差额 ≥ 20% of the seats, rounded up (选举工作条例, 委员的选举)', () => {
  test.each([
    [1, 20, 2],
    [3, 20, 4],
    [5, 20, 6],
    [7, 20, 9],
    [5, 0, 5],
    [5, 50, 8],
  ])('%i seats at %i%% need %i candidates', (seats, percent, needed) => {
    expect(minCandidates(seats, percent)).toBe(needed);
    expect(checkMargin(seats, needed, percent, v2020)).toBeNull();
    if (needed > seats) {
      const refusal = checkMargin(seats, needed - 1, percent, v2020);
      expect(refusal).toMatchObject({ status: 422, code: 'election.margin_too_small', details: { minCandidates: needed, rule: { id: 'elections.2020.margin' } } });
    }
  });

  test('the version in force on the day cites the provisional rules before 2020-07-13', () => {
    const old = versionInForce(ELECTION_RULE_VERSIONS, '2019-05-01');
    expect(checkMargin(5, 5, 20, old)?.details).toMatchObject({ rule: { id: 'elections.1990.margin' } });
  });
});

describe('ballots: no candidate has more votes than voters present, no ballot names more than the seats', () => {
  test.each<[number[], number, number, string | null]>([
    [[10, 6, 4], 10, 2, null],
    [[11, 9, 8], 10, 2, 'election.votes_exceed_voters'],
    [[10, 10, 1], 10, 2, 'election.votes_exceed_ballots'],
    [[0, 0], 0, 1, null],
  ])('%j with %i present for %i seats → %s', (votes, present, seats, code) => {
    expect(checkBallots(votes, present, seats)?.code ?? null).toBe(code);
  });
});

describe('the count: > half of the voters present, the top vote-getters take the seats, ties at the last seat re-vote', () => {
  const c = (id: string, votes: number, passed = true) => ({ id, votes, passed });

  test('fewer passing than seats: all of them elected, the rest unfilled (另行选举)', () => {
    const r = countResult(3, true, [c('a', 9), c('b', 8), c('c', 3, false), c('d', 2, false)]);
    expect(r).toMatchObject({ elected: ['a', 'b'], tied: [], unfilled: 1 });
    expect(r.results).toEqual({ a: 'elected', b: 'elected', c: 'not_elected', d: 'not_elected' });
  });

  test('more passing than seats: the top vote-getters', () => {
    expect(countResult(2, true, [c('a', 7), c('b', 9), c('c', 8)])).toMatchObject({ elected: ['b', 'c'], tied: [], unfilled: 0 });
  });

  test('a tie across the last seat: those above are elected, the tied need a re-vote', () => {
    const r = countResult(2, true, [c('a', 9), c('b', 8), c('c', 8)]);
    expect(r).toMatchObject({ elected: ['a'], tied: ['b', 'c'], unfilled: 0 });
    expect(r.results.b).toBe('tie');
  });

  test('a tie inside the seats decides nothing', () => {
    expect(countResult(3, true, [c('a', 9), c('b', 9), c('c', 8), c('d', 7)])).toMatchObject({ elected: ['a', 'b', 'c'], tied: [] });
  });

  test('without quorum nobody is elected', () => {
    expect(countResult(2, false, [c('a', 9), c('b', 9)])).toMatchObject({ elected: [], tied: [], unfilled: 2 });
  });
});

describe('posts are named among the elected', () => {
  test.each<[string, string[], string | null]>([
    ['a', ['b'], null],
    ['a', [], null],
    ['x', [], 'election.post_not_elected'],
    ['a', ['x'], 'election.post_not_elected'],
    ['a', ['a'], 'election.post_repeated'],
  ])('secretary %s, deputies %j → %s', (secretary, deputies, code) => {
    expect(checkPosts(['a', 'b', 'c'], secretary, deputies)?.code ?? null).toBe(code);
  });
});

describe('postponement of a term: at most 1 year past its regular end (选举工作条例 第三条)', () => {
  const term = { startedOn: '2021-05-10', lengthYears: 3, endsOn: '2024-05-10' };
  test.each<[string, string | null]>([
    ['2024-11-10', null],
    ['2025-05-10', null],
    ['2025-05-11', 'term.postponement_too_long'],
    ['2024-05-10', 'term.postponement_not_later'],
  ])('to %s → %s', (to, code) => {
    expect(checkPostponement(term, to, v2020)?.code ?? null).toBe(code);
  });

  test('a second postponement counts from the regular end, not the postponed one', () => {
    expect(checkPostponement({ ...term, endsOn: '2024-11-10' }, '2025-06-01', v2020)).toMatchObject({
      code: 'term.postponement_too_long',
      details: { latestEndsOn: '2025-05-10', rule: { id: 'elections.2020.postponement' } },
    });
  });
});
