import { describe, expect, it } from 'vitest';
import { BUILTIN_RENDITION_PRESET_IDS, builtinRenditionPreset, builtinRenditionPresets } from '../../electron/core/imaging/builtin-presets';
import { applyExifPatches, crc32, fixWebpExifChunk, planExifRights } from '../../electron/core/imaging/exif-rights';
import { blurMask, boxWidthsForGauss } from '../../electron/core/imaging/halo';
import { LruCache, cachedPromise } from '../../electron/core/imaging/lru';
import { srgbProfile, wrapAsTiff } from '../../electron/core/imaging/tiff-wrap';
import { encoderInput } from '../../electron/core/imaging/render';
import { planRendition, sharpenSigma } from '../../electron/core/imaging/rendition-plan';
import { assertRenditionPreset } from '../../electron/core/imaging/validate';
import { layoutMark, positionedOrigin, rotatedSize, tileOrigins, type MarkContent } from '../../electron/core/imaging/watermark-layout';
import { EMPTY_RIGHTS } from './helpers';

describe('built-in rendition presets', () => {
  it('are valid, built in, with stable ids, and copies', () => {
    const presets = builtinRenditionPresets();
    expect(presets.map((p) => p.id)).toEqual([...BUILTIN_RENDITION_PRESET_IDS]);
    expect(presets.map((p) => p.id)).toEqual(expect.arrayContaining(['builtin-marketplace', 'builtin-web', 'builtin-thumbnail']));
    for (const p of presets) {
      expect(p.builtIn).toBe(true);
      expect(p.id).toMatch(/^builtin-[a-z0-9-]{1,48}$/);
      expect(() => assertRenditionPreset(p)).not.toThrow();
    }
    expect(builtinRenditionPreset('builtin-marketplace')).toMatchObject({
      size: { mode: 'box', width: 2000, height: 2000, fit: 'contain', background: '#ffffff' },
      format: 'jpeg',
      quality: 85,
    });
    expect(builtinRenditionPreset('builtin-web')).toMatchObject({ size: { mode: 'long-edge', longEdge: 1200 }, format: 'webp', quality: 80 });
    expect(builtinRenditionPreset('builtin-thumbnail')).toMatchObject({ size: { mode: 'long-edge', longEdge: 400 }, format: 'jpeg', quality: 80 });
    expect(builtinRenditionPreset('nope')).toBeNull();
    presets[0]!.quality = 1;
    expect(builtinRenditionPresets()[0]!.quality).toBe(85);
  });
});

describe('planRendition', () => {
  it('scales to the long edge, never up', () => {
    expect(planRendition({ mode: 'long-edge', longEdge: 2048 }, 4000, 3000)).toMatchObject({ resize: { width: 2048, height: 1536 }, width: 2048, height: 1536, crop: null, pad: null });
    expect(planRendition({ mode: 'long-edge', longEdge: 2048 }, 3000, 4000)).toMatchObject({ width: 1536, height: 2048 });
    expect(planRendition({ mode: 'long-edge', longEdge: 2048 }, 1000, 800)).toMatchObject({ resize: null, width: 1000, height: 800, reduction: 1 });
  });

  it('fits, covers and contains', () => {
    const box = (fit: 'fit' | 'cover' | 'contain') => ({ mode: 'box' as const, width: 1000, height: 1000, fit, background: '#102030' });
    expect(planRendition(box('fit'), 4000, 2000)).toMatchObject({ width: 1000, height: 500, pad: null, crop: null });
    expect(planRendition(box('cover'), 4000, 2000)).toMatchObject({ resize: { width: 2000, height: 1000 }, crop: { left: 500, top: 0, width: 1000, height: 1000 }, width: 1000, height: 1000 });
    const contain = planRendition(box('contain'), 4000, 2000);
    expect(contain).toMatchObject({ resize: { width: 1000, height: 500 }, pad: { top: 250, bottom: 250, left: 0, right: 0 }, width: 1000, height: 1000 });
    expect(contain.background).toEqual({ r: 0x10, g: 0x20, b: 0x30 });
    // Smaller than the box: contain pads without enlarging, cover keeps the size where it is short.
    expect(planRendition(box('contain'), 300, 200)).toMatchObject({ resize: null, pad: { left: 350, right: 350, top: 400, bottom: 400 }, width: 1000, height: 1000 });
    expect(planRendition(box('cover'), 300, 2000)).toMatchObject({ resize: null, crop: { left: 0, top: 500, width: 300, height: 1000 }, width: 300, height: 1000 });
    expect(planRendition(box('contain'), 1001, 999)).toMatchObject({ width: 1000, height: 1000 });
  });

  it('sharpens only real downscales, more for larger ones, within a mild range', () => {
    expect(sharpenSigma(1)).toBeNull();
    expect(sharpenSigma(1.05)).toBeNull();
    const s2 = sharpenSigma(2)!;
    const s8 = sharpenSigma(8)!;
    expect(s8).toBeGreaterThan(s2);
    expect(s2).toBeGreaterThan(0.5);
    expect(sharpenSigma(1000)).toBeLessThanOrEqual(1.1);
  });
});

