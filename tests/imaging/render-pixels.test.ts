import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isStrongroomError } from '../../electron/core/errors';
import { builtinRenditionPreset } from '../../electron/core/imaging/builtin-presets';
import { renderImage } from '../../electron/core/imaging/render';
import type { RenditionPreset } from '../../electron/core/imaging/types';
import { readTags } from './exiftool';
import { EMPTY_RIGHTS, decodeRaw, fixture, rendition } from './helpers';

const render = (original: Buffer, preset: RenditionPreset) => renderImage(original, { rendition: preset, rights: EMPTY_RIGHTS });
const file = (rel: string) => readFileSync(fixture(rel));

/** A 64×43 greyscale fingerprint: insensitive to resampling and JPEG noise, not to orientation. */
const fingerprint = (image: Buffer) => sharp(image).resize(64, 43, { fit: 'fill' }).greyscale().raw().toBuffer();
function meanAbsDiff(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

async function pixelAt(image: Buffer, x: number, y: number): Promise<number[]> {
  const raw = await decodeRaw(image);
  const i = (y * raw.width + x) * raw.channels;
  return [...raw.data.subarray(i, i + raw.channels)];
}

/** The numbers stored in the file, not converted to sRGB by the reader's colour management. */
async function storedPixelAt(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [...data.subarray(i, i + info.channels)];
}

/** Colour properties of an output as ExifTool and sharp see them. */
async function colourOf(image: Buffer) {
  const meta = await sharp(image).metadata();
  const tags = await readTags(image);
  return { space: meta.space, depth: meta.depth, channels: meta.channels, profile: tags['ICC_Profile:ProfileDescription'] };
}

const expectClose = (actual: number[], expected: number[], tolerance: number, what: string) => {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!), `${what}: got ${actual.join(',')}, expected ${expected.join(',')}`).toBeLessThanOrEqual(tolerance));
};

describe('orientation', () => {
  it('turns every EXIF orientation upright (pixel check against Landscape_1)', async () => {
    const preset = rendition({ size: { mode: 'long-edge', longEdge: 300 } });
    const reference = await render(file('orientation/Landscape_1.jpg'), preset);
    expect([reference.width, reference.height]).toEqual([300, 200]);
    const refPrint = await fingerprint(reference.data);
    // The check can fail: the same picture upside down is far from the reference.
    const flipped = await fingerprint(await sharp(reference.data).rotate(180).toBuffer());
    expect(meanAbsDiff(flipped, refPrint)).toBeGreaterThan(25);
    for (let o = 0; o <= 8; o += 1) {
      const out = await render(file(`orientation/Landscape_${o}.jpg`), preset);
      expect([out.width, out.height], `Landscape_${o}`).toEqual([300, 200]);
      expect(meanAbsDiff(await fingerprint(out.data), refPrint), `Landscape_${o}`).toBeLessThan(6);
      // The pixels are turned; nothing asks a viewer to turn them again.
      const meta = await sharp(out.data).metadata();
      expect(meta.orientation ?? 1, `Landscape_${o}`).toBe(1);
    }
  });

  it('turns a rotated metadata fixture (MWG.jpg, orientation 6) upright', async () => {
    const meta = await sharp(file('metadata/MWG.jpg')).metadata();
    expect(meta.orientation).toBe(6);
    const out = await render(file('metadata/MWG.jpg'), rendition());
    expect([out.width, out.height]).toEqual([meta.height, meta.width]);
  });
});

