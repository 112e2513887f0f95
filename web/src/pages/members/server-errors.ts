/** A refusal of a member's record read for its form: as any form's, with an invalid ID number said in the words of the live check. */
import { translate } from '../../i18n.ts';
import { errorLines, readFieldError as readAnyFieldError, type FieldError } from '../../server-errors.ts';
import { idProblemKey } from './member-labels.ts';
import type { IdProblem } from './members-api.ts';

export { errorLines, type FieldError };

const ID_PROBLEMS: readonly string[] = ['format', 'checksum', 'birth_date_invalid', 'birth_date_future'];
const isIdProblem = (reason: string): reason is IdProblem => ID_PROBLEMS.includes(reason);

export function readFieldError(error: unknown): FieldError {
  return readAnyFieldError(error, (reason) => (isIdProblem(reason) ? translate(idProblemKey(reason)) : null));
}
