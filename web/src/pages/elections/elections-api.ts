/** Typed calls to the elections API; the shapes come from the server's own zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/elections/elections.schema.ts';
import { api } from '../../api.ts';

export type Election = z.infer<typeof schema.electionView>;
export type ElectionState = Election['state'];
export type Candidate = Election['candidates'][number];
export type ElectionPage = z.infer<typeof schema.electionPage>;
export type ElectionListItem = ElectionPage['items'][number];
export type MarginSetting = z.infer<typeof schema.marginSettingView>;
export type TermsDue = z.infer<typeof schema.termsDueView>;
export type TermDueItem = TermsDue['dueSoon'][number];
export type Postponement = z.infer<typeof schema.postponementView>;
export type CreateElectionInput = z.input<typeof schema.createElectionBody>;
export type BallotsInput = z.input<typeof schema.ballotsBody>;
export type ConfirmInput = z.input<typeof schema.confirmBody>;
export type PostponeInput = z.input<typeof schema.postponeBody>;

/** The few fields of a meeting record the election form needs. */
export interface MeetingSummary {
  id: string;
  heldOn: string;
  topic: string | null;
  types: string[];
}

const election = (id: string) => `/elections/${encodeURIComponent(id)}`;

export const electionsApi = {
  list: (orgId: string, page: number, pageSize: number) => api.get<ElectionPage>('/elections', { orgId, page, pageSize }),
  get: (id: string) => api.get<Election>(election(id)),
  create: (input: CreateElectionInput) => api.post<Election>('/elections', input),
  setCandidates: (id: string, version: number, memberIds: string[]) => api.put<Election>(`${election(id)}/candidates`, { version, memberIds }),
  count: (id: string, input: BallotsInput) => api.put<Election>(`${election(id)}/ballots`, input),
  confirm: (id: string, input: ConfirmInput) => api.post<Election>(`${election(id)}/confirm`, input),
  cancel: (id: string, version: number) => api.post<Election>(`${election(id)}/cancel`, { version }),
  margin: (orgId: string) => api.get<MarginSetting>('/elections/margin', { orgId }),
  setMargin: (orgId: string, percent: number | null, version: number) => api.put<MarginSetting>('/elections/margin', { orgId, percent, version }),
  termsDue: (asOf?: string) => api.get<TermsDue>('/elections/terms-due', { asOf }),
  postponements: (orgId: string) => api.get<Postponement[]>('/elections/term-postponements', { orgId }),
  postpone: (input: PostponeInput) => api.post<Postponement>('/elections/term-postponements', input),
  generalMeetings: (orgId: string) =>
    api.get<{ items: MeetingSummary[] }>('/meetings', { orgId, type: 'general_meeting', pageSize: 50 }).then((page) => page.items),
};
