import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { CADENCES, MEETING_TYPES } from '../../policy/meetings.ts';

const text = (max: number) => z.string().trim().max(max).nullable().optional();
const meetingType = z.enum(MEETING_TYPES);

const meetingFields = {
  groupId: id.nullable().optional(),
  primaryType: meetingType,
  types: z.array(meetingType).max(MEETING_TYPES.length).optional(),
  heldOn: isoDate,
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullable().optional(),
  place: text(200),
  online: z.boolean().optional(),
  host: text(50),
  recorder: text(50),
  lecturer: text(50),
  topic: text(200),
  agenda: text(10_000),
  minutes: z.string().max(100_000).nullable().optional(),
};

export const createMeetingBody = z.strictObject({ orgId: id, ...meetingFields });
export const updateMeetingBody = z.strictObject({
  version,
  ...Object.fromEntries(Object.entries(meetingFields).map(([k, v]) => [k, v.optional()])),
}) as unknown as z.ZodObject<{ version: typeof version } & { [K in keyof typeof meetingFields]: z.ZodOptional<(typeof meetingFields)[K]> }>;

export const meetingView = z
  .object({
    id: z.string(),
    orgId: z.string(),
    groupId: z.string().nullable(),
    primaryType: meetingType,
    types: z.array(meetingType),
    heldOn: z.string(),
    startTime: z.string().nullable(),
    place: z.string().nullable(),
    online: z.boolean(),
    host: z.string().nullable(),
    recorder: z.string().nullable(),
    lecturer: z.string().nullable(),
    topic: z.string().nullable(),
    agenda: z.string().nullable(),
    minutes: z.string().nullable(),
    version: z.number().int(),
    enteredAt: z.string(),
    enteredLate: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Meeting' });

export const listQuery = z.strictObject({
  orgId: id,
  from: isoDate.optional(),
  to: isoDate.optional(),
  type: meetingType.optional(),
  ...pagination,
});
export const meetingPage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(meetingView) });

export const complianceQuery = z
  .strictObject({
    year: z.coerce.number().int().min(2000).max(2100),
    quarter: z.coerce.number().int().min(1).max(4).optional(),
    month: z.coerce.number().int().min(1).max(12).optional(),
  })
  .refine((q) => q.quarter === undefined || q.month === undefined, { message: 'give a quarter or a month, not both' });

const status = z.enum(['met', 'missing', 'not_yet_due']);
const period = z.object({ year: z.number().int(), quarter: z.number().int().optional(), month: z.number().int().optional() });
const base = { orgId: z.string(), period, today: z.string(), ruleVersion: z.string() };
export const complianceView = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('branch'),
    requirements: z.array(
      z.object({
        type: meetingType,
        cadence: z.enum(CADENCES),
        status: z.enum(['met', 'missing', 'not_yet_due', 'not_applicable']),
        cite: z.string(),
        missing: z.array(z.string()),
        periods: z.array(z.object({ label: z.string(), from: z.string(), to: z.string(), status, groupId: z.string().nullable(), count: z.number().int() })),
      }),
    ),
  }),
  z.object({
    ...base,
    kind: z.literal('subtree'),
    branches: z.number().int(),
    summary: z.array(
      z.object({
        type: meetingType,
        cadence: z.string(),
        cite: z.string(),
        met: z.number().int(),
        missing: z.number().int(),
        not_yet_due: z.number().int(),
        not_applicable: z.number().int(),
        branchesMissing: z.array(z.string()),
      }),
    ),
  }),
]);

const count = z.number().int().min(0).max(100_000);
export const attendanceBody = z.strictObject({
  entries: z
    .array(z.strictObject({ memberId: id, status: z.enum(['present', 'leave', 'absent']), reason: z.string().trim().min(1).max(200).nullable().optional() }))
    .max(5_000),
});
export const attendanceView = z.object({
  meetingId: z.string(),
  recorded: z.boolean(),
  expected: z.number().int(),
  present: z.number().int(),
  leave: z.number().int(),
  absent: z.number().int(),
  votingExpected: z.number().int(),
  votingPresent: z.number().int(),
  entries: z.array(z.object({ memberId: z.string(), name: z.string(), status: z.enum(['present', 'leave', 'absent']), reason: z.string().nullable(), voting: z.boolean() })),
});
export const checkInCodeView = z.object({ code: z.string(), expiresAt: z.string() });
export const checkInBody = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
export const checkInView = z.object({ meetingId: z.string(), status: z.literal('present') });

const subject = z.string().trim().min(1).max(200);
export const voteBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['general', 'committee']), subject, yes: count, no: count.optional(), abstain: count.optional() }),
  z.strictObject({ kind: z.literal('recruitment'), subject, yes: count, no: count.optional(), abstain: count.optional(), writtenYes: count.optional() }),
  z.strictObject({
    kind: z.literal('election'),
    subject,
    candidateVotes: z.record(z.string().trim().min(1).max(50), count).refine((v) => Object.keys(v).length >= 1 && Object.keys(v).length <= 200, 'between 1 and 200 candidates'),
  }),
]);
export const voteView = z.object({
  id: z.string(),
  meetingId: z.string(),
  kind: z.string(),
  subject: z.string(),
  counts: z.record(z.string(), z.unknown()),
  outcome: z.record(z.string(), z.unknown()),
  rule: z.object({ id: z.string(), cite: z.string() }),
  createdAt: z.string(),
});
