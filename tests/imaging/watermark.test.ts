import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isStrongroomError } from '../../electron/core/errors';
import { renderImage } from '../../electron/core/imaging/render';
import { clearWatermarkCaches, prepareWatermark, renderWatermarkPreview, warmUpWatermarks, watermarkCacheStats } from '../../electron/core/imaging/watermark';
import { escapePangoMarkup, fillWatermarkText, measureText } from '../../electron/core/imaging/watermark-text';
import { resolveFontFile } from '../../electron/core/imaging/fonts';
import { watermarkPositions, type WatermarkPreset, type WatermarkVariables } from '../../electron/core/imaging/types';
import {
  EMPTY_RIGHTS,
  changedBounds,
  changedShare,
  decodeRaw,
  diffMap,
  greyPhoto,
  meanDiff,
  rendition,
  watermarkPreset,
  type RawImage,
  type Region,
} from './helpers';

const W = 1200;
const H = 800;
const VARS: WatermarkVariables = { shop: 'Example Shop', recipient: 'Ann', date: '2025-05-07', shareId: 'x7Kq' };
const PNG = rendition({ format: 'png', size: { mode: 'long-edge', longEdge: 4000 } });

let source: Buffer;
let plain: RawImage;

async function marked(preset: WatermarkPreset, variables = VARS, original = source, logo?: Buffer): Promise<RawImage> {
  const out = await renderImage(original, { rendition: PNG, rights: EMPTY_RIGHTS, watermark: { preset, variables, logo } });
  return decodeRaw(out.data);
}

const full: Region = { left: 0, top: 0, width: W, height: H };

beforeAll(async () => {
  source = await greyPhoto(W, H);
  plain = await decodeRaw((await renderImage(source, { rendition: PNG, rights: EMPTY_RIGHTS })).data);
});

describe('watermark text', () => {
  it('fills the variables in one pass, missing ones as empty text', () => {
    expect(fillWatermarkText('© {shop} for {recipient}, {date} #{shareId}', VARS)).toBe('© Example Shop for Ann, 2025-05-07 #x7Kq');
    expect(fillWatermarkText('{recipient} {shop}', { recipient: '{shop}' })).toBe('{shop}');
    expect(fillWatermarkText('For {recipient}', {})).toBe('For');
    expect(fillWatermarkText('{recipient}', {})).toBeNull();
    expect(fillWatermarkText(null, VARS)).toBeNull();
    expect(fillWatermarkText('{unknown} stays', {})).toBe('{unknown} stays');
    expect(fillWatermarkText('a\r\nb\u0000c\u202ed', {})).toBe('a\nbcd');
  });

  it('escapes every Pango markup special', () => {
    expect(escapePangoMarkup(`<b>Ann & "Co" 'x'</b>`)).toBe('&#60;b&#62;Ann &#38; &#34;Co&#34; &#39;x&#39;&#60;/b&#62;');
  });

  it('draws markup characters as text instead of interpreting them', async () => {
    const font = resolveFontFile();
    const plainText = await measureText('AB', font);
    const tagged = await measureText('<b>AB</b>', font);
    // The tags are drawn: far wider than "AB" (interpreted, they would make it only slightly bolder).
    expect(tagged.widthPerDpi).toBeGreaterThan(plainText.widthPerDpi * 2.5);
    // A lone ampersand or an unclosed tag would make Pango fail; escaped, they render.
    const hostile = await marked(watermarkPreset({ text: '{recipient}' }), { recipient: '<i>Ann & Co "x" \'y\' &amp; </span>' });
    expect(changedShare(diffMap(plain, hostile), W, full)).toBeGreaterThan(0.0005);
  });
});

