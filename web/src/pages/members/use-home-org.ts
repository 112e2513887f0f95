/** The signed-in user's home org (the root of what they may see), loaded once per page. */
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api.ts';
import { orgsApi, type Org } from '../orgs/orgs-api.ts';

export interface HomeOrg {
  home: Org | null;
  error: string | null;
  retry(): void;
}

export function useHomeOrg(): HomeOrg {
  const [home, setHome] = useState<Org | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    orgsApi
      .home()
      .then((org) => {
        if (!current) return;
        setHome(org);
        setError(null);
      })
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
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
