import { randomBytes } from 'node:crypto';
import type { RenditionFormat, RightsProfile } from './types';

/**
 * EXIF IFD0 Artist and Copyright from the rights profile, written through sharp's withExif, with two
 * libvips behaviours worked around:
 *
 * - libvips transliterates EXIF text to ASCII (g_str_to_ascii: "Zoë Ångström — 東京" becomes
 *   "Zoe Angstrom -- ??", "©" becomes "(C)"). The Metadata Working Group recommends UTF-8 in EXIF text,
 *   and ExifTool, exifr and the MWG reconciliation (which prefers EXIF over XMP for these two fields)
 *   read it as such, so a transliteration would be what most readers show.
 * - libvips drops a trailing " (…)" from a value (its own "(Artist, ASCII, 12 components)" suffix), so
 *   "© 2025 Shop (Example Ltd)" would lose its last words.
 *
 * So libvips gets a random ASCII placeholder per field, as long as the value's UTF-8 bytes or longer,
 * and after encoding the placeholder's bytes are overwritten in place with the value, NUL-padded (EXIF
 * text ends at the first NUL). EXIF is stored uncompressed in all four output formats (JPEG APP1, WebP
 * EXIF chunk, PNG eXIf chunk, AVIF Exif item), so the bytes are findable and the lengths and offsets
 * stay valid; PNG's chunk CRC is recomputed. A placeholder that is not found exactly once is an error,
 * never a silent fallback.
 *
 * And one libvips/libwebp quirk fixed on the way: the WebP EXIF chunk starts with JPEG's "Exif\0\0"
 * marker, which the WebP container spec does not have (the chunk is the TIFF data itself); ExifTool
 * warns "Improper EXIF header" and stricter readers miss the EXIF. The marker is cut out.
 */

export interface ExifRightsPlan {
  /** For sharp's withExif. ColorSpace 1 = sRGB, which every output is (libvips writes "uncalibrated"). */
  exif: { IFD0: Record<string, string>; IFD2: Record<string, string> };
  patches: { field: string; placeholder: Buffer; value: Buffer }[];
}

const PLACEHOLDER_MIN = 24;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** EXIF text cannot hold NUL (it ends the value) and should not hold other controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const EXIF_UNWRITABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

function placeholder(length: number): Buffer {
  const random = randomBytes(length);
  const out = Buffer.alloc(length);
  out.write('SRX', 'ascii');
  for (let i = 3; i < length; i += 1) out[i] = ALPHABET.charCodeAt(random[i]! % ALPHABET.length);
  return out;
}

export function exifTextBytes(value: string): Buffer {
  return Buffer.from(value.replace(EXIF_UNWRITABLE, ''), 'utf8');
}

/** null when the profile has neither a creator nor a copyright notice: no EXIF is written then. */
export function planExifRights(profile: RightsProfile): ExifRightsPlan | null {
  const fields: [string, string | null][] = [
    ['Artist', profile.creator],
    ['Copyright', profile.copyrightNotice],
  ];
  const plan: ExifRightsPlan = { exif: { IFD0: {}, IFD2: { ColorSpace: '1' } }, patches: [] };
  for (const [field, value] of fields) {
    if (value === null || value.trim() === '') continue;
    const bytes = exifTextBytes(value);
    if (bytes.length === 0) continue;
    const ph = placeholder(Math.max(PLACEHOLDER_MIN, bytes.length));
    plan.exif.IFD0[field] = ph.toString('ascii');
    const padded = Buffer.alloc(ph.length);
    bytes.copy(padded);
    plan.patches.push({ field, placeholder: ph, value: padded });
  }
  return plan.patches.length > 0 ? plan : null;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG defines it (ISO 3309), over a chunk's type and data. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i += 1) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Recomputes the CRC of the PNG chunk whose data holds byte `offset`. */
function fixPngChunkCrc(png: Buffer, offset: number): void {
  let pos = 8;
  while (pos + 12 <= png.length) {
    const length = png.readUInt32BE(pos);
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > png.length) break;
    if (offset >= dataStart && offset < dataEnd) {
      png.writeUInt32BE(crc32(png.subarray(pos + 4, dataEnd)), dataEnd);
      return;
    }
    pos = dataEnd + 4;
  }
  throw new Error('the PNG written by libvips has no chunk around its EXIF data');
}

const EXIF_MARKER = Buffer.from('Exif\0\0', 'latin1');

/** A WebP without the "Exif\0\0" marker at the start of its EXIF chunk (a new buffer), or the same buffer if there is none. */
export function fixWebpExifChunk(webp: Buffer): Buffer {
  if (webp.length < 12 || webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 8, 12) !== 'WEBP') return webp;
  let pos = 12;
  while (pos + 8 <= webp.length) {
    const size = webp.readUInt32LE(pos + 4);
    const next = pos + 8 + size + (size % 2);
    if (webp.toString('latin1', pos, pos + 4) === 'EXIF') {
      if (size < EXIF_MARKER.length || !webp.subarray(pos + 8, pos + 8 + EXIF_MARKER.length).equals(EXIF_MARKER)) return webp;
      // 6 bytes out keeps the chunk's padding (sizes stay odd or even alike); TIFF offsets are relative to its own header.
      const out = Buffer.concat([webp.subarray(0, pos + 8), webp.subarray(pos + 8 + EXIF_MARKER.length)]);
      out.writeUInt32LE(size - EXIF_MARKER.length, pos + 4);
      out.writeUInt32LE(out.length - 8, 4);
      return out;
    }
    pos = next;
  }
  return webp;
}

/** Writes the real values over the placeholders in an encoded image (in place). */
export function applyExifPatches(data: Buffer, format: RenditionFormat, plan: ExifRightsPlan): void {
  for (const patch of plan.patches) {
    const at = data.indexOf(patch.placeholder);
    if (at < 0 || data.indexOf(patch.placeholder, at + 1) >= 0) {
      throw new Error(`could not place the EXIF ${patch.field} in the ${format.toUpperCase()} output (${at < 0 ? 'not found' : 'found twice'})`);
    }
    patch.value.copy(data, at);
    if (format === 'png') fixPngChunkCrc(data, at);
  }
}
