/**
 * What a component shows from the API: loaded when it appears and again when its inputs change or on `reload`.
 * An answer that arrives after the inputs moved on is dropped, so a slow reply never overwrites a newer one.
 * New inputs show the loading state (null) until their answer comes; `reload` fetches the same thing afresh and
 * leaves the last answer on screen meanwhile.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList, type Dispatch, type SetStateAction } from 'react';
import { errorMessage } from './api.ts';

export interface Loaded<T> {
  /** The last answer; null while new inputs load (unless kept) and when there is nothing to load. */
  data: T | null;
  /** The refusal of the last attempt, in the user's language; cleared by the next answer. */
  error: string | null;
  reload(): void;
  /** Puts a fresher copy in place, such as the record a write answered with. */
  setData: Dispatch<SetStateAction<T | null>>;
}

interface Options {
  /** Leave the last answer on screen while new inputs load too (a refreshed panel), instead of showing null. */
  keep?: boolean;
}

/**
 * `load` answers null when there is nothing to load yet (no org chosen); `deps` lists what it reads, as for
 * useEffect.
 */
export function useLoad<T>(load: () => Promise<T> | null, deps: DependencyList, { keep = false }: Options = {}): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const refreshing = useRef(false);

  useEffect(() => {
    const sameInputs = refreshing.current;
    refreshing.current = false;
    const pending = load();
    if (!pending) {
      setData(null);
      setError(null);
      return;
    }
    let current = true;
    if (!keep && !sameInputs) setData(null);
    pending.then(
      (answer) => {
        if (!current) return;
        setData(answer);
        setError(null);
      },
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
    // `load` is a new function every render; the caller lists what it depends on.
  }, [...deps, attempt, keep]);

  const reload = useCallback(() => {
    refreshing.current = true;
    setAttempt((a) => a + 1);
  }, []);
  return { data, error, reload, setData };
}
