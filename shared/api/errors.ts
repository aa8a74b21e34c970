import { z } from 'zod';

/** Error codes a caller of the API can receive; the engine's own codes plus transport-level ones. */
export const apiErrorCodes = [
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
  'CANCELLED',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;

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

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
