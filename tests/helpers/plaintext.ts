/**
 * A scanner for readable image bytes and strings in files that should hold only ciphertext. Every
 * pattern is long enough not to occur by chance in a few hundred MB of random bytes: a bare 3- or 4-byte
 * marker does (a 4-byte one about once per 4 GiB, which a CI run's objects reach one run in hundreds).
 */

export function encodings(s: string): Buffer[] {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [Buffer.from(s, 'utf8'), le, be];
}

export const SOI = Buffer.from([0xff, 0xd8, 0xff]);
/**
 * A JPEG start: SOI followed by three well-formed marker segments, as in every real JPEG. The bare
 * 3-byte SOI occurs by chance about once per 16 MiB of ciphertext, so it is only refused at offset 0.
 */
export function containsJpeg(buf: Buffer): boolean {
  for (let i = buf.indexOf(SOI); i !== -1; i = buf.indexOf(SOI, i + 1)) {
    let p = i + 2;
    let segments = 0;
    while (segments < 3 && p + 4 <= buf.length && buf[p] === 0xff) {
      const marker = buf[p + 1]!;
      const length = buf.readUInt16BE(p + 2);
      if (marker < 0xc0 || marker === 0xff || (marker >= 0xd0 && marker <= 0xd9) || length < 2) break;
      p += 2 + length;
      segments += 1;
    }
    if (segments === 3) return true;
  }
  return false;
}

export const SIGNATURES: [string, Buffer][] = [
  ['PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['Exif header', Buffer.from('Exif\0\0', 'latin1')],
  ['GIF header', Buffer.from('GIF89a', 'latin1')],
  ['WebP header', Buffer.from('WEBPVP8', 'latin1')],
  ['AVIF brand', Buffer.from('ftypavif', 'latin1')],
];

/** Everything recognisable found in `buf`, by name; `strings` are looked for in UTF-8 and UTF-16. */
export function plaintextIn(buf: Buffer, strings: readonly string[] = []): string[] {
  const found: string[] = [];
  if (buf.subarray(0, 3).equals(SOI)) found.push('JPEG SOI at offset 0');
  if (containsJpeg(buf)) found.push('JPEG stream');
  for (const [name, sig] of SIGNATURES) if (buf.includes(sig)) found.push(name);
  for (const s of strings) if (encodings(s).some((e) => buf.includes(e))) found.push(JSON.stringify(s));
  return found;
}
