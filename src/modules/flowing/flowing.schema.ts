import { z } from 'zod';
import { id, isoDate, pagination, version } from '../../lib/schema.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const startBody = z.strictObject({
  memberId: id,
  destination: text(200).meta({ description: 'Where the member goes (流入地)' }),
  contact: text(200).optional().meta({ description: 'How to reach the member there; stored encrypted, answered masked' }),
  startedOn: isoDate,
});
export const endBody = z.strictObject({ endedOn: isoDate, version });
export const reportBody = z.strictObject({ reportedOn: isoDate, content: text(5000) });

const orgRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const flowingView = z
  .object({
    id: z.string(),
    memberId: z.string(),
    memberName: z.string(),
    org: orgRef.meta({ description: 'The member’s home branch' }),
    destination: z.string(),
    contact: z.string().nullable().meta({ description: 'masked phone numbers' }),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    lastReportedOn: z.string().nullable(),
    reportDueOn: z.string().nullable().meta({ description: 'A year after the last report, or after the start; null once ended' }),
    reportOverdue: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'FlowingRecord' });

export const reportView = z.object({ id: z.string(), reportedOn: z.string(), content: z.string(), createdAt: z.string() });
export const flowingDetail = flowingView.extend({ reports: z.array(reportView) });

export const listQuery = z.strictObject({
  orgId: id,
  state: z.enum(['open', 'ended', 'all']).default('open'),
  overdue: z.enum(['true', 'false']).default('false'),
  ...pagination,
});
export const flowingPage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  asOf: z.string(),
  cite: z.string(),
  items: z.array(flowingView),
});
export const revealView = z.object({ field: z.string(), value: z.string().nullable() });
