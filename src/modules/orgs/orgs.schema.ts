import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';
import { ORG_DOMAINS, ORG_KINDS } from './org-kinds.ts';

export const orgKind = z.enum(ORG_KINDS);
export const orgDomain = z.enum(ORG_DOMAINS);
const orgCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z][0-9A-Za-z_-]*$/, 'letters, digits, - and _ only');
const orgName = z.string().trim().min(1).max(100);

export const orgView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: orgKind,
    domain: orgDomain,
    parentId: z.string().nullable(),
    path: z.string(),
    depth: z.number().int(),
    establishedOn: z.string().nullable(),
    plannedEndOn: z.string().nullable(),
    dissolvedOn: z.string().nullable(),
    status: z.enum(['active', 'dissolved']),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    childCount: z.number().int().optional(),
  })
  .meta({ id: 'Org' });

export const createOrgBody = z.strictObject({
  parentId: id.nullable(),
  code: orgCode,
  name: orgName,
  kind: orgKind,
  domain: orgDomain,
  establishedOn: isoDate.nullable().optional(),
  plannedEndOn: isoDate.nullable().optional(),
});

export const updateOrgBody = z.strictObject({
  version,
  code: orgCode.optional(),
  name: orgName.optional(),
  kind: orgKind.optional(),
  domain: orgDomain.optional(),
  establishedOn: isoDate.nullable().optional(),
  plannedEndOn: isoDate.nullable().optional(),
});

export const moveOrgBody = z.strictObject({ newParentId: id, version });
export const dissolveOrgBody = z.strictObject({ version, dissolvedOn: isoDate.optional() });

export const childrenQuery = z.strictObject({
  includeDissolved: z.enum(['true', 'false']).default('false'),
});

export const subtreeQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  kind: orgKind.optional(),
  domain: orgDomain.optional(),
  status: z.enum(['active', 'dissolved', 'all']).default('active'),
  ...pagination,
});

export const subtreePage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(orgView),
});

export const committeePosition = z.enum(['secretary', 'deputy_secretary', 'member']);
export const committeeMemberView = z
  .object({
    id: z.string(),
    orgId: z.string(),
    personName: z.string(),
    position: committeePosition,
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'CommitteeMember' });

export const addCommitteeMemberBody = z.strictObject({
  personName: z.string().trim().min(1).max(50),
  position: committeePosition,
  startedOn: isoDate,
});
export const endCommitteeMemberBody = z.strictObject({ version, endedOn: isoDate });
export const committeeParams = z.strictObject({ id, memberId: id });
export const committeeQuery = z.strictObject({ includeEnded: z.enum(['true', 'false']).default('false') });

export const termView = z
  .object({
    id: z.string(),
    orgId: z.string(),
    startedOn: z.string(),
    lengthYears: z.number().int(),
    endsOn: z.string(),
    ruleId: z.string(),
    current: z.boolean(),
  })
  .meta({ id: 'Term' });

export const termsView = z.object({
  expected: z
    .object({ years: z.number().int(), ruleId: z.string(), reason: z.enum(['rural_or_community', 'committee', 'branch']) })
    .nullable(),
  items: z.array(termView),
});

export const startTermBody = z.strictObject({
  startedOn: isoDate,
  lengthYears: z.number().int().min(1).max(10).optional(),
});

export const termsDueQuery = z.strictObject({
  months: z.coerce.number().int().min(0).max(60).default(6),
  asOf: isoDate.optional(),
});

const termDueItem = z.object({
  orgId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: orgKind,
  domain: orgDomain,
  startedOn: z.string(),
  endsOn: z.string(),
  lengthYears: z.number().int(),
});

export const termsDueView = z.object({
  asOf: z.string(),
  months: z.number().int(),
  /** More than 1,000 rows matched; the lists hold the 1,000 that end first. */
  truncated: z.boolean(),
  dueSoon: z.array(termDueItem),
  overdue: z.array(termDueItem),
});
