import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Random 60-bit ids in lowercase Crockford base32: short enough to type, with no look-alike letters. */
export function newId(): string {
  const bytes = randomBytes(8);
  let value = bytes.readBigUInt64BE(0) >> 4n;
  let out = '';
  for (let i = 0; i < 12; i += 1) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export const ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{12}$/;
