/**
 * A refusal of the API read for a form: the field it names (details.field, or the first invalid path), the
 * message in the user's language, and the rule it cites (details.rule.cite) to show under the message.
 */
import { ApiError, errorMessage } from '../../api.ts';
import { translate } from '../../i18n.ts';
import { idProblemKey } from './member-labels.ts';
import type { IdProblem } from './members-api.ts';

export interface FieldError {
  field: string | null;
  message: string;
  cite: string | null;
}

const ID_PROBLEMS: readonly string[] = ['format', 'checksum', 'birth_date_invalid', 'birth_date_future'];

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function firstInvalidPath(details: Record<string, unknown> | null): string | null {
  const issues = details?.issues;
  if (!Array.isArray(issues)) return null;
  const path = record(issues[0])?.path;
  return typeof path === 'string' ? (path.split('/')[1] ?? null) || null : null;
}

export function readFieldError(error: unknown): FieldError {
  if (!(error instanceof ApiError)) return { field: null, message: errorMessage(error), cite: null };
  const details = record(error.details);
  const field = typeof details?.field === 'string' ? details.field : firstInvalidPath(details);
  const cite = record(details?.rule)?.cite;
  const reason = details?.reason;
  // An invalid ID number says why, in the words of the live check.
  const message =
    typeof reason === 'string' && ID_PROBLEMS.includes(reason) ? translate(idProblemKey(reason as IdProblem)) : error.message;
  return { field, message, cite: typeof cite === 'string' ? cite : null };
}

/** The lines a form shows under a field or in its alert: the message, then the rule it cites. */
export function errorLines(error: FieldError): string[] {
  return error.cite ? [error.message, translate('rule.cite', { cite: error.cite })] : [error.message];
}
