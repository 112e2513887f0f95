/** Thin HTTP layer of elections (换届选举), the locality's 差额 setting, terms due and postponements. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as s from './elections.schema.ts';
import type { ElectionService } from './elections.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const electionRoutes: FastifyPluginAsyncZod<{ elections: ElectionService }> = async (app, { elections }) => {
  const tags = ['elections'];

  app.get(
    '/elections/terms-due',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Terms ending within N months (default: the reminder of the rules) and overdue ones, with postponements and elections under way',
        querystring: s.termsDueQuery,
        response: { 200: s.termsDueView, ...errors },
      },
    },
    (req) => elections.termsDue(req.actor, req.query.months, req.query.asOf),
  );

  app.get(
    '/elections/term-postponements',
    {
      config: { permission: 'org.read' },
      schema: { tags, summary: "Approved postponements of an org's terms", querystring: s.postponementsQuery, response: { 200: s.postponementList, ...errors } },
    },
    (req) => elections.postponements(req.actor, req.query.orgId),
  );

  app.post(
    '/elections/term-postponements',
    {
      config: { permission: 'committee.write' },
      schema: { tags, summary: 'Record an approved postponement of the current term (at most 1 year)', body: s.postponeBody, response: { 201: s.postponementView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await elections.postpone(req.actor, req.body)),
  );

  app.get(
    '/elections/margin',
    {
      config: { permission: 'meeting.read' },
      schema: { tags, summary: 'The 差额 percentage in force for an org (its locality setting or the rule)', querystring: s.marginQuery, response: { 200: s.marginSettingView, ...errors } },
    },
    (req) => elections.marginSetting(req.actor, req.query.orgId),
  );

  app.put(
    '/elections/margin',
    {
      config: { permission: 'org.write' },
      schema: { tags, summary: "Set or remove an org's 差额 percentage for its subtree", body: s.marginSettingBody, response: { 200: s.marginSettingView, ...errors } },
    },
    (req) => elections.setMargin(req.actor, req.body),
  );

  app.post(
    '/elections',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'Record an election of an org (at its general meeting)', body: s.createElectionBody, response: { 201: s.electionView, ...errors } },
    },
    async (req, reply) => reply.code(201).send(await elections.create(req.actor, req.body)),
  );

  app.get(
    '/elections',
    {
      config: { permission: 'meeting.read' },
      schema: { tags, summary: 'Elections of an org and its subtree, newest first', querystring: s.listQuery, response: { 200: s.electionPage, ...errors } },
    },
    (req) => elections.list(req.actor, req.query),
  );

  app.get(
    '/elections/:id',
    {
      config: { permission: 'meeting.read' },
      schema: { tags, summary: 'One election with its candidates, 差额 and result', params: idParams, response: { 200: s.electionView, ...errors } },
    },
    (req) => elections.get(req.actor, req.params.id),
  );

  app.put(
    '/elections/:id/candidates',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'Set the candidates (full members of the org; 差额 checked)', params: idParams, body: s.candidatesBody, response: { 200: s.electionView, ...errors } },
    },
    (req) => elections.setCandidates(req.actor, req.params.id, req.body),
  );

  app.put(
    '/elections/:id/ballots',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'Enter the votes per candidate; the result is evaluated by the election rule', params: idParams, body: s.ballotsBody, response: { 200: s.electionView, ...errors } },
    },
    (req) => elections.count(req.actor, req.params.id, req.body),
  );

  app.post(
    '/elections/:id/confirm',
    {
      config: { permission: 'committee.write' },
      schema: {
        tags,
        summary: "After the superior's approval: install the elected committee and start the new term",
        params: idParams,
        body: s.confirmBody,
        response: { 200: s.electionView, ...errors },
      },
    },
    (req) => elections.confirm(req.actor, req.params.id, req.body),
  );

  app.post(
    '/elections/:id/cancel',
    {
      config: { permission: 'meeting.write' },
      schema: { tags, summary: 'Cancel an election under way', params: idParams, body: s.cancelBody, response: { 200: s.electionView, ...errors } },
    },
    (req) => elections.cancel(req.actor, req.params.id, req.body),
  );
};
