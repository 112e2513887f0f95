/**
 * The elections behind the terms that began in the demo year: for each branch whose current term started this
 * year, the 支部党员大会 that elected it (with attendance), the candidates with a 20% margin, ballots simulated voter
 * by voter, and, when the count is clear, the confirmation: the elected committee in office from the superior's
 * approval. A count that ends in a tie stays counted (a re-vote is due), as it would in life.
 */
import type { Insertable } from 'kysely';
import { BRANCH_KINDS } from '../src/modules/orgs/org-kinds.ts';
import type { ElectionCandidateTable, ElectionTable, Executor, MeetingAttendanceTable, OrgCommitteeMemberTable } from '../src/db/schema.ts';
import { addDays, nowUtc } from '../src/lib/dates.ts';
import { newId } from '../src/lib/ids.ts';
import { countResult } from '../src/modules/elections/election-rules.ts';
import { evaluateVote } from '../src/modules/meetings/vote-rules.ts';
import { ELECTION_RULE_VERSIONS, minCandidates } from '../src/policy/elections.ts';
import { versionInForce } from '../src/policy/rule-set.ts';
import type { GeneratorStep, Rng } from './generator.ts';

interface Voter {
  id: string;
  name: string;
  full: boolean;
}

/** Seats as the 支部工作条例 sizes a committee: 7+ full members elect 3 or 5; fewer elect a secretary. */
function seatsFor(fullMembers: number): number {
  if (fullMembers >= 30) return 5;
  if (fullMembers >= 7) return 3;
  return 1;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

async function rosterOn(ex: Executor, orgId: string, onDate: string): Promise<Voter[]> {
  const rows = await ex
    .selectFrom('members')
    .select(['id', 'name', 'status', 'full_on'])
    .where('org_id', '=', orgId)
    .where('membership', '=', 'active')
    .where('joined_on', '<=', onDate)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, full: r.status === 'full' && r.full_on !== null && r.full_on <= onDate }));
}

