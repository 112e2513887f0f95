/** Thin HTTP layer of recruitment (发展党员): cases, steps, compliance, the subtree report, 公示 and objections. */
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, badInput } from '../../lib/errors.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from '../members/members.export.ts';
import { IMPORT_BODY_LIMIT } from '../members/members.files.routes.ts';
import { z } from 'zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import type { StepCode } from '../../policy/recruitment.ts';
import * as s from './recruitment.schema.ts';
import type { RecruitmentService } from './recruitment.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400], 413: errorResponses[400], 415: errorResponses[400] };
const unsupported = () => new AppError(415, 'import.unsupported_media_type', `Send the file as the body, with the type ${XLSX_CONTENT_TYPE} or ${CSV_CONTENT_TYPE}`);

export const recruitmentRoutes: FastifyPluginAsyncZod<{ recruitment: RecruitmentService }> = async (app, { recruitment }) => {
  const tags = ['recruitment'];

  app.get(
    '/recruitment/rules',
    { config: { permission: 'recruitment.read' }, schema: { tags, summary: 'The 25 steps, the rule versions with their citations, local items switched on, holiday calendar years', response: { 200: s.rulesView, ...errors } } },
    () => recruitment.rules(),
  );

  app.post(
    '/recruitment/cases',
    {
      config: { permission: 'recruitment.write' },
      schema: { tags, summary: 'Open a case with the application (step 1); the ID number is checked as in the member registry', body: s.createCaseBody, response: { 201: s.caseView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await recruitment.createCase(req.actor, req.body)),
  );

  app.get(
    '/recruitment/cases',
    { config: { permission: 'recruitment.read' }, schema: { tags, summary: 'Cases of an org and its subtree (pipeline by stage)', querystring: s.listQuery, response: { 200: s.casePage, ...errors } } },
    (req) => recruitment.listCases(req.actor, req.query),
  );

  app.get(
    '/recruitment/cases/:id',
    { config: { permission: 'recruitment.read' }, schema: { tags, summary: 'A case with its steps, actors, documents, 公示 and stored findings', params: idParams, response: { 200: s.caseDetail, ...errors } } },
    (req) => recruitment.getCase(req.actor, req.params.id),
  );

  app.post(
    '/recruitment/cases/:id/steps',
    {
      config: { permission: 'recruitment.write' },
      schema: {
        tags,
        summary: 'Record a step: a hard violation refuses with 422 (rule, article, dates); soft findings are stored on the case',
        params: idParams,
        body: s.stepBody,
        response: { 201: s.stepResult, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await recruitment.recordStep(req.actor, req.params.id, { ...req.body, step: req.body.step as StepCode })),
  );

  app.get(
    '/recruitment/cases/:id/compliance',
    { config: { permission: 'recruitment.read' }, schema: { tags, summary: 'The case audited now: findings with articles, next steps and due dates', params: idParams, response: { 200: s.complianceView, ...errors } } },
    (req) => recruitment.compliance(req.actor, req.params.id),
  );

  app.get(
    '/orgs/:id/recruitment-report',
    {
      config: { permission: 'recruitment.read' },
      schema: { tags, summary: "The subtree's cases by state and stage, overdue next steps, findings, stalled cases", params: idParams, querystring: s.reportQuery, response: { 200: s.reportView, ...errors } },
    },
    (req) => recruitment.report(req.actor, req.params.id, req.query),
  );

  app.post(
    '/recruitment/cases/:id/publicity',
    {
      config: { permission: 'recruitment.write' },
      schema: { tags, summary: 'A 公示 of a step; its end follows from the working-day rule when not given', params: idParams, body: s.publicityBody, response: { 201: s.publicityResult, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await recruitment.addPublicity(req.actor, req.params.id, { ...req.body, subject: req.body.subject as StepCode })),
  );

  app.post(
    '/recruitment/publicity/:id/objections',
    {
      config: { permission: 'recruitment.write' },
      schema: { tags, summary: 'An objection received during the 公示: it blocks the next step until resolved', params: idParams, body: s.objectionBody, response: { 201: s.objectionViewSchema, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await recruitment.addObjection(req.actor, req.params.id, req.body)),
  );

  app.post(
    '/recruitment/objections/:id/resolve',
    {
      config: { permission: 'recruitment.write' },
      schema: { tags, summary: 'Record how an objection was resolved', params: idParams, body: s.resolveBody, response: { 200: s.objectionViewSchema, ...errors } },
    },
    (req) => recruitment.resolveObjection(req.actor, req.params.id, req.body),
  );

  // The backfill takes the spreadsheet itself as the body, in a plugin of its own.
  await app.register(async (files) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser([XLSX_CONTENT_TYPE, CSV_CONTENT_TYPE], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    files.addContentTypeParser('*', (_request, _payload, done) => done(unsupported(), undefined));
    files.withTypeProvider<ZodTypeProvider>().post(
      '/recruitment/cases/import',
      {
        config: { permission: 'recruitment.write', rateLimit: { max: 30, windowMs: 60_000 } },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Backfill past cases from xlsx or CSV (one row per person, a date column per step): unreadable rows refuse the file; violations in the history are imported, stored and reported with their articles',
          consumes: [XLSX_CONTENT_TYPE, CSV_CONTENT_TYPE],
          querystring: s.importQuery,
          response: { 200: s.importResult, ...errors },
        },
      },
      async (request) => {
        const body: unknown = request.body;
        if (!Buffer.isBuffer(body)) throw body === undefined || body === null ? badInput('import.empty', 'Send the file as the request body') : unsupported();
        const format = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === XLSX_CONTENT_TYPE ? 'xlsx' : 'csv';
        const { orgId, dryRun, fileName } = request.query;
        return recruitment.importCases(request.actor, body, { orgId, format, dryRun: dryRun === 'true', fileName: fileName ?? null });
      },
    );
  });

  app.post(
    '/members/:id/disciplinary-probations',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: '留党察看 of a member (no introducing until rights are restored)', params: idParams, body: s.disciplineBody, response: { 201: s.disciplineView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await recruitment.addDisciplinaryProbation(req.actor, req.params.id, req.body)),
  );

  app.get(
    '/members/:id/disciplinary-probations',
    { config: { permission: 'member.read' }, schema: { tags, summary: "A member's 留党察看 periods", params: idParams, response: { 200: z.array(s.disciplineView), ...errors } } },
    (req) => recruitment.disciplinaryProbations(req.actor, req.params.id),
  );
};
