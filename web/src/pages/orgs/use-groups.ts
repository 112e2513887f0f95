/** The 党小组 of a branch, offered in the forms that place a member or a meeting in one. */
import { useLoad } from '../../use-load.ts';
import { orgsApi, type Org } from './orgs-api.ts';

/** None while loading, when the branch has none, when none is chosen, or when they cannot be read. */
export function useGroups(branchId: string | undefined): Org[] {
  const { data } = useLoad(() => (branchId ? orgsApi.children(branchId, false) : null), [branchId]);
  return data?.filter((o) => o.kind === 'group') ?? [];
}