describe('colour: every output is 8-bit sRGB with an sRGB profile', () => {
  it('converts CMYK with its profile', async () => {
    const source = file('photos/Channel_digital_image_CMYK_color.jpg');
    expect((await sharp(source).metadata()).space).toBe('cmyk');
    const out = await render(source, rendition());
    expect(await colourOf(out.data)).toEqual({ space: 'srgb', depth: 'uchar', channels: 3, profile: 'sRGB' });
    // Against libvips' own CMYK → sRGB conversion of the whole image: the same colours.
    const reference = await sharp(source).toColourspace('srgb').resize(out.width, out.height, { fit: 'fill' }).png().toBuffer();
    expect(meanAbsDiff(await fingerprint(out.data), await fingerprint(reference))).toBeLessThan(3);
  });

  it('converts Display P3 (a fixture and a made colour) to the same colour in sRGB', async () => {
    const fixtureOut = await render(file('photos/p3.png'), rendition({ format: 'png' }));
    expect(await colourOf(fixtureOut.data)).toMatchObject({ space: 'srgb', depth: 'uchar', profile: 'sRGB' });

    // An sRGB colour written as P3 numbers with a P3 profile must come back as the sRGB colour.
    const srgb = [200, 100, 50];
    const p3 = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: srgb[0]!, g: srgb[1]!, b: srgb[2]! } } })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    const stored = await storedPixelAt(p3, 0, 0);
    expect(Math.abs(stored[0]! - srgb[0]!) + Math.abs(stored[1]! - srgb[1]!) + Math.abs(stored[2]! - srgb[2]!)).toBeGreaterThan(15);
    const out = await render(p3, rendition({ format: 'png' }));
    expectClose(await pixelAt(out.data, 16, 16), srgb, 2, 'P3 → sRGB');
    expect(await colourOf(out.data)).toEqual({ space: 'srgb', depth: 'uchar', channels: 3, profile: 'sRGB' });
  });

  it('brings 16-bit images to 8 bits, without a profile (the fixture) and with a P3 one', async () => {
    const flag = file('photos/Flag_of_the_Netherlands-16bit.png');
    expect((await sharp(flag).metadata()).depth).toBe('ushort');
    for (const format of ['png', 'jpeg'] as const) {
      const out = await render(flag, rendition({ format, quality: 95 }));
      expect(await colourOf(out.data), format).toMatchObject({ space: 'srgb', depth: 'uchar', channels: 3, profile: 'sRGB' });
      // The flag's red, white and blue bands (#AE1C28, #FFFFFF, #21468B).
      const h = out.height;
      expectClose(await pixelAt(out.data, 100, Math.round(h / 6)), [0xae, 0x1c, 0x28], 4, `${format} red`);
      expectClose(await pixelAt(out.data, 100, Math.round(h / 2)), [255, 255, 255], 4, `${format} white`);
      expectClose(await pixelAt(out.data, 100, Math.round((5 * h) / 6)), [0x21, 0x46, 0x8b], 4, `${format} blue`);
    }
    const srgb = [96, 234, 32];
    const p3x16 = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: srgb[0]!, g: srgb[1]!, b: srgb[2]! } } })
      .withIccProfile('p3')
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect(await sharp(p3x16).metadata()).toMatchObject({ depth: 'ushort', hasProfile: true });
    const out = await render(p3x16, rendition({ format: 'png' }));
    expectClose(await pixelAt(out.data, 8, 8), srgb, 3, '16-bit P3 → sRGB');
    expect(await colourOf(out.data)).toEqual({ space: 'srgb', depth: 'uchar', channels: 3, profile: 'sRGB' });
  });

  it('makes greyscale sources RGB', async () => {
    const out = await render(file('photos/concert.jpg'), rendition());
    expect(await colourOf(out.data)).toEqual({ space: 'srgb', depth: 'uchar', channels: 3, profile: 'sRGB' });
  });
});

