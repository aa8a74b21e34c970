import sharp from 'sharp';

/**
 * Orientation checks on renditions: a 64×43 greyscale fingerprint is small enough to ignore resampling
 * and JPEG noise but not a picture turned or mirrored (the same measure as tests/ingest/fixtures).
 */
export const SAME_PICTURE_MAX_DIFF = 12;
export const DIFFERENT_PICTURE_MIN_DIFF = 40;

export function fingerprint(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).resize(64, 43, { fit: 'fill' }).greyscale().raw().toBuffer();
}

export function meanAbsDiff(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`fingerprints differ in size: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

export function rotated180(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).rotate(180).jpeg().toBuffer();
}
