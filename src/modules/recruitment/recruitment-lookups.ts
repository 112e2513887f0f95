/**
 * Two look-ups the recruitment pages need beside the main API:
 * - the committees a case's steps may name (报上级党委备案, 预审, 审批, 备案): the higher committees of the branch
 *   handling the case. A branch secretary's scope stops at the branch, so the org tree does not show them; this
 *   answers only the chain above a case the caller may see, with whether each may approve (第二十六条);
 * - the findings stored on each case of a subtree, counted by severity, so the pipeline board can mark in red the
 *   cases whose history holds violations without auditing every case.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../lib/actor.ts';
import { errorResponses, id, idParams } from '../../lib/schema.ts';
import type { Db } from '../../db/schema.ts';
import { requireOrgInScope } from '../orgs/org-scope.ts';
import { findAncestors } from '../orgs/orgs.repo.ts';
import { subtreeRange } from '../orgs/tree.ts';
import { committeeOption, warningCount, type CommitteeOption, type WarningCount } from './recruitment-lookups.schema.ts';
import * as repo from './recruitment.repo.ts';
import { caseNotFound, mayApprove } from './recruitment.service.ts';

/** The active higher orgs of the case's branch, nearest first. */
export async function committeesOfCase(db: Db, actor: Actor, caseId: string): Promise<CommitteeOption[]> {
  const row = await repo.findCaseInScope(db, caseId, actor.scopePath);
  if (!row) throw caseNotFound(caseId);
  const chain = (await findAncestors(db, row.org_path)).filter((o) => o.path.length < row.org_path.length);
  return chain
    .map((org, index) => ({ org, parent: index > 0 ? (chain[index - 1] ?? null) : null, levelsUp: chain.length - index }))
    .filter(({ org }) => org.status === 'active')
    .reverse()
    .map(({ org, parent, levelsUp }) => ({ id: org.id, name: org.name, kind: org.kind, levelsUp, mayApprove: mayApprove(org, parent) }));
}

/** Stored findings per case of the org's subtree (cases without any are left out). */
export async function warningCounts(db: Db, actor: Actor, orgId: string): Promise<WarningCount[]> {
  const org = await requireOrgInScope(db, actor, orgId);
  const { from, to } = subtreeRange(org.path);
  const rows = await db
    .selectFrom('recruitment_warnings')
    .innerJoin('recruitment_cases', 'recruitment_cases.id', 'recruitment_warnings.case_id')
    .select(['recruitment_warnings.case_id', 'recruitment_cases.name', 'recruitment_cases.org_id', 'recruitment_warnings.code', 'recruitment_warnings.severity', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('recruitment_warnings.org_path', '>=', from)
    .where('recruitment_warnings.org_path', '<', to)
    .groupBy(['recruitment_warnings.case_id', 'recruitment_cases.name', 'recruitment_cases.org_id', 'recruitment_warnings.code', 'recruitment_warnings.severity'])
    .orderBy('recruitment_warnings.case_id')
    .orderBy('recruitment_warnings.code')
    .execute();
  const byCase = new Map<string, WarningCount>();
  for (const r of rows) {
    const entry = byCase.get(r.case_id) ?? { caseId: r.case_id, name: r.name, orgId: r.org_id, hard: 0, soft: 0, codes: [] };
    if (r.severity === 'hard') entry.hard += Number(r.n);
    else entry.soft += Number(r.n);
    if (!entry.codes.includes(r.code)) entry.codes.push(r.code);
    byCase.set(r.case_id, entry);
  }
  return [...byCase.values()];
}

export const recruitmentLookupRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['recruitment'];
  app.get(
    '/recruitment/cases/:id/committees',
    {
      config: { permission: 'recruitment.read' },
      schema: {
        tags,
        summary: "The higher committees of the case's branch (nearest first) that its filing, review and approval steps may name",
        params: idParams,
        response: { 200: z.array(committeeOption), ...errorResponses },
      },
    },
    (req) => committeesOfCase(db, req.actor, req.params.id),
  );

  app.get(
    '/recruitment/warning-counts',
    {
      config: { permission: 'recruitment.read' },
      schema: {
        tags,
        summary: 'Findings stored on each case of an org and its subtree: counts by severity and the codes (cases without any are left out)',
        querystring: z.strictObject({ orgId: id }),
        response: { 200: z.array(warningCount), ...errorResponses },
      },
    },
    (req) => warningCounts(db, req.actor, req.query.orgId),
  );
};
