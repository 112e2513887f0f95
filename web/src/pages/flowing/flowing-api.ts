/** Typed calls to flowing members (流动党员) and community reporting (双报到); shapes from the server's zod schemas. */
import type { z } from 'zod';
import type * as community from '../../../../src/modules/flowing/community.schema.ts';
import type * as flowing from '../../../../src/modules/flowing/flowing.schema.ts';
import { api } from '../../api.ts';

export type FlowingRecord = z.infer<typeof flowing.flowingView>;
export type FlowingPage = z.infer<typeof flowing.flowingPage>;
export type StartFlowingInput = z.input<typeof flowing.startBody>;
export type Registration = z.infer<typeof community.registrationView>;
export type RegistrationPage = z.infer<typeof community.registrationPage>;
export type RegisterInput = z.input<typeof community.registerBody>;
export type ServiceInput = z.input<typeof community.serviceBody>;
export type ServiceHours = z.infer<typeof community.hoursView>;
export type RecordState = 'open' | 'ended' | 'all';

const record = (id: string) => `/flowing/${encodeURIComponent(id)}`;
const registration = (id: string) => `/community/registrations/${encodeURIComponent(id)}`;

export const flowingApi = {
  list: (orgId: string, state: RecordState, overdue: boolean, page: number, pageSize: number) =>
    api.get<FlowingPage>('/flowing', { orgId, state, overdue, page, pageSize }),
  start: (input: StartFlowingInput) => api.post<FlowingRecord>('/flowing', input),
  end: (r: FlowingRecord, endedOn: string) => api.post<FlowingRecord>(`${record(r.id)}/end`, { endedOn, version: r.version }),
  report: (r: FlowingRecord, reportedOn: string, content: string) =>
    api.post<{ id: string }>(`${record(r.id)}/reports`, { reportedOn, content }),
  revealContact: (r: FlowingRecord) => api.post<{ field: string; value: string | null }>(`${record(r.id)}/reveal-contact`),
};

export const communityApi = {
  list: (orgId: string, side: 'home' | 'community' | undefined, state: RecordState, page: number, pageSize: number) =>
    api.get<RegistrationPage>('/community/registrations', { orgId, side, state, page, pageSize }),
  register: (input: RegisterInput) => api.post<Registration>('/community/registrations', input),
  end: (r: Registration, endedOn: string) => api.post<Registration>(`${registration(r.id)}/end`, { endedOn, version: r.version }),
  service: (r: Registration, input: ServiceInput) => api.post<{ id: string }>(`${registration(r.id)}/service`, input),
  hours: (orgId: string, year: number) => api.get<ServiceHours>('/community/hours', { orgId, year }),
};
