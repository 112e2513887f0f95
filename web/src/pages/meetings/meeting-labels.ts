/** Labels and colours of meeting types, attendance and compliance, as message keys of the catalog. */
import { MEETING_TYPES } from '../../../../src/policy/meetings.ts';
import type { MessageKey } from '../../i18n.ts';
import type { AttendanceStatus, MeetingType, PeriodStatus, Requirement, RequirementScope, VoteKind } from './meetings-api.ts';

export { MEETING_TYPES };

export const typeKey = (type: MeetingType) => `meetingType.${type}` as MessageKey;
export const attendanceKey = (status: AttendanceStatus) => `attendanceStatus.${status}` as MessageKey;
export const voteKindKey = (kind: VoteKind) => `vote.kind.${kind}` as MessageKey;
export const cadenceKey = (cadence: string) => `cadence.${cadence}` as MessageKey;
export const scopeKey = (scope: RequirementScope) => `meetingRules.scope.${scope}` as MessageKey;
export const complianceKey = (status: Requirement['status'] | PeriodStatus) => `compliance.status.${status}` as MessageKey;

export const TYPE_COLORS: Record<MeetingType, string> = {
  general_meeting: 'red',
  committee_meeting: 'volcano',
  group_meeting: 'orange',
  party_lesson: 'gold',
  theme_day: 'magenta',
  life_meeting: 'purple',
  member_review: 'geekblue',
  heart_talk: 'cyan',
  other: 'default',
};

export const VOTE_KINDS: readonly VoteKind[] = ['general', 'committee', 'recruitment', 'election'];

export const isMeetingType = (value: string | null): value is MeetingType => value !== null && (MEETING_TYPES as readonly string[]).includes(value);