describe('watermark layout', () => {
  const text: MarkContent = { text: { widthPerDpi: 2, heightPerDpi: 0.25, lines: 1 }, logoAspect: null };
  const position = { mode: 'position' as const, position: 'bottom-right' as const, marginPercent: 2 };

  it('sizes the mark to its share of the output width, the same at every output size', () => {
    for (const width of [400, 1200, 3000]) {
      const l = layoutMark({ content: text, legibility: 'none', sizePercent: 25, rotation: 0, placement: position, outputWidth: width, outputHeight: (width * 2) / 3 })!;
      expect(l.contentWidth / width).toBeCloseTo(0.25, 5);
      expect(l.pad).toBe(0);
    }
  });

  it('pads for the halo in proportion to the text', () => {
    const small = layoutMark({ content: text, legibility: 'outline', sizePercent: 25, rotation: 0, placement: position, outputWidth: 800, outputHeight: 600 })!;
    const large = layoutMark({ content: text, legibility: 'outline', sizePercent: 25, rotation: 0, placement: position, outputWidth: 3200, outputHeight: 2400 })!;
    expect(large.pad / small.pad).toBeGreaterThan(2.5);
    expect(large.halo!.sigma / small.halo!.sigma).toBeCloseTo(4, 1);
  });

  it('shrinks a turned mark to fit inside the margins', () => {
    const l = layoutMark({ content: text, legibility: 'shadow', sizePercent: 100, rotation: 45, placement: position, outputWidth: 1000, outputHeight: 500 })!;
    const box = rotatedSize(l.contentWidth + 2 * l.pad, l.contentHeight + 2 * l.pad, 45);
    expect(box.width).toBeLessThanOrEqual(1000 - 20);
    expect(box.height).toBeLessThanOrEqual(500 - 20);
  });

  it('lays a logo beside the text at the text height', () => {
    const l = layoutMark({ content: { ...text, logoAspect: 2 }, legibility: 'none', sizePercent: 50, rotation: 0, placement: position, outputWidth: 1000, outputHeight: 1000 })!;
    expect(l.logoSize!.height).toBeCloseTo(l.textSize!.height, 5);
    expect(l.logoSize!.width).toBeCloseTo(2 * l.textSize!.height, 5);
    expect(l.contentWidth).toBeCloseTo(500, 5);
    expect(layoutMark({ content: { text: null, logoAspect: null }, legibility: 'none', sizePercent: 50, rotation: 0, placement: position, outputWidth: 10, outputHeight: 10 })).toBeNull();
  });

  it('places at the nine positions with the margin', () => {
    expect(positionedOrigin('top-left', 1000, 500, 100, 50, 10)).toEqual({ x: 10, y: 10 });
    expect(positionedOrigin('bottom-right', 1000, 500, 100, 50, 10)).toEqual({ x: 890, y: 440 });
    expect(positionedOrigin('center', 1000, 500, 100, 50, 10)).toEqual({ x: 450, y: 225 });
    expect(positionedOrigin('top', 1000, 500, 100, 50, 10)).toEqual({ x: 450, y: 10 });
    expect(positionedOrigin('right', 1000, 500, 100, 50, 10)).toEqual({ x: 890, y: 225 });
  });

  it('tiles from the centre outwards to every corner', () => {
    const points = tileOrigins({ width: 1000, height: 600, cell: { width: 200, height: 40 }, mark: { width: 200, height: 40 }, rotation: 0, spacing: 20 });
    expect(points).toContainEqual({ x: 400, y: 280 });
    const covers = (x: number, y: number) => points.some((p) => x >= p.x && x < p.x + 200 && y >= p.y && y < p.y + 40 + 20);
    for (const [x, y] of [[1, 1], [998, 1], [1, 598], [998, 598], [500, 300]] as const) expect(covers(x, y) || covers(x - 110, y), `${x},${y}`).toBe(true);
    for (const p of points) {
      expect(p.x + 200).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(1000);
    }
    // Turned, the rows follow the rotation: two neighbours in a row are one step apart along it.
    const turned = tileOrigins({ width: 1000, height: 1000, cell: { width: 100, height: 20 }, mark: { width: 100, height: 100 }, rotation: 90, spacing: 0 });
    expect(turned).toContainEqual({ x: 450, y: 450 });
    expect(turned).toContainEqual({ x: 450, y: 550 });
  });
});

