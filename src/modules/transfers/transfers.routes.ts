/** Thin HTTP layer of transfer letters (组织关系转接). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as s from './transfers.schema.ts';
import type { TransferService } from './transfers.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const transferRoutes: FastifyPluginAsyncZod<{ transfers: TransferService }> = async (app, { transfers }) => {
  const tags = ['transfers'];

  app.post(
    '/transfers',
    {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: 'Issue a letter for a member of your scope; the member moves only on receipt',
        body: s.issueBody,
        response: { 201: s.transferView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await transfers.issue(req.actor, req.body)),
  );

  app.get(
    '/transfers',
    {
      config: { permission: 'member.read' },
      schema: { tags, summary: 'Letters sent from (outgoing) or addressed into (incoming) a subtree', querystring: s.listQuery, response: { 200: s.transferPage, ...errors } },
    },
    (req) => transfers.list(req.actor, { ...req.query, overdue: req.query.overdue === 'true' }),
  );

  app.get(
    '/transfers/overdue',
    {
      config: { permission: 'member.read' },
      schema: { tags, summary: 'Open letters past validity and receipts not returned, for the sending committee', querystring: s.overdueQuery, response: { 200: s.overdueView, ...errors } },
    },
    (req) => transfers.overdue(req.actor, req.query.orgId),
  );

  app.get(
    '/transfers/destinations',
    {
      // The one read that leaves the caller's scope: limited, and answering names only.
      config: { permission: 'member.write', rateLimit: { max: 120, windowMs: 60_000 } },
      schema: { tags, summary: 'Active branches anywhere in the installation by name or code (id, code, name only)', querystring: s.destinationsQuery, response: { 200: s.destinationsView, ...errors } },
    },
    (req) => transfers.destinations(req.query.q),
  );

  app.get(
    '/transfers/:id',
    { config: { permission: 'member.read' }, schema: { tags, summary: 'One letter, for the sending or the receiving side', params: idParams, response: { 200: s.transferView, ...errors } } },
    (req) => transfers.get(req.actor, req.params.id),
  );

  app.get(
    '/transfers/:id/letter',
    { config: { permission: 'member.read' }, schema: { tags, summary: 'What the printed letter shows (ID number masked)', params: idParams, response: { 200: s.letterView, ...errors } } },
    (req) => transfers.letter(req.actor, req.params.id),
  );

  app.post(
    '/transfers/:id/receive',
    {
      config: { permission: 'member.write' },
      schema: {
        tags,
        summary: 'Receive (internal letter, receiving side) or record the receipt (letter to outside, sending side)',
        params: idParams,
        body: s.receiveBody,
        response: { 200: s.transferView, ...errors },
      },
    },
    (req) => transfers.receive(req.actor, req.params.id, req.body),
  );

  app.post(
    '/transfers/:id/return',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: '退回: the letter comes back unreceived; the member stays', params: idParams, body: s.returnBody, response: { 200: s.transferView, ...errors } },
    },
    (req) => transfers.returnLetter(req.actor, req.params.id, req.body),
  );

  app.post(
    '/transfers/:id/cancel',
    {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Cancel an open letter (sending side)', params: idParams, body: s.cancelBody, response: { 200: s.transferView, ...errors } },
    },
    (req) => transfers.cancel(req.actor, req.params.id, req.body),
  );
};
