/**
 * Whether a meeting was quorate and a resolution passed, or a candidate elected, as pure functions over counts.
 * Probationary members and members under 留党察看 have no vote: the counts here are of members with a vote.
 */
import { citeText, versionInForce, type RuleVersion } from '../../policy/rule-set.ts';
import { exceeds, VOTE_RULE_VERSIONS, type VoteRules } from '../../policy/votes.ts';

interface MeetingVote {
  shouldAttend: number;
  present: number;
  yes: number;
}

export type VoteInput =
  | ({ kind: 'general' } & MeetingVote)
  | ({ kind: 'committee' } & MeetingVote)
  | { kind: 'recruitment'; shouldAttendVoting: number; shouldAttendFull: number; present: number; yes: number; writtenYes: number }
  | { kind: 'election'; shouldAttend: number; present: number; candidateVotes: Record<string, number> };

export interface VoteRuleRef {
  id: string;
  cite: string;
}

export type VoteOutcome =
  | { kind: 'general' | 'committee' | 'recruitment'; quorate: boolean; passed: boolean; rule: VoteRuleRef }
  | { kind: 'election'; quorate: boolean; elected: Record<string, boolean>; rule: VoteRuleRef };

export class VoteInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function check(condition: boolean, field: string, message: string): void {
  if (!condition) throw new VoteInputError(field, message);
}

/** Evaluates a vote by the rule version in force on `onDate`. */
export function evaluateVote(
  input: VoteInput,
  onDate: string,
  versions: readonly RuleVersion<VoteRules>[] = VOTE_RULE_VERSIONS,
): VoteOutcome {
  const version = versionInForce(versions, onDate);
  const r = version.rules;
  if (input.kind === 'general' || input.kind === 'committee') {
    check(input.present <= input.shouldAttend, 'present', 'More present than should attend');
    check(input.yes <= input.present, 'yes', 'More yes votes than members present');
    const rule = r[input.kind];
    // Without a quorum the meeting cannot decide anything.
    const quorate = exceeds(input.present, input.shouldAttend, rule.quorum);
    return {
      kind: input.kind,
      quorate,
      passed: quorate && exceeds(input.yes, input.shouldAttend, rule.pass),
      rule: { id: `${version.id}.${input.kind}`, cite: citeText(rule.cite) },
    };
  }
  if (input.kind === 'recruitment') {
    check(input.shouldAttendFull <= input.shouldAttendVoting, 'shouldAttendFull', 'More full members than voting members');
    check(input.present <= input.shouldAttendVoting, 'present', 'More present than should attend');
    check(input.yes <= input.present, 'yes', 'More yes votes than members present');
    check(input.yes + input.writtenYes <= input.shouldAttendFull, 'writtenYes', 'More yes votes and written opinions than full members');
    const rule = r.recruitment;
    const quorate = exceeds(input.present, input.shouldAttendVoting, rule.quorum);
    return {
      kind: 'recruitment',
      quorate,
      passed: quorate && exceeds(input.yes + input.writtenYes, input.shouldAttendFull, rule.pass),
      rule: { id: `${version.id}.recruitment`, cite: citeText(rule.cite) },
    };
  }
  check(input.present <= input.shouldAttend, 'present', 'More present than should attend');
  for (const [name, votes] of Object.entries(input.candidateVotes)) {
    check(votes <= input.present, `candidateVotes.${name}`, 'A candidate has more votes than voters present');
  }
  const rule = r.election;
  const quorate = exceeds(input.present, input.shouldAttend, rule.quorum);
  return {
    kind: 'election',
    quorate,
    elected: Object.fromEntries(
      Object.entries(input.candidateVotes).map(([name, votes]) => [name, quorate && exceeds(votes, input.present, rule.elected)]),
    ),
    rule: { id: `${version.id}.election`, cite: citeText(rule.cite) },
  };
}
