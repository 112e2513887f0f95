/**
 * Member reviews (民主评议党员) for the generated tree: last year's review of nearly every branch, on the branch's
 * roster of the review's first day, with plausible grades — 优秀 for up to one third (never over the cap of
 * policy/reviews.ts), a few 基本合格, a rare 不合格 with its organizational handling (mostly 限期改正) and, once the
 * deadline has passed, usually its outcome. A review is linked to the branch's meeting counting as 民主评议党员 when
 * the meetings step wrote one; reviews whose last day has passed are closed.
 */
import type { Insertable } from 'kysely';
import type { Executor, MemberReviewEntryTable, MemberReviewHandlingTable, MemberReviewTable } from '../src/db/schema.ts';
import { addDays, addMonths } from '../src/lib/dates.ts';
import { newId } from '../src/lib/ids.ts';
import { BRANCH_KINDS, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import { excellentCap, reviewRulesOn, type HandlingMeasure, type ReviewGrade } from '../src/policy/reviews.ts';
import type { GeneratorStep, Rng } from './generator.ts';

const CHUNK = 500;
const SELF_ASSESSMENTS = [
  '本年度认真学习党的理论，按时参加组织生活，按期交纳党费，立足岗位发挥作用。',
  '能够坚定理想信念，积极参加主题党日和志愿服务，但理论学习的系统性还需加强。',
  '履行党员义务，完成支部分配的任务；联系群众不够经常，今后改进。',
  '带头完成本职工作，参与社区服务；批评与自我批评开展得不够深入。',
];
const OUTCOMES = ['经教育帮助已改正，恢复正常组织生活', '按期完成整改，支部大会评议通过', '本人认识到问题，整改情况良好'];

interface RosterRow {
  id: string;
  org_id: string;
  status: 'probationary' | 'full';
  joined_on: string;
  full_on: string | null;
}

function scoreFor(grade: ReviewGrade, rng: Rng): number {
  if (grade === 'excellent') return rng.int(90, 100);
  if (grade === 'qualified') return rng.int(75, 92);
  if (grade === 'basically_qualified') return rng.int(60, 74);
  return rng.int(35, 59);
}

/** Grades for `n` members: 优秀 up to the cap, a few 基本合格, rarely a 不合格, the rest 合格 — shuffled. */
function gradesFor(n: number, rng: Rng): ReviewGrade[] {
  const cap = excellentCap(n, reviewRulesOn('2020-01-01').rules);
  const excellent = Math.min(cap, Math.round(n * (0.12 + rng.next() * 0.18)));
  const grades: ReviewGrade[] = Array.from({ length: n }, (_, i) => (i < excellent ? 'excellent' : 'qualified'));
  for (let i = excellent; i < n; i++) {
    if (rng.chance(0.004)) grades[i] = 'unqualified';
    else if (rng.chance(0.03)) grades[i] = 'basically_qualified';
  }
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [grades[i], grades[j]] = [grades[j] as ReviewGrade, grades[i] as ReviewGrade];
  }
  return grades;
}

