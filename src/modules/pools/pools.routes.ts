/** Thin HTTP layer of mentor pairs, the reserve-cadre pool and care records. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as s from './pools.schema.ts';
import type { PoolService } from './pools.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const poolRoutes: FastifyPluginAsyncZod<{ pools: PoolService }> = async (app, { pools }) => {
  const read = { permission: 'member.read' } as const;
  const write = { permission: 'member.write' } as const;

  app.post(
    '/mentor-pairs',
    { config: write, schema: { tags: ['mentor-pairs'], summary: 'Pair a full member with a mentee (老党员传帮带)', body: s.pairBody, response: { 201: s.pairView, ...errors } } },
    async (req, reply) => reply.code(201).send(await pools.startPair(req.actor, req.body)),
  );
  app.post(
    '/mentor-pairs/:id/end',
    { config: write, schema: { tags: ['mentor-pairs'], summary: 'End a pair', params: idParams, body: s.endPairBody, response: { 200: s.pairView, ...errors } } },
    (req) => pools.endPair(req.actor, req.params.id, req.body),
  );
  app.get(
    '/mentor-pairs',
    { config: read, schema: { tags: ['mentor-pairs'], summary: 'Pairs of a subtree', querystring: s.pairQuery, response: { 200: s.pairPage, ...errors } } },
    (req) => pools.listPairs(req.actor, req.query),
  );

  app.post(
    '/reserve-cadres',
    { config: write, schema: { tags: ['reserve-cadres'], summary: 'Add a member to the reserve-cadre pool (后备干部人才库)', body: s.reserveBody, response: { 201: s.reserveView, ...errors } } },
    async (req, reply) => reply.code(201).send(await pools.addReserve(req.actor, req.body)),
  );
  app.post(
    '/reserve-cadres/:id/records',
    {
      config: write,
      schema: { tags: ['reserve-cadres'], summary: 'Record training or an assessment', params: idParams, body: s.reserveRecordBody, response: { 201: s.reserveRecordView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await pools.addReserveRecord(req.actor, req.params.id, req.body)),
  );
  app.post(
    '/reserve-cadres/:id/remove',
    { config: write, schema: { tags: ['reserve-cadres'], summary: 'Take a member out of the pool', params: idParams, body: s.removeReserveBody, response: { 200: s.reserveView, ...errors } } },
    (req) => pools.removeReserve(req.actor, req.params.id, req.body),
  );
  app.get(
    '/reserve-cadres',
    { config: read, schema: { tags: ['reserve-cadres'], summary: 'The pool of a subtree, with training and assessment records', querystring: s.reserveQuery, response: { 200: s.reservePage, ...errors } } },
    (req) => pools.listReserves(req.actor, req.query),
  );

  app.post(
    '/care-records',
    { config: write, schema: { tags: ['care'], summary: 'Record a visit or a fund (困难党员关爱), money in fen', body: s.careBody, response: { 201: s.careView, ...errors } } },
    async (req, reply) => reply.code(201).send(await pools.recordCare(req.actor, req.body)),
  );
  app.get(
    '/care-records',
    { config: read, schema: { tags: ['care'], summary: 'Care records of a subtree, optionally of one year', querystring: s.careQuery, response: { 200: s.carePage, ...errors } } },
    (req) => pools.listCare(req.actor, req.query),
  );
  app.get(
    '/care-records/totals',
    {
      config: read,
      schema: { tags: ['care'], summary: 'A year’s visits and funds for a subtree and per direct child org', querystring: s.totalsQuery, response: { 200: s.totalsView, ...errors } },
    },
    (req) => pools.careTotals(req.actor, req.query.orgId, req.query.year),
  );
};
