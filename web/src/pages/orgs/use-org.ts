/** The org a page shows, chosen in its address: the home org as it is, any other read from the server. */
import { useLoad, type Loaded } from '../../use-load.ts';
import { orgsApi, type Org } from './orgs-api.ts';

/** Nothing until the home org is known; the last org stays shown while the next one loads. */
export function useOrg(home: Org | null, orgId: string | undefined): Loaded<Org> {
  return useLoad(() => (!home || !orgId ? null : orgId === home.id ? Promise.resolve(home) : orgsApi.get(orgId)), [home, orgId], { keep: true });
}
