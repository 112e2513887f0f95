import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { LETTER_TYPES, TRANSFER_STATES } from './transfers.rules.ts';

export const issueBody = z
  .strictObject({
    memberId: id,
    toOrgId: id.optional().meta({ description: 'An active branch anywhere in the installation' }),
    externalDestination: z.string().trim().min(1).max(200).optional().meta({ description: 'A destination outside the installation' }),
    awayMonths: z.number().int().min(0).max(600).optional().meta({ description: 'Months away; leave out when uncertain' }),
    fixedPlace: z.boolean().optional().meta({ description: 'Whether the place is fixed; left out counts as fixed' }),
    letterType: z.enum(LETTER_TYPES).optional().meta({ description: 'Must agree with awayMonths/fixedPlace when those are given' }),
    reason: z.string().trim().max(500).optional(),
    issuedOn: isoDate,
  })
  .refine((b) => (b.toOrgId === undefined) !== (b.externalDestination === undefined), {
    message: 'give exactly one of toOrgId and externalDestination',
    path: ['toOrgId'],
  });

export const receiveBody = z.strictObject({ receivedOn: isoDate, version });
export const returnBody = z.strictObject({ returnedOn: isoDate, reason: z.string().trim().min(1).max(500), version });
export const cancelBody = z.strictObject({ version });

const orgRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const transferView = z
  .object({
    id: z.string(),
    memberId: z.string(),
    memberName: z.string(),
    fromOrg: orgRef,
    toOrg: orgRef.nullable(),
    externalDestination: z.string().nullable(),
    letterType: z.enum(LETTER_TYPES),
    letterTypeLabel: z.string(),
    letterNumber: z.string().meta({ example: 'ZZ-2026-000001' }),
    reason: z.string().nullable(),
    issuedOn: z.string(),
    validUntil: z.string().meta({ description: 'Last valid day, inclusive' }),
    receiptDueOn: z.string().nullable().meta({ description: 'Letters to outside: the receipt (回执) is due by this day' }),
    state: z.enum(TRANSFER_STATES),
    receivedOn: z.string().nullable(),
    returnedOn: z.string().nullable(),
    returnReason: z.string().nullable(),
    expired: z.boolean().meta({ description: 'Issued and past validUntil' }),
    receiptOverdue: z.boolean(),
    movesMembership: z.boolean().meta({ description: 'Only an introduction letter moves the member on receipt' }),
    callerSide: z.enum(['sending', 'receiving', 'both']),
    ruleId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Transfer' });

export const listQuery = z.strictObject({
  orgId: id,
  direction: z.enum(['outgoing', 'incoming']).default('outgoing'),
  state: z.enum(TRANSFER_STATES).optional(),
  overdue: z.enum(['true', 'false']).default('false'),
  ...pagination,
});

export const transferPage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(transferView) });

export const overdueQuery = z.strictObject({ orgId: id });
export const overdueView = z.object({
  orgId: z.string(),
  asOf: z.string(),
  truncated: z.boolean(),
  expired: z.array(transferView),
  receiptsOverdue: z.array(transferView),
  cite: z.object({ expired: z.string(), receipt: z.string() }),
});

export const letterView = z
  .object({
    letterNumber: z.string(),
    letterType: z.enum(LETTER_TYPES),
    letterTypeLabel: z.string(),
    member: z.object({
      name: z.string(),
      sex: z.enum(['male', 'female']),
      sexLabel: z.string(),
      age: z.number().int().meta({ description: 'On the day of issue' }),
      ethnicity: z.string().nullable(),
      status: z.enum(['probationary', 'full']),
      statusLabel: z.string().meta({ description: '正式党员 / 预备党员' }),
      idNumber: z.string().meta({ description: 'masked, e.g. 110***********1234' }),
    }),
    fromOrg: z.object({ code: z.string(), name: z.string() }),
    toOrg: z.object({ code: z.string(), name: z.string() }).nullable(),
    destinationName: z.string(),
    reason: z.string().nullable(),
    issuedOn: z.string(),
    validUntil: z.string(),
    validity: z.object({ unit: z.enum(['months', 'days']), amount: z.number().int() }),
    receiptDueOn: z.string().nullable(),
    state: z.enum(TRANSFER_STATES),
    cite: z.string(),
  })
  .meta({ id: 'TransferLetter' });

export const destinationsQuery = z.strictObject({ q: z.string().trim().min(1).max(50) });
export const destinationsView = z.array(orgRef);
