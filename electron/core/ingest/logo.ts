import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import sharp from 'sharp';
import { StrongroomError } from '../errors';
import type { Vault } from '../vault/vault';
import { configureDecoder } from './decoder';
import { SNIFF_BYTES, sniffImage } from './sniff';

/**
 * A watermark logo into the vault: decoded under the same loader allowlist as any import (SVG and
 * anything else sniffed as unsafe refused), turned upright, converted to sRGB, scaled down to at most
 * LOGO_MAX_EDGE and stored as a PNG with its alpha and without the source's metadata. The PNG is an
 * ordinary encrypted blob; a watermark preset that names it keeps it alive.
 */
export const LOGO_MAX_BYTES = 20 * 1024 * 1024;
/** A mark is at most the output's width; 2048 px keeps it sharp on large renditions without bloat. */
export const LOGO_MAX_EDGE = 2048;
const LOGO_MAX_PIXELS = 50_000_000;

export type LogoSource = { kind: 'file'; path: string } | { kind: 'bytes'; name: string; data: Buffer };

export interface ImportedLogo {
  logoBlob: string;
  width: number;
  height: number;
  byteSize: number;
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

async function readLogo(source: LogoSource): Promise<Buffer> {
  if (source.kind === 'bytes') {
    if (source.data.length > LOGO_MAX_BYTES) throw new StrongroomError('INVALID_ARGUMENT', `the logo is larger than ${mib(LOGO_MAX_BYTES)}`);
    return source.data;
  }
  let size: number;
  try {
    const stat = await fsp.stat(source.path);
    if (!stat.isFile()) throw new StrongroomError('INVALID_ARGUMENT', `${source.path} is not a file`);
    size = stat.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StrongroomError('NOT_FOUND', `no file at ${source.path}`);
    throw err;
  }
  if (size > LOGO_MAX_BYTES) throw new StrongroomError('INVALID_ARGUMENT', `the logo is larger than ${mib(LOGO_MAX_BYTES)}`);
  return fsp.readFile(source.path);
}

async function normalise(buf: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const sniffed = sniffImage(buf.subarray(0, SNIFF_BYTES));
  if (!sniffed.ok) throw new StrongroomError('INVALID_ARGUMENT', `this logo cannot be used: ${sniffed.reason}`);
  configureDecoder();
  try {
    const out = await sharp(buf, { limitInputPixels: LOGO_MAX_PIXELS, pages: 1, failOn: 'error' })
      .timeout({ seconds: 30 })
      .rotate()
      .resize({ width: LOGO_MAX_EDGE, height: LOGO_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    return { data: out.data, width: out.info.width, height: out.info.height };
  } catch (err) {
    const first = (err as Error).message.split('\n')[0] ?? '';
    throw new StrongroomError('INVALID_ARGUMENT', `the logo could not be read as a ${sniffed.format.toUpperCase()} image (${first})`);
  }
}

/**
 * Stores the logo and returns its blob id. The blob is claimed for as long as this vault stays open,
 * so a gc in this process spares it while the designer has not saved a preset naming it yet; once the
 * vault closes, a logo that no preset names is garbage like any other unreferenced blob.
 */
export async function importLogo(vault: Vault, source: LogoSource): Promise<ImportedLogo> {
  const { data, width, height } = await normalise(await readLogo(source));
  const sha256 = createHash('sha256').update(data).digest('hex');
  const id = vault.blobs.idForSha256(sha256);
  vault.blobClaims.claim([id]);
  try {
    // put() writes under a temp name and discards it on failure: nothing of ours is left to remove.
    await vault.blobs.put(data, sha256);
  } catch (err) {
    vault.blobClaims.release([id]);
    throw err;
  }
  return { logoBlob: id, width, height, byteSize: data.length };
}
