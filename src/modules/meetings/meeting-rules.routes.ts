/** Thin HTTP layer of a locality's meeting cadences. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import * as s from './meeting-rules.schema.ts';
import type { MeetingRuleService } from './meeting-rules.service.ts';

const errors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400] };

export const meetingRuleRoutes: FastifyPluginAsyncZod<{ meetingRules: MeetingRuleService }> = async (app, { meetingRules }) => {
  const tags = ['meetings'];

  app.get(
    '/orgs/:id/meeting-rules',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'The meeting cadences in force for the org, each with where it comes from (the national rules or a locality above or at the org)',
        params: idParams,
        response: { 200: s.meetingRulesView, ...errors },
      },
    },
    (req) => meetingRules.get(req.actor, req.params.id),
  );

  app.put(
    '/orgs/:id/meeting-rules',
    {
      config: { permission: 'org.write' },
      schema: {
        tags,
        summary: "Set the org's own cadences for its subtree (replaces them; {} returns to the rules from above); optimistic lock on version",
        params: idParams,
        body: s.meetingRulesBody,
        response: { 200: s.meetingRulesView, ...errors },
      },
    },
    (req) => meetingRules.put(req.actor, req.params.id, req.body),
  );
};
