/**
 * Who is acting, from where, and over which subtree. Every service call takes one; every query is limited to
 * `scopePath`'s subtree, so an id from outside it reads exactly like a missing one.
 */
export interface Actor {
  accountId: string | null;
  /** The roles joined with commas, as the audit trail records them. */
  role: string;
  roles: readonly string[];
  /** Path of the home org; the empty string means the whole installation (the CLI, before any account). */
  scopePath: string;
  sourceAddress: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  accountId: null,
  role: 'system',
  roles: ['system'],
  scopePath: '',
  sourceAddress: null,
};

/** The CLI acting on the operator's behalf at the console. */
export const CONSOLE_ACTOR: Actor = { ...SYSTEM_ACTOR, role: 'console', roles: ['console'], sourceAddress: 'console' };
