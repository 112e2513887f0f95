/** Thin HTTP layer of member reviews (民主评议党员), their handling records, and the 党章第九条 absence signal. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import type { AbsenceService } from './absence.service.ts';
import * as s from './reviews.schema.ts';
import type { ReviewService } from './reviews.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const reviewRoutes: FastifyPluginAsyncZod<{ reviews: ReviewService; absence: AbsenceService }> = async (app, { reviews, absence }) => {
  const tags = ['reviews'];

  app.post(
    '/reviews',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: "Open a branch's yearly member review on its roster of the first day", body: s.createReviewBody, response: { 201: s.reviewView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await reviews.create(req.actor, req.body)),
  );

  app.get(
    '/reviews',
    { config: { permission: 'meeting.read' }, schema: { tags, summary: 'The member reviews of an org and its subtree, latest year first', querystring: s.listQuery, response: { 200: s.reviewPage, ...errors } } },
    (req) => reviews.list(req.actor, req.query),
  );

  app.get(
    '/reviews/handlings',
    {
      config: { permission: 'meeting.read' },
      schema: { tags, summary: 'Organizational handling of members graded 不合格 in the subtree, earliest deadline first', querystring: s.handlingsQuery, response: { 200: z.array(s.handlingView), ...errors } },
    },
    (req) => reviews.handlings(req.actor, req.query),
  );

  app.patch(
    '/reviews/handlings/:id',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'Record the outcome of a handling (once; the record closes)', params: idParams, body: s.outcomeBody, response: { 200: s.handlingView, ...errors } },
    },
    (req) => reviews.recordOutcome(req.actor, req.params.id, req.body),
  );

  app.get(
    '/reviews/:id',
    { config: { permission: 'meeting.read' }, schema: { tags, summary: 'A review with its members, grades, the 优秀 cap and the handling records', params: idParams, response: { 200: s.reviewView, ...errors } } },
    (req) => reviews.get(req.actor, req.params.id),
  );

  app.patch(
    '/reviews/:id',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'Change the last day or the linked meeting record (optimistic lock on version)', params: idParams, body: s.updateReviewBody, response: { 200: s.reviewView, ...errors } },
    },
    (req) => reviews.update(req.actor, req.params.id, req.body),
  );

  app.patch(
    '/reviews/:id/entries/:memberId',
    {
      config: { permission: 'meeting.write' },
      schema: {
        tags,
        summary: "A member's self, peer and democratic assessment and grades; 优秀 at most one third of the members reviewed",
        params: s.entryParams,
        body: s.updateEntryBody,
        response: { 200: s.entryView, ...errors },
      },
    },
    (req) => reviews.updateEntry(req.actor, req.params.id, req.params.memberId, req.body),
  );

  app.post(
    '/reviews/:id/close',
    {
      config: { permission: 'meeting.write' },
      schema: {
        tags,
        summary: 'Close the review: grades fixed; each member graded 不合格 gets a handling measure with a deadline',
        params: idParams,
        body: s.closeReviewBody,
        response: { 200: s.reviewView, ...errors },
      },
    },
    (req) => reviews.close(req.actor, req.params.id, req.body),
  );

  app.get(
    '/orgs/:id/absence-signal',
    {
      config: { permission: 'meeting.read' },
      schema: {
        tags,
        summary: '党章第九条: members absent from all organizational life, without leave, for six consecutive months (flags only)',
        params: idParams,
        querystring: s.absenceQuery,
        response: { 200: s.absenceView, ...errors },
      },
    },
    (req) => absence.signal(req.actor, req.params.id, req.query.asOf),
  );

  app.post(
    '/absence-signal/decisions',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: "Record what people decided on a member's absence flag", body: s.decisionBody, response: { 201: s.decisionResponse, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await absence.decide(req.actor, req.body)),
  );
};
