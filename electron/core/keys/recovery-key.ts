import { createHash, randomBytes } from 'node:crypto';
import { StrongroomError } from '../errors';

/**
 * Recovery keys: 160 random bits plus a 40-bit checksum, written in Crockford base32 as eight groups of
 * five characters. Crockford's alphabet has no I, L, O or U, and reading folds the look-alikes, so a key
 * copied by hand from paper still works; the checksum turns a typo into a clear message instead of a
 * "wrong key" that sends the user hunting for another key.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_SECRET_BYTES = 20;
const CHECKSUM_BYTES = 5;
const GROUP = 5;
const TOTAL_CHARS = ((RECOVERY_SECRET_BYTES + CHECKSUM_BYTES) * 8) / 5;

function checksum(secret: Buffer): Buffer {
  return createHash('sha256').update('strongroom-recovery-key').update(secret).digest().subarray(0, CHECKSUM_BYTES);
}

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function fromBase32(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    value = (value << 5) | ALPHABET.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

export function formatRecoveryKey(secret: Buffer): string {
  const chars = toBase32(Buffer.concat([secret, checksum(secret)]));
  return chars.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

export function generateRecoveryKey(): { secret: Buffer; text: string } {
  const secret = randomBytes(RECOVERY_SECRET_BYTES);
  return { secret, text: formatRecoveryKey(secret) };
}

export function parseRecoveryKey(input: string): Buffer {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const bad = [...cleaned].find((ch) => !ALPHABET.includes(ch));
  if (bad !== undefined) {
    throw new StrongroomError('RECOVERY_KEY_MALFORMED', `the recovery key contains "${bad}", which is not one of its characters`);
  }
  if (cleaned.length !== TOTAL_CHARS) {
    throw new StrongroomError(
      'RECOVERY_KEY_MALFORMED',
      `a recovery key has ${TOTAL_CHARS} characters (8 groups of 5); this one has ${cleaned.length}`,
    );
  }
  const bytes = fromBase32(cleaned);
  const secret = bytes.subarray(0, RECOVERY_SECRET_BYTES);
  if (!checksum(secret).equals(bytes.subarray(RECOVERY_SECRET_BYTES))) {
    throw new StrongroomError('RECOVERY_KEY_MALFORMED', 'the recovery key has a typo: its checksum does not match');
  }
  return Buffer.from(secret);
}