export const reviewsStep: GeneratorStep = {
  name: 'reviews',
  async run(ex: Executor, ctx) {
    const { rng, tree } = ctx;
    const year = Number(tree.today.slice(0, 4)) - 1;
    const rule = reviewRulesOn(`${year}-12-01`);
    const branches = tree.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as OrgKind) && o.status === 'active');
    const members = await ex
      .selectFrom('members')
      .select(['id', 'org_id', 'status', 'joined_on', 'full_on'])
      .where('membership', '=', 'active')
      .orderBy('org_path')
      .orderBy('name')
      .orderBy('id')
      .execute();
    const rosters = new Map<string, RosterRow[]>();
    for (const m of members) {
      const list = rosters.get(m.org_id) ?? [];
      list.push(m);
      rosters.set(m.org_id, list);
    }
    // The meetings step's 民主评议党员 of the year (or early in the next), if it ran.
    const reviewMeetings = await ex
      .selectFrom('meeting_types')
      .innerJoin('meetings', 'meetings.id', 'meeting_types.meeting_id')
      .select(['meetings.id', 'meetings.org_id', 'meetings.held_on'])
      .where('meeting_types.type', '=', 'member_review')
      .where('meetings.held_on', '>=', `${year}-10-01`)
      .where('meetings.held_on', '<=', `${year + 1}-03-31`)
      .orderBy('meetings.held_on')
      .execute();
    const meetingOf = new Map(reviewMeetings.map((m) => [m.org_id, m]));

    const reviews: Insertable<MemberReviewTable>[] = [];
    const entries: Insertable<MemberReviewEntryTable>[] = [];
    const handlings: Insertable<MemberReviewHandlingTable>[] = [];
    for (const branch of branches) {
      const meeting = meetingOf.get(branch.id);
      if (!meeting && rng.chance(0.06)) continue;
      const startsOn = meeting?.held_on ?? `${year}-12-${String(rng.int(5, 20)).padStart(2, '0')}`;
      if (startsOn > tree.today) continue;
      const roster = (rosters.get(branch.id) ?? []).filter((m) => m.joined_on <= startsOn);
      if (roster.length === 0) continue;
      const endsOn = addDays(startsOn, rng.int(3, 20));
      const closed = endsOn < tree.today;
      // Rows are dated as if entered when the review opened and closed.
      const openedAt = `${startsOn}T02:00:00.000Z`;
      const closedAt = `${endsOn}T08:00:00.000Z`;
      const id = newId();
      reviews.push({
        id,
        org_id: branch.id,
        org_path: branch.path,
        year,
        starts_on: startsOn,
        ends_on: endsOn,
        meeting_id: meeting?.id ?? null,
        status: closed ? 'closed' : 'open',
        rule_id: rule.id,
        closed_on: closed ? endsOn : null,
        version: 1,
        created_at: openedAt,
        updated_at: closed ? closedAt : openedAt,
      });
      const grades = gradesFor(roster.length, rng);
      roster.forEach((m, i) => {
        const grade = grades[i] as ReviewGrade;
        entries.push({
          review_id: id,
          member_id: m.id,
          org_path: branch.path,
          member_status: m.status === 'full' && m.full_on !== null && m.full_on <= startsOn ? 'full' : 'probationary',
          self_assessment: rng.pick(SELF_ASSESSMENTS),
          peer_score: scoreFor(grade, rng),
          peer_grade: null,
          democratic_score: null,
          democratic_grade: grade,
          proposed_grade: grade,
          final_grade: closed ? grade : null,
          version: 1,
          updated_at: closed ? closedAt : openedAt,
        });
        if (!closed || grade !== 'unqualified') return;
        const roll = rng.next();
        const measure: HandlingMeasure = roll < 0.8 ? 'rectify' : roll < 0.95 ? 'persuade_to_withdraw' : 'expel';
        const deadline = addMonths(endsOn, rng.int(3, 6));
        const decided = deadline < tree.today && rng.chance(0.7);
        const outcomeOn = addDays(deadline, -rng.int(0, 30));
        handlings.push({
          id: newId(),
          review_id: id,
          member_id: m.id,
          org_path: branch.path,
          measure,
          deadline,
          status: decided ? 'closed' : 'open',
          outcome: decided ? rng.pick(OUTCOMES) : null,
          outcome_on: decided ? outcomeOn : null,
          version: 1,
          created_at: closedAt,
          updated_at: decided ? `${outcomeOn}T08:00:00.000Z` : closedAt,
        });
      });
    }
    for (let i = 0; i < reviews.length; i += CHUNK) await ex.insertInto('member_reviews').values(reviews.slice(i, i + CHUNK)).execute();
    for (let i = 0; i < entries.length; i += CHUNK) {
      await ex.insertInto('member_review_entries').values(entries.slice(i, i + CHUNK)).execute();
      ctx.onProgress?.(Math.min(i + CHUNK, entries.length), entries.length);
    }
    for (let i = 0; i < handlings.length; i += CHUNK) await ex.insertInto('member_review_handlings').values(handlings.slice(i, i + CHUNK)).execute();
    return reviews.length + entries.length + handlings.length;
  },
};
