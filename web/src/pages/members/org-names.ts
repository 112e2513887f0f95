/**
 * Names of the orgs members belong to. A member answers only its org's id; the names are fetched once per id and
 * kept for the session (an org's name seldom changes while a page is open).
 */
import { useEffect, useState } from 'react';
import { orgsApi } from '../orgs/orgs-api.ts';

const known = new Map<string, string>();
const pending = new Map<string, Promise<void>>();

function load(id: string): Promise<void> {
  let request = pending.get(id);
  if (!request) {
    request = orgsApi
      .get(id)
      .then((org) => void known.set(id, org.name))
      // An org out of scope (a member just transferred away) keeps no name; the caller shows a dash.
      .catch(() => undefined)
      .finally(() => pending.delete(id));
    pending.set(id, request);
  }
  return request;
}

/** The names of these orgs, as far as loaded; re-renders as they arrive. */
export function useOrgNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const [, setLoaded] = useState(0);
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !known.has(id)) : [];
    if (missing.length === 0) return;
    let current = true;
    void Promise.all(missing.map(load)).then(() => current && setLoaded((n) => n + 1));
    return () => {
      current = false;
    };
  }, [key]);
  return known;
}
