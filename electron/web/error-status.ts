import { isStrongroomError } from '../core/errors';
import { type ApiErrorCode, INTERNAL_ERROR_MESSAGE } from '../../shared/api/errors';

/**
 * The HTTP status for an engine failure on routes that answer with a status rather than an ApiResponse
 * (media, uploads). Anything unexpected is INTERNAL, and its details go to the log, not the client.
 */
const STATUS: Partial<Record<ApiErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VAULT_LOCKED: 423,
  VAULT_NOT_FOUND: 404,
  CANCELLED: 409,
};

export interface HttpFailure {
  status: number;
  code: ApiErrorCode;
  message: string;
}

export function httpFailureOf(err: unknown): HttpFailure | null {
  if (!isStrongroomError(err)) return null;
  return { status: STATUS[err.code] ?? 500, code: err.code, message: err.message };
}

export const INTERNAL_FAILURE: HttpFailure = {
  status: 500,
  code: 'INTERNAL',
  message: INTERNAL_ERROR_MESSAGE,
};
