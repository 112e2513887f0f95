/** The audit administrator's view of the trail: search, export, verify. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, pagination } from '../../lib/schema.ts';
import type { AuditTrail } from './audit.service.ts';

const filters = {
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  accountId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
};

const auditItem = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  accountId: z.string().nullable(),
  role: z.string().nullable(),
  sourceAddress: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  summary: z.unknown(),
});

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditTrail }> = async (app, { audit }) => {
  const tags = ['audit'];

  app.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Search the audit trail, newest first',
        querystring: z.strictObject({ ...filters, ...pagination }),
        response: { 200: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(auditItem) }), ...errors },
      },
    },
    (req) => audit.search(req.query),
  );

  app.get(
    '/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Recompute the hash chain and name the first bad row',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number().int(),
            anchor: z.enum(['genesis', 'prune']),
            firstBad: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).nullable(),
          }),
          ...errors,
        },
      },
    },
    () => audit.verify(),
  );

  app.get(
    '/audit/export',
    {
      config: { permission: 'audit.export', rateLimit: { max: 10, windowMs: 60_000 } },
      schema: { tags, summary: 'Export matching rows as CSV (the export is itself audited)', querystring: z.strictObject(filters), ...errors },
    },
    async (req, reply) => {
      await audit.record(audit.db, req.actor, {
        action: 'audit.export',
        targetType: 'audit_log',
        targetId: null,
        orgPath: null,
        summary: { filters: req.query },
      });
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="audit.csv"');
      return reply.send(Readable.from(audit.exportCsv(req.query)));
    },
  );
};
