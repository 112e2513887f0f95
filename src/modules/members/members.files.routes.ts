/** The roster as files over HTTP: the import template, the all-or-nothing import (the file is the body) and the export. */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CryptoProvider } from '../../lib/crypto/provider.ts';
import { AppError, badInput } from '../../lib/errors.ts';
import { errorResponses, errorSchema, id } from '../../lib/schema.ts';
import type { Db } from '../../db/schema.ts';
import { sessionOf } from '../../server/auth.ts';
import { hasPermission } from '../accounts/roles.ts';
import type { AuditTrail } from '../audit/audit.service.ts';
import { CSV_CONTENT_TYPE, memberTemplate, startMemberExport, XLSX_CONTENT_TYPE } from './members.export.ts';
import { importMembers } from './members.import.ts';

/** Uploads are held in memory while read; a roster of 100,000 members is well under this as xlsx. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const TEMPLATE_NAME = '党员花名册导入模板.xlsx';

const errors = { ...errorResponses, 401: errorSchema, 403: errorSchema, 413: errorSchema, 415: errorSchema };
const bool = z.enum(['true', 'false']);
const importQuery = z.strictObject({
  orgId: id,
  dryRun: bool.default('false'),
  /** Recorded in the audit row. */
  fileName: z.string().trim().max(200).optional(),
});
const importResult = z.union([
  z.object({ imported: z.number().int() }),
  z.object({ valid: z.number().int(), errors: z.array(z.never()) }),
]);
const exportQuery = z.strictObject({ orgId: id, format: z.enum(['xlsx', 'csv']).default('xlsx'), full: bool.default('false') });

const unsupported = () => new AppError(415, 'import.unsupported_media_type', `Send the file as the body, with the type ${XLSX_CONTENT_TYPE} or ${CSV_CONTENT_TYPE}`);
const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export const memberFileRoutes: FastifyPluginAsyncZod<{ db: Db; crypto: CryptoProvider; audit: AuditTrail }> = async (app, deps) => {
  const tags = ['members'];
  // In this plugin a body is a spreadsheet and nothing else.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([XLSX_CONTENT_TYPE, CSV_CONTENT_TYPE], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (_request, _payload, done) => done(unsupported(), undefined));

  app.get(
    '/members/template.xlsx',
    {
      config: { permission: 'member.write', rateLimit: { max: 60, windowMs: 60_000 } },
      // No response schema: the answer is the file itself.
      schema: { tags, summary: 'The import template (党员花名册): columns, an example row, and a sheet explaining each column', produces: [XLSX_CONTENT_TYPE] },
    },
    async (_request, reply) =>
      reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="member-template.xlsx"; filename*=UTF-8''${encodeURIComponent(TEMPLATE_NAME)}`)
        .send(await memberTemplate()),
  );

  app.post(
    '/members/import',
    {
      config: { permission: 'member.write', rateLimit: { max: 60, windowMs: 60_000 } },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import members from an xlsx or CSV file sent as the body: every row checked, all imported or none (dryRun only checks)',
        consumes: [XLSX_CONTENT_TYPE, CSV_CONTENT_TYPE],
        querystring: importQuery,
        response: { 200: importResult, ...errors },
      },
    },
    async (request) => {
      const body: unknown = request.body;
      if (!Buffer.isBuffer(body)) throw body === undefined || body === null ? badInput('import.empty', 'Send the file as the request body') : unsupported();
      const format = mediaType(request.headers['content-type']) === XLSX_CONTENT_TYPE ? 'xlsx' : 'csv';
      const { orgId, dryRun, fileName } = request.query;
      return importMembers(deps, request.actor, body, { orgId, format, dryRun: dryRun === 'true', fileName: fileName ?? null });
    },
  );

  app.get(
    '/members/export',
    {
      config: { permission: 'member.read', rateLimit: { max: 30, windowMs: 60_000 } },
      schema: {
        tags,
        summary: 'The roster of a subtree as xlsx or CSV, ID numbers and phones masked; full=true needs personal.full_view (audited)',
        produces: [XLSX_CONTENT_TYPE, CSV_CONTENT_TYPE],
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const { orgId, format, full } = request.query;
      if (full === 'true' && !hasPermission(sessionOf(request).roles, 'personal.full_view')) {
        await deps.audit.record(deps.db, request.actor, {
          action: 'auth.forbidden',
          targetType: 'route',
          targetId: 'GET /api/v1/members/export?full=true',
          orgPath: null,
          outcome: 'failure',
          summary: { permission: 'personal.full_view' },
        });
        throw new AppError(403, 'auth.forbidden', 'Your role does not allow full ID numbers and phones', { permission: 'personal.full_view' });
      }
      const job = await startMemberExport(deps, request.actor, { orgId, format, full: full === 'true' });
      const out = new PassThrough();
      job.write(out).catch((error: unknown) => request.log.error({ err: error }, 'member export failed while streaming'));
      return reply.type(job.contentType).header('content-disposition', `attachment; filename="${job.fileName}"`).send(out);
    },
  );
};