describe('alpha', () => {
  it('flattens onto white for JPEG, keeps transparency for PNG, WebP and AVIF', async () => {
    // Left half transparent, right half opaque red, a band of half-transparent blue in the middle.
    const w = 64;
    const px = Buffer.alloc(w * w * 4);
    for (let y = 0; y < w; y += 1) {
      for (let x = 0; x < w; x += 1) {
        const i = (y * w + x) * 4;
        if (x >= 40) px.set([255, 0, 0, 255], i);
        else if (x >= 24) px.set([0, 0, 255, 128], i);
      }
    }
    const source = await sharp(px, { raw: { width: w, height: w, channels: 4 } }).png().toBuffer();
    const jpeg = await render(source, rendition({ format: 'jpeg', quality: 100 }));
    expect((await sharp(jpeg.data).metadata()).channels).toBe(3);
    expectClose(await pixelAt(jpeg.data, 8, 32), [255, 255, 255], 3, 'transparent → white');
    expectClose(await pixelAt(jpeg.data, 32, 32), [127, 127, 255], 4, 'half-transparent blue on white');
    expectClose(await pixelAt(jpeg.data, 56, 32), [255, 0, 0], 4, 'opaque red');
    for (const format of ['png', 'webp', 'avif'] as const) {
      const out = await render(source, rendition({ format, quality: 100 }));
      expect((await sharp(out.data).metadata()).hasAlpha, format).toBe(true);
      expect((await pixelAt(out.data, 8, 32))[3], format).toBeLessThan(8);
      expect(Math.abs((await pixelAt(out.data, 32, 32))[3]! - 128), format).toBeLessThan(8);
      expect((await pixelAt(out.data, 56, 32))[3], format).toBeGreaterThan(247);
    }
    // The fixture: an RGBA PNG stays RGBA as PNG and becomes RGB as JPEG.
    const fixtureSource = file('photos/with-alpha.png');
    expect((await sharp((await render(fixtureSource, rendition({ format: 'png' }))).data).metadata()).channels).toBe(4);
    expect((await sharp((await render(fixtureSource, rendition({ format: 'jpeg' }))).data).metadata()).channels).toBe(3);
  });

  it('flattens onto the box background for JPEG', async () => {
    const out = await render(file('photos/with-alpha.png'), rendition({ size: { mode: 'box', width: 300, height: 300, fit: 'contain', background: '#ff0000' } }));
    expectClose(await pixelAt(out.data, 0, 0), [255, 0, 0], 3, 'padding');
  });
});

