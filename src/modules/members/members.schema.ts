import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { AGE_BANDS, EDUCATIONS, MEMBER_FLAGS } from './member-rules.ts';

const flags = z.strictObject(Object.fromEntries(MEMBER_FLAGS.map((f) => [f, z.boolean().optional()])) as Record<(typeof MEMBER_FLAGS)[number], z.ZodOptional<z.ZodBoolean>>);

const memberFields = {
  groupId: id.nullable().optional(),
  name: z.string().trim().min(1).max(50),
  sex: z.enum(['male', 'female']).optional(),
  ethnicity: z.string().trim().max(20).nullable().optional(),
  birthDate: isoDate.optional(),
  idNumber: z.string().trim().min(1).max(18),
  phone: z.string().trim().max(11).nullable().optional(),
  education: z.enum(EDUCATIONS).nullable().optional(),
  occupation: z.string().trim().max(100).nullable().optional(),
  workUnit: z.string().trim().max(100).nullable().optional(),
  householdType: z.enum(['urban', 'rural']).nullable().optional(),
  status: z.enum(['probationary', 'full']),
  joinedAt: isoDate,
  fullAt: isoDate.nullable().optional(),
  flags: flags.optional(),
};

export const createMemberBody = z.strictObject({ orgId: id, ...memberFields });

export const updateMemberBody = z.strictObject({
  version,
  ...Object.fromEntries(Object.entries(memberFields).map(([k, v]) => [k, v.optional()])),
}) as unknown as z.ZodObject<{ version: typeof version } & { [K in keyof typeof memberFields]: z.ZodOptional<(typeof memberFields)[K]> }>;

export const memberView = z
  .object({
    id: z.string(),
    orgId: z.string(),
    groupId: z.string().nullable(),
    name: z.string(),
    sex: z.enum(['male', 'female']),
    ethnicity: z.string().nullable(),
    birthDate: z.string(),
    age: z.number().int(),
    idNumber: z.string().meta({ description: 'masked, e.g. 110***********1234' }),
    phone: z.string().nullable().meta({ description: 'masked, e.g. 138****1234' }),
    education: z.string().nullable(),
    occupation: z.string().nullable(),
    workUnit: z.string().nullable(),
    householdType: z.enum(['urban', 'rural']).nullable(),
    status: z.enum(['probationary', 'full']),
    joinedAt: z.string(),
    fullAt: z.string().nullable(),
    partyStanding: z.number().int().nullable(),
    flags: z.object(Object.fromEntries(MEMBER_FLAGS.map((f) => [f, z.boolean()])) as Record<(typeof MEMBER_FLAGS)[number], z.ZodBoolean>),
    membership: z.enum(['active', 'transferred_out', 'probation_cancelled']),
    verified: z.boolean(),
    verifiedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Member' });

const bool = z.enum(['true', 'false']);

export const listQuery = z.strictObject({
  orgId: id,
  subtree: bool.default('true'),
  membership: z.enum(['active', 'transferred_out', 'probation_cancelled']).default('active'),
  status: z.enum(['probationary', 'full']).optional(),
  sex: z.enum(['male', 'female']).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  education: z.enum(EDUCATIONS).optional(),
  flag: z.enum(MEMBER_FLAGS).optional(),
  verified: bool.optional(),
  q: z.string().trim().max(50).optional(),
  sort: z.enum(['name', 'joinedAt', 'birthDate']).default('name'),
  ...pagination,
});

export const memberPage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(memberView) });

export const countsQuery = z.strictObject({ orgId: id });
export const countsView = z.object({
  orgId: z.string(),
  total: z.number().int(),
  status: z.record(z.string(), z.number().int()),
  sex: z.record(z.string(), z.number().int()),
  ageBand: z.record(z.string(), z.number().int()),
  education: z.record(z.string(), z.number().int()),
  flags: z.record(z.string(), z.number().int()),
  verified: z.number().int(),
  verificationRate: z.number(),
});

export const historyView = z.array(z.object({ id: z.string(), at: z.string(), accountId: z.string().nullable(), action: z.string(), changes: z.unknown() }));
export const revealBody = z.strictObject({ field: z.enum(['phone', 'idNumber']) });
export const idCheckBody = z.strictObject({ idNumber: z.string().trim().max(32) });
export const idCheckView = z.object({
  valid: z.boolean(),
  reason: z.enum(['format', 'checksum', 'birth_date_invalid', 'birth_date_future']).nullable(),
  birthDate: z.string().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  age: z.number().int().nullable(),
});
export const verifyStartBody = z.strictObject({ idNumber: z.string().trim().min(1).max(18), phone: z.string().trim().regex(/^1\d{10}$/) });
export const verifyConfirmBody = z.strictObject({ verificationId: id, code: z.string().trim().regex(/^\d{6}$/) });
