/** The 党小组 of a branch, offered in the forms that place a member or a meeting in one, and named in the compliance grid. */
import { useLoad } from '../../use-load.ts';
import { orgsApi, type Org } from './orgs-api.ts';

/**
 * None while loading, when the branch has none, when none is chosen, or when they cannot be read. Dissolved
 * groups only when asked for (past periods still name them).
 */
export function useGroups(branchId: string | undefined, includeDissolved = false): Org[] {
  const { data } = useLoad(() => (branchId ? orgsApi.children(branchId, includeDissolved) : null), [branchId, includeDissolved]);
  return data?.filter((o) => o.kind === 'group') ?? [];
}