describe('LRU cache', () => {
  it('evicts the least recently used entry by count and by bytes', () => {
    const cache = new LruCache<string>(3, 100);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    cache.set('c', 'C', 10);
    expect(cache.get('a')).toBe('A');
    cache.set('d', 'D', 10);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(3);
    cache.set('e', 'E', 90);
    // 120 bytes: the two least recently used (c, then a) go, d and e stay at exactly the limit.
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(100);
    expect(cache.get('d')).toBe('D');
    cache.set('huge', 'H', 1000);
    expect(cache.get('huge')).toBe('H');
  });

  it('shares one computation for concurrent callers and forgets failures', async () => {
    const cache = new LruCache<Promise<number>>(4);
    let runs = 0;
    const compute = async () => {
      runs += 1;
      return 42;
    };
    const [x, y] = await Promise.all([cachedPromise(cache, 'k', compute, () => 8), cachedPromise(cache, 'k', compute, () => 8)]);
    expect([x, y, runs]).toEqual([42, 42, 1]);
    await Promise.resolve();
    expect(cache.bytes).toBe(8);
    await expect(cachedPromise(cache, 'bad', () => Promise.reject(new Error('no')), () => 0)).rejects.toThrow('no');
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.peek('bad')).toBeUndefined();
  });
});

describe('EXIF rights placeholders', () => {
  it('plans nothing without a creator or notice, and long enough random placeholders otherwise', () => {
    expect(planExifRights(EMPTY_RIGHTS)).toBeNull();
    const plan = planExifRights({ ...EMPTY_RIGHTS, creator: '東京'.repeat(20), copyrightNotice: '©' })!;
    expect(Object.keys(plan.exif.IFD0).sort()).toEqual(['Artist', 'Copyright']);
    for (const patch of plan.patches) {
      expect(patch.placeholder.toString('ascii')).toMatch(/^SRX[A-Z0-9]+$/);
      expect(patch.placeholder.length).toBeGreaterThanOrEqual(24);
      expect(patch.value.length).toBe(patch.placeholder.length);
    }
    expect(plan.patches[0]!.value.toString('utf8').replace(/\0+$/, '')).toBe('東京'.repeat(20));
    const again = planExifRights({ ...EMPTY_RIGHTS, creator: 'x' })!;
    expect(again.patches[0]!.placeholder.equals(plan.patches[0]!.placeholder)).toBe(false);
  });

  it('fails loudly when a placeholder is missing or ambiguous', () => {
    const plan = planExifRights({ ...EMPTY_RIGHTS, creator: 'x' })!;
    expect(() => applyExifPatches(Buffer.from('nothing here'), 'jpeg', plan)).toThrow(/EXIF Artist.*not found/);
    const twice = Buffer.concat([plan.patches[0]!.placeholder, plan.patches[0]!.placeholder]);
    expect(() => applyExifPatches(twice, 'jpeg', plan)).toThrow(/found twice/);
  });

  it('computes PNG CRCs (the IEND chunk)', () => {
    expect(crc32(Buffer.from('IEND', 'latin1'))).toBe(0xae426082);
  });

  it('leaves WebP files without the stray "Exif" marker alone', () => {
    const riff = Buffer.from('RIFF\u0004\u0000\u0000\u0000WEBP', 'latin1');
    expect(fixWebpExifChunk(riff)).toBe(riff);
    const notWebp = Buffer.from('not a webp file at all');
    expect(fixWebpExifChunk(notWebp)).toBe(notWebp);
  });
});

