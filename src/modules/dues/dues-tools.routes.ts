/** `POST /tools/dues/compute`: one member's monthly dues by the rules in force, for a quick check. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInChina } from '../../lib/dates.ts';
import { badInput } from '../../lib/errors.ts';
import { errorResponses, isoDate } from '../../lib/schema.ts';
import { computeDues, DUES_CATEGORIES, DuesInputError } from './dues-rules.ts';

// Whole fen; the range (no negative, no absurd income) is the rule set's and answers with a `dues.*` code.
const fen = z.number().int();

const computeBody = z.strictObject({
  category: z.enum(DUES_CATEGORIES),
  monthlyIncomeFen: fen.optional(),
  previousQuarterIncomeFen: z.tuple([fen, fen, fen]).optional(),
  farmerAmountFen: fen.optional(),
  hardship: z.strictObject({ kind: z.enum(['reduced', 'exempt']), amountFen: fen.optional() }).optional(),
  onDate: isoDate.optional(),
});

const computeAnswer = z.object({
  amountFen: z.number().int(),
  rateBasisPoints: z.number().int().nullable(),
  rule: z.object({ id: z.string(), cite: z.string() }),
});

export const duesToolRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tools/dues/compute',
    {
      config: { access: 'session', rateLimit: { max: 300, windowMs: 60_000 } },
      schema: {
        tags: ['tools'],
        summary: 'Monthly party dues (党费) of one member by the rules in force (中组发〔2008〕3号)',
        body: computeBody,
        response: { 200: computeAnswer, ...errorResponses, 401: errorResponses[400] },
      },
    },
    (req) => {
      const { onDate: date, ...input } = req.body;
      try {
        return computeDues(input, date ?? todayInChina());
      } catch (error) {
        if (error instanceof DuesInputError) throw badInput(error.code, error.message, { field: error.field });
        throw error;
      }
    },
  );
};
