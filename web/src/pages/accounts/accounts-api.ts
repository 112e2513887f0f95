/** Typed calls to the account, session and security policy API; the shapes come from the server's zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/accounts/accounts.schema.ts';
import { api } from '../../api.ts';

export type Account = z.infer<typeof schema.accountView>;
export type Role = Account['roles'][number];
export type AccountPage = z.infer<typeof schema.accountPage>;
export type CreatedAccount = z.infer<typeof schema.createdAccount>;
export type CreateAccountInput = z.input<typeof schema.createAccountBody>;
export type LiveSession = z.infer<typeof schema.sessionView>;
export type PolicyView = z.infer<typeof schema.policyView>;
export type SecurityPolicy = PolicyView['policy'];
export type RevealField = z.infer<typeof schema.revealBody>['field'];

const account = (id: string) => `/accounts/${encodeURIComponent(id)}`;

export const accountsApi = {
  list: (q: string, page: number, pageSize: number) => api.get<AccountPage>('/accounts', { q, page, pageSize }),
  create: (input: CreateAccountInput) => api.post<CreatedAccount>('/accounts', input),
  disable: (a: Account) => api.post<Account>(`${account(a.id)}/disable`, { version: a.version }),
  enable: (a: Account) => api.post<Account>(`${account(a.id)}/enable`, { version: a.version }),
  resetPassword: (a: Account) => api.post<CreatedAccount>(`${account(a.id)}/reset-password`, { version: a.version }),
  setRoles: (a: Account, roles: Role[]) => api.put<Account>(`${account(a.id)}/roles`, { roles, version: a.version }),
  endSessions: (a: Account) => api.post<{ ended: number }>(`${account(a.id)}/end-sessions`),
  reveal: (id: string, field: RevealField) =>
    api.post<{ field: string; value: string | null }>(`${account(id)}/reveal`, { field }),
  sessions: () => api.get<LiveSession[]>('/sessions'),
  endSession: (id: string) => api.post<null>(`/sessions/${encodeURIComponent(id)}/end`),
  policy: () => api.get<PolicyView>('/security/policy'),
  setPolicy: (policy: SecurityPolicy, version: number) => api.put<PolicyView>('/security/policy', { policy, version }),
};
