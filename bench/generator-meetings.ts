/**
 * Organizational life for the generated tree: committees for the branches large enough to elect one, then a year of
 * meetings of every branch by the cadences of 第十条 with the gaps real branches have (some skip a meeting now and
 * then, weak ones lose a whole quarter), attendance from the roster on each meeting's date (members who had joined
 * by then; a few are often absent, flowing members mostly on leave), and votes whose counts come from that
 * attendance and whose outcome is the real vote rules' (src/modules/meetings/vote-rules.ts).
 */
import type { Insertable } from 'kysely';
import type { Executor, MeetingAttendanceTable, MeetingTable, MeetingTypeTable, MeetingVoteTable, OrgCommitteeMemberTable } from '../src/db/schema.ts';
import { addDays, addMonths, nowUtc } from '../src/lib/dates.ts';
import { newId } from '../src/lib/ids.ts';
import { evaluateVote, type VoteInput } from '../src/modules/meetings/vote-rules.ts';
import { BRANCH_KINDS, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import type { OrgRow } from '../src/modules/orgs/orgs.repo.ts';
import type { MeetingType } from '../src/policy/meetings.ts';
import type { GeneratedTree, GeneratorStep, Rng } from './generator.ts';

interface RosterMember {
  id: string;
  org_id: string;
  group_id: string | null;
  name: string;
  status: 'probationary' | 'full';
  joined_on: string;
  full_on: string | null;
  is_flowing: number;
}

interface Post {
  org_id: string;
  position: OrgCommitteeMemberTable['position'];
  person_name: string;
  started_on: string;
  ended_on: string | null;
}

export interface MeetingBatch {
  meetings: Insertable<MeetingTable>[];
  types: Insertable<MeetingTypeTable>[];
  attendance: Insertable<MeetingAttendanceTable>[];
  votes: Insertable<MeetingVoteTable>[];
}

const emptyBatch = (): MeetingBatch => ({ meetings: [], types: [], attendance: [], votes: [] });

const branchesOf = (tree: GeneratedTree) => tree.orgs.filter((o) => BRANCH_KINDS.includes(o.kind as OrgKind) && o.status === 'active');
const pad = (n: number) => String(n).padStart(2, '0');
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** The members of every branch, in a stable order, with what attendance needs. */
async function rosters(ex: Executor): Promise<Map<string, RosterMember[]>> {
  const rows = await ex
    .selectFrom('members')
    .select(['id', 'org_id', 'group_id', 'name', 'status', 'joined_on', 'full_on', 'is_flowing'])
    .where('membership', '=', 'active')
    .orderBy('org_path')
    .orderBy('name')
    .orderBy('birth_date')
    .orderBy('id')
    .execute();
  const out = new Map<string, RosterMember[]>();
  for (const r of rows) {
    const list = out.get(r.org_id) ?? [];
    list.push(r);
    out.set(r.org_id, list);
  }
  return out;
}

async function postsByOrg(ex: Executor): Promise<Map<string, Post[]>> {
  const rows = await ex.selectFrom('org_committee_members').select(['org_id', 'position', 'person_name', 'started_on', 'ended_on']).orderBy('org_path').orderBy('position').orderBy('started_on').orderBy('id').execute();
  const out = new Map<string, Post[]>();
  for (const r of rows) out.set(r.org_id, [...(out.get(r.org_id) ?? []), r]);
  return out;
}

// Committees

/** A branch elects a committee when it has at least this many full members (《中国共产党支部工作条例（试行）》第八条). */
const COMMITTEE_FULL_MEMBERS = 7;

/**
 * 委员 (and, in larger committees, a deputy secretary) for the branches with at least 7 full members, elected
 * with their secretary, chosen among the branch's full members; smaller branches keep a secretary only.
 */
export const branchCommitteesStep: GeneratorStep = {
  name: 'branch-committees',
  async run(ex, ctx) {
    const { rng, tree } = ctx;
    const [members, posts] = await Promise.all([rosters(ex), postsByOrg(ex)]);
    const now = nowUtc();
    const rows: Insertable<OrgCommitteeMemberTable>[] = [];
    for (const branch of branchesOf(tree)) {
      const full = (members.get(branch.id) ?? []).filter((m) => m.status === 'full');
      const current = posts.get(branch.id) ?? [];
      if (full.length < COMMITTEE_FULL_MEMBERS || current.some((p) => p.position === 'member')) continue;
      const secretary = current.find((p) => p.position === 'secretary' && p.ended_on === null);
      const startedOn = secretary?.started_on ?? addDays(tree.today, -rng.int(30, 3 * 365));
      const size = full.length >= 30 ? rng.int(4, 5) : rng.int(3, 4);
      const chosen = new Set<RosterMember>();
      while (chosen.size < size - 1) chosen.add(rng.pick(full));
      [...chosen].forEach((m, i) =>
        rows.push({
          id: newId(),
          org_id: branch.id,
          org_path: branch.path,
          person_name: m.name,
          position: i === 0 && size >= 5 ? 'deputy_secretary' : 'member',
          started_on: startedOn,
          ended_on: null,
          version: 1,
          created_at: now,
          updated_at: now,
        }),
      );
    }
    for (let i = 0; i < rows.length; i += 1000) await ex.insertInto('org_committee_members').values(rows.slice(i, i + 1000)).execute();
    ctx.onProgress?.(rows.length, rows.length);
    return rows.length;
  },
};

// Meetings

/** How a branch keeps its meetings: the chance of skipping one, and whether it loses whole quarters. */
interface Diligence {
  skip: number;
  lostQuarters: number;
  /** Multiplies every member's chance of being away. */
  absence: number;
}

function diligenceOf(rng: Rng): Diligence {
  const roll = rng.next();
  if (roll < 0.65) return { skip: 0.02, lostQuarters: 0, absence: 1 };
  if (roll < 0.9) return { skip: 0.1, lostQuarters: rng.chance(0.25) ? 1 : 0, absence: 1.3 };
  return { skip: 0.3, lostQuarters: rng.int(1, 2), absence: 1.8 };
}

const LEAVE_REASONS = ['因病住院', '出差', '家中有事', '年老体弱行动不便', '单位值班', '外出学习培训'];
const FLOWING_REASONS = ['外出务工', '在外地经商'];
const LESSON_TOPICS = ['学习党章 争做合格党员', '深入学习贯彻党的二十大精神', '弘扬伟大建党精神', '全面从严治党永远在路上', '新时代党员的初心使命', '学习《中国共产党纪律处分条例》', '乡村振兴中的党员担当', '传承红色基因 赓续精神血脉'];
const THEME_DAYS = ['重温入党誓词', '志愿服务进社区', '参观革命教育基地', '集中学习', '为民办实事', '环境卫生整治', '走访慰问困难党员', '政策宣讲'];
const RESOLUTIONS = ['关于支部年度工作计划的决议', '关于党费收缴使用情况的报告', '关于推荐优秀共产党员的决定', '关于开展结对帮扶的决定', '关于党员积分管理办法的决议'];
const COMMITTEE_SUBJECTS = ['研究确定本月主题党日活动安排', '研究确定入党积极分子培养联系人', '研究党员教育培训计划', '研究困难党员帮扶事项'];
const OTHER_ACTIVITIES = ['志愿服务活动', '专题学习会', '党史学习参观', '“三会一课”集中学习'];
const TIMES = ['08:30', '09:00', '14:30', '15:00', '19:30'];

export interface MeetingPlanOptions {
  /** The first day records start on; by default 1 January of the year before `today`'s, so that a whole year is on record. */
  from?: string;
  /** The last day; by default `today` (nothing is recorded before it happens). */
  to?: string;
}

export function meetingWindow(today: string, options: MeetingPlanOptions = {}): { from: string; to: string } {
  const from = options.from ?? `${Number(today.slice(0, 4)) - 1}-01-01`;
  return { from, to: earlier(options.to ?? today, today) };
}

const onDay = (monthStart: string, day: number) => `${monthStart.slice(0, 8)}${pad(day)}`;

/** Everything one branch recorded over the window, as rows. */
class BranchPlanner {
  private readonly absence = new Map<string, number>();
  private readonly batch = emptyBatch();
  private readonly diligence: Diligence;
  private readonly lost = new Set<string>();
  private readonly secretary: string | null;

  constructor(
    private readonly rng: Rng,
    private readonly branch: OrgRow,
    private readonly groups: readonly OrgRow[],
    private readonly roster: readonly RosterMember[],
    private readonly posts: readonly Post[],
    private readonly window: { from: string; to: string },
    private readonly now: string,
  ) {
    this.diligence = diligenceOf(rng);
    for (const m of roster) {
      // Most come; one in ten is often away; flowing members are mostly away, on leave.
      const base = m.is_flowing ? 0.8 : rng.chance(0.1) ? rng.int(35, 60) / 100 : rng.int(2, 10) / 100;
      this.absence.set(m.id, Math.min(0.95, base * this.diligence.absence));
    }
    this.secretary = posts.find((p) => p.position === 'secretary' && p.ended_on === null)?.person_name ?? null;
  }

  private open(date: string, org: Pick<OrgRow, 'established_on'> = this.branch): boolean {
    return date >= this.window.from && date <= this.window.to && date >= (this.branch.established_on ?? '') && date >= (org.established_on ?? '') && !this.lost.has(date.slice(0, 7));
  }

  private skipped(): boolean {
    return this.rng.chance(this.diligence.skip);
  }

  /** Posts held on the date; a committee exists while a 委员 post is held. */
  private committeeOn(date: string): Post[] {
    const held = this.posts.filter((p) => p.started_on <= date && (p.ended_on === null || p.ended_on >= date));
    return held.some((p) => p.position === 'member') ? held : [];
  }

  plan(): MeetingBatch {
    const { from, to } = this.window;
    const quarters = new Map<string, string[]>();
    for (let m = `${from.slice(0, 7)}-01`; m <= to; m = addMonths(m, 1)) {
      const key = `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`;
      quarters.set(key, [...(quarters.get(key) ?? []), m]);
    }
    // Weak branches lose whole quarters: nothing at all is held in them.
    const keys = [...quarters.keys()];
    for (let i = 0; i < this.diligence.lostQuarters; i++) for (const m of quarters.get(this.rng.pick(keys)) ?? []) this.lost.add(m.slice(0, 7));
    const themeDay = this.rng.int(1, 28);
    const committeeDay = Math.max(1, themeDay - this.rng.int(2, 6));
    for (const months of quarters.values()) {
      // The 党课 of the quarter: within a 主题党日 of one of its months, or held apart; the 支部党员大会 in another.
      const lessonMonth = this.rng.pick(months);
      let lessonHeld = false;
      for (const month of months) {
        const themeOn = onDay(month, themeDay);
        if (this.open(themeOn) && !this.skipped()) {
          const withLesson = month === lessonMonth && this.rng.chance(0.6);
          lessonHeld ||= withLesson;
          this.meeting(themeOn, 'theme_day', withLesson ? ['party_lesson'] : [], null, this.rng.pick(THEME_DAYS));
        }
        const committeeOn = onDay(month, committeeDay);
        if (this.open(committeeOn) && this.committeeOn(committeeOn).length > 0 && !this.skipped()) this.meeting(committeeOn, 'committee_meeting', [], null, null);
        for (const group of this.groups) {
          const groupOn = onDay(month, this.rng.int(1, 28));
          if (this.open(groupOn, group) && !this.skipped()) this.meeting(groupOn, 'group_meeting', [], group, null);
        }
        const otherOn = onDay(month, this.rng.int(1, 28));
        if (this.rng.chance(0.2) && this.open(otherOn)) this.meeting(otherOn, 'other', [], null, this.rng.pick(OTHER_ACTIVITIES));
      }
      const lessonOn = onDay(lessonMonth, this.rng.int(1, 28));
      if (!lessonHeld && this.open(lessonOn) && !this.skipped()) this.meeting(lessonOn, 'party_lesson', [], null, this.rng.pick(LESSON_TOPICS));
      const generalOn = onDay(this.rng.pick(months), this.rng.int(1, 28));
      if (this.open(generalOn) && !this.skipped()) this.meeting(generalOn, 'general_meeting', [], null, null);
    }
    for (const year of new Set(keys.map((k) => k.slice(0, 4)))) this.yearly(year);
    this.recruitment();
    return this.batch;
  }

  /** 组织生活会 and 民主评议党员 (mostly together) in December, and a round of 谈心谈话 during the year. */
  private yearly(year: string): void {
    const lifeOn = `${year}-12-${pad(this.rng.int(10, 28))}`;
    if (this.open(lifeOn) && !this.skipped()) {
      const together = this.rng.chance(0.7);
      this.meeting(lifeOn, 'life_meeting', together ? ['member_review'] : [], null, null);
      if (!together && this.open(addDays(lifeOn, 2))) this.meeting(addDays(lifeOn, 2), 'member_review', [], null, null);
    }
    const start = later(`${year}-01-01`, this.window.from);
    const end = earlier(`${year}-12-31`, this.window.to);
    const talkOn = addDays(start, this.rng.int(0, Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000))));
    if (start <= end && this.open(talkOn) && !this.skipped()) this.meeting(talkOn, 'heart_talk', [], null, null);
  }

  /** A 支部党员大会 on the day a member was accepted (入党) or converted (转正) within the window, with its vote. */
  private recruitment(): void {
    for (const m of this.roster) {
      for (const [date, subject] of [
        [m.joined_on, `接收${m.name}为预备党员`],
        [m.full_on, `${m.name}预备期满转为正式党员`],
      ] as const) {
        if (date && date >= this.window.from && date <= this.window.to && date >= (this.branch.established_on ?? '')) this.meeting(date, 'general_meeting', [], null, null, subject);
      }
    }
  }

  private meeting(heldOn: string, primary: MeetingType, extra: MeetingType[], group: OrgRow | null, topic: string | null, recruitmentSubject?: string): void {
    const id = newId();
    const types = [...new Set([primary, ...extra])].sort();
    const lesson = types.includes('party_lesson');
    const entered = later(heldOn, addDays(heldOn, this.rng.chance(0.2) ? this.rng.int(1, 10) : 0));
    const enteredAt = earlier(`${earlier(entered, this.window.to)}T04:00:00.000Z`, this.now);
    const online = this.branch.kind === 'online_branch';
    this.batch.meetings.push({
      id,
      org_id: this.branch.id,
      org_path: this.branch.path,
      group_id: group?.id ?? null,
      primary_type: primary,
      held_on: heldOn,
      start_time: this.rng.pick(TIMES),
      place: online ? null : this.rng.pick(['党员活动室', '会议室', '党群服务中心']),
      is_online: online ? 1 : 0,
      host: this.secretary,
      recorder: this.roster[0]?.name ?? null,
      lecturer: lesson ? (this.secretary ?? '支部书记') : null,
      topic: lesson ? this.rng.pick(LESSON_TOPICS) : (topic ?? recruitmentSubject ?? null),
      agenda: recruitmentSubject ?? topic,
      minutes: `<p>${recruitmentSubject ?? topic ?? '会议'}：与会党员认真讨论，形成一致意见。</p>`,
      check_in_code: null,
      check_in_expires_at: null,
      version: 1,
      entered_at: enteredAt,
      created_at: enteredAt,
      updated_at: enteredAt,
    });
    for (const type of types) this.batch.types.push({ meeting_id: id, type, org_path: this.branch.path, held_on: heldOn });
    if (primary === 'heart_talk') return;
    const attendance = this.attendance(id, heldOn, primary, group, enteredAt);
    this.batch.attendance.push(...attendance);
    this.votes(id, heldOn, primary, attendance, enteredAt, recruitmentSubject);
  }

  private attendance(meetingId: string, heldOn: string, primary: MeetingType, group: OrgRow | null, recordedAt: string): Insertable<MeetingAttendanceTable>[] {
    let expected = this.roster.filter((m) => m.joined_on <= heldOn && (!group || m.group_id === group.id));
    // A 支委会's attendees are the committee: members of the branch standing for its posts.
    if (primary === 'committee_meeting') expected = expected.filter((m) => m.status === 'full').slice(0, this.committeeOn(heldOn).length);
    return expected.map((m) => {
      const away = this.rng.chance(this.absence.get(m.id) ?? 0.05);
      const onLeave = away && this.rng.chance(m.is_flowing ? 0.9 : 0.6);
      return {
        meeting_id: meetingId,
        member_id: m.id,
        org_path: this.branch.path,
        status: away ? (onLeave ? 'leave' : 'absent') : 'present',
        reason: onLeave ? this.rng.pick(m.is_flowing ? FLOWING_REASONS : LEAVE_REASONS) : null,
        voting: m.status === 'full' && m.full_on !== null && m.full_on <= heldOn ? 1 : 0,
        recorded_at: recordedAt,
      };
    });
  }

  /** Votes counted from the attendance, as the attendance service counts them, and evaluated by the rules in force. */
  private votes(meetingId: string, heldOn: string, primary: MeetingType, attendance: readonly Insertable<MeetingAttendanceTable>[], createdAt: string, recruitmentSubject?: string): void {
    let kind: 'general' | 'committee' | 'recruitment';
    let subject: string;
    if (recruitmentSubject) [kind, subject] = ['recruitment', recruitmentSubject];
    else if (primary === 'general_meeting' && this.rng.chance(0.35)) [kind, subject] = ['general', this.rng.pick(RESOLUTIONS)];
    else if (primary === 'committee_meeting' && this.rng.chance(0.2)) [kind, subject] = ['committee', this.rng.pick(COMMITTEE_SUBJECTS)];
    else return;
    const voters = kind === 'committee' ? attendance : attendance.filter((a) => a.voting === 1);
    const shouldAttend = voters.length;
    const present = voters.filter((a) => a.status === 'present').length;
    if (shouldAttend === 0) return;
    const no = this.rng.chance(0.15) ? Math.min(present, this.rng.int(1, 2)) : 0;
    const abstain = this.rng.chance(0.1) ? Math.min(present - no, 1) : 0;
    const yes = present - no - abstain;
    let input: VoteInput;
    let counts: Record<string, number>;
    if (kind === 'recruitment') {
      // Full members on leave may send their opinion in writing.
      const writtenYes = Math.min(shouldAttend - yes, Math.floor(voters.filter((a) => a.status === 'leave').length * 0.5));
      input = { kind, shouldAttendVoting: shouldAttend, shouldAttendFull: shouldAttend, present, yes, writtenYes };
      counts = { yes, no, abstain, writtenYes, shouldAttend, present };
    } else {
      input = { kind, shouldAttend, present, yes };
      counts = { yes, no, abstain, shouldAttend, present };
    }
    const outcome = evaluateVote(input, heldOn);
    this.batch.votes.push({
      id: newId(),
      meeting_id: meetingId,
      org_path: this.branch.path,
      kind,
      subject,
      counts: JSON.stringify(counts),
      outcome: JSON.stringify(outcome),
      rule_id: outcome.rule.id,
      cite: outcome.rule.cite,
      created_at: createdAt,
    });
  }
}

