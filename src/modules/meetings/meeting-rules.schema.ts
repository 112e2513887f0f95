import { z } from 'zod';
import { CADENCES, MEETING_TYPES } from '../../policy/meetings.ts';

const requiredType = z.enum(MEETING_TYPES.filter((t) => t !== 'other') as [Exclude<(typeof MEETING_TYPES)[number], 'other'>, ...Exclude<(typeof MEETING_TYPES)[number], 'other'>[]]);
const cadence = z.enum(CADENCES);
const citeField = z.string().trim().min(1).max(200);

const override = z.strictObject({
  cadence,
  /** The local document, e.g. 《某县党支部工作规范》, and its article. */
  cite: z.strictObject({ source: citeField, article: citeField }),
});

export const meetingRulesBody = z.strictObject({
  /** The version read with GET (0 when the org has never set any). */
  version: z.number().int().min(0).max(2_147_483_647),
  overrides: z.partialRecord(requiredType, override),
});

const source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('national'), ruleVersion: z.string() }),
  z.object({ kind: z.literal('local'), orgId: z.string(), orgName: z.string() }),
]);

export const meetingRulesView = z
  .object({
    orgId: z.string(),
    ruleVersion: z.string(),
    version: z.number().int(),
    overrides: z.partialRecord(requiredType, z.object({ cadence, cite: z.object({ source: z.string(), article: z.string() }) })),
    requirements: z.array(
      z.object({
        type: requiredType,
        cadence,
        scope: z.enum(['branch', 'committee', 'group']),
        cite: z.string(),
        source,
      }),
    ),
  })
  .meta({ id: 'MeetingRules' });
