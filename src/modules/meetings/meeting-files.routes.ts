/** Files attached to a meeting's minutes over HTTP: the file is the request body, its name in the query. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badInput } from '../../lib/errors.ts';
import { errorResponses, errorSchema, id } from '../../lib/schema.ts';
import type { MeetingFileService } from './meeting-files.service.ts';
import { MAX_UPLOAD_BYTES } from './meeting-files.rules.ts';
import { meetingFileView } from './meeting-files.schema.ts';

const errors = { ...errorResponses, 401: errorSchema, 403: errorSchema, 413: errorSchema, 415: errorSchema };
const meetingParams = z.strictObject({ id });
const fileParams = z.strictObject({ id, fileId: id });
const uploadQuery = z.strictObject({ fileName: z.string().min(1).max(300) });
const contentQuery = z.strictObject({ download: z.enum(['true', 'false']).default('false') });

/** `filename` for old clients (ASCII only), `filename*` with the real name. */
function disposition(type: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const meetingFileRoutes: FastifyPluginAsyncZod<{ files: MeetingFileService }> = async (app, { files }) => {
  const tags = ['meetings'];
  // In this plugin a body is the file itself, whatever type the browser gave it; the service decides what it is.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/meetings/:id/files',
    {
      config: { permission: 'meeting.write', rateLimit: { max: 60, windowMs: 60_000 } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary: 'Attach a photo (jpg, png, webp; ≤ 10 MB) or a document (pdf, Office, WPS; ≤ 20 MB) to the minutes: the file is the body',
        params: meetingParams,
        querystring: uploadQuery,
        response: { 201: meetingFileView, ...errors },
      },
    },
    async (request, reply) => {
      const body: unknown = request.body;
      if (!Buffer.isBuffer(body)) throw badInput('meeting.file_empty', 'Send the file as the request body');
      return reply.code(201).send(await files.upload(request.actor, request.params.id, request.query.fileName, body));
    },
  );

  app.get(
    '/meetings/:id/files',
    {
      config: { permission: 'meeting.read' },
      schema: { tags, summary: "The photos and files attached to the meeting's minutes", params: meetingParams, response: { 200: z.array(meetingFileView), ...errors } },
    },
    (request) => files.list(request.actor, request.params.id),
  );

  app.get(
    '/meetings/:id/files/:fileId/content',
    {
      config: { permission: 'meeting.read', rateLimit: { max: 300, windowMs: 60_000 } },
      // No response schema: the answer is the file itself.
      schema: { tags, summary: 'The file; a photo shows in the page unless download=true, a document always downloads', params: fileParams, querystring: contentQuery },
    },
    async (request, reply) => {
      const file = await files.content(request.actor, request.params.id, request.params.fileId);
      const inline = file.kind === 'photo' && request.query.download === 'false';
      return reply
        .type(file.contentType)
        .header('content-disposition', disposition(inline ? 'inline' : 'attachment', file.fileName))
        .send(file.content);
    },
  );

  app.delete(
    '/meetings/:id/files/:fileId',
    { config: { permission: 'meeting.write' }, schema: { tags, summary: 'Remove a file from the minutes (the audit trail keeps its name and hash)', params: fileParams, response: { 204: z.null().describe('Deleted'), ...errors } } },
    async (request, reply) => {
      await files.remove(request.actor, request.params.id, request.params.fileId);
      return reply.code(204).send(null);
    },
  );
};