describe('placement', () => {
  it('draws a corner mark in its corner and changes nothing elsewhere', async () => {
    const preset = watermarkPreset({ placement: { mode: 'position', position: 'bottom-right', marginPercent: 4 }, sizePercent: 30 });
    const diff = diffMap(plain, await marked(preset));
    const b = changedBounds(diff, W, H, 0)!;
    expect(b).not.toBeNull();
    const margin = Math.round(0.04 * H);
    // Inside the margins, in the bottom-right corner...
    expect(b.left + b.width).toBeLessThanOrEqual(W - margin);
    expect(b.top + b.height).toBeLessThanOrEqual(H - margin);
    expect(b.left).toBeGreaterThan(W / 2);
    expect(b.top).toBeGreaterThan(H * 0.75);
    // ...as wide as asked (30 % of the output width), near the margin...
    expect(b.width / W).toBeGreaterThan(0.27);
    expect(b.width / W).toBeLessThan(0.33);
    expect(W - margin - (b.left + b.width)).toBeLessThan(8);
    // ...and not a single pixel changed outside it.
    const outside = [
      { left: 0, top: 0, width: W, height: b.top },
      { left: 0, top: b.top, width: b.left, height: H - b.top },
      { left: b.left + b.width, top: b.top, width: W - b.left - b.width, height: H - b.top },
      { left: b.left, top: b.top + b.height, width: b.width, height: H - b.top - b.height },
    ];
    for (const region of outside) if (region.width > 0 && region.height > 0) expect(meanDiff(diff, W, region)).toBe(0);
  });

  it('puts the mark where each of the nine positions says', async () => {
    for (const position of watermarkPositions) {
      const diff = diffMap(plain, await marked(watermarkPreset({ placement: { mode: 'position', position, marginPercent: 5 }, sizePercent: 20 })));
      const b = changedBounds(diff, W, H, 0)!;
      const cx = b.left + b.width / 2;
      const cy = b.top + b.height / 2;
      const col = position.endsWith('left') ? 0 : position.endsWith('right') ? 2 : 1;
      const row = position.startsWith('top') ? 0 : position.startsWith('bottom') ? 2 : 1;
      expect(Math.floor(cx / (W / 3)), `${position} column`).toBe(col);
      expect(Math.floor(cy / (H / 3)), `${position} row`).toBe(row);
      if (col === 1) expect(Math.abs(cx - W / 2), position).toBeLessThan(3);
      if (row === 1) expect(Math.abs(cy - H / 2), position).toBeLessThan(3);
    }
  });

  it('tiles a tiled mark across the whole image', async () => {
    const preset = watermarkPreset({ placement: { mode: 'tiled', spacingPercent: 10 }, rotation: -30, sizePercent: 25, opacity: 0.6 });
    const diff = diffMap(plain, await marked(preset));
    const cells = 4;
    for (let cy = 0; cy < cells; cy += 1) {
      for (let cx = 0; cx < cells; cx += 1) {
        const region = { left: (cx * W) / cells, top: (cy * H) / cells, width: W / cells, height: H / cells };
        expect(changedShare(diff, W, region, 8), `cell ${cx},${cy}`).toBeGreaterThan(0.03);
      }
    }
    // Spacing leaves most of the picture untouched.
    expect(changedShare(diff, W, full, 0)).toBeLessThan(0.6);
  });

  it('turns the mark by its rotation', async () => {
    const upright = changedBounds(diffMap(plain, await marked(watermarkPreset({ placement: { mode: 'position', position: 'center', marginPercent: 0 } }))), W, H, 0)!;
    const turned = changedBounds(diffMap(plain, await marked(watermarkPreset({ rotation: 90, placement: { mode: 'position', position: 'center', marginPercent: 0 } }))), W, H, 0)!;
    expect(upright.width).toBeGreaterThan(upright.height * 3);
    expect(turned.height).toBeGreaterThan(turned.width * 3);
    expect(Math.abs(turned.height - upright.width)).toBeLessThan(upright.width * 0.05);
  });

  it('shrinks a mark that would not fit inside the margins once turned', async () => {
    const b = changedBounds(diffMap(plain, await marked(watermarkPreset({ sizePercent: 100, rotation: 45, placement: { mode: 'position', position: 'center', marginPercent: 5 } }))), W, H, 0)!;
    const margin = 0.05 * H;
    expect(b.top).toBeGreaterThanOrEqual(margin - 1);
    expect(b.top + b.height).toBeLessThanOrEqual(H - margin + 1);
  });
});

