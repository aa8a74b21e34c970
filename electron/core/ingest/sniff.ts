import type { ImageFormat } from '../catalog/types';

/**
 * Identifies a file by its first bytes, never by its name: a .jpg that is really an SVG is refused as
 * an SVG. Returns either an accepted format or the reason for refusing the file.
 */
export type Sniffed = { ok: true; format: ImageFormat } | { ok: false; reason: string };

export const SNIFF_BYTES = 64;

const ascii = (buf: Buffer, start: number, end: number) => buf.toString('latin1', start, end);

function isoBrands(head: Buffer): string[] {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return [];
  const boxSize = Math.min(head.readUInt32BE(0), head.length);
  const brands = [ascii(head, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(head, offset, offset + 4));
  return brands;
}

export function sniffImage(head: Buffer): Sniffed {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { ok: true, format: 'jpeg' };
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { ok: true, format: 'png' };
  }
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { ok: true, format: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { ok: true, format: 'webp' };
  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') return { ok: true, format: 'tiff' };
  const brands = isoBrands(head);
  if (brands.some((b) => b === 'avif' || b === 'avis')) return { ok: true, format: 'avif' };
  if (brands.some((b) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(b))) return { ok: true, format: 'heif' };
  if (brands.length > 0) return { ok: false, reason: `unsupported ISO media file (brand "${brands[0]!.trim()}"), not a still image format Strongroom accepts` };
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (text.startsWith('<svg') || ((text.startsWith('<?xml') || text.startsWith('<!doctype svg')) && text.includes('svg'))) {
    return { ok: false, reason: 'SVG files are refused: vector images can carry scripts and external references' };
  }
  if (text.startsWith('<?xml') || text.startsWith('<')) {
    return { ok: false, reason: 'an XML or HTML document, not an image (an SVG would also be refused)' };
  }
  if (ascii(head, 0, 4) === '%PDF') return { ok: false, reason: 'a PDF document, not an image' };
  if (ascii(head, 0, 2) === 'BM') return { ok: false, reason: 'BMP images are not accepted; convert to PNG or JPEG' };
  if (head.length === 0) return { ok: false, reason: 'the file is empty' };
  return { ok: false, reason: 'not a recognised image (accepted: JPEG, PNG, WebP, GIF, AVIF, TIFF, HEIC/HEIF)' };
}
