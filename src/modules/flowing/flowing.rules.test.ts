import { describe, expect, test } from 'vitest';
import { addDays, addMonths } from '../../lib/dates.ts';
import { TRANSFER_RULE_VERSIONS } from '../../policy/transfers.ts';
import { checkCommunityRegistration, checkService, isReportOverdue, maskContact, overdueBefore, reportDueOn } from './flowing.rules.ts';

const rules = (TRANSFER_RULE_VERSIONS[0] as (typeof TRANSFER_RULE_VERSIONS)[number]).rules;

describe('flowing members report at least yearly (RULES.md Transfers and flowing members)', () => {
  test.each<[string, { startedOn: string; lastReportedOn: string | null; endedOn: string | null }, string, boolean]>([
    ['no report, started 11 months ago', { startedOn: '2025-12-21', lastReportedOn: null, endedOn: null }, '2026-11-21', false],
    ['no report, started exactly a year ago', { startedOn: '2025-11-21', lastReportedOn: null, endedOn: null }, '2026-11-21', false],
    ['no report, started a year and a day ago', { startedOn: '2025-11-20', lastReportedOn: null, endedOn: null }, '2026-11-21', true],
    ['last report 2 months ago, started long ago', { startedOn: '2020-01-01', lastReportedOn: '2026-09-21', endedOn: null }, '2026-11-21', false],
    ['last report 13 months ago', { startedOn: '2020-01-01', lastReportedOn: '2025-10-21', endedOn: null }, '2026-11-21', true],
    ['ended records are never overdue', { startedOn: '2020-01-01', lastReportedOn: null, endedOn: '2021-01-01' }, '2026-11-21', false],
  ])('%s', (_label, r, today, expected) => {
    expect(isReportOverdue(r, today, rules)).toBe(expected);
  });

  test('the next report is due a year after the last one, or after the start', () => {
    expect(reportDueOn({ startedOn: '2026-03-01', lastReportedOn: null }, rules)).toBe('2027-03-01');
    expect(reportDueOn({ startedOn: '2024-02-29', lastReportedOn: null }, rules)).toBe('2025-02-28');
    expect(reportDueOn({ startedOn: '2020-01-01', lastReportedOn: '2026-06-30' }, rules)).toBe('2027-06-30');
  });

  test.each([12, 6, 1])('the query threshold agrees with the rule on every day of four years (leap days included), interval %i months', (months) => {
    const r = { ...rules, flowingReportMonths: months };
    const disagreements: string[] = [];
    for (let ref = '2023-01-01'; ref <= '2026-12-31'; ref = addDays(ref, 1)) {
      for (let offset = -3; offset <= 3; offset++) {
        const today = addDays(addMonths(ref, months), offset);
        const byRule = isReportOverdue({ startedOn: ref, lastReportedOn: null, endedOn: null }, today, r);
        const byQuery = ref < overdueBefore(today, r);
        if (byRule !== byQuery) disagreements.push(`${ref} ${today}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('community reporting (在职党员到社区报到)', () => {
  const community = { id: 'C', kind: 'branch', domain: 'community', status: 'active' };
  test.each<[string, { inService: boolean; orgId: string }, typeof community, string | null]>([
    ['an in-service member to a community branch', { inService: true, orgId: 'A' }, community, null],
    ['a member not in service', { inService: false, orgId: 'A' }, community, 'community.member_not_in_service'],
    ['a rural branch', { inService: true, orgId: 'A' }, { ...community, domain: 'rural' }, 'community.org_not_community_branch'],
    ['a community committee (not a branch kind)', { inService: true, orgId: 'A' }, { ...community, kind: 'party_committee' }, 'community.org_not_community_branch'],
    ['a dissolved community branch', { inService: true, orgId: 'A' }, { ...community, status: 'dissolved' }, 'community.org_not_community_branch'],
    ['a joint branch of a community', { inService: true, orgId: 'A' }, { ...community, kind: 'joint_branch' }, null],
    ['the member’s own branch', { inService: true, orgId: 'C' }, community, 'community.own_branch'],
  ])('%s', (_label, member, org, code) => {
    const v = checkCommunityRegistration(member, org);
    expect(v?.code ?? null).toBe(code);
    if (v) expect(v.status).toBe(422);
  });

  test.each<[string, { registeredOn: string; endedOn: string | null }, string, string | null]>([
    ['within an open registration', { registeredOn: '2026-01-01', endedOn: null }, '2026-03-01', null],
    ['before the registration', { registeredOn: '2026-01-01', endedOn: null }, '2025-12-31', 'community.served_before_registration'],
    ['after it ended', { registeredOn: '2026-01-01', endedOn: '2026-02-01' }, '2026-02-02', 'community.served_after_end'],
    ['on the day it ended', { registeredOn: '2026-01-01', endedOn: '2026-02-01' }, '2026-02-01', null],
    ['in the future', { registeredOn: '2026-01-01', endedOn: null }, '2026-11-22', 'record.date_in_future'],
  ])('service %s', (_label, reg, servedOn, code) => {
    expect(checkService(reg, servedOn, '2026-11-21')?.code ?? null).toBe(code);
  });
});

describe('contact masking', () => {
  test.each<[string, string]>([
    ['13812345678', '138****5678'],
    ['王书记 13812345678 / 0871-87654321', '王书记 138****5678 / 0871-****4321'],
    ['微信 abc_123', '微信 abc_123'],
  ])('%s → %s', (input, masked) => {
    expect(maskContact(input)).toBe(masked);
  });
});
