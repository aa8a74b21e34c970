import { scrypt as scryptCb } from 'node:crypto';
import { StrongroomError } from '../errors';

/**
 * Passphrase stretching with scrypt. Parameters come from the vault header, which anyone can edit, so
 * they are checked against hard bounds before any work: a header declaring N=2^40 must be refused at
 * once, not after exhausting memory.
 */
export interface ScryptParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string; // base64
}

export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const LIMITS = { minLogN: 14, maxLogN: 20, maxR: 16, maxP: 4, minSalt: 16, maxSalt: 64, maxMemBytes: 1024 * 1024 * 1024 };

function scryptMemory(N: number, r: number, p: number): number {
  return 128 * N * r + 128 * r * p + 1024;
}

export function checkScryptParams(params: { N: number; r: number; p: number; salt: string }): void {
  const { N, r, p } = params;
  const refuse = (why: string): never => {
    throw new StrongroomError('KDF_PARAMS_REFUSED', `vault header declares unacceptable passphrase KDF parameters: ${why}`);
  };
  if (!Number.isSafeInteger(N) || N <= 0 || !Number.isInteger(Math.log2(N))) refuse(`N=${N} is not a power of two`);
  const logN = Math.log2(N);
  if (logN < LIMITS.minLogN || logN > LIMITS.maxLogN) refuse(`N=2^${logN} is outside 2^${LIMITS.minLogN}..2^${LIMITS.maxLogN}`);
  if (!Number.isSafeInteger(r) || r < 1 || r > LIMITS.maxR) refuse(`r=${r} is outside 1..${LIMITS.maxR}`);
  if (!Number.isSafeInteger(p) || p < 1 || p > LIMITS.maxP) refuse(`p=${p} is outside 1..${LIMITS.maxP}`);
  if (scryptMemory(N, r, p) > LIMITS.maxMemBytes) refuse('it would need more than 1 GiB of memory');
  const saltLength = Buffer.from(params.salt, 'base64').length;
  if (saltLength < LIMITS.minSalt || saltLength > LIMITS.maxSalt) refuse(`salt of ${saltLength} bytes`);
}

export function deriveFromPassphrase(passphrase: string, params: ScryptParams): Promise<Buffer> {
  checkScryptParams(params);
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    scryptCb(
      Buffer.from(passphrase.normalize('NFC'), 'utf8'),
      Buffer.from(params.salt, 'base64'),
      32,
      { N, r, p, maxmem: scryptMemory(N, r, p) + 16 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export const MIN_PASSPHRASE_LENGTH = 8;

export function checkNewPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new StrongroomError('INVALID_ARGUMENT', `the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
}
