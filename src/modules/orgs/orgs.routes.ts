/** Thin HTTP layer of the org tree: parse, call the service, shape the answer. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as s from './orgs.schema.ts';
import type { OrgService } from './orgs.service.ts';

export interface OrgRoutesOptions {
  orgs: OrgService;
}

export const orgRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { orgs }) => {
  const tags = ['orgs'];

  app.get(
    '/orgs/home',
    { config: { permission: 'org.read' }, schema: { tags, summary: 'The org the caller acts from', response: { 200: s.orgView, ...errorResponses } } },
    (req) => orgs.home(req.actor),
  );

  app.get(
    '/orgs/terms/due',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Orgs whose committee term ends within N months, and overdue ones',
        querystring: s.termsDueQuery,
        response: { 200: s.termsDueView, ...errorResponses },
      },
    },
    (req) => orgs.termsDue(req.actor, req.query.months, req.query.asOf),
  );

  app.post(
    '/orgs',
    { config: { permission: 'org.write' }, schema: { tags, summary: 'Create an org', body: s.createOrgBody, response: { 201: s.orgView, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await orgs.create(req.actor, req.body)),
  );

  app.get(
    '/orgs/:id',
    { config: { permission: 'org.read' }, schema: { tags, summary: 'One org', params: idParams, response: { 200: s.orgView, ...errorResponses } } },
    (req) => orgs.get(req.actor, req.params.id),
  );

  app.patch(
    '/orgs/:id',
    {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: 'Rename or edit an org (optimistic lock on version)',
        params: idParams,
        body: s.updateOrgBody,
        response: { 200: s.orgView, ...errorResponses },
      },
    },
    (req) => orgs.update(req.actor, req.params.id, req.body),
  );

  app.post(
    '/orgs/:id/move',
    {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: 'Move an org and its subtree under another parent',
        params: idParams,
        body: s.moveOrgBody,
        response: { 200: s.orgView, ...errorResponses },
      },
    },
    (req) => orgs.move(req.actor, req.params.id, req.body),
  );

  app.post(
    '/orgs/:id/dissolve',
    {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: 'Dissolve an org (kept with its history)',
        params: idParams,
        body: s.dissolveOrgBody,
        response: { 200: s.orgView, ...errorResponses },
      },
    },
    (req) => orgs.dissolve(req.actor, req.params.id, req.body),
  );

  app.get(
    '/orgs/:id/children',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Direct children, with their own child counts (for a lazy tree)',
        params: idParams,
        querystring: s.childrenQuery,
        response: { 200: z.array(s.orgView), ...errorResponses },
      },
    },
    (req) => orgs.children(req.actor, req.params.id, req.query.includeDissolved === 'true'),
  );

  app.get(
    '/orgs/:id/subtree',
    {
      config: { permission: 'org.read', rateLimit: { max: 600, windowMs: 60_000 } },
      schema: {
        tags,
        summary: 'Search the subtree by name/code, kind and domain, paginated',
        params: idParams,
        querystring: s.subtreeQuery,
        response: { 200: s.subtreePage, ...errorResponses },
      },
    },
    (req) => orgs.subtree(req.actor, req.params.id, req.query),
  );

  app.get(
    '/orgs/:id/ancestors',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Ancestors, root first (breadcrumb)',
        params: idParams,
        response: { 200: z.array(s.orgView), ...errorResponses },
      },
    },
    (req) => orgs.ancestors(req.actor, req.params.id),
  );

  app.get(
    '/orgs/:id/committee',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'The committee (班子): secretary, deputies, members',
        params: idParams,
        querystring: s.committeeQuery,
        response: { 200: z.array(s.committeeMemberView), ...errorResponses },
      },
    },
    (req) => orgs.committee(req.actor, req.params.id, req.query.includeEnded === 'true'),
  );

  app.post(
    '/orgs/:id/committee',
    {
      config: { permission: 'committee.write' },
      schema: {
        tags,
        summary: 'Add a committee post',
        params: idParams,
        body: s.addCommitteeMemberBody,
        response: { 201: s.committeeMemberView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await orgs.addCommitteeMember(req.actor, req.params.id, req.body)),
  );

  app.post(
    '/orgs/:id/committee/:memberId/end',
    {
      config: { permission: 'committee.write' },
      schema: {
        tags,
        summary: 'End a committee post',
        params: s.committeeParams,
        body: s.endCommitteeMemberBody,
        response: { 200: s.committeeMemberView, ...errorResponses },
      },
    },
    (req) => orgs.endCommitteeMember(req.actor, req.params.id, req.params.memberId, req.body),
  );

  app.get(
    '/orgs/:id/terms',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Terms of office (任期) and the length the rules expect',
        params: idParams,
        response: { 200: s.termsView, ...errorResponses },
      },
    },
    (req) => orgs.terms(req.actor, req.params.id),
  );

  app.post(
    '/orgs/:id/terms',
    {
      config: { permission: 'committee.write' },
      schema: {
        tags,
        summary: 'Record the start of a new term (after an election)',
        params: idParams,
        body: s.startTermBody,
        response: { 201: s.termView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await orgs.startTerm(req.actor, req.params.id, req.body)),
  );
};
