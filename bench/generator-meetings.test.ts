import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/create-db.ts';
import { createTestDb } from '../src/db/test-db.ts';
import { SYSTEM_ACTOR } from '../src/lib/actor.ts';
import { createCryptoProvider } from '../src/lib/crypto/provider.ts';
import { evaluateVote, type VoteOutcome } from '../src/modules/meetings/vote-rules.ts';
import { BRANCH_KINDS, type OrgKind } from '../src/modules/orgs/org-kinds.ts';
import { createServices } from '../src/server/app.ts';
import { branchCommitteesStep, meetingsStepOf, meetingWindow } from './generator-meetings.ts';
import { committeeStep, generateCounty, membersStepOf, orgsStep, populate, type GeneratedTree } from './generator.ts';

const TODAY = '2025-06-30';
// Last calendar year whole and this one to date: the compliance of a whole year can be checked.
const WINDOW = { from: '2024-01-01' };

let handle: DbHandle;
let tree: GeneratedTree;

beforeAll(async () => {
  handle = await createTestDb();
  tree = generateCounty({ seed: 11, size: 1, today: TODAY });
  const crypto = createCryptoProvider('intl', randomBytes(32));
  await populate(handle.db, tree, { crypto, steps: [orgsStep, committeeStep, membersStepOf({ scale: 0.5 }), branchCommitteesStep, meetingsStepOf(WINDOW)] });
}, 120_000);
afterAll(async () => {
  await handle.close();
});