export const electionsStep: GeneratorStep = {
  name: 'elections',
  async run(ex, ctx) {
    const { rng, tree } = ctx;
    const yearStart = `${tree.today.slice(0, 4)}-01-01`;
    const terms = await ex
      .selectFrom('org_terms as t')
      .innerJoin('orgs as o', 'o.id', 't.org_id')
      .select(['t.id as term_id', 't.started_on', 'o.id', 'o.path', 'o.parent_id'])
      .where('t.is_current', '=', 1)
      .where('t.started_on', '>=', yearStart)
      .where('o.kind', 'in', BRANCH_KINDS.filter((k) => k !== 'temporary'))
      .where('o.status', '=', 'active')
      .orderBy('o.path')
      .execute();
    const now = nowUtc();
    let written = 0;
    for (const [index, term] of terms.entries()) {
      const heldOn = term.started_on;
      const roster = await rosterOn(ex, term.id, heldOn);
      const voters = roster.filter((m) => m.full);
      if (voters.length < 3 || !term.parent_id) continue;
      const seats = seatsFor(voters.length);
      const version = versionInForce(ELECTION_RULE_VERSIONS, heldOn);
      const candidates = shuffled(rng, voters).slice(0, Math.min(voters.length, minCandidates(seats, version.rules.minMarginPercent)));
      if (candidates.length < minCandidates(seats, version.rules.minMarginPercent)) continue;

      // Attendance: almost everyone comes to an election; at least the 4/5 quorum is made up.
      const present = new Set(roster.filter(() => rng.chance(0.93)).map((m) => m.id));
      for (const v of voters) {
        if (voters.filter((x) => present.has(x.id)).length * 5 > voters.length * 4) break;
        present.add(v.id);
      }
      const meetingId = newId();
      await ex
        .insertInto('meetings')
        .values({
          id: meetingId,
          org_id: term.id,
          org_path: term.path,
          group_id: null,
          primary_type: 'general_meeting',
          held_on: heldOn,
          start_time: '09:00',
          place: '党员活动室',
          is_online: 0,
          host: candidates[0]?.name ?? null,
          recorder: null,
          lecturer: null,
          topic: '支部委员会换届选举',
          agenda: '一、上届支部委员会工作报告；二、通过选举办法；三、无记名投票选举新一届支部委员会',
          minutes: null,
          check_in_code: null,
          check_in_expires_at: null,
          version: 1,
          entered_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await ex.insertInto('meeting_types').values({ meeting_id: meetingId, type: 'general_meeting', org_path: term.path, held_on: heldOn }).execute();
      const attendance: Insertable<MeetingAttendanceTable>[] = roster.map((m) => ({
        meeting_id: meetingId,
        member_id: m.id,
        org_path: term.path,
        status: present.has(m.id) ? 'present' : 'absent',
        reason: null,
        voting: m.full ? 1 : 0,
        recorded_at: now,
      }));
      for (let i = 0; i < attendance.length; i += 500) await ex.insertInto('meeting_attendance').values(attendance.slice(i, i + 500)).execute();

      // Ballots, voter by voter: each names at most `seats` candidates, the favoured ones far more often.
      const favoured = new Set(candidates.slice(0, seats).map((c) => c.id));
      const votes = new Map(candidates.map((c) => [c.id, 0]));
      const votersPresent = voters.filter((v) => present.has(v.id)).length;
      for (let b = 0; b < votersPresent; b++) {
        let named = 0;
        for (const c of shuffled(rng, candidates)) {
          if (named >= seats) break;
          if (rng.chance(favoured.has(c.id) ? 0.9 : 0.25)) {
            votes.set(c.id, (votes.get(c.id) ?? 0) + 1);
            named++;
          }
        }
      }
      const outcome = evaluateVote({ kind: 'election', shouldAttend: voters.length, present: votersPresent, candidateVotes: Object.fromEntries(votes) }, heldOn);
      if (outcome.kind !== 'election') continue;
      const result = countResult(
        seats,
        outcome.quorate,
        candidates.map((c) => ({ id: c.id, votes: votes.get(c.id) ?? 0, passed: outcome.elected[c.id] === true })),
      );
      const clear = outcome.quorate && result.tied.length === 0 && result.elected.length > 0;
      const approval = addDays(heldOn, rng.int(5, 20));
      const approvedOn = approval < tree.today ? approval : tree.today;
      const ranked = [...result.elected].sort((a, b) => (votes.get(b) ?? 0) - (votes.get(a) ?? 0));
      const positionOf = (id: string): ElectionCandidateTable['position'] => {
        if (!clear || !ranked.includes(id)) return null;
        if (id === ranked[0]) return 'secretary';
        return id === ranked[1] && seats >= 5 ? 'deputy_secretary' : 'member';
      };
      const electionId = newId();
      const election: Insertable<ElectionTable> = {
        id: electionId,
        org_id: term.id,
        org_path: term.path,
        meeting_id: meetingId,
        held_on: heldOn,
        seats,
        state: clear ? 'confirmed' : 'counted',
        margin_percent: version.rules.minMarginPercent,
        rule_id: version.id,
        exclusions: '[]',
        should_attend: voters.length,
        present: votersPresent,
        quorate: outcome.quorate ? 1 : 0,
        vote_rule_id: outcome.rule.id,
        vote_cite: outcome.rule.cite,
        approved_on: clear ? approvedOn : null,
        approved_by_org_id: clear ? term.parent_id : null,
        term_id: clear ? term.term_id : null,
        confirmed_at: clear ? now : null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await ex.insertInto('elections').values(election).execute();
      await ex
        .insertInto('election_candidates')
        .values(
          candidates.map((c, seq) => ({
            election_id: electionId,
            member_id: c.id,
            org_path: term.path,
            name: c.name,
            seq,
            votes: votes.get(c.id) ?? 0,
            result: result.results[c.id] ?? 'not_elected',
            position: positionOf(c.id),
          })),
        )
        .execute();
      written += 1;
      if (!clear) continue;

      // The elected committee takes office on the approval; the posts before it end then (or never began).
      await ex.deleteFrom('org_committee_members').where('org_id', '=', term.id).where('ended_on', 'is', null).where('started_on', '>', approvedOn).execute();
      await ex.updateTable('org_committee_members').set({ ended_on: approvedOn, updated_at: now }).where('org_id', '=', term.id).where('ended_on', 'is', null).execute();
      const posts: Insertable<OrgCommitteeMemberTable>[] = ranked.map((id) => ({
        id: newId(),
        org_id: term.id,
        org_path: term.path,
        person_name: candidates.find((c) => c.id === id)?.name ?? '',
        position: positionOf(id) ?? 'member',
        started_on: approvedOn,
        ended_on: null,
        version: 1,
        created_at: now,
        updated_at: now,
      }));
      await ex.insertInto('org_committee_members').values(posts).execute();
      if (index % 20 === 0) ctx.onProgress?.(index + 1, terms.length);
    }
    ctx.onProgress?.(terms.length, terms.length);
    return written;
  },
};
