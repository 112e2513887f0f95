/** Thin HTTP layer of flowing members (流动党员) and community reporting (双报到). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as c from './community.schema.ts';
import type { CommunityService } from './community.service.ts';
import * as s from './flowing.schema.ts';
import type { FlowingService } from './flowing.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const flowingRoutes: FastifyPluginAsyncZod<{ flowing: FlowingService; community: CommunityService }> = async (app, { flowing, community }) => {
  const tags = ['flowing'];

  app.post(
    '/flowing',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Record a member going away (sets the flowing flag)', body: s.startBody, response: { 201: s.flowingView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await flowing.start(req.actor, req.body)),
  );

  app.get(
    '/flowing',
    {
      config: { permission: 'member.read' },
      schema: { tags, summary: 'Flowing members of a subtree; overdue=true: no report for a year', querystring: s.listQuery, response: { 200: s.flowingPage, ...errors } },
    },
    (req) => flowing.list(req.actor, { ...req.query, overdue: req.query.overdue === 'true' }),
  );

  app.get(
    '/flowing/:id',
    { config: { permission: 'member.read' }, schema: { tags, summary: 'One record with its reports', params: idParams, response: { 200: s.flowingDetail, ...errors } } },
    (req) => flowing.get(req.actor, req.params.id),
  );

  app.post(
    '/flowing/:id/end',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'The member is back (clears the flowing flag)', params: idParams, body: s.endBody, response: { 200: s.flowingView, ...errors } },
    },
    (req) => flowing.end(req.actor, req.params.id, req.body),
  );

  app.post(
    '/flowing/:id/reports',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'The member’s report to the home org (at least yearly)', params: idParams, body: s.reportBody, response: { 201: s.reportView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await flowing.report(req.actor, req.params.id, req.body)),
  );

  app.post(
    '/flowing/:id/reveal-contact',
    {
      config: { permission: 'personal.full_view' },
      schema: { tags, summary: 'The whole contact (audited)', params: idParams, response: { 200: s.revealView, ...errors } },
    },
    (req) => flowing.revealContact(req.actor, req.params.id),
  );

  const communityTags = ['community'];

  app.post(
    '/community/registrations',
    {
      config: { permission: 'member.write' },
      schema: { tags: communityTags, summary: 'Register an in-service member with a community branch (a second org, not a transfer)', body: c.registerBody, response: { 201: c.registrationView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await community.register(req.actor, req.body)),
  );

  app.get(
    '/community/registrations',
    {
      config: { permission: 'member.read' },
      schema: {
        tags: communityTags,
        summary: 'Registrations of members of a subtree elsewhere (home) and with communities of the subtree (community)',
        querystring: c.listQuery,
        response: { 200: c.registrationPage, ...errors },
      },
    },
    (req) => community.list(req.actor, req.query),
  );

  app.get(
    '/community/hours',
    {
      config: { permission: 'member.read' },
      schema: { tags: communityTags, summary: 'Service minutes per member in a year, for a community subtree', querystring: c.hoursQuery, response: { 200: c.hoursView, ...errors } },
    },
    (req) => community.hours(req.actor, req.query.orgId, req.query.year),
  );

  app.get(
    '/community/registrations/:id',
    {
      config: { permission: 'member.read' },
      schema: { tags: communityTags, summary: 'One registration with its service records', params: idParams, response: { 200: c.registrationDetail, ...errors } },
    },
    (req) => community.get(req.actor, req.params.id),
  );

  app.post(
    '/community/registrations/:id/end',
    {
      config: { permission: 'member.write' },
      schema: { tags: communityTags, summary: 'End a registration (either side)', params: idParams, body: c.endBody, response: { 200: c.registrationView, ...errors } },
    },
    (req) => community.end(req.actor, req.params.id, req.body),
  );

  app.post(
    '/community/registrations/:id/service',
    {
      config: { permission: 'member.write' },
      schema: { tags: communityTags, summary: 'Record service done (community side)', params: idParams, body: c.serviceBody, response: { 201: c.serviceView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await community.recordService(req.actor, req.params.id, req.body)),
  );
};
