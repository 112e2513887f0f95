/**
 * The one fetch wrapper of the web UI. Every API call goes through `request`, so the session cookie and the
 * CSRF header live here only. Failures become an ApiError whose message is ready to show.
 */
import { translate, translateErrorCode } from './i18n.ts';

const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

export type QueryValue = string | number | boolean | null | undefined;

function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// The session's CSRF token, sent on every write. The login steps and /auth/me hand it over; when the page has none
// yet (a write before anything else), it is read from /auth/me once.
let csrfToken: Promise<string> | null = null;

/** Remembers the token of a session just opened or replaced (login, password change, second factor). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token === null ? null : Promise.resolve(token);
}

function sessionCsrfToken(): Promise<string> {
  if (!csrfToken) {
    const pending = send<{ csrfToken: string }>('GET', '/auth/me').then((me) => me.csrfToken);
    // A failed look-up (no session yet) is not remembered.
    pending.catch(() => {
      if (csrfToken === pending) csrfToken = null;
    });
    csrfToken = pending;
  }
  return csrfToken;
}

/** Told of every answer: null for a success, the error otherwise (the session watches for lost sessions). */
type AnswerListener = (error: ApiError | null) => void;
const answerListeners = new Set<AnswerListener>();

export function onApiAnswer(listener: AnswerListener): () => void {
  answerListeners.add(listener);
  return () => answerListeners.delete(listener);
}

function told<T>(result: Promise<T>): Promise<T> {
  return result.then(
    (value) => {
      for (const listener of answerListeners) listener(null);
      return value;
    },
    (error: unknown) => {
      if (error instanceof ApiError && error.status !== 0) for (const listener of answerListeners) listener(error);
      throw error;
    },
  );
}

async function request<T>(method: string, path: string, body?: unknown, query?: Record<string, QueryValue>, extraHeaders?: Record<string, string>): Promise<T> {
  if (SAFE_METHODS.has(method)) return send<T>(method, path, body, query);
  try {
    return await send<T>(method, path, body, query, await sessionCsrfToken(), extraHeaders);
  } catch (error) {
    // The session may have been replaced (a new login in another tab): fetch its token once more.
    if (!(error instanceof ApiError && error.code === 'auth.csrf_invalid')) throw error;
    csrfToken = null;
    return send<T>(method, path, body, query, await sessionCsrfToken(), extraHeaders);
  }
}

async function send<T>(
  method: string,
  path: string,
  body?: unknown,
  query?: Record<string, QueryValue>,
  csrf?: string,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
  // A Blob (an uploaded file) goes as it is, with its own type; anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) headers['content-type'] = raw ? body.type : 'application/json';
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(API_BASE + withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', translate('error.network'), null);
  }
  const text = await response.text();
  const data = text ? parseJson(text) : null;
  if (!response.ok) throw failure(response.status, data);
  return data as T;
}

function failure(status: number, data: unknown): ApiError {
  if (isErrorBody(data)) {
    const { code, message, details } = data.error;
    return new ApiError(status, code, translateErrorCode(code) ?? message, details);
  }
  return new ApiError(status, 'http', translate('error.http', { status }), null);
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>) => told(request<T>('GET', path, undefined, query)),
  /** `headers`: request headers beyond the usual ones (an Idempotency-Key). */
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => told(request<T>('POST', path, body, undefined, headers)),
  put: <T>(path: string, body: unknown) => told(request<T>('PUT', path, body)),
  patch: <T>(path: string, body: unknown) => told(request<T>('PATCH', path, body)),
  delete: <T>(path: string) => told(request<T>('DELETE', path)),
  /** A write before any session exists (the login itself): no CSRF token to send. */
  postAnonymous: <T>(path: string, body: unknown) => told(send<T>('POST', path, body)),
  /** Sends a file as the raw body (an import), with the query; the answer is JSON. */
  upload: <T>(path: string, query: Record<string, QueryValue>, file: Blob) => told(request<T>('POST', path, file, query)),
  /** Saves a file the API answers (an export) under `filename`; the session cookie goes along. */
  download: (path: string, query: Record<string, QueryValue>, filename: string) => told(download(path, query, filename)),
};

async function download(path: string, query: Record<string, QueryValue>, filename: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(API_BASE + withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', translate('error.network'), null);
  }
  if (!response.ok) throw failure(response.status, parseJson(await response.text()));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the file to the browser; the object URL may go after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The text to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return translate('error.unknown');
}
