import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { StrongroomError } from '../errors';

/**
 * Share passwords: scrypt with its parameters stored beside the hash. Cheaper than the vault
 * passphrase (N = 2^15, ~50 ms) because the server checks them on every attempt; the attempt limit
 * (100 an hour per link) is what stops guessing online.
 */
export const SHARE_PASSWORD_KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

const kdfSchema = z.strictObject({
  name: z.literal('scrypt'),
  N: z.number().int().refine((n) => n >= 2 ** 14 && n <= 2 ** 20 && Number.isInteger(Math.log2(n))),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(4),
  salt: z.string().min(20).max(100),
});
export type SharePasswordKdf = z.infer<typeof kdfSchema>;

export const MAX_SHARE_PASSWORD_CHARS = 256;

function run(password: string, kdf: SharePasswordKdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(password.normalize('NFC'), 'utf8'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashSharePassword(password: string): Promise<{ hash: string; kdf: string }> {
  if (password.length < 1 || password.length > MAX_SHARE_PASSWORD_CHARS) {
    throw new StrongroomError('INVALID_ARGUMENT', `a share password has 1 to ${MAX_SHARE_PASSWORD_CHARS} characters`);
  }
  const kdf: SharePasswordKdf = { name: 'scrypt', ...SHARE_PASSWORD_KDF, salt: randomBytes(16).toString('base64') };
  return { hash: (await run(password, kdf)).toString('base64'), kdf: JSON.stringify(kdf) };
}

/** Constant-time comparison of the derived keys; an over-long attempt is hashed anyway (same cost). */
export async function checkSharePassword(attempt: string, stored: { hash: string; kdf: string }): Promise<boolean> {
  const kdf = kdfSchema.parse(JSON.parse(stored.kdf));
  const derived = await run(attempt.slice(0, MAX_SHARE_PASSWORD_CHARS * 4), kdf);
  const expected = Buffer.from(stored.hash, 'base64');
  return expected.length === derived.length && timingSafeEqual(expected, derived);
}
