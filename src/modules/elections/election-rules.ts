/**
 * The rules of an election as pure functions: the 差额 check, the count of the ballots into elected / not elected /
 * tied, the posts named among the elected, and the limit of a term's postponement. Each check answers null when
 * the thing is allowed, or the refusal with its stable code and, where a regulation refuses it, the rule cited.
 */
import { addYears } from '../../lib/dates.ts';
import { citeText, type RuleVersion } from '../../policy/rule-set.ts';
import { minCandidates, type ElectionRules } from '../../policy/elections.ts';

export interface Refusal {
  status: 400 | 422;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const ruleRef = (version: RuleVersion<ElectionRules>, suffix: string, cite: ElectionRules['marginCite']) => ({
  id: `${version.id}.${suffix}`,
  cite: citeText(cite),
});

export interface Margin {
  seats: number;
  candidates: number;
  minCandidates: number;
  percent: number;
  /** The percentage the candidates actually exceed the seats by (rounded down to a whole percent). */
  actualPercent: number;
  enough: boolean;
}

export function marginOf(seats: number, candidates: number, percent: number): Margin {
  const needed = minCandidates(seats, percent);
  return {
    seats,
    candidates,
    minCandidates: needed,
    percent,
    actualPercent: seats > 0 ? Math.floor(((candidates - seats) * 100) / seats) : 0,
    enough: candidates >= needed,
  };
}

/** 差额: candidates exceed the seats by at least the percentage in force (the locality's, else the rule's). */
export function checkMargin(seats: number, candidates: number, percent: number, version: RuleVersion<ElectionRules>): Refusal | null {
  const margin = marginOf(seats, candidates, percent);
  if (margin.enough) return null;
  return {
    status: 422,
    code: 'election.margin_too_small',
    message: `${seats} seats need at least ${margin.minCandidates} candidates (差额 ≥ ${percent}%)`,
    details: { ...margin, rule: ruleRef(version, 'margin', version.rules.marginCite) },
  };
}

/** Every candidate's votes are at most the voters present, and no ballot names more candidates than seats. */
export function checkBallots(votes: readonly number[], present: number, seats: number): Refusal | null {
  const over = votes.findIndex((v) => v > present);
  if (over >= 0) {
    return {
      status: 400,
      code: 'election.votes_exceed_voters',
      message: 'A candidate has more votes than voters present',
      details: { field: 'votes', index: over, present },
    };
  }
  const total = votes.reduce((sum, v) => sum + v, 0);
  if (total > present * seats) {
    return {
      status: 400,
      code: 'election.votes_exceed_ballots',
      message: `More votes (${total}) than ${present} ballots of at most ${seats} names each can hold`,
      details: { field: 'votes', total, present, seats },
    };
  }
  return null;
}

export type CandidateResult = 'elected' | 'not_elected' | 'tie';

export interface CountResult {
  /** Per candidate id. */
  results: Record<string, CandidateResult>;
  elected: string[];
  /** Candidates tied at the last seat: a re-vote among them decides (得票相等不能确定当选人时再次投票). */
  tied: string[];
  /** Seats left empty because fewer candidates passed than seats (另行选举). */
  unfilled: number;
}

/**
 * Who is elected. A candidate passes with more than half the votes of the voters present (`passed`, from the vote
 * rule); when more pass than there are seats, the top vote-getters take them; those tied across the last seat
 * take none and need a re-vote. An election without quorum elects nobody.
 */
export function countResult(
  seats: number,
  quorate: boolean,
  candidates: readonly { id: string; votes: number; passed: boolean }[],
): CountResult {
  const results: Record<string, CandidateResult> = Object.fromEntries(candidates.map((c) => [c.id, 'not_elected' as const]));
  if (!quorate) return { results, elected: [], tied: [], unfilled: seats };
  const passing = candidates.filter((c) => c.passed).sort((a, b) => b.votes - a.votes);
  let elected = passing;
  let tied: typeof passing = [];
  if (passing.length > seats) {
    const boundary = passing[seats - 1]?.votes ?? 0;
    const above = passing.filter((c) => c.votes > boundary);
    const atBoundary = passing.filter((c) => c.votes === boundary);
    if (above.length + atBoundary.length > seats) {
      elected = above;
      tied = atBoundary;
    } else {
      elected = passing.slice(0, seats);
    }
  }
  for (const c of elected) results[c.id] = 'elected';
  for (const c of tied) results[c.id] = 'tie';
  return {
    results,
    elected: elected.map((c) => c.id),
    tied: tied.map((c) => c.id),
    unfilled: tied.length > 0 ? 0 : seats - elected.length,
  };
}

/** The secretary and deputies are named among the elected (支部委员会 elects them at its first meeting). */
export function checkPosts(elected: readonly string[], secretaryId: string, deputyIds: readonly string[]): Refusal | null {
  const named = [secretaryId, ...deputyIds];
  const stranger = named.find((id) => !elected.includes(id));
  if (stranger) {
    return {
      status: 422,
      code: 'election.post_not_elected',
      message: 'The secretary and deputy secretaries are named among the elected committee members',
      details: { field: stranger === secretaryId ? 'secretaryMemberId' : 'deputyMemberIds', memberId: stranger },
    };
  }
  if (new Set(named).size !== named.length) {
    return { status: 400, code: 'election.post_repeated', message: 'One person holds one post', details: { field: 'deputyMemberIds' } };
  }
  return null;
}

/** An approved postponement ends the term at most the rule's years after its regular end (start + length). */
export function checkPostponement(
  term: { startedOn: string; lengthYears: number; endsOn: string },
  newEndsOn: string,
  version: RuleVersion<ElectionRules>,
): Refusal | null {
  const regularEnd = addYears(term.startedOn, term.lengthYears);
  const latest = addYears(regularEnd, version.rules.maxPostponementYears);
  if (newEndsOn <= term.endsOn) {
    return {
      status: 400,
      code: 'term.postponement_not_later',
      message: 'A postponement moves the end of the term later',
      details: { field: 'newEndsOn', currentEndsOn: term.endsOn },
    };
  }
  if (newEndsOn > latest) {
    return {
      status: 422,
      code: 'term.postponement_too_long',
      message: `A term may be postponed by at most ${version.rules.maxPostponementYears} year(s): ${latest} at the latest`,
      details: { field: 'newEndsOn', regularEndsOn: regularEnd, latestEndsOn: latest, rule: ruleRef(version, 'postponement', version.rules.postponementCite) },
    };
  }
  return null;
}
