/** Typed calls to the organizational-life API (meetings, attendance, votes, files, compliance, meeting rules); shapes from the server's zod schemas. */
import type { z } from 'zod';
import type * as files from '../../../../src/modules/meetings/meeting-files.schema.ts';
import type * as rules from '../../../../src/modules/meetings/meeting-rules.schema.ts';
import type * as schema from '../../../../src/modules/meetings/meetings.schema.ts';
import { api } from '../../api.ts';

export type Meeting = z.infer<typeof schema.meetingView>;
export type MeetingType = Meeting['primaryType'];
export type MeetingPage = z.infer<typeof schema.meetingPage>;
export type CreateMeetingInput = z.input<typeof schema.createMeetingBody>;
export type UpdateMeetingInput = z.input<typeof schema.updateMeetingBody>;
export type Attendance = z.infer<typeof schema.attendanceView>;
export type AttendanceEntry = Attendance['entries'][number];
export type AttendanceStatus = AttendanceEntry['status'];
export type AttendanceInput = z.input<typeof schema.attendanceBody>['entries'][number];
export type CheckInCode = z.infer<typeof schema.checkInCodeView>;
export type Vote = z.infer<typeof schema.voteView>;
export type VoteInput = z.input<typeof schema.voteBody>;
export type VoteKind = VoteInput['kind'];
export type Compliance = z.infer<typeof schema.complianceView>;
export type BranchCompliance = Extract<Compliance, { kind: 'branch' }>;
export type SubtreeCompliance = Extract<Compliance, { kind: 'subtree' }>;
export type Requirement = BranchCompliance['requirements'][number];
export type PeriodStatus = Requirement['periods'][number]['status'];
export type MeetingFile = z.infer<typeof files.meetingFileView>;
export type MeetingRules = z.infer<typeof rules.meetingRulesView>;
export type RuleRequirement = MeetingRules['requirements'][number];
export type RequiredMeetingType = RuleRequirement['type'];
export type Cadence = RuleRequirement['cadence'];
export type RequirementScope = RuleRequirement['scope'];
export type MeetingRulesInput = z.input<typeof rules.meetingRulesBody>;

export interface MeetingQuery {
  orgId: string;
  from?: string;
  to?: string;
  type?: MeetingType;
  page?: number;
  pageSize?: number;
}

export interface ComplianceQuery {
  year: number;
  quarter?: number;
  month?: number;
}

const meeting = (id: string) => `/meetings/${encodeURIComponent(id)}`;

export const meetingsApi = {
  list: (query: MeetingQuery) => api.get<MeetingPage>('/meetings', { ...query }),
  get: (id: string) => api.get<Meeting>(meeting(id)),
  create: (input: CreateMeetingInput) => api.post<Meeting>('/meetings', input),
  update: (id: string, input: UpdateMeetingInput) => api.patch<Meeting>(meeting(id), input),
  attendance: (id: string) => api.get<Attendance>(`${meeting(id)}/attendance`),
  recordAttendance: (id: string, entries: AttendanceInput[]) => api.put<Attendance>(`${meeting(id)}/attendance`, { entries }),
  issueCheckInCode: (id: string) => api.post<CheckInCode>(`${meeting(id)}/check-in-code`),
  checkIn: (code: string) => api.post<{ meetingId: string; status: 'present' }>('/meetings/check-in', { code }),
  votes: (id: string) => api.get<Vote[]>(`${meeting(id)}/votes`),
  vote: (id: string, input: VoteInput) => api.post<Vote>(`${meeting(id)}/votes`, input),
  files: (id: string) => api.get<MeetingFile[]>(`${meeting(id)}/files`),
  /** The file is the body; a browser that cannot tell the type sends it as plain bytes (the server checks the bytes). */
  upload: (id: string, file: File) =>
    api.upload<MeetingFile>(`${meeting(id)}/files`, { fileName: file.name }, new Blob([file], { type: file.type || 'application/octet-stream' })),
  removeFile: (id: string, fileId: string) => api.delete<null>(`${meeting(id)}/files/${encodeURIComponent(fileId)}`),
  compliance: (orgId: string, query: ComplianceQuery) => api.get<Compliance>(`/orgs/${encodeURIComponent(orgId)}/compliance`, { ...query }),
  rules: (orgId: string) => api.get<MeetingRules>(`/orgs/${encodeURIComponent(orgId)}/meeting-rules`),
  /** Replaces the org's own cadences (an empty set returns to the rules from above). */
  setRules: (orgId: string, input: MeetingRulesInput) => api.put<MeetingRules>(`/orgs/${encodeURIComponent(orgId)}/meeting-rules`, input),
};

/** Where the browser fetches an attached file (the session cookie goes along): shown in the page, or downloaded. */
export function fileHref(meetingId: string, fileId: string, download = false): string {
  return `/api/v1${meeting(meetingId)}/files/${encodeURIComponent(fileId)}/content${download ? '?download=true' : ''}`;
}
