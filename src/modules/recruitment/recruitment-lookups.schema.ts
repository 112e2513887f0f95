/** Answers of the recruitment look-ups (recruitment-lookups.ts), shared with the web pages. */
import { z } from 'zod';

export const committeeOption = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  /** Levels above the branch: 1 for its direct superior. */
  levelsUp: z.number().int(),
  mayApprove: z.boolean(),
});
export type CommitteeOption = z.infer<typeof committeeOption>;

export const warningCount = z.object({
  caseId: z.string(),
  name: z.string(),
  orgId: z.string(),
  hard: z.number().int(),
  soft: z.number().int(),
  /** The finding codes stored on the case, for the drill-down from a finding to its cases. */
  codes: z.array(z.string()),
});
export type WarningCount = z.infer<typeof warningCount>;