describe('halo blur', () => {
  it('approximates a Gaussian blur, narrow (full size) and wide (on a shrunk grid)', async () => {
    const sharp = (await import('sharp')).default;
    const w = 240;
    const h = 160;
    const mask = new Uint8Array(w * h);
    for (let y = 60; y < 100; y += 1) for (let x = 80; x < 160; x += 1) mask[y * w + x] = 255;
    for (const sigma of [2, 12]) {
      const ours = blurMask(mask, w, h, sigma);
      const reference = await sharp(Buffer.from(mask), { raw: { width: w, height: h, channels: 1 } }).blur(sigma).toColourspace('b-w').raw().toBuffer();
      let worst = 0;
      let sum = 0;
      for (let i = 0; i < ours.length; i += 1) {
        const d = Math.abs(ours[i]! - reference[i]!);
        worst = Math.max(worst, d);
        sum += d;
      }
      expect(sum / ours.length, `sigma ${sigma} mean`).toBeLessThan(2);
      expect(worst, `sigma ${sigma} worst`).toBeLessThan(sigma > 6 ? 26 : 12);
    }
  });

  it('gives three odd box widths for a sigma', () => {
    for (const sigma of [1, 3, 7.5, 20]) {
      const widths = boxWidthsForGauss(sigma);
      expect(widths).toHaveLength(3);
      for (const b of widths) expect(b % 2).toBe(1);
      // Three boxes of variance (w² − 1)/12 add up to about σ².
      const variance = widths.reduce((v, b) => v + (b * b - 1) / 12, 0);
      expect(Math.abs(variance - sigma * sigma) / (sigma * sigma)).toBeLessThan(0.35);
    }
  });
});

describe('TIFF wrapping of the encoder input', () => {
  it('round-trips RGB and RGBA pixels with the profile, nothing else', async () => {
    const sharp = (await import('sharp')).default;
    const icc = await srgbProfile();
    for (const channels of [3, 4] as const) {
      const w = 37;
      const h = 11;
      const pixels = Buffer.alloc(w * h * channels);
      for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 7919) % 256;
      const tiff = wrapAsTiff(pixels, w, h, channels, icc);
      const { data, info } = await sharp(tiff, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([w, h, channels]);
      expect(data.equals(pixels)).toBe(true);
      const meta = await sharp(tiff).metadata();
      expect(meta.icc?.equals(icc)).toBe(true);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
    }
    expect(() => wrapAsTiff(Buffer.alloc(5), 2, 2, 3, icc)).toThrow(/not 2×2×3/);
  });
});

describe('encoder input', () => {
  it('gives the same pixels and profile whether wrapped as TIFF or converted from raw (large outputs)', async () => {
    const sharp = (await import('sharp')).default;
    const w = 64;
    const h = 48;
    for (const channels of [3, 4] as const) {
      const pixels = Buffer.alloc(w * h * channels);
      for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 31) % 256;
      const inputs = [await encoderInput(pixels, { width: w, height: h, channels }), await encoderInput(pixels, { width: w, height: h, channels }, 0)];
      const outputs = await Promise.all(inputs.map((input) => input.png().toBuffer()));
      const decoded = await Promise.all(outputs.map((o) => sharp(o, { ignoreIcc: true }).raw().toBuffer()));
      expect(decoded[0]!.equals(pixels)).toBe(true);
      expect(decoded[1]!.equals(pixels)).toBe(true);
      const profiles = await Promise.all(outputs.map(async (o) => (await sharp(o).metadata()).icc));
      expect(profiles[0]?.equals(profiles[1]!)).toBe(true);
      expect(profiles[0]?.equals(await srgbProfile())).toBe(true);
    }
  });
});
