import sharp from 'sharp';

/**
 * Raw pixels wrapped as a minimal uncompressed TIFF that carries an ICC profile: the input of the
 * encoding stage (render.ts).
 *
 * Why: the rendition's pixels are already sRGB, and the output must be tagged with the sRGB profile.
 * Raw input cannot carry a profile, so withIccProfile('srgb') would be needed, and libvips runs it as
 * a full colour transform (through Lab, float) even from sRGB to sRGB: about 45 ms for a 2048 px image
 * here, for a result that is bit-identical to its input. Wrapped with the profile, the encoder keeps
 * it (keepIccProfile) and transforms nothing; the wrapping costs one copy. TIFF, because its loader is
 * on the engine's allowlist and reading an uncompressed strip is a copy.
 *
 * Baseline TIFF 6.0, little-endian: one IFD, one strip, 8 bits per sample, RGB or RGB + unassociated
 * alpha, the profile in tag 34675 (InterColorProfile). Nothing else: no metadata of any kind.
 */
const SHORT = 3;
const LONG = 4;
const UNDEFINED = 7;

type Entry = { tag: number; type: number; count: number; value: number | Buffer };

export function wrapAsTiff(pixels: Buffer, width: number, height: number, channels: 3 | 4, iccProfile: Buffer): Buffer {
  if (pixels.length !== width * height * channels) throw new Error(`${pixels.length} bytes are not ${width}×${height}×${channels} pixels`);
  const bitsPerSample = Buffer.alloc(channels * 2);
  for (let i = 0; i < channels; i += 1) bitsPerSample.writeUInt16LE(8, i * 2);
  const entries: Entry[] = [
    { tag: 256, type: LONG, count: 1, value: width }, // ImageWidth
    { tag: 257, type: LONG, count: 1, value: height }, // ImageLength
    { tag: 258, type: SHORT, count: channels, value: bitsPerSample }, // BitsPerSample
    { tag: 259, type: SHORT, count: 1, value: 1 }, // Compression: none
    { tag: 262, type: SHORT, count: 1, value: 2 }, // PhotometricInterpretation: RGB
    { tag: 273, type: LONG, count: 1, value: 0 }, // StripOffsets (filled in below)
    { tag: 277, type: SHORT, count: 1, value: channels }, // SamplesPerPixel
    { tag: 278, type: LONG, count: 1, value: height }, // RowsPerStrip: one strip
    { tag: 279, type: LONG, count: 1, value: pixels.length }, // StripByteCounts
    { tag: 284, type: SHORT, count: 1, value: 1 }, // PlanarConfiguration: chunky
    ...(channels === 4 ? [{ tag: 338, type: SHORT, count: 1, value: 2 }] : []), // ExtraSamples: unassociated alpha
    { tag: 34675, type: UNDEFINED, count: iccProfile.length, value: iccProfile }, // InterColorProfile
  ];
  const ifdBytes = 2 + entries.length * 12 + 4;
  // Values longer than 4 bytes live after the IFD, word-aligned; the pixels come last.
  const blobs: Buffer[] = [];
  const blobOffset = new Map<Entry, number>();
  let offset = 8 + ifdBytes;
  for (const e of entries) {
    if (!Buffer.isBuffer(e.value) || e.value.length <= 4) continue;
    blobOffset.set(e, offset);
    blobs.push(e.value);
    offset += e.value.length;
    if (offset % 2) {
      blobs.push(Buffer.alloc(1));
      offset += 1;
    }
  }
  const head = Buffer.alloc(8 + ifdBytes);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(8, 4);
  head.writeUInt16LE(entries.length, 8);
  entries.forEach((e, i) => {
    const at = 10 + i * 12;
    head.writeUInt16LE(e.tag, at);
    head.writeUInt16LE(e.type, at + 2);
    head.writeUInt32LE(e.count, at + 4);
    if (e.tag === 273) head.writeUInt32LE(offset, at + 8);
    else if (Buffer.isBuffer(e.value)) {
      if (blobOffset.has(e)) head.writeUInt32LE(blobOffset.get(e)!, at + 8);
      else e.value.copy(head, at + 8);
    } else if (e.type === SHORT) head.writeUInt16LE(e.value, at + 8);
    else head.writeUInt32LE(e.value, at + 8);
  });
  head.writeUInt32LE(0, 10 + entries.length * 12); // no next IFD
  return Buffer.concat([head, ...blobs, pixels]);
}

let srgb: Promise<Buffer> | null = null;

/** The sRGB profile libvips ships (what withIccProfile('srgb') attaches), read once. */
export function srgbProfile(): Promise<Buffer> {
  srgb ??= (async () => {
    const carrier = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000000' } }).withIccProfile('srgb').png().toBuffer();
    const icc = (await sharp(carrier).metadata()).icc;
    if (!icc || icc.length < 128) throw new Error('libvips did not provide its sRGB profile');
    return icc;
  })();
  srgb.catch(() => {
    srgb = null;
  });
  return srgb;
}
