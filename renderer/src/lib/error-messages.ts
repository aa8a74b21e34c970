import { ApiError, type ApiErrorCode } from '../../../shared/api/errors';
import { EngineUnreachableError } from '../api';

/**
 * What the user reads when something fails. Codes map to fixed sentences where the engine's message
 * would be technical or name internals; where the engine's message is the useful part (which name
 * conflicts, which character of a recovery key is wrong) it is passed on, cleaned up. Never a stack.
 */
const FIXED: Partial<Record<ApiErrorCode, string>> = {
  VAULT_NOT_FOUND: 'There is no Strongroom vault in that folder.',
  VAULT_EXISTS: 'That folder already holds a vault. Open it instead of creating a new one.',
  VAULT_LOCKED: 'The vault is locked. Unlock it to continue.',
  HEADER_INVALID: 'The vault’s header file is damaged or was changed outside Strongroom, so it cannot be opened safely.',
  KDF_PARAMS_REFUSED: 'This vault asks for unsafe key settings, so Strongroom refuses to open it.',
  WRONG_PASSPHRASE: 'That passphrase does not open this vault. Check Caps Lock and try again.',
  WRONG_RECOVERY_KEY: 'That recovery key does not open this vault.',
  KEYCHAIN_UNAVAILABLE: 'The system keychain is not available. Unlock with your passphrase.',
  KEYCHAIN_EMPTY: 'The keychain on this device has no key for this vault. Unlock with your passphrase or recovery key.',
  NO_UNLOCK_METHOD: 'This vault has no way left to unlock it.',
  LAST_UNLOCK_METHOD: 'That is the last way to unlock this vault, so it cannot be removed.',
  CATALOG_WRONG_KEY: 'The vault’s catalog could not be decrypted; the file may be damaged.',
  CATALOG_UNENCRYPTED: 'The vault’s catalog is not encrypted, so Strongroom refuses to open it.',
  CATALOG_FROM_FUTURE: 'This vault was written by a newer Strongroom. Update the app to open it.',
  BLOB_CORRUPT: 'An image in the vault failed its integrity check: its file is damaged.',
  BLOB_MISSING: 'An image file is missing from the vault folder.',
  CANCELLED: 'Cancelled.',
  UNKNOWN_METHOD: 'This window and Strongroom are different versions. Reload the window.',
  UNAUTHORIZED: 'This browser tab is not signed in. Open the link Strongroom printed when it started.',
  INTERNAL: 'Something went wrong inside Strongroom. The details are in its log.',
};

/** Codes whose engine message says something specific the user can act on. */
const PASS_THROUGH: ReadonlySet<ApiErrorCode> = new Set([
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_ARGUMENT',
  'RECOVERY_KEY_MALFORMED',
  'NOT_APPROVED',
  // "the bucket refused the credentials", "the folder … is not writable": what to fix, in the engine's words.
  'SYNC_REMOTE',
  'SYNC_OBJECT_REJECTED',
]);

const FALLBACK: Partial<Record<ApiErrorCode, string>> = {
  NOT_FOUND: 'It no longer exists; it may have been removed.',
  CONFLICT: 'That name is already taken.',
  INVALID_ARGUMENT: 'Strongroom did not accept that value.',
  RECOVERY_KEY_MALFORMED: 'The recovery key has a typo.',
  NOT_APPROVED: 'Some of these images have no approved version.',
  SYNC_REMOTE: 'The sync storage could not be reached or refused the request.',
  SYNC_OBJECT_REJECTED: 'An object in the sync storage failed its integrity check and was not used.',
};

const MAX_LENGTH = 240;

/** One sentence from an engine message: first line, no "Error:" prefix, capitalised, bounded. */
export function sentence(message: string): string {
  const firstLine = (message.split('\n')[0] ?? '').replace(/^\w*Error:\s*/, '').trim();
  if (!firstLine) return '';
  const clipped = firstLine.length > MAX_LENGTH ? `${firstLine.slice(0, MAX_LENGTH - 1)}…` : firstLine;
  const capitalised = clipped.charAt(0).toUpperCase() + clipped.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

export function humanMessage(error: unknown): string {
  if (error instanceof EngineUnreachableError) return 'Strongroom is not responding. Check that it is still running, then try again.';
  if (error instanceof ApiError) {
    if (PASS_THROUGH.has(error.code)) return sentence(error.message) || FALLBACK[error.code] || FIXED.INTERNAL!;
    return FIXED[error.code] ?? FIXED.INTERNAL!;
  }
  return 'Something went wrong in this window. Try again, or reload it.';
}

export function errorCode(error: unknown): ApiErrorCode | null {
  return error instanceof ApiError ? error.code : null;
}
