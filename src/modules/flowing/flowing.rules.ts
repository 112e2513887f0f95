/**
 * Rules of flowing members (流动党员) and community reporting (在职党员到社区报到, 双报到), pure functions.
 */
import { addDays, addMonths } from '../../lib/dates.ts';
import { maskPhone } from '../../lib/masking.ts';
import { citeText } from '../../policy/rule-set.ts';
import { TRANSFER_CITES, type TransferRules } from '../../policy/transfers.ts';
import { BRANCH_KINDS, type OrgKind } from '../orgs/org-kinds.ts';
import type { Violation } from '../transfers/transfers.rules.ts';

const violation = (code: string, message: string, status: 400 | 422 = 400, cite: string | null = null): Violation => ({ code, message, status, cite });

/** The day by which the next report is due: a year after the last one, or after the start when none came yet. */
export function reportDueOn(r: { startedOn: string; lastReportedOn: string | null }, rules: TransferRules): string {
  return addMonths(r.lastReportedOn ?? r.startedOn, rules.flowingReportMonths);
}

export function isReportOverdue(r: { startedOn: string; lastReportedOn: string | null; endedOn: string | null }, today: string, rules: TransferRules): boolean {
  return r.endedOn === null && today > reportDueOn(r, rules);
}

/**
 * The same test as a threshold for a query: an open record is overdue when its last report (or start) is before
 * the returned day. Equal to `isReportOverdue` for every date (the rule tests check it day by day).
 */
export function overdueBefore(today: string, rules: TransferRules): string {
  // Month-end clamping makes "a year before 29 February" 28 February, whose report is already late: step forward
  // to the first start date that is not overdue.
  let threshold = addMonths(today, -rules.flowingReportMonths);
  while (addMonths(threshold, rules.flowingReportMonths) < today) threshold = addDays(threshold, 1);
  return threshold;
}

export const FLOWING_REPORT_CITE = citeText(TRANSFER_CITES.flowingReport);

/** A date of a record that must fall between its start and today. */
export function checkDateBetween(field: string, date: string, from: string, today: string): Violation | null {
  if (date < from) return violation('record.date_before_start', `${field} is before the start`);
  if (date > today) return violation('record.date_in_future', `${field} is in the future`);
  return null;
}

export function checkNotFuture(field: string, date: string, today: string): Violation | null {
  return date > today ? violation('record.date_in_future', `${field} is in the future`) : null;
}

export const COMMUNITY_CITE = '在职党员到社区报到（双报到）制度';

/** Only in-service members report to a community; the community is an active branch-kind org of the community domain. */
export function checkCommunityRegistration(
  member: { inService: boolean; orgId: string },
  community: { id: string; kind: string; domain: string; status: string },
): Violation | null {
  if (!member.inService) {
    return violation('community.member_not_in_service', 'Only members flagged in service (在职党员) report to a community', 422, COMMUNITY_CITE);
  }
  if (community.status !== 'active' || !BRANCH_KINDS.includes(community.kind as OrgKind) || community.domain !== 'community') {
    return violation('community.org_not_community_branch', 'Members report to an active branch of a community (社区党组织)', 422, COMMUNITY_CITE);
  }
  if (community.id === member.orgId) {
    return violation('community.own_branch', 'The community branch is already the member’s own branch', 422, COMMUNITY_CITE);
  }
  return null;
}

/** A service session falls within the registration and is not in the future. */
export function checkService(reg: { registeredOn: string; endedOn: string | null }, servedOn: string, today: string): Violation | null {
  if (servedOn < reg.registeredOn) return violation('community.served_before_registration', 'The service date is before the registration');
  if (reg.endedOn !== null && servedOn > reg.endedOn) return violation('community.served_after_end', 'The service date is after the registration ended');
  return checkNotFuture('The service date', servedOn, today);
}

/** Runs of seven or more digits (phone numbers) are masked in answers: 13812345678 → 138****5678, 87654321 → ****4321. */
export function maskContact(text: string): string {
  return text.replace(/\d{7,}/g, (d) => (d.length >= 11 ? maskPhone(d) : `${'*'.repeat(d.length - 4)}${d.slice(-4)}`));
}
