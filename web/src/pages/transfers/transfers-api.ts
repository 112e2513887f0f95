/** Typed calls to the transfer-letter API (组织关系转接); the shapes come from the server's zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/transfers/transfers.schema.ts';
import { api } from '../../api.ts';

export type Transfer = z.infer<typeof schema.transferView>;
export type TransferPage = z.infer<typeof schema.transferPage>;
export type TransferState = Transfer['state'];
export type LetterType = Transfer['letterType'];
export type OverdueTransfers = z.infer<typeof schema.overdueView>;
export type Letter = z.infer<typeof schema.letterView>;
export type Destination = z.infer<typeof schema.destinationsView>[number];
export type IssueInput = z.input<typeof schema.issueBody>;
export type Direction = 'outgoing' | 'incoming';

export interface TransferQuery {
  orgId: string;
  direction: Direction;
  state?: TransferState;
  page?: number;
  pageSize?: number;
}

const transfer = (id: string) => `/transfers/${encodeURIComponent(id)}`;

export const transfersApi = {
  list: (query: TransferQuery) => api.get<TransferPage>('/transfers', { ...query }),
  overdue: (orgId: string) => api.get<OverdueTransfers>('/transfers/overdue', { orgId }),
  letter: (id: string) => api.get<Letter>(`${transfer(id)}/letter`),
  destinations: (q: string) => api.get<Destination[]>('/transfers/destinations', { q }),
  issue: (input: IssueInput) => api.post<Transfer>('/transfers', input),
  receive: (t: Transfer, receivedOn: string) => api.post<Transfer>(`${transfer(t.id)}/receive`, { receivedOn, version: t.version }),
  returnLetter: (t: Transfer, returnedOn: string, reason: string) =>
    api.post<Transfer>(`${transfer(t.id)}/return`, { returnedOn, reason, version: t.version }),
  cancel: (t: Transfer) => api.post<Transfer>(`${transfer(t.id)}/cancel`, { version: t.version }),
};