describe('sizes', () => {
  const camera = () => file('photos/2569067123_aca715a2ee_o.jpg'); // 2725×2225

  it('scales to the long edge and never enlarges', async () => {
    const out = await render(camera(), rendition({ size: { mode: 'long-edge', longEdge: 1200 } }));
    expect([out.width, out.height]).toEqual([1200, 980]);
    const small = await render(file('photos/320x240.jpg'), rendition({ size: { mode: 'long-edge', longEdge: 1200 } }));
    expect([small.width, small.height]).toEqual([320, 240]);
  });

  it('fits inside a box, covers a box (centred crop), contains in a box (padded)', async () => {
    const box = (fit: 'fit' | 'cover' | 'contain') => rendition({ size: { mode: 'box', width: 800, height: 400, fit, background: '#00ff00' } });
    const fit = await render(camera(), box('fit'));
    expect([fit.width, fit.height]).toEqual([490, 400]);
    const cover = await render(camera(), box('cover'));
    expect([cover.width, cover.height]).toEqual([800, 400]);
    const contain = await render(camera(), box('contain'));
    expect([contain.width, contain.height]).toEqual([800, 400]);
    expectClose(await pixelAt(contain.data, 5, 200), [0, 255, 0], 6, 'left padding');
    expectClose(await pixelAt(contain.data, 794, 200), [0, 255, 0], 6, 'right padding');
    // The cover crop is the middle of the picture: it matches the same rows of the fit rendition.
    // Cover scales 2725×2225 to 800×653 and keeps rows 127–526; in the 490×400 fit those are rows 78–322.
    const middle = await sharp(fit.data).extract({ left: 0, top: 78, width: 490, height: 245 }).resize(64, 32, { fit: 'fill' }).greyscale().raw().toBuffer();
    const coverMiddle = await sharp(cover.data).resize(64, 32, { fit: 'fill' }).greyscale().raw().toBuffer();
    expect(meanAbsDiff(middle, coverMiddle)).toBeLessThan(8);
  });

  it('pads a small image to the marketplace square instead of enlarging it', async () => {
    const out = await render(file('photos/320x240.jpg'), builtinRenditionPreset('builtin-marketplace')!);
    expect([out.width, out.height]).toEqual([2000, 2000]);
    const raw = await decodeRaw(out.data);
    // The picture keeps its 320×240 in the middle; everything else is white.
    let minX = raw.width;
    let maxX = -1;
    for (let x = 0; x < raw.width; x += 1) {
      const i = (1000 * raw.width + x) * 3;
      if (raw.data[i]! < 240 || raw.data[i + 1]! < 240 || raw.data[i + 2]! < 240) [minX, maxX] = [Math.min(minX, x), Math.max(maxX, x)];
    }
    expect(maxX - minX + 1).toBeLessThanOrEqual(322);
    expect(maxX - minX + 1).toBeGreaterThan(280);
    expectClose(await pixelAt(out.data, 10, 10), [255, 255, 255], 2, 'corner');
  });

  it('pads after sharpening, so the photo gets no dark or light line along the padding', async () => {
    const dark = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#202020' } }).png().toBuffer();
    const out = await render(dark, rendition({ format: 'png', sharpen: true, size: { mode: 'box', width: 1000, height: 1000, fit: 'contain', background: '#ffffff' } }));
    const raw = await decodeRaw(out.data);
    // The photo spans rows 250–749 of column 500; its first and last rows keep its colour.
    const at = (y: number) => raw.data[(y * raw.width + 500) * 3]!;
    expect([at(249), at(250), at(251), at(748), at(749), at(750)]).toEqual([255, 32, 32, 32, 32, 255]);
  });

  it('keeps a source smaller than a cover box at its size, cropped to the box where it is larger', async () => {
    const out = await render(file('photos/320x240.jpg'), rendition({ size: { mode: 'box', width: 200, height: 1000, fit: 'cover', background: '#ffffff' } }));
    expect([out.width, out.height]).toEqual([200, 240]);
  });

  it('renders the primary image of an AVIF with several (pitm) and the main image of a gain-map JPEG', async () => {
    const avifMeta = await sharp(file('photos/pitm.avif')).metadata();
    const out = await render(file('photos/pitm.avif'), rendition({ size: { mode: 'long-edge', longEdge: 1024 } }));
    const page = avifMeta.pagePrimary ?? 0;
    const primary = await sharp(file('photos/pitm.avif'), { page }).metadata();
    expect(out.width / out.height).toBeCloseTo((primary.width ?? 0) / (primary.height ?? 1), 1);
    const gain = await render(file('photos/gain-map.jpg'), rendition({ size: { mode: 'long-edge', longEdge: 800 } }));
    expect([gain.width, gain.height]).toEqual([800, 450]);
  });
});

describe('formats, quality and sharpening', () => {
  const camera = () => file('photos/2569067123_aca715a2ee_o.jpg');

  it('encodes each format, and quality changes the size', async () => {
    for (const format of ['jpeg', 'webp', 'avif', 'png'] as const) {
      const out = await render(camera(), rendition({ format, size: { mode: 'long-edge', longEdge: 400 } }));
      expect(out.format).toBe(format);
      expect((await sharp(out.data).metadata()).format).toBe(format === 'avif' ? 'heif' : format);
    }
    const low = await render(camera(), rendition({ quality: 30, size: { mode: 'long-edge', longEdge: 600 } }));
    const high = await render(camera(), rendition({ quality: 95, size: { mode: 'long-edge', longEdge: 600 } }));
    expect(low.data.length).toBeLessThan(high.data.length * 0.6);
  });

  it('sharpens after a downscale when asked, not otherwise', async () => {
    const soft = await render(camera(), rendition({ size: { mode: 'long-edge', longEdge: 600 }, format: 'png' }));
    const sharp_ = await render(camera(), rendition({ size: { mode: 'long-edge', longEdge: 600 }, format: 'png', sharpen: true }));
    // Edge energy: the mean absolute difference between neighbours rises with sharpening.
    const energy = async (img: Buffer) => {
      const g = await sharp(img).greyscale().raw().toBuffer({ resolveWithObject: true });
      let sum = 0;
      for (let i = 1; i < g.data.length; i += 1) if (i % g.info.width !== 0) sum += Math.abs(g.data[i]! - g.data[i - 1]!);
      return sum / g.data.length;
    };
    expect(await energy(sharp_.data)).toBeGreaterThan((await energy(soft.data)) * 1.03);
    // No downscale (the source is 320 px): nothing to sharpen, the output is the same.
    const a = await render(file('photos/320x240.jpg'), rendition({ format: 'png' }));
    const b = await render(file('photos/320x240.jpg'), rendition({ format: 'png', sharpen: true }));
    expect((await decodeRaw(a.data)).data.equals((await decodeRaw(b.data)).data)).toBe(true);
  });
});

