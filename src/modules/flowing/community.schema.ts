import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';

export const registerBody = z.strictObject({ memberId: id, communityOrgId: id, registeredOn: isoDate });
export const endBody = z.strictObject({ endedOn: isoDate, version });
export const serviceBody = z.strictObject({
  servedOn: isoDate,
  minutes: z.number().int().min(1).max(1440),
  description: z.string().trim().min(1).max(1000),
});

const orgRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const registrationView = z
  .object({
    id: z.string(),
    memberId: z.string(),
    memberName: z.string(),
    homeOrg: orgRef,
    communityOrg: orgRef,
    registeredOn: z.string(),
    endedOn: z.string().nullable(),
    totalMinutes: z.number().int(),
    side: z.enum(['home', 'community', 'both']).meta({
      description: 'home: a member of the subtree registered elsewhere; community: registered with a community of the subtree',
    }),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'CommunityRegistration' });

export const serviceView = z.object({ id: z.string(), registrationId: z.string(), servedOn: z.string(), minutes: z.number().int(), description: z.string(), createdAt: z.string() });
export const registrationDetail = registrationView.extend({ services: z.array(serviceView) });

export const listQuery = z.strictObject({
  orgId: id,
  side: z.enum(['home', 'community']).optional(),
  state: z.enum(['open', 'ended', 'all']).default('open'),
  ...pagination,
});
export const registrationPage = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(registrationView) });

export const hoursQuery = z.strictObject({ orgId: id, year: z.coerce.number().int().min(2000).max(2100).optional() });
export const hoursView = z.object({
  orgId: z.string(),
  year: z.number().int(),
  totalMinutes: z.number().int(),
  members: z.array(z.object({ memberId: z.string(), memberName: z.string(), homeOrgName: z.string(), minutes: z.number().int(), sessions: z.number().int() })),
});
