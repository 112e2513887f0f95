import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { CARE_KINDS, RESERVE_RECORD_KINDS } from './pools.rules.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const state = z.enum(['open', 'ended', 'all']).default('open');
const year = z.coerce.number().int().min(2000).max(2100);
const member = z.object({ id: z.string(), name: z.string() });
const org = z.object({ id: z.string(), name: z.string() });
const page = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(item) });

export const pairBody = z.strictObject({ mentorId: id, menteeId: id, startedOn: isoDate });
export const endPairBody = z.strictObject({ endedOn: isoDate, version });
export const pairView = z
  .object({
    id: z.string(),
    mentor: member,
    mentee: member,
    org: org.meta({ description: 'The mentee’s branch, where the pair is kept' }),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'MentorPair' });
export const pairQuery = z.strictObject({ orgId: id, state, ...pagination });
export const pairPage = page(pairView);

export const reserveBody = z.strictObject({ memberId: id, targetPost: text(100), addedOn: isoDate });
export const reserveRecordBody = z.strictObject({ kind: z.enum(RESERVE_RECORD_KINDS), recordedOn: isoDate, content: text(5000) });
export const removeReserveBody = z.strictObject({ removedOn: isoDate, version });
export const reserveRecordView = z.object({ id: z.string(), kind: z.enum(RESERVE_RECORD_KINDS), recordedOn: z.string(), content: z.string(), createdAt: z.string() });
export const reserveView = z
  .object({
    id: z.string(),
    memberId: z.string(),
    memberName: z.string(),
    org: org,
    targetPost: z.string(),
    addedOn: z.string(),
    removedOn: z.string().nullable(),
    records: z.array(reserveRecordView),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReserveCadre' });
export const reserveQuery = z.strictObject({ orgId: id, state: z.enum(['open', 'ended', 'all']).default('open').meta({ description: 'ended: removed from the pool' }), ...pagination });
export const reservePage = page(reserveView);

export const careBody = z.strictObject({
  memberId: id,
  kind: z.enum(CARE_KINDS),
  recordedOn: isoDate,
  amountFen: z.number().int().min(0).max(100_000_000).meta({ description: 'fen; above zero for a fund, zero for a visit without money' }),
  note: text(1000),
});
export const careView = z
  .object({ id: z.string(), memberId: z.string(), memberName: z.string(), kind: z.enum(CARE_KINDS), recordedOn: z.string(), amountFen: z.number().int(), note: z.string(), createdAt: z.string() })
  .meta({ id: 'CareRecord' });
export const careQuery = z.strictObject({ orgId: id, year: year.optional(), ...pagination });
export const carePage = page(careView);
export const totalsQuery = z.strictObject({ orgId: id, year: year.optional() });
const totals = {
  visits: z.number().int(),
  fundRecords: z.number().int(),
  fundsFen: z.number().int().meta({ description: 'Sum of fund records, fen' }),
  totalFen: z.number().int().meta({ description: 'All money given, visits included, fen' }),
  membersCared: z.number().int(),
};
export const totalsView = z.object({
  orgId: z.string(),
  year: z.number().int(),
  ...totals,
  own: z.object(totals).meta({ description: 'Records kept at the org itself rather than a child' }),
  byChild: z.array(z.object({ orgId: z.string(), code: z.string(), name: z.string(), ...totals })),
});