/** Rows per statement: within SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const rowsPerStatement = (columns: number) => Math.floor(30_000 / columns);

export async function insertMeetingBatch(ex: Executor, batch: MeetingBatch): Promise<void> {
  const chunks = async <T>(rows: readonly T[], columns: number, insert: (chunk: T[]) => Promise<unknown>) => {
    const size = rowsPerStatement(columns);
    for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
  };
  await chunks(batch.meetings, 22, (c) => ex.insertInto('meetings').values(c).execute());
  await chunks(batch.types, 4, (c) => ex.insertInto('meeting_types').values(c).execute());
  await chunks(batch.attendance, 7, (c) => ex.insertInto('meeting_attendance').values(c).execute());
  await chunks(batch.votes, 11, (c) => ex.insertInto('meeting_votes').values(c).execute());
}

/**
 * The records of every branch of the tree over the window, in batches of about `batchRows` attendance rows, read
 * from the rosters and committees already in the database.
 */
export async function* meetingBatches(ex: Executor, tree: GeneratedTree, rng: Rng, options: MeetingPlanOptions & { batchRows?: number } = {}): AsyncGenerator<MeetingBatch> {
  const window = meetingWindow(tree.today, options);
  const [members, posts] = await Promise.all([rosters(ex), postsByOrg(ex)]);
  const groups = new Map<string, OrgRow[]>();
  for (const org of tree.orgs) {
    if (org.kind === 'group' && org.parent_id && org.status === 'active') groups.set(org.parent_id, [...(groups.get(org.parent_id) ?? []), org]);
  }
  const now = nowUtc();
  let batch = emptyBatch();
  for (const branch of branchesOf(tree)) {
    const planned = new BranchPlanner(rng, branch, groups.get(branch.id) ?? [], members.get(branch.id) ?? [], posts.get(branch.id) ?? [], window, now).plan();
    batch.meetings.push(...planned.meetings);
    batch.types.push(...planned.types);
    batch.attendance.push(...planned.attendance);
    batch.votes.push(...planned.votes);
    if (batch.attendance.length >= (options.batchRows ?? 20_000)) {
      yield batch;
      batch = emptyBatch();
    }
  }
  yield batch;
}

/** A year of organizational life for every branch (run after the members and committees). */
export function meetingsStepOf(options: MeetingPlanOptions = {}): GeneratorStep {
  return {
    name: 'meetings',
    async run(ex, ctx) {
      let meetings = 0;
      for await (const batch of meetingBatches(ex, ctx.tree, ctx.rng, options)) {
        await insertMeetingBatch(ex, batch);
        meetings += batch.meetings.length;
        ctx.onProgress?.(meetings, 0);
      }
      return meetings;
    },
  };
}

export const meetingsStep = meetingsStepOf();