describe('refusals and cancellation', () => {
  const expectRefusal = async (promise: Promise<unknown>, code: 'INVALID_ARGUMENT' | 'CANCELLED', message: RegExp) => {
    try {
      await promise;
      expect.unreachable('expected a refusal');
    } catch (err) {
      expect(isStrongroomError(err, code), String(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toMatch(/\n/);
    }
  };

  it('refuses hostile and damaged input with a specific reason', async () => {
    await expectRefusal(render(file('hostile/giant-image.jpg'), rendition()), 'INVALID_ARGUMENT', /20000×14000, above the rendering limit/);
    await expectRefusal(render(file('hostile/65536-uint32-limit.png'), rendition()), 'INVALID_ARGUMENT', /65536×65536, above the rendering limit/);
    await expectRefusal(render(file('hostile/struct-image-04-t.svg'), rendition()), 'INVALID_ARGUMENT', /not in a format the renderer accepts/);
    await expectRefusal(render(file('hostile/truncated.jpg'), rendition()), 'INVALID_ARGUMENT', /could not be decoded/);
    await expectRefusal(render(file('hostile/corrupt-header.jpg'), rendition()), 'INVALID_ARGUMENT', /could not be decoded|not in a format/);
    await expectRefusal(render(Buffer.alloc(0), rendition()), 'INVALID_ARGUMENT', /empty/);
    await expectRefusal(
      renderImage(file('photos/320x240.jpg'), { rendition: rendition(), rights: EMPTY_RIGHTS, maxInputPixels: 10_000 }),
      'INVALID_ARGUMENT',
      /320×240, above the rendering limit/,
    );
  });

  it('refuses invalid presets naming the field', async () => {
    const src = file('photos/320x240.jpg');
    await expectRefusal(render(src, rendition({ quality: 0 })), 'INVALID_ARGUMENT', /quality of rendition preset "Test"/);
    await expectRefusal(render(src, rendition({ size: { mode: 'long-edge', longEdge: 20000 } })), 'INVALID_ARGUMENT', /long edge.*1 to 16383/);
    await expectRefusal(render(src, rendition({ size: { mode: 'box', width: 100, height: 100, fit: 'fit', background: 'white' } })), 'INVALID_ARGUMENT', /#rrggbb/);
    await expectRefusal(render(src, rendition({ format: 'gif' as 'png' })), 'INVALID_ARGUMENT', /format of rendition preset "Test" must be one of jpeg, webp, avif, png/);
  });

  it('stops with CANCELLED when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectRefusal(renderImage(file('photos/320x240.jpg'), { rendition: rendition(), rights: EMPTY_RIGHTS, signal: controller.signal }), 'CANCELLED', /cancelled/);
    // Aborted while the decode runs: the render stops after that step instead of encoding.
    const late = new AbortController();
    const running = renderImage(file('photos/2569067123_aca715a2ee_o.jpg'), { rendition: rendition(), rights: EMPTY_RIGHTS, signal: late.signal });
    late.abort();
    await expectRefusal(running, 'CANCELLED', /cancelled/);
  });
});
