/**
 * State of the lazy org tree: the home org, the child lists loaded so far and the expanded nodes. Lists are
 * fetched on expand and re-fetched around whatever a write touched, so the tree never shows stale counts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { orgsApi, type Org } from './orgs-api.ts';

export interface OrgTree {
  home: Org | null;
  homeError: unknown;
  childrenOf: Readonly<Record<string, Org[]>>;
  expandedKeys: string[];
  setExpandedKeys(keys: string[]): void;
  /** Adds nodes to the expanded ones. */
  expand(ids: readonly string[]): void;
  showDissolved: boolean;
  setShowDissolved(value: boolean): Promise<void>;
  loadChildren(id: string): Promise<void>;
  /** Expands the given ancestors (root first), loading their children where needed. */
  reveal(ancestors: readonly Org[]): Promise<void>;
  /** Re-fetches the children of each org and the list that holds each org itself. */
  refresh(ids: readonly string[]): Promise<void>;
  reloadHome(): Promise<void>;
}

export function useOrgTree(): OrgTree {
  const [home, setHome] = useState<Org | null>(null);
  const [homeError, setHomeError] = useState<unknown>(null);
  const [childrenOf, setChildrenOf] = useState<Record<string, Org[]>>({});
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [showDissolved, setShowDissolvedState] = useState(false);
  // Read by the async loaders, which must not capture stale state.
  const includeDissolved = useRef(false);
  const loaded = useRef(new Set<string>());
  const parentOf = useRef(new Map<string, string | null>());

  const loadChildren = useCallback(async (id: string) => {
    const list = await orgsApi.children(id, includeDissolved.current);
    for (const org of list) parentOf.current.set(org.id, org.parentId);
    loaded.current.add(id);
    setChildrenOf((previous) => ({ ...previous, [id]: list }));
  }, []);

  const reloadHome = useCallback(async () => {
    try {
      const org = await orgsApi.home();
      parentOf.current.set(org.id, null);
      setHome(org);
      setHomeError(null);
    } catch (error) {
      setHomeError(error);
    }
  }, []);

  useEffect(() => {
    void reloadHome();
  }, [reloadHome]);

  // The root starts expanded.
  const homeId = home?.id;
  useEffect(() => {
    if (!homeId) return;
    setExpandedKeys((keys) => (keys.includes(homeId) ? keys : [homeId, ...keys]));
    if (!loaded.current.has(homeId)) void loadChildren(homeId);
  }, [homeId, loadChildren]);

  const expand = useCallback((ids: readonly string[]) => {
    setExpandedKeys((keys) => (ids.every((id) => keys.includes(id)) ? keys : [...new Set([...keys, ...ids])]));
  }, []);

  const reveal = useCallback(
    async (ancestors: readonly Org[]) => {
      for (const org of ancestors) {
        parentOf.current.set(org.id, org.parentId);
        if (!loaded.current.has(org.id)) await loadChildren(org.id);
      }
      expand(ancestors.map((o) => o.id));
    },
    [loadChildren, expand],
  );

  const refresh = useCallback(
    async (ids: readonly string[]) => {
      const lists = new Set<string>();
      let rootTouched = false;
      for (const id of ids) {
        lists.add(id);
        const parent = parentOf.current.get(id);
        if (parent) lists.add(parent);
        else if (parent === null) rootTouched = true;
      }
      await Promise.all([...[...lists].map(loadChildren), ...(rootTouched ? [reloadHome()] : [])]);
    },
    [loadChildren, reloadHome],
  );

  const setShowDissolved = useCallback(
    async (value: boolean) => {
      includeDissolved.current = value;
      setShowDissolvedState(value);
      await Promise.all([...loaded.current].map(loadChildren));
    },
    [loadChildren],
  );

  return {
    home,
    homeError,
    childrenOf,
    expandedKeys,
    setExpandedKeys,
    expand,
    showDissolved,
    setShowDissolved,
    loadChildren,
    reveal,
    refresh,
    reloadHome,
  };
}
