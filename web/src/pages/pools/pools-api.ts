/** Typed calls to mentor pairs, the reserve-cadre pool and care records; shapes from the server's zod schemas. */
import type { z } from 'zod';
import type * as schema from '../../../../src/modules/pools/pools.schema.ts';
import { api } from '../../api.ts';

export type MentorPair = z.infer<typeof schema.pairView>;
export type PairPage = z.infer<typeof schema.pairPage>;
export type ReserveCadre = z.infer<typeof schema.reserveView>;
export type ReservePage = z.infer<typeof schema.reservePage>;
export type ReserveRecordInput = z.input<typeof schema.reserveRecordBody>;
export type ReserveRecordKind = ReserveRecordInput['kind'];
export type CareRecord = z.infer<typeof schema.careView>;
export type CarePage = z.infer<typeof schema.carePage>;
export type CareInput = z.input<typeof schema.careBody>;
export type CareKind = CareInput['kind'];
export type CareTotals = z.infer<typeof schema.totalsView>;
export type PoolState = 'open' | 'ended' | 'all';

const id = (value: string) => encodeURIComponent(value);

export const poolsApi = {
  pairs: (orgId: string, state: PoolState, page: number, pageSize: number) =>
    api.get<PairPage>('/mentor-pairs', { orgId, state, page, pageSize }),
  startPair: (mentorId: string, menteeId: string, startedOn: string) =>
    api.post<MentorPair>('/mentor-pairs', { mentorId, menteeId, startedOn }),
  endPair: (p: MentorPair, endedOn: string) => api.post<MentorPair>(`/mentor-pairs/${id(p.id)}/end`, { endedOn, version: p.version }),
  reserves: (orgId: string, state: PoolState, page: number, pageSize: number) =>
    api.get<ReservePage>('/reserve-cadres', { orgId, state, page, pageSize }),
  addReserve: (memberId: string, targetPost: string, addedOn: string) =>
    api.post<ReserveCadre>('/reserve-cadres', { memberId, targetPost, addedOn }),
  addReserveRecord: (r: ReserveCadre, input: ReserveRecordInput) => api.post<{ id: string }>(`/reserve-cadres/${id(r.id)}/records`, input),
  removeReserve: (r: ReserveCadre, removedOn: string) =>
    api.post<ReserveCadre>(`/reserve-cadres/${id(r.id)}/remove`, { removedOn, version: r.version }),
  care: (orgId: string, year: number | undefined, page: number, pageSize: number) =>
    api.get<CarePage>('/care-records', { orgId, year, page, pageSize }),
  recordCare: (input: CareInput) => api.post<CareRecord>('/care-records', input),
  careTotals: (orgId: string, year: number) => api.get<CareTotals>('/care-records/totals', { orgId, year }),
};
