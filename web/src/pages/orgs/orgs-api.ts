/** Typed calls to the org tree API; the shapes come from the server's own zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/orgs/orgs.schema.ts';
import { api } from '../../api.ts';

export type Org = z.infer<typeof schema.orgView>;
export type OrgKind = Org['kind'];
export type OrgDomain = Org['domain'];
export type SubtreePage = z.infer<typeof schema.subtreePage>;
export type CommitteeMember = z.infer<typeof schema.committeeMemberView>;
export type CommitteePosition = CommitteeMember['position'];
export type Terms = z.infer<typeof schema.termsView>;
export type Term = z.infer<typeof schema.termView>;
export type TermsDue = z.infer<typeof schema.termsDueView>;
export type TermDueItem = TermsDue['dueSoon'][number];
export type CreateOrgInput = z.input<typeof schema.createOrgBody>;
export type UpdateOrgInput = z.input<typeof schema.updateOrgBody>;
export type AddCommitteeMemberInput = z.input<typeof schema.addCommitteeMemberBody>;
export type StartTermInput = z.input<typeof schema.startTermBody>;

export interface SubtreeSearch {
  q?: string;
  kind?: OrgKind | undefined;
  domain?: OrgDomain | undefined;
  status?: 'active' | 'dissolved' | 'all';
  page?: number;
  pageSize?: number;
}

const org = (id: string) => `/orgs/${encodeURIComponent(id)}`;

export const orgsApi = {
  home: () => api.get<Org>('/orgs/home'),
  get: (id: string) => api.get<Org>(org(id)),
  children: (id: string, includeDissolved: boolean) =>
    api.get<Org[]>(`${org(id)}/children`, { includeDissolved }),
  subtree: (id: string, search: SubtreeSearch) => api.get<SubtreePage>(`${org(id)}/subtree`, { ...search }),
  ancestors: (id: string) => api.get<Org[]>(`${org(id)}/ancestors`),
  create: (input: CreateOrgInput) => api.post<Org>('/orgs', input),
  update: (id: string, input: UpdateOrgInput) => api.patch<Org>(org(id), input),
  move: (id: string, newParentId: string, version: number) =>
    api.post<Org>(`${org(id)}/move`, { newParentId, version }),
  dissolve: (id: string, version: number, dissolvedOn: string) =>
    api.post<Org>(`${org(id)}/dissolve`, { version, dissolvedOn }),
  committee: (id: string, includeEnded: boolean) =>
    api.get<CommitteeMember[]>(`${org(id)}/committee`, { includeEnded }),
  addCommitteeMember: (id: string, input: AddCommitteeMemberInput) =>
    api.post<CommitteeMember>(`${org(id)}/committee`, input),
  endCommitteeMember: (id: string, memberId: string, version: number, endedOn: string) =>
    api.post<CommitteeMember>(`${org(id)}/committee/${encodeURIComponent(memberId)}/end`, { version, endedOn }),
  terms: (id: string) => api.get<Terms>(`${org(id)}/terms`),
  startTerm: (id: string, input: StartTermInput) => api.post<Term>(`${org(id)}/terms`, input),
  termsDue: (months: number) => api.get<TermsDue>('/orgs/terms/due', { months }),
};
