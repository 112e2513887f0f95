import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { orgDomain, orgKind } from '../orgs/orgs.schema.ts';

const ruleRef = z.object({ id: z.string(), cite: z.string() });
const reason = z.string().trim().min(1).max(200);

export const createElectionBody = z.strictObject({
  orgId: id,
  /** Committee seats (委员 count); a branch without a committee elects one secretary: 1. */
  seats: z.number().int().min(1).max(31),
  /** The 支部党员大会 that held it: required for a branch, absent for a 总支 or 党委. */
  meetingId: id.optional(),
  /** The day of the election, for an org whose general meeting is not a branch meeting record. */
  heldOn: isoDate.optional(),
});

export const candidatesBody = z.strictObject({
  version,
  memberIds: z.array(id).min(1).max(100),
});

export const ballotsBody = z.strictObject({
  version,
  votes: z.array(z.strictObject({ memberId: id, votes: z.number().int().min(0).max(1_000_000) })).min(1).max(100),
  /** Voting members excluded from 应到 with approval (serious illness, abroad, serving a sentence …). */
  exclusions: z.array(z.strictObject({ memberId: id, reason })).max(1000).optional(),
  /** Only without a linked meeting: the counts of the 党员大会 of a 总支 or 党委. */
  shouldAttend: z.number().int().min(1).max(1_000_000).optional(),
  present: z.number().int().min(0).max(1_000_000).optional(),
});

export const confirmBody = z.strictObject({
  version,
  approvedOn: isoDate,
  approvedByOrgId: id,
  secretaryMemberId: id,
  deputyMemberIds: z.array(id).max(5).optional(),
});

export const cancelBody = z.strictObject({ version });

export const listQuery = z.strictObject({ orgId: id, ...pagination });

const position = z.enum(['secretary', 'deputy_secretary', 'member']);

export const marginView = z.object({
  seats: z.number().int(),
  candidates: z.number().int(),
  minCandidates: z.number().int(),
  percent: z.number().int(),
  actualPercent: z.number().int(),
  enough: z.boolean(),
  /** The org whose locality setting set the percentage, or null for the rule's default. */
  setByOrgId: z.string().nullable(),
  rule: ruleRef,
});

export const electionView = z
  .object({
    id: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    orgKind: orgKind,
    meetingId: z.string().nullable(),
    heldOn: z.string(),
    seats: z.number().int(),
    state: z.enum(['draft', 'counted', 'confirmed', 'cancelled']),
    ruleId: z.string(),
    eligibilityRule: ruleRef,
    margin: marginView,
    candidates: z.array(
      z.object({
        memberId: z.string(),
        name: z.string(),
        votes: z.number().int().nullable(),
        result: z.enum(['elected', 'not_elected', 'tie']).nullable(),
        position: position.nullable(),
      }),
    ),
    count: z
      .object({
        shouldAttend: z.number().int(),
        present: z.number().int(),
        exclusions: z.array(z.object({ memberId: z.string(), reason: z.string() })),
        quorate: z.boolean(),
        elected: z.number().int(),
        tied: z.array(z.string()),
        unfilled: z.number().int(),
        rule: ruleRef,
      })
      .nullable(),
    approvedOn: z.string().nullable(),
    approvedByOrgId: z.string().nullable(),
    termId: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    /** The superiors (ancestors) that may approve it, nearest first. */
    approvers: z.array(z.object({ id: z.string(), name: z.string() })),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Election' });

export const electionPage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      orgId: z.string(),
      orgName: z.string(),
      heldOn: z.string(),
      seats: z.number().int(),
      state: z.enum(['draft', 'counted', 'confirmed', 'cancelled']),
      candidates: z.number().int(),
      elected: z.number().int(),
    }),
  ),
});

export const marginQuery = z.strictObject({ orgId: id });
export const marginSettingView = z.object({
  orgId: z.string(),
  percent: z.number().int(),
  ruleDefault: z.number().int(),
  setByOrgId: z.string().nullable(),
  /** The override set at exactly this org, if any. */
  ownOverride: z.number().int().nullable(),
  rule: ruleRef,
  version: z.number().int(),
});
export const marginSettingBody = z.strictObject({
  orgId: id,
  /** null removes this org's override (its superiors' or the rule's figure applies again). */
  percent: z.number().int().min(0).max(100).nullable(),
  version: z.number().int().min(0),
});

export const termsDueQuery = z.strictObject({
  months: z.coerce.number().int().min(0).max(60).optional(),
  asOf: isoDate.optional(),
});

const postponementView = z
  .object({
    id: z.string(),
    termId: z.string(),
    orgId: z.string(),
    previousEndsOn: z.string(),
    newEndsOn: z.string(),
    approvedByOrgId: z.string(),
    approvedByOrgName: z.string(),
    approvedOn: z.string(),
    reason: z.string(),
    ruleId: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'TermPostponement' });
export { postponementView };

const termDueItem = z.object({
  orgId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: orgKind,
  domain: orgDomain,
  startedOn: z.string(),
  endsOn: z.string(),
  lengthYears: z.number().int(),
  /** The end by the term's length, before any postponement. */
  regularEndsOn: z.string(),
  postponement: postponementView.nullable(),
  openElectionId: z.string().nullable(),
});

export const termsDueView = z.object({
  asOf: z.string(),
  months: z.number().int(),
  truncated: z.boolean(),
  dueSoon: z.array(termDueItem),
  overdue: z.array(termDueItem),
  rule: ruleRef,
});

export const postponeBody = z.strictObject({
  orgId: id,
  newEndsOn: isoDate,
  approvedByOrgId: id,
  approvedOn: isoDate,
  reason,
});

export const postponementsQuery = z.strictObject({ orgId: id });
export const postponementList = z.array(postponementView);
