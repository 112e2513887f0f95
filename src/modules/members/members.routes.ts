/** Thin HTTP layer of the member registry. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as s from './members.schema.ts';
import type { MemberService, SmsSender } from './members.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const memberRoutes: FastifyPluginAsyncZod<{ members: MemberService; sms: SmsSender }> = async (app, { members, sms }) => {
  const tags = ['members'];

  app.post(
    '/tools/id-number/check',
    {
      config: { access: 'session', rateLimit: { max: 300, windowMs: 60_000 } },
      schema: { tags: ['tools'], summary: 'Check an ID number (GB 11643) and derive birth date, sex and age', body: s.idCheckBody, response: { 200: s.idCheckView, ...errors } },
    },
    (req) => members.checkIdNumber(req.body.idNumber),
  );

  app.post(
    '/members',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Register a member', body: s.createMemberBody, response: { 201: s.memberView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await members.create(req.actor, req.body)),
  );

  app.get(
    '/members',
    {
      config: { permission: 'member.read', rateLimit: { max: 600, windowMs: 60_000 } },
      schema: { tags, summary: 'The roster of an org or its subtree, filtered (ID and phone masked)', querystring: s.listQuery, response: { 200: s.memberPage, ...errors } },
    },
    (req) => {
      const { orgId, subtree, verified, sort, page, pageSize, ...filter } = req.query;
      return members.list(req.actor, orgId, { ...filter, subtree: subtree === 'true', verified: verified === undefined ? undefined : verified === 'true' }, sort, page, pageSize);
    },
  );

  app.get(
    '/members/counts',
    {
      config: { permission: 'member.read', rateLimit: { max: 120, windowMs: 60_000 } },
      schema: { tags, summary: 'Counts by every filter for a subtree, and the verification rate', querystring: s.countsQuery, response: { 200: s.countsView, ...errors } },
    },
    (req) => members.counts(req.actor, req.query.orgId),
  );

  app.post(
    '/members/verification',
    {
      config: { access: 'session', rateLimit: { max: 10, windowMs: 60_000 } },
      schema: {
        tags,
        summary: 'e-identity verification, step one: ID number and phone; a one-time code is sent',
        body: s.verifyStartBody,
        response: { 200: z.object({ verificationId: z.string(), phone: z.string(), displayedCode: z.string().optional() }), ...errors },
      },
    },
    (req) => members.startVerification(req.actor, req.body, sms),
  );

  app.post(
    '/members/verification/confirm',
    {
      config: { access: 'session', rateLimit: { max: 20, windowMs: 60_000 } },
      schema: { tags, summary: 'e-identity verification, step two: the code', body: s.verifyConfirmBody, response: { 200: s.memberView, ...errors } },
    },
    (req) => members.confirmVerification(req.actor, req.body),
  );

  app.get(
    '/members/me',
    {
      config: { access: 'session' },
      schema: { tags, summary: "The caller's own member record (after e-identity verification), or null", response: { 200: z.object({ member: s.memberView.nullable() }), ...errors } },
    },
    (req) => members.mine(req.actor),
  );

  app.get(
    '/members/:id',
    { config: { permission: 'member.read' }, schema: { tags, summary: 'One member (masked)', params: idParams, response: { 200: s.memberView, ...errors } } },
    (req) => members.get(req.actor, req.params.id),
  );

  app.patch(
    '/members/:id',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Edit a member (optimistic lock on version)', params: idParams, body: s.updateMemberBody, response: { 200: s.memberView, ...errors } },
    },
    (req) => members.update(req.actor, req.params.id, req.body),
  );

  app.get(
    '/members/:id/history',
    { config: { permission: 'member.read' }, schema: { tags, summary: 'Every change: who, when, what', params: idParams, response: { 200: s.historyView, ...errors } } },
    (req) => members.history(req.actor, req.params.id),
  );

  app.post(
    '/members/:id/reveal',
    {
      config: { permission: 'personal.full_view' },
      schema: { tags, summary: 'The whole ID number or phone (audited)', params: idParams, body: s.revealBody, response: { 200: z.object({ field: z.string(), value: z.string().nullable() }), ...errors } },
    },
    (req) => members.reveal(req.actor, req.params.id, req.body.field),
  );
};
