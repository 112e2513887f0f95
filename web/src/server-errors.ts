/**
 * A refusal of the API read for a form: the field it names (details.field, or the first invalid path), the
 * message in the user's language, and the rule it cites (details.rule.cite) to show under the message.
 */
import { ApiError, errorMessage } from './api.ts';
import { translate } from './i18n.ts';

export interface FieldError {
  field: string | null;
  message: string;
  cite: string | null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function firstInvalidPath(details: Record<string, unknown> | null): string | null {
  const issues = details?.issues;
  if (!Array.isArray(issues)) return null;
  const path = record(issues[0])?.path;
  return typeof path === 'string' ? (path.split('/')[1] ?? null) || null : null;
}

/**
 * `explainReason` words a refusal by its details.reason when a form knows better than the server's message
 * (null keeps the message).
 */
export function readFieldError(error: unknown, explainReason?: (reason: string) => string | null): FieldError {
  if (!(error instanceof ApiError)) return { field: null, message: errorMessage(error), cite: null };
  const details = record(error.details);
  const field = typeof details?.field === 'string' ? details.field : firstInvalidPath(details);
  const cite = record(details?.rule)?.cite;
  const reason = details?.reason;
  const message = (typeof reason === 'string' && explainReason?.(reason)) || error.message;
  return { field, message, cite: typeof cite === 'string' ? cite : null };
}

/** The lines a form shows under a field or in its alert: the message, then the rule it cites. */
export function errorLines(error: FieldError): string[] {
  return error.cite ? [error.message, translate('rule.cite', { cite: error.cite })] : [error.message];
}
