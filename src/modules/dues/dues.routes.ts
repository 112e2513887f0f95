/**
 * Thin HTTP layer of party dues. Payment requests (payments, extra payments, reversals) take an optional
 * `Idempotency-Key` header (8–100 visible ASCII characters, e.g. a UUID made when the form opens): a retry with the
 * same key and body records nothing new and answers the first result again, with `Idempotent-Replayed: true`; the
 * same key with another body answers 409 dues.idempotency_key_reused.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import { reportWorkbook, sheetWorkbook, XLSX_CONTENT_TYPE } from './dues.export.ts';
import * as s from './dues.schema.ts';
import type { DuesService } from './dues.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };
const xlsx = { 200: z.any().meta({ description: 'xlsx workbook' }), ...errors };

export const duesRoutes: FastifyPluginAsyncZod<{ dues: DuesService }> = async (app, { dues }) => {
  const tags = ['dues'];

  app.post(
    '/dues/bases',
    {
      config: { permission: 'dues.write' },
      schema: { tags, summary: "Record a member's dues base from a month (history kept; a hardship waits for approval one level up)", body: s.baseBody, response: { 201: s.baseView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await dues.createBase(req.actor, req.body)),
  );

  app.post(
    '/dues/bases/:id/hardship-review',
    {
      config: { permission: 'dues.write' },
      schema: { tags, summary: "A committee above the branch approves or refuses the base's hardship reduction or exemption", params: idParams, body: s.hardshipReviewBody, response: { 200: s.baseView, ...errors } },
    },
    (req) => dues.reviewHardship(req.actor, req.params.id, req.body),
  );

  app.get(
    '/members/:id/dues',
    { config: { permission: 'dues.read' }, schema: { tags, summary: "A member's dues: bases, every month's due and payment, what is owed, payments", params: idParams, response: { 200: s.memberLedgerView, ...errors } } },
    (req) => dues.memberLedger(req.actor, req.params.id),
  );

  app.get(
    '/dues/me',
    {
      config: { access: 'session' },
      schema: { tags, summary: "The caller's own dues (after e-identity verification), or null", response: { 200: z.object({ ledger: s.memberLedgerView.nullable() }), ...errors } },
    },
    (req) => dues.mine(req.actor),
  );

  app.post(
    '/dues/payments',
    {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: 'Record a payment of whole months (each for its outstanding due); quarterly with consent; back payments beyond six months are stored with a warning. Idempotency-Key header.',
        headers: s.idempotencyHeaders,
        body: s.paymentBody,
        response: { 201: s.paymentView, ...errors },
      },
    },
    async (req, reply) => {
      const result = await dues.recordPayment(req.actor, req.body, req.headers['idempotency-key']);
      return reply.code(201).header('idempotent-replayed', String(result.replayed)).send(result.body);
    },
  );

  app.post(
    '/dues/extra-payments',
    {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: 'Record a voluntary extra payment (from 1000 yuan: remitted in full to the Centre). Idempotency-Key header.',
        headers: s.idempotencyHeaders,
        body: s.extraPaymentBody,
        response: { 201: s.paymentView, ...errors },
      },
    },
    async (req, reply) => {
      const result = await dues.recordExtraPayment(req.actor, req.body, req.headers['idempotency-key']);
      return reply.code(201).header('idempotent-replayed', String(result.replayed)).send(result.body);
    },
  );

  app.post(
    '/dues/payments/:id/reversal',
    {
      config: { permission: 'dues.write' },
      schema: {
        tags,
        summary: 'Correct a payment by a reversing entry in an open month (never an edit). Idempotency-Key header.',
        headers: s.idempotencyHeaders,
        params: idParams,
        body: s.reversalBody,
        response: { 201: s.paymentView, ...errors },
      },
    },
    async (req, reply) => {
      const result = await dues.reversePayment(req.actor, req.params.id, req.body, req.headers['idempotency-key']);
      return reply.code(201).header('idempotent-replayed', String(result.replayed)).send(result.body);
    },
  );

  app.get(
    '/orgs/:id/dues/sheet',
    { config: { permission: 'dues.read' }, schema: { tags, summary: "A branch's monthly sheet: members × due/paid/outstanding, the month's book and payments", params: idParams, querystring: s.monthQuery, response: { 200: s.sheetView, ...errors } } },
    (req) => dues.sheet(req.actor, req.params.id, req.query.month),
  );

  app.get(
    '/orgs/:id/dues/sheet.xlsx',
    { config: { permission: 'dues.read' }, schema: { tags, summary: "A branch's monthly sheet as xlsx", params: idParams, querystring: s.monthQuery, response: xlsx } },
    async (req, reply) => {
      const sheet = await dues.sheet(req.actor, req.params.id, req.query.month);
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="dues-${req.query.month}.xlsx"`)
        .send(await sheetWorkbook(sheet));
    },
  );

  app.post(
    '/orgs/:id/dues/closes',
    { config: { permission: 'dues.write' }, schema: { tags, summary: "Close a branch's month: its book becomes read-only, each member's due is frozen", params: idParams, body: s.closeBody, response: { 201: s.closeView, ...errors } } },
    async (req, reply) => reply.code(201).send(await dues.closeMonth(req.actor, req.params.id, req.body.month)),
  );

  app.get(
    '/orgs/:id/dues/closes',
    { config: { permission: 'dues.read' }, schema: { tags, summary: "A branch's closed months of a year", params: idParams, querystring: s.yearQuery, response: { 200: z.array(s.closeView), ...errors } } },
    (req) => dues.closes(req.actor, req.params.id, req.query.year),
  );

  app.post(
    '/orgs/:id/dues/remittances',
    {
      config: { permission: 'dues.write' },
      schema: { tags, summary: 'Remit closed months to the superior committee; the amount must equal their books to the fen (else 422 with both figures)', params: idParams, body: s.remittanceBody, response: { 201: s.remittanceView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await dues.remit(req.actor, req.params.id, req.body)),
  );

  app.get(
    '/orgs/:id/dues/remittances',
    { config: { permission: 'dues.read' }, schema: { tags, summary: "A branch's remittances, newest first", params: idParams, response: { 200: z.array(s.remittanceView), ...errors } } },
    (req) => dues.remittances(req.actor, req.params.id),
  );

  app.get(
    '/orgs/:id/dues/report',
    {
      config: { permission: 'dues.read' },
      schema: { tags, summary: 'Dues of a subtree over a year, quarter or month: due, paid, rate, arrears, collected; by child org (or by member for a branch)', params: idParams, querystring: s.periodQuery, response: { 200: s.reportView, ...errors } },
    },
    (req) => dues.report(req.actor, req.params.id, req.query),
  );

  app.get(
    '/orgs/:id/dues/report.xlsx',
    { config: { permission: 'dues.read' }, schema: { tags, summary: 'The report as xlsx', params: idParams, querystring: s.periodQuery, response: xlsx } },
    async (req, reply) => {
      const report = await dues.report(req.actor, req.params.id, req.query);
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="dues-report-${report.from}-${report.to}.xlsx"`)
        .send(await reportWorkbook(report));
    },
  );

  app.get(
    '/orgs/:id/dues/declarations',
    { config: { permission: 'dues.read' }, schema: { tags, summary: 'Yearly re-declaration of bases: who in the subtree has not declared a base for the year', params: idParams, querystring: s.yearQuery, response: { 200: s.declarationsView, ...errors } } },
    (req) => dues.declarations(req.actor, req.params.id, req.query.year),
  );

  app.get(
    '/orgs/:id/dues/arrears',
    {
      config: { permission: 'dues.read' },
      schema: { tags, summary: 'Members with unpaid months per branch; six consecutive unpaid months without exemption are flagged (党章 第九条)', params: idParams, querystring: s.asOfQuery, response: { 200: s.arrearsView, ...errors } },
    },
    (req) => dues.arrears(req.actor, req.params.id, req.query.asOf),
  );

  app.get(
    '/orgs/:id/dues/article-nine',
    {
      config: { permission: 'dues.read' },
      schema: {
        tags,
        summary: '党章 第九条, both halves: members with six consecutive unpaid months or six consecutive months absent from organizational life',
        params: idParams,
        querystring: s.asOfQuery,
        response: { 200: s.articleNineView, ...errors },
      },
    },
    (req) => dues.articleNine(req.actor, req.params.id, req.query.asOf),
  );

  app.post(
    '/dues/lapse-decisions',
    { config: { permission: 'dues.write' }, schema: { tags, summary: "Record what people decided on a member's six-month flag", body: s.lapseDecisionBody, response: { 201: s.lapseDecisionView, ...errors } } },
    async (req, reply) => reply.code(201).send(await dues.recordLapseDecision(req.actor, req.body)),
  );
};
