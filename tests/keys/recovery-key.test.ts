import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatRecoveryKey, generateRecoveryKey, parseRecoveryKey, RECOVERY_SECRET_BYTES } from '../../electron/core/keys/recovery-key';
import { thrownBy } from '../helpers/rejection';

/**
 * Recovery keys are copied by hand from paper: 8 groups of 5 Crockford base32 characters, read back
 * forgivingly (case, spaces, O/I/L look-alikes), with a checksum that turns a typo into a clear message.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$/;

/** A generated key whose text contains both a 0 and a 1, so the look-alike folding can be exercised. */
function keyWithZeroAndOne(): { secret: Buffer; text: string } {
  for (;;) {
    const key = generateRecoveryKey();
    if (key.text.includes('0') && key.text.includes('1')) return key;
  }
}

describe('recovery key format', () => {
  it('is 8 groups of 5 Crockford base32 characters and parses back to its 20-byte secret', () => {
    for (let i = 0; i < 200; i++) {
      const { secret, text } = generateRecoveryKey();
      expect(text).toMatch(KEY_FORMAT);
      expect(secret.length).toBe(RECOVERY_SECRET_BYTES);
      expect(parseRecoveryKey(text).equals(secret)).toBe(true);
      expect(formatRecoveryKey(secret)).toBe(text);
    }
  });

  it('parsing accepts lowercase, spaces instead of dashes, no separators, and O/I/L look-alikes', () => {
    const { secret, text } = keyWithZeroAndOne();
    const variants = [
      text.toLowerCase(),
      text.replace(/-/g, ' '),
      `  ${text.replace(/-/g, '')}\n`,
      text.replace(/-/g, ' - '),
      text.replace(/0/g, 'O'),
      text.replace(/0/g, 'o').toLowerCase(),
      text.replace(/1/g, 'I'),
      text.replace(/1/g, 'l'),
      text.replace(/1/g, 'L').replace(/0/g, 'o'),
    ];
    for (const variant of variants) expect(parseRecoveryKey(variant).equals(secret), JSON.stringify(variant)).toBe(true);
  });

  it('every single changed character, at every position, is reported as a typo (RECOVERY_KEY_MALFORMED)', () => {
    const { text } = generateRecoveryKey();
    const chars = text.replace(/-/g, '').split('');
    expect(chars.length).toBe(40);
    let checked = 0;
    chars.forEach((original, pos) => {
      for (const replacement of ALPHABET) {
        if (replacement === original) continue;
        const typo = [...chars];
        typo[pos] = replacement;
        const err = thrownBy(() => parseRecoveryKey(typo.join('')));
        expect(err, `position ${pos}: ${original} -> ${replacement}`).toMatchObject({
          code: 'RECOVERY_KEY_MALFORMED',
          message: expect.stringMatching(/typo.*checksum/),
        });
        checked += 1;
      }
    });
    expect(checked).toBe(40 * 31);
  });

  it('two adjacent characters swapped is also caught by the checksum', () => {
    const { text } = generateRecoveryKey();
    const chars = text.replace(/-/g, '').split('');
    for (let pos = 0; pos < chars.length - 1; pos++) {
      if (chars[pos] === chars[pos + 1]) continue;
      const swapped = [...chars];
      [swapped[pos], swapped[pos + 1]] = [chars[pos + 1]!, chars[pos]!];
      expect(thrownBy(() => parseRecoveryKey(swapped.join('')))).toMatchObject({ code: 'RECOVERY_KEY_MALFORMED' });
    }
  });

  it.each([
    ['one character short', (t: string) => t.slice(0, -1), /has 40 characters \(8 groups of 5\); this one has 39/],
    ['a group missing', (t: string) => t.slice(0, -6), /this one has 35/],
    ['a group too many', (t: string) => `${t}-ABCDE`, /this one has 45/],
    ['empty', () => '', /this one has 0/],
  ])('wrong length (%s) says how many characters there should be and are', (_label, mangle, message) => {
    const { text } = generateRecoveryKey();
    expect(thrownBy(() => parseRecoveryKey(mangle(text)))).toMatchObject({ code: 'RECOVERY_KEY_MALFORMED', message: expect.stringMatching(message) });
  });

  it.each(['U', '*', 'é', '_'])('a character outside the alphabet (%s) is named in the message', (bad) => {
    const { text } = generateRecoveryKey();
    const err = thrownBy(() => parseRecoveryKey(`${text.slice(0, 10)}${bad}${text.slice(11)}`));
    expect(err).toMatchObject({ code: 'RECOVERY_KEY_MALFORMED', message: expect.stringContaining(`"${bad.toUpperCase()}"`) });
  });

  it('carries at least 160 bits of randomness: distinct keys, and no secret bit is fixed or biased', () => {
    const samples = 2000;
    const texts = new Set<string>();
    const ones = new Array<number>(RECOVERY_SECRET_BYTES * 8).fill(0);
    for (let i = 0; i < samples; i++) {
      const { secret, text } = generateRecoveryKey();
      texts.add(text);
      const parsed = parseRecoveryKey(text);
      expect(parsed.length).toBe(RECOVERY_SECRET_BYTES);
      for (let bit = 0; bit < ones.length; bit++) ones[bit]! += (parsed[bit >> 3]! >> (7 - (bit & 7))) & 1;
      expect(parsed.equals(secret)).toBe(true);
    }
    expect(texts.size).toBe(samples);
    expect(ones.length).toBeGreaterThanOrEqual(160);
    // Each bit is set in ~50% of keys; 40%..60% is about 9 standard deviations for 2000 samples.
    const skewed = ones.map((n, bit) => [bit, n / samples] as const).filter(([, f]) => f < 0.4 || f > 0.6);
    expect(skewed).toEqual([]);
  });

  it('the first 32 characters encode the secret and the last 8 the checksum', () => {
    const zero = formatRecoveryKey(Buffer.alloc(RECOVERY_SECRET_BYTES));
    expect(zero.replace(/-/g, '').slice(0, 32)).toBe('0'.repeat(32));
    expect(zero.replace(/-/g, '').slice(32)).not.toBe('0'.repeat(8));
    expect(parseRecoveryKey(zero).equals(Buffer.alloc(RECOVERY_SECRET_BYTES))).toBe(true);
    const secret = randomBytes(RECOVERY_SECRET_BYTES);
    expect(formatRecoveryKey(secret)).toBe(formatRecoveryKey(Buffer.from(secret)));
  });
});
