import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorCodes } from '../../shared/api/errors';
import { EngineUnreachableError } from '../../renderer/src/api';
import { humanMessage, sentence } from '../../renderer/src/lib/error-messages';

describe('error messages', () => {
  it('gives every contract error code a sentence, none of them the raw code', () => {
    for (const code of apiErrorCodes) {
      const message = humanMessage(new ApiError(code, 'x'));
      expect(message.length, code).toBeGreaterThan(1);
      expect(message, code).not.toContain(code);
      expect(message, code).toMatch(/^[A-Z]/);
    }
  });

  it('uses fixed wording where the engine message is technical', () => {
    expect(humanMessage(new ApiError('WRONG_PASSPHRASE', 'wrong passphrase'))).toBe('That passphrase does not open this vault. Check Caps Lock and try again.');
    expect(humanMessage(new ApiError('INTERNAL', 'TypeError: x is undefined\n    at foo (core.ts:1)'))).toBe(
      'Something went wrong inside Strongroom. The details are in its log.',
    );
    expect(humanMessage(new ApiError('VAULT_EXISTS', '/home/a/vault already holds a vault; open it instead'))).not.toContain('/home');
  });

  it('passes on the specific engine message for conflicts, not-found and bad values', () => {
    expect(humanMessage(new ApiError('CONFLICT', 'a collection named "Spring" already exists'))).toBe('A collection named "Spring" already exists.');
    expect(humanMessage(new ApiError('RECOVERY_KEY_MALFORMED', 'the recovery key has a typo: its checksum does not match'))).toBe(
      'The recovery key has a typo: its checksum does not match.',
    );
    expect(humanMessage(new ApiError('INVALID_ARGUMENT', ''))).toBe('Strongroom did not accept that value.');
    expect(humanMessage(new ApiError('SYNC_REMOTE', 'the bucket refused the credentials'))).toBe('The bucket refused the credentials.');
    expect(humanMessage(new ApiError('SYNC_OBJECT_REJECTED', ''))).toContain('integrity check');
  });

  it('never shows a stack trace, only the first line', () => {
    const message = humanMessage(new ApiError('NOT_FOUND', 'no asset with id "abc"\n    at getAsset (assets.ts:10:5)\n    at handler'));
    expect(message).toBe('No asset with id "abc".');
    expect(sentence('Error: boom\n    at x')).toBe('Boom.');
    expect(sentence('x'.repeat(1000)).length).toBeLessThanOrEqual(241);
  });

  it('says "not responding" for an unreachable engine and something calm for anything else', () => {
    expect(humanMessage(new EngineUnreachableError('Failed to fetch'))).toContain('not responding');
    const other = humanMessage(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(other).toBe('Something went wrong in this window. Try again, or reload it.');
  });
});
