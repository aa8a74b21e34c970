import { z } from 'zod';
import { ApiError, apiErrorCodes, type ApiErrorCode } from '../../../shared/api/errors';

/**
 * The ApiResponse envelope, read leniently on the error side: an engine newer than this UI may send a
 * code we do not know, which should still reach the user as an error and not as a "malformed response".
 */
const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

function knownCode(code: string): ApiErrorCode {
  return (apiErrorCodes as readonly string[]).includes(code) ? (code as ApiErrorCode) : 'INTERNAL';
}

/** The value inside a successful envelope; throws the envelope's ApiError, or INTERNAL when it is not one. */
export function openEnvelope(raw: unknown, what: string): unknown {
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError('INTERNAL', `the response to ${what} is not an API response`);
  if (!parsed.data.ok) throw new ApiError(knownCode(parsed.data.error.code), parsed.data.error.message);
  return parsed.data.value;
}

/** True when a body looks like an envelope at all (used where a shell may answer with or without one). */
export function isEnvelope(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'ok' in raw && typeof (raw as { ok: unknown }).ok === 'boolean';
}

/** A short description of a zod failure for an error message: the first issue's path and text. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