describe('a year of organizational life', () => {
  it('stays inside the window and the branches’ lives, each meeting counted for its types', async () => {
    const meetings = await handle.db.selectFrom('meetings').innerJoin('orgs', 'orgs.id', 'meetings.org_id').select(['meetings.id', 'meetings.held_on', 'meetings.org_path', 'orgs.path', 'orgs.kind', 'orgs.established_on']).execute();
    expect(meetings.length).toBeGreaterThan(1000);
    const { from, to } = meetingWindow(TODAY, WINDOW);
    for (const m of meetings) {
      expect(m.held_on >= from && m.held_on <= to).toBe(true);
      expect(m.org_path).toBe(m.path);
      expect(BRANCH_KINDS).toContain(m.kind as OrgKind);
      if (m.established_on) expect(m.held_on >= m.established_on).toBe(true);
    }
    const types = await handle.db.selectFrom('meeting_types').innerJoin('meetings', 'meetings.id', 'meeting_types.meeting_id').select(['meeting_types.held_on', 'meetings.held_on as meeting_held_on', 'meetings.primary_type', 'meeting_types.type', 'meeting_types.meeting_id']).execute();
    for (const t of types) expect(t.held_on).toBe(t.meeting_held_on);
    const byMeeting = new Map<string, string[]>();
    for (const t of types) byMeeting.set(t.meeting_id, [...(byMeeting.get(t.meeting_id) ?? []), t.type]);
    expect(byMeeting.size).toBe(meetings.length);
    // Some 主题党日 include the 党课.
    expect([...byMeeting.values()].filter((ts) => ts.includes('theme_day') && ts.includes('party_lesson')).length).toBeGreaterThan(10);
  });

  it('takes attendance from the roster on the date: joined by then, of the group for a 党小组会, voting only when full', async () => {
    const rows = await handle.db
      .selectFrom('meeting_attendance')
      .innerJoin('meetings', 'meetings.id', 'meeting_attendance.meeting_id')
      .innerJoin('members', 'members.id', 'meeting_attendance.member_id')
      .select(['meetings.held_on', 'meetings.org_id', 'meetings.group_id', 'meetings.primary_type', 'members.org_id as member_org', 'members.group_id as member_group', 'members.joined_on', 'members.full_on', 'members.status as member_status', 'meeting_attendance.status', 'meeting_attendance.reason', 'meeting_attendance.voting', 'meeting_attendance.member_id'])
      .execute();
    expect(rows.length).toBeGreaterThan(10_000);
    for (const r of rows) {
      expect(r.member_org).toBe(r.org_id);
      expect(r.joined_on <= r.held_on).toBe(true);
      if (r.primary_type === 'group_meeting') expect(r.member_group).toBe(r.group_id);
      expect(r.voting).toBe(r.member_status === 'full' && r.full_on !== null && r.full_on <= r.held_on ? 1 : 0);
      if (r.status === 'leave') expect(r.reason).toBeTruthy();
      else expect(r.reason).toBeNull();
    }
    // Most come; some members are often away.
    const present = rows.filter((r) => r.status === 'present').length / rows.length;
    expect(present).toBeGreaterThan(0.7);
    expect(present).toBeLessThan(0.97);
    const awayShare = new Map<string, [number, number]>();
    for (const r of rows) {
      const [away, all] = awayShare.get(r.member_id) ?? [0, 0];
      awayShare.set(r.member_id, [away + (r.status === 'present' ? 0 : 1), all + 1]);
    }
    const oftenAway = [...awayShare.values()].filter(([away, all]) => all >= 10 && away / all >= 0.3).length;
    expect(oftenAway / awayShare.size).toBeGreaterThan(0.05);
  });

  it('counts every vote from its meeting’s attendance and evaluates it by the real rules', async () => {
    const votes = await handle.db.selectFrom('meeting_votes').innerJoin('meetings', 'meetings.id', 'meeting_votes.meeting_id').select(['meeting_votes.meeting_id', 'meeting_votes.kind', 'meeting_votes.counts', 'meeting_votes.outcome', 'meeting_votes.rule_id', 'meetings.held_on', 'meetings.primary_type']).execute();
    expect(votes.length).toBeGreaterThan(50);
    expect(new Set(votes.map((v) => v.kind))).toEqual(new Set(['general', 'committee', 'recruitment']));
    const attendance = await handle.db.selectFrom('meeting_attendance').select(['meeting_id', 'status', 'voting']).where('meeting_id', 'in', votes.map((v) => v.meeting_id)).execute();
    for (const v of votes) {
      const counts = JSON.parse(v.counts) as { yes: number; no: number; abstain: number; writtenYes?: number; shouldAttend: number; present: number };
      const voters = attendance.filter((a) => a.meeting_id === v.meeting_id && (v.kind === 'committee' || a.voting === 1));
      expect(counts.shouldAttend).toBe(voters.length);
      expect(counts.present).toBe(voters.filter((a) => a.status === 'present').length);
      expect(counts.yes + counts.no + counts.abstain).toBeLessThanOrEqual(counts.present);
      expect(v.primary_type).toBe(v.kind === 'committee' ? 'committee_meeting' : 'general_meeting');
      const expected =
        v.kind === 'recruitment'
          ? evaluateVote({ kind: 'recruitment', shouldAttendVoting: counts.shouldAttend, shouldAttendFull: counts.shouldAttend, present: counts.present, yes: counts.yes, writtenYes: counts.writtenYes ?? 0 }, v.held_on)
          : evaluateVote({ kind: v.kind as 'general' | 'committee', shouldAttend: counts.shouldAttend, present: counts.present, yes: counts.yes }, v.held_on);
      expect(JSON.parse(v.outcome) as VoteOutcome).toEqual(expected);
      expect(v.rule_id).toBe(expected.rule.id);
    }
  });

  it('holds 支委会 only where a committee was elected (at least 7 full members)', async () => {
    const committees = await handle.db.selectFrom('org_committee_members').select(['org_id', 'started_on']).where('position', '=', 'member').execute();
    const elected = new Map(committees.map((c) => [c.org_id, c.started_on]));
    expect(elected.size).toBeGreaterThan(5);
    const full = await handle.db.selectFrom('members').select(['org_id']).select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'full').groupBy('org_id').execute();
    for (const f of full) if (elected.has(f.org_id)) expect(Number(f.n)).toBeGreaterThanOrEqual(7);
    const held = await handle.db.selectFrom('meetings').select(['org_id', 'held_on']).where('primary_type', '=', 'committee_meeting').execute();
    expect(held.length).toBeGreaterThan(20);
    for (const m of held) expect(m.held_on >= (elected.get(m.org_id) ?? '9999')).toBe(true);
  });

  it('gives the compliance engine a year with gaps: most branches keep most rules, some miss quarters', async () => {
    const { meetings } = createServices(handle, createCryptoProvider('intl', randomBytes(32)), () => new Date(`${TODAY}T04:00:00Z`));
    const root = tree.orgs[0];
    if (!root) throw new Error('no root');
    const res = await meetings.compliance(SYSTEM_ACTOR, root.id, { year: 2024 });
    if (res.kind !== 'subtree') throw new Error('expected a subtree summary');
    const general = res.summary.find((s) => s.type === 'general_meeting');
    const theme = res.summary.find((s) => s.type === 'theme_day');
    if (!general || !theme) throw new Error('missing requirement');
    expect(general.met).toBeGreaterThan(general.missing);
    expect(general.missing).toBeGreaterThan(0);
    expect(theme.missing).toBeGreaterThan(0);
    expect(res.summary.find((s) => s.type === 'committee_meeting')?.not_applicable).toBeGreaterThan(0);
    expect(res.summary.find((s) => s.type === 'life_meeting')?.met).toBeGreaterThan(0);
  });
});
