/**
 * Who is acting, from where, and over which subtree. Every service call takes one; every query is limited to
 * `scopePath`'s subtree, so an id from outside it reads exactly like a missing one.
 */
export interface Actor {
  accountId: string | null;
  role: string;
  /** Path of the home org; the empty string means the whole installation (before accounts exist). */
  scopePath: string;
  sourceAddress: string | null;
}

export const SYSTEM_ACTOR: Actor = { accountId: null, role: 'system', scopePath: '', sourceAddress: null };
