/** `POST /tools/vote/evaluate`: the quorum and voting rules the meeting records use, for a quick check. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInChina } from '../../lib/dates.ts';
import { badInput } from '../../lib/errors.ts';
import { errorResponses, isoDate } from '../../lib/schema.ts';
import { evaluateVote, VoteInputError } from './vote-rules.ts';

const count = z.number().int().min(0).max(1_000_000);
const onDate = isoDate.optional();

const evaluateBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('general'), shouldAttend: count.min(1), present: count, yes: count, onDate }),
  z.strictObject({ kind: z.literal('committee'), shouldAttend: count.min(1), present: count, yes: count, onDate }),
  z.strictObject({
    kind: z.literal('recruitment'),
    shouldAttendVoting: count.min(1),
    shouldAttendFull: count.min(1),
    present: count,
    yes: count,
    writtenYes: count.default(0),
    onDate,
  }),
  z.strictObject({
    kind: z.literal('election'),
    shouldAttend: count.min(1),
    present: count,
    candidateVotes: z.record(z.string().trim().min(1).max(50), count).refine((v) => Object.keys(v).length <= 200, 'at most 200 candidates'),
    onDate,
  }),
]);

const rule = z.object({ id: z.string(), cite: z.string() });
const evaluateAnswer = z.union([
  z.object({ kind: z.enum(['general', 'committee', 'recruitment']), quorate: z.boolean(), passed: z.boolean(), rule }),
  z.object({ kind: z.literal('election'), quorate: z.boolean(), elected: z.record(z.string(), z.boolean()), rule }),
]);

export const voteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tools/vote/evaluate',
    {
      config: { access: 'session', rateLimit: { max: 300, windowMs: 60_000 } },
      schema: {
        tags: ['tools'],
        summary: 'Quorum and result of a vote by the rules in force (支部党员大会, 支委会, 发展党员, 选举)',
        body: evaluateBody,
        response: { 200: evaluateAnswer, ...errorResponses, 401: errorResponses[400] },
      },
    },
    (req) => {
      const { onDate: date, ...input } = req.body;
      try {
        return evaluateVote(input, date ?? todayInChina());
      } catch (error) {
        if (error instanceof VoteInputError) throw badInput('vote.counts_inconsistent', error.message, { field: error.field });
        throw error;
      }
    },
  );
};
