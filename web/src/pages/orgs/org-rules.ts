/** The server's own placement rules, reused so the forms offer only what the server will accept. */
import { ORG_DOMAINS, ORG_KINDS, type OrgKind } from '../../../../src/modules/orgs/org-kinds.ts';
import { checkPlacement } from '../../../../src/modules/orgs/orgs.rules.ts';
import type { Org } from './orgs-api.ts';

export { ORG_DOMAINS, ORG_KINDS };

/** Kinds that may stand directly under `parent`; with no parent, the kinds a root may have. */
export function kindsAllowedUnder(parent: Pick<Org, 'kind'> | null): OrgKind[] {
  return ORG_KINDS.filter((kind) =>
    parent ? checkPlacement({ kind: parent.kind, status: 'active' }, kind, true) === null : checkPlacement(null, kind, false) === null,
  );
}
