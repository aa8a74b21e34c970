import { ApiError } from '../../../shared/api/errors';
import { sentence } from './error-messages';

/** A message per field of a form, keyed by the field's name in the contract. */
export type FieldErrors = Readonly<Record<string, string>>;

export const NO_FIELD_ERRORS: FieldErrors = Object.freeze({});

interface Issue {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** zod's wording for a value of the wrong type ("expected number, received NaN") means an empty or half-typed box. */
const WRONG_TYPE = 'Enter a value here.';

/**
 * Every field's first problem from a zod validation, keyed by the last step of its path (the field's
 * name), so a form can show them all at once instead of one per round trip.
 */
export function fieldErrorsFromIssues(issues: readonly Issue[]): FieldErrors {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.at(-1);
    if (typeof field !== 'string' || field in out) continue;
    out[field] = issue.code === 'invalid_type' ? WRONG_TYPE : sentence(issue.message);
  }
  return out;
}

/**
 * Both the engine's dispatcher and the api module's own check word a refused argument as
 * "invalid arguments for <method>: <path>: <message>" (electron/core/api/dispatch.ts,
 * api/response-envelope.ts). The path names the field, so the message can sit under it.
 */
const INVALID_ARGUMENTS = /^invalid arguments for [\w.]+: ([\w.]+): (.+)$/s;

/** The field an INVALID_ARGUMENT names, when it is one of `fields`; null for any other error. */
export function fieldErrorFromApiError(error: unknown, fields: readonly string[]): { field: string; message: string } | null {
  if (!(error instanceof ApiError) || error.code !== 'INVALID_ARGUMENT') return null;
  const match = INVALID_ARGUMENTS.exec(error.message);
  if (!match) return null;
  const field = match[1]!.split('.').at(-1)!;
  if (!fields.includes(field)) return null;
  return { field, message: sentence(match[2]!) };
}
