import { z } from 'zod';

/** The engine's error codes (electron/core/errors.ts uses this list); the API adds transport-level ones. */
export const engineErrorCodes = [
  'VAULT_NOT_FOUND',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'HEADER_INVALID',
  'KDF_PARAMS_REFUSED',
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'RECOVERY_KEY_MALFORMED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_EMPTY',
  'NO_UNLOCK_METHOD',
  'LAST_UNLOCK_METHOD',
  'CATALOG_WRONG_KEY',
  'CATALOG_UNENCRYPTED',
  'CATALOG_FROM_FUTURE',
  'BLOB_CORRUPT',
  'BLOB_MISSING',
  'NOT_FOUND',
  'INVALID_ARGUMENT',
  'CONFLICT',
  /** A share of assets whose current version is not approved, without the explicit allowDrafts. */
  'NOT_APPROVED',
  'CANCELLED',
  'SYNC_REMOTE',
  'SYNC_OBJECT_REJECTED',
] as const;

export const apiErrorCodes = [...engineErrorCodes, 'UNKNOWN_METHOD', 'UNAUTHORIZED', 'INTERNAL'] as const;

export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiErrorSchema = z.object({ code: z.enum(apiErrorCodes), message: z.string() });
export type ApiErrorShape = z.infer<typeof apiErrorSchema>;

/** What every transport turns a failure into on the calling side. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** What a caller is told of a failure that is a bug: the details go to the log, never to the client. */
export const INTERNAL_ERROR_MESSAGE = 'something went wrong inside Strongroom; the details are in the log';

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
