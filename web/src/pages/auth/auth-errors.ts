/** Texts for the login refusals whose details matter to the user: wait times and password problems. */
import { ApiError, errorMessage } from '../../api.ts';
import { translate } from '../../i18n.ts';

function detail(error: ApiError, name: string): unknown {
  const { details } = error;
  return typeof details === 'object' && details !== null && name in details
    ? (details as Record<string, unknown>)[name]
    : undefined;
}

/** A failed login: lockout with the minutes to wait, rate limit with the seconds, or the plain message. */
export function loginErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const seconds = detail(error, 'retryAfterSeconds');
  if (typeof seconds !== 'number') return error.message;
  if (error.code === 'auth.locked') return translate('login.locked', { minutes: Math.ceil(seconds / 60) });
  if (error.code === 'request.rate_limited') return translate('login.rateLimited', { seconds });
  return error.message;
}

const PROBLEMS = ['too_short', 'too_long', 'too_simple', 'common', 'contains_username', 'reused'] as const;
type Problem = (typeof PROBLEMS)[number];
const isProblem = (value: string): value is Problem => (PROBLEMS as readonly string[]).includes(value);

/** The sentences for a refused new password (`auth.password_rejected`), or null for any other error. */
export function passwordProblems(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== 'auth.password_rejected') return null;
  const problems = detail(error, 'problems');
  if (!Array.isArray(problems)) return null;
  return problems
    .map((p) => (typeof p === 'string' ? p.replace(/^password\./, '') : ''))
    .filter(isProblem)
    .map((p) => translate(`passwordProblem.${p}`));
}
