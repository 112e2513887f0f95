/**
 * The signed-in user as one store: loading, anonymous (the login page), a pending login step, the recovery codes
 * shown once after enrolment, or ready. api.ts reports every answer here, so a session that timed out or was ended
 * anywhere sends the UI back to the login page, and a page left idle past the policy's timeout does too.
 */
import { useSyncExternalStore } from 'react';
import type { z } from 'zod';
import type * as schema from '../../src/modules/accounts/accounts.schema.ts';
import type { Permission } from '../../src/modules/accounts/roles.ts';
import { api, ApiError, errorMessage, onApiAnswer, setCsrfToken } from './api.ts';

export type { Permission };
export type Me = z.infer<typeof schema.meView>;
export type StepAnswer = z.infer<typeof schema.stepAnswer>;
export type LoginStep = NonNullable<StepAnswer['next']>;
export type MfaEnrollment = NonNullable<StepAnswer['mfaEnrollment']>;

/** Why the login page shows: the session timed out, was ended (by an administrator, a role change), or the user left. */
export type LoginNotice = 'expired' | 'ended' | 'loggedOut';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable'; error: string }
  | { status: 'anonymous'; notice: LoginNotice | null }
  | { status: 'step'; step: LoginStep; enrollment: MfaEnrollment | null }
  | { status: 'recovery-codes'; codes: string[]; next: LoginStep | null }
  | { status: 'ready'; me: Me };

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();
let idleTimer: ReturnType<typeof setTimeout> | null = null;

function setState(next: SessionState): void {
  state = next;
  if (next.status === 'ready') restartIdleTimer();
  else stopIdleTimer();
  for (const listener of listeners) listener();
}

function stopIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
}

// After the idle timeout without any answer, one look at /auth/me: the server answers session_expired and the
// listener below shows the login page, so nothing stays on screen past the timeout.
function restartIdleTimer(): void {
  stopIdleTimer();
  if (state.status !== 'ready') return;
  const ms = (state.me.policy.idleTimeoutMinutes * 60 + 5) * 1000;
  idleTimer = setTimeout(() => void api.get('/auth/me').catch(() => undefined), ms);
}

const isLoginStep = (value: unknown): value is LoginStep =>
  value === 'change-password' || value === 'enroll-mfa' || value === 'mfa';

onApiAnswer((error) => {
  const live = state.status === 'ready' || state.status === 'step' || state.status === 'recovery-codes';
  if (!live) return;
  if (error?.status === 401 && (error.code === 'auth.session_expired' || error.code === 'auth.required')) {
    setCsrfToken(null);
    setState({ status: 'anonymous', notice: error.code === 'auth.session_expired' ? 'expired' : 'ended' });
  } else if (error?.code === 'auth.step_required' && state.status === 'ready') {
    const details = error.details;
    const next = typeof details === 'object' && details !== null && 'next' in details ? details.next : null;
    if (isLoginStep(next)) setState({ status: 'step', step: next, enrollment: null });
  } else if (state.status === 'ready') {
    restartIdleTimer();
  }
});

async function enter(): Promise<void> {
  const me = await api.get<Me>('/auth/me');
  setCsrfToken(me.csrfToken);
  setState(me.next ? { status: 'step', step: me.next, enrollment: null } : { status: 'ready', me });
}

/** Follows a login step's answer: the next step, or into the app. */
async function follow(answer: StepAnswer): Promise<void> {
  setCsrfToken(answer.csrfToken);
  if (answer.next) setState({ status: 'step', step: answer.next, enrollment: answer.mfaEnrollment ?? null });
  else await enter();
}

export const session = {
  /** On page load: who is this? */
  async load(): Promise<void> {
    setState({ status: 'loading' });
    try {
      await enter();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setState({ status: 'anonymous', notice: error.code === 'auth.session_expired' ? 'expired' : null });
      } else {
        setState({ status: 'unreachable', error: errorMessage(error) });
      }
    }
  },

  async logIn(username: string, password: string): Promise<void> {
    await follow(await api.postAnonymous<StepAnswer>('/auth/login', { username, password }));
  },

  /** Also the voluntary change: the server ends every session and answers a new one. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await follow(await api.post<StepAnswer>('/auth/password', { currentPassword, newPassword }));
  },

  async enrollMfa(code: string): Promise<void> {
    const answer = await api.post<StepAnswer & { recoveryCodes: string[] }>('/auth/mfa/enroll', { code });
    setCsrfToken(answer.csrfToken);
    setState({ status: 'recovery-codes', codes: answer.recoveryCodes, next: answer.next });
  },

  async verifyMfa(code: string): Promise<void> {
    await follow(await api.post<StepAnswer>('/auth/mfa', { code }));
  },

  /** The user has stored the recovery codes. */
  async leaveRecoveryCodes(): Promise<void> {
    if (state.status !== 'recovery-codes') return;
    const { next } = state;
    if (next) setState({ status: 'step', step: next, enrollment: null });
    else await enter();
  },

  /** Ends the session; `notice` tells the login page why it shows. */
  async logOut(notice: LoginNotice | null = 'loggedOut'): Promise<void> {
    try {
      await api.post('/auth/logout');
    } catch {
      // Already gone on the server: the user is logged out either way.
    }
    setCsrfToken(null);
    setState({ status: 'anonymous', notice });
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state);
}

/** The signed-in user; only inside the app shell, which shows once the session is ready. */
export function useMe(): Me {
  const current = useSession();
  if (current.status !== 'ready') throw new Error('useMe() outside a ready session');
  return current.me;
}

/** Whether the signed-in user holds a permission (the server checks again; this only hides what would fail). */
export function useCan(): (permission: Permission) => boolean {
  const current = useSession();
  const granted = current.status === 'ready' ? current.me.permissions : [];
  return (permission) => granted.includes(permission);
}