describe('opacity, colour and legibility', () => {
  const region: Region = { left: W / 2, top: (H * 3) / 4, width: W / 2, height: H / 4 };

  it('respects the opacity: fainter marks change the pixels less, zero not at all', async () => {
    const at = async (opacity: number) => meanDiff(diffMap(plain, await marked(watermarkPreset({ opacity }))), W, region);
    const [o25, o50, o100, o0] = [await at(0.25), await at(0.5), await at(1), await at(0)];
    expect(o0).toBe(0);
    expect(o25).toBeGreaterThan(0);
    expect(o50).toBeGreaterThan(o25 * 1.6);
    expect(o100).toBeGreaterThan(o50 * 1.6);
  });

  it('draws in the preset colour', async () => {
    const out = await marked(watermarkPreset({ color: '#ff0000', sizePercent: 60, placement: { mode: 'position', position: 'center', marginPercent: 0 } }));
    const diff = diffMap(plain, out);
    let red = 0;
    for (let p = 0; p < W * H; p += 1) {
      if (diff[p]! < 100) continue;
      const [r, g, b] = [out.data[p * 3]!, out.data[p * 3 + 1]!, out.data[p * 3 + 2]!];
      if (r > 200 && g < 60 && b < 60) red += 1;
    }
    expect(red).toBeGreaterThan(1000);
  });

  it('stays visible on an image of its own colour with an outline or a shadow', async () => {
    const white = await sharp({ create: { width: W, height: H, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const whitePlain = await decodeRaw((await renderImage(white, { rendition: PNG, rights: EMPTY_RIGHTS })).data);
    const visible = async (legibility: WatermarkPreset['legibility']) =>
      changedShare(diffMap(whitePlain, await marked(watermarkPreset({ color: '#ffffff', legibility }), VARS, white)), W, region, 40);
    expect(await visible('none')).toBe(0);
    expect(await visible('outline')).toBeGreaterThan(0.01);
    expect(await visible('shadow')).toBeGreaterThan(0.01);
    // A dark mark gets a light halo: visible on black.
    const black = await sharp({ create: { width: W, height: H, channels: 3, background: '#000000' } }).png().toBuffer();
    const blackPlain = await decodeRaw((await renderImage(black, { rendition: PNG, rights: EMPTY_RIGHTS })).data);
    const dark = await marked(watermarkPreset({ color: '#000000', legibility: 'outline' }), VARS, black);
    expect(changedShare(diffMap(blackPlain, dark), W, region, 40)).toBeGreaterThan(0.01);
  });
});

describe('scale', () => {
  it('looks alike on a 400 px thumbnail and a 3000 px rendition', async () => {
    const preset = watermarkPreset({ sizePercent: 40, legibility: 'shadow' });
    const boxes: { w: number; b: Region }[] = [];
    for (const longEdge of [400, 3000]) {
      const src = await greyPhoto(3000, 2000);
      const r = rendition({ format: 'png', size: { mode: 'long-edge', longEdge } });
      const base = await decodeRaw((await renderImage(src, { rendition: r, rights: EMPTY_RIGHTS })).data);
      const wm = await decodeRaw((await renderImage(src, { rendition: r, rights: EMPTY_RIGHTS, watermark: { preset, variables: VARS } })).data);
      boxes.push({ w: base.width, b: changedBounds(diffMap(base, wm), base.width, base.height, 10)! });
    }
    const [small, large] = boxes.map(({ w, b }) => ({ left: b.left / w, top: b.top / w, width: b.width / w, height: b.height / w }));
    expect(small!.width).toBeCloseTo(large!.width, 1);
    expect(Math.abs(small!.width - large!.width)).toBeLessThan(0.03);
    expect(Math.abs(small!.height - large!.height)).toBeLessThan(0.02);
    expect(Math.abs(small!.left - large!.left)).toBeLessThan(0.03);
    expect(Math.abs(small!.top - large!.top)).toBeLessThan(0.03);
  });
});

describe('logo', () => {
  let logo: Buffer;
  beforeAll(async () => {
    logo = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } }).png().toBuffer();
  });

  it('draws a logo alone, and a logo beside the text', async () => {
    const logoOnly = watermarkPreset({ text: null, logoBlob: 'a'.repeat(64), sizePercent: 20 });
    const out = await marked(logoOnly, VARS, source, logo);
    const b = changedBounds(diffMap(plain, out), W, H, 30)!;
    expect(b.width / W).toBeGreaterThan(0.18);
    expect(b.width / W).toBeLessThan(0.22);
    expect(b.width / b.height).toBeCloseTo(2, 0);
    const mid = ((b.top + Math.floor(b.height / 2)) * W + b.left + Math.floor(b.width / 2)) * 3;
    expect([...out.data.subarray(mid, mid + 3)]).toEqual([0, 0, 255]);

    const both = await marked(watermarkPreset({ logoBlob: 'a'.repeat(64), sizePercent: 40 }), VARS, source, logo);
    const bb = changedBounds(diffMap(plain, both), W, H, 30)!;
    expect(bb.width / W).toBeGreaterThan(0.37);
    // The logo is at the left end of the mark.
    const left = ((bb.top + Math.floor(bb.height / 2)) * W + bb.left + 3) * 3;
    expect([...both.data.subarray(left, left + 3)]).toEqual([0, 0, 255]);
  });

  it('needs the logo when the preset names one, and refuses a logo that is not an image', async () => {
    const preset = watermarkPreset({ logoBlob: 'a'.repeat(64) });
    await expect(marked(preset)).rejects.toSatisfy((err: unknown) => isStrongroomError(err, 'INVALID_ARGUMENT') && /uses a logo/.test((err as Error).message));
    await expect(marked(preset, VARS, source, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).rejects.toSatisfy(
      (err: unknown) => isStrongroomError(err, 'INVALID_ARGUMENT') && /logo/.test((err as Error).message),
    );
  });
});

describe('outputs with transparency', () => {
  it('blends into RGBA pixels, keeping the transparency around the mark', async () => {
    const clear = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await renderImage(clear, {
      rendition: PNG,
      rights: EMPTY_RIGHTS,
      watermark: { preset: watermarkPreset({ color: '#ff0000', sizePercent: 80, placement: { mode: 'position', position: 'center', marginPercent: 0 } }), variables: VARS },
    });
    const raw = await decodeRaw(out.data);
    expect(raw.channels).toBe(4);
    expect(raw.data[3]).toBe(0);
    let opaqueRed = 0;
    for (let p = 0; p < raw.width * raw.height; p += 1) if (raw.data[p * 4 + 3]! > 250 && raw.data[p * 4]! > 250 && raw.data[p * 4 + 1]! < 5) opaqueRed += 1;
    expect(opaqueRed).toBeGreaterThan(200);
  });
});

describe('designer preview and caches', () => {
  let preview: Buffer;
  beforeAll(async () => {
    preview = await sharp(await greyPhoto(2048, 1365)).jpeg({ quality: 82 }).toBuffer();
  });

  it('renders the preview with the mark where the export puts it', async () => {
    const preset = watermarkPreset({ placement: { mode: 'position', position: 'top-left', marginPercent: 3 } });
    const none = await decodeRaw((await renderWatermarkPreview(preview, { ...preset, opacity: 0 }, VARS)).data);
    const out = await renderWatermarkPreview(preview, preset, VARS);
    expect(out.format).toBe('jpeg');
    expect([out.width, out.height]).toEqual([2048, 1365]);
    expect((await sharp(out.data).metadata()).format).toBe('jpeg');
    const diff = diffMap(none, await decodeRaw(out.data));
    const b = changedBounds(diff, 2048, 1365, 40)!;
    expect(b.left).toBeLessThan(2048 * 0.05);
    expect(b.top).toBeLessThan(1365 * 0.06);
    expect(b.width / 2048).toBeGreaterThan(0.27);
    expect(b.width / 2048).toBeLessThan(0.33);
    // Away from the mark, the preview is untouched (beyond JPEG noise).
    expect(changedShare(diff, 2048, { left: 0, top: 700, width: 2048, height: 665 }, 12)).toBe(0);
  });

  it('shows the rendition geometry when asked (a marketplace square)', async () => {
    const out = await renderWatermarkPreview(preview, watermarkPreset(), VARS, undefined, {
      rendition: rendition({ size: { mode: 'box', width: 2000, height: 2000, fit: 'contain', background: '#ffffff' } }),
    });
    expect([out.width, out.height]).toEqual([2000, 2000]);
  });

  it('draws at the size it is shown at, with the mark at the same place and scale', async () => {
    const preset = watermarkPreset({ placement: { mode: 'position', position: 'top-left', marginPercent: 3 } });
    const small = await renderWatermarkPreview(preview, preset, VARS, undefined, { maxEdge: 1024 });
    expect([small.width, small.height]).toEqual([1024, 683]);
    const none = await decodeRaw((await renderWatermarkPreview(preview, { ...preset, opacity: 0 }, VARS, undefined, { maxEdge: 1024 })).data);
    const b = changedBounds(diffMap(none, await decodeRaw(small.data)), 1024, 683, 40)!;
    expect(b.left).toBeLessThan(1024 * 0.05);
    expect(b.width / 1024).toBeGreaterThan(0.27);
    expect(b.width / 1024).toBeLessThan(0.33);
    const square = rendition({ size: { mode: 'box', width: 2000, height: 2000, fit: 'contain', background: '#ffffff' } });
    const boxed = await renderWatermarkPreview(preview, preset, VARS, undefined, { rendition: square, maxEdge: 800 });
    expect([boxed.width, boxed.height]).toEqual([800, 800]);
    const web = rendition({ size: { mode: 'long-edge', longEdge: 1200 } });
    const long = await renderWatermarkPreview(preview, preset, VARS, undefined, { rendition: web, maxEdge: 800 });
    expect(Math.max(long.width, long.height)).toBe(800);
  });

  it('reuses a prepared overlay and keeps marks for different text apart', async () => {
    clearWatermarkCaches();
    const request = { preset: watermarkPreset(), variables: VARS };
    const first = await prepareWatermark(request, 1000, 700);
    const second = await prepareWatermark(request, 1000, 700);
    expect(second).toBe(first);
    const other = await prepareWatermark({ ...request, variables: { ...VARS, shop: 'Other Shop Ltd' } }, 1000, 700);
    expect(other).not.toBe(first);
    expect(other!.mark.width).toBeGreaterThan(0);
    expect(watermarkCacheStats().overlays).toBe(2);
    expect(await prepareWatermark({ preset: watermarkPreset({ text: '{recipient}' }), variables: {} }, 1000, 700)).toBeNull();
  });

  it('warms up without leaving anything cached, and forgets everything when asked (vault lock)', async () => {
    clearWatermarkCaches();
    await warmUpWatermarks();
    expect(watermarkCacheStats()).toEqual({ overlays: 0, overlayBytes: 0, previews: 0 });
    await renderWatermarkPreview(preview, watermarkPreset(), VARS);
    expect(watermarkCacheStats().previews).toBe(1);
    expect(watermarkCacheStats().overlays).toBe(1);
    clearWatermarkCaches();
    expect(watermarkCacheStats()).toEqual({ overlays: 0, overlayBytes: 0, previews: 0 });
  });

  it('refuses an invalid watermark preset naming the field', async () => {
    await expect(prepareWatermark({ preset: watermarkPreset({ opacity: 2 }), variables: VARS }, 100, 100)).rejects.toThrow(/opacity of watermark preset "Test mark"/);
    await expect(prepareWatermark({ preset: watermarkPreset({ color: 'red' }), variables: VARS }, 100, 100)).rejects.toThrow(/#rrggbb/);
    await expect(prepareWatermark({ preset: watermarkPreset(), variables: VARS }, 100, 100, { resourcesDir: '/nonexistent' })).rejects.toSatisfy(
      (err: unknown) => isStrongroomError(err, 'NOT_FOUND') && /DejaVuSans-Bold\.ttf was not found/.test((err as Error).message),
    );
  });
});
