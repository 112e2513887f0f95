/** The org an id names, if it lies in the caller's subtree; otherwise the same 404 as a missing id. */
import type { Actor } from '../../lib/actor.ts';
import { notFound } from '../../lib/errors.ts';
import type { Executor } from '../../db/schema.ts';
import { findOrgById, type OrgRow } from './orgs.repo.ts';

export const orgNotFound = (id: string) => notFound('org.not_found', 'No such org in your scope', { id });

export async function requireOrgInScope(ex: Executor, actor: Pick<Actor, 'scopePath'>, id: string): Promise<OrgRow> {
  const org = await findOrgById(ex, id, actor.scopePath);
  if (!org) throw orgNotFound(id);
  return org;
}
