/** The signed-in user's home org (the root of what they may see), loaded once per page. */
import { useEffect, useState } from 'react';
import { useLoad } from '../../use-load.ts';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';

export interface HomeOrg {
  home: Org | null;
  error: string | null;
  retry(): void;
}

export function useHomeOrg(): HomeOrg {
  const { data: home, error, reload: retry } = useLoad(() => orgsApi.home(), [], { keep: true });
  return { home, error, retry };
}

/** A value that follows `value` once it has stayed unchanged for `delayMs` (search boxes). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
