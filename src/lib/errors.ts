/**
 * The one error shape of the API: `{ error: { code, message, details } }`.
 * Services throw AppError; the server's error handler turns it into the response.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 500;

export class AppError extends Error {
  readonly status: ErrorStatus;
  readonly code: string;
  readonly details: unknown;

  constructor(status: ErrorStatus, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = details ?? null;
  }
}

export const badInput = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const notFound = (code: string, message: string, details?: unknown) =>
  new AppError(404, code, message, details);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
/** A regulation or structural rule refused the operation; details cite the rule. */
export const ruleViolation = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, details: details ?? null } };
}
