import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAssets } from '../../electron/core/catalog/asset-list';
import { getAsset, getRawMetadata } from '../../electron/core/catalog/assets';
import { referencedBlobIds } from '../../electron/core/catalog/imports';
import type { AssetDetail, DerivedKind } from '../../electron/core/catalog/types';
import type { IngestReport } from '../../electron/core/ingest/ingest';
import { blobFiles, createSuiteVault, fixturesDir, listVisibleFiles, tempFiles, type SuiteVault } from '../helpers/vault';

/** Files that must be refused, and what the reason has to say. */
const EXPECTED_REFUSALS: Record<string, RegExp> = {
  'hostile/65536-uint32-limit.png': /65536×65536.*above the 100 MP import limit/,
  'hostile/giant-image.jpg': /20000×14000.*above the 100 MP import limit/,
  'hostile/corrupt-header.jpg': /JPEG file is damaged or incomplete/,
  'hostile/truncated.jpg': /JPEG file is damaged or incomplete/,
  'hostile/truncated.png': /PNG file is damaged or incomplete/,
  'hostile/struct-image-04-t.svg': /^SVG files are refused/,
  'metadata/QuickTime.heic': /HEIC.*HEVC/,
  'orientation/LICENSE': /not a recognised image/,
};
/** Decoder torture tests: importing their first frame or refusing them are both fine, hanging is not. */
const EITHER_WAY = ['hostile/Crash_test.gif', 'hostile/big-height.webp'];

let sv: SuiteVault;
let report: IngestReport;
let ingestMs: number;
const rel = (source: string) => path.relative(fixturesDir, source);

function assetOf(relPath: string): AssetDetail {
  const item = report.imported.find((i) => rel(i.source) === relPath);
  if (!item) throw new Error(`${relPath} was not imported`);
  return getAsset(sv.vault.db, item.assetId);
}

async function rendition(relPath: string, kind: DerivedKind): Promise<Buffer> {
  const d = assetOf(relPath).versions[0]!.derived.find((x) => x.kind === kind);
  if (!d) throw new Error(`${relPath} has no ${kind}`);
  return sv.vault.blobs.get(d.blobId);
}

/** A 64x43 greyscale fingerprint: small enough to ignore resampling and JPEG noise, not orientation. */
const fingerprint = (jpeg: Buffer) => sharp(jpeg).resize(64, 43, { fit: 'fill' }).greyscale().raw().toBuffer();
function meanAbsDiff(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

beforeAll(async () => {
  sv = await createSuiteVault('fixtures');
  const started = performance.now();
  report = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixturesDir }]);
  ingestMs = performance.now() - started;
}, 120_000);
afterAll(() => sv?.dispose());

describe('ingesting every fixture', () => {
  it('accounts for every file exactly once, within a minute', () => {
    const found = listVisibleFiles(fixturesDir);
    expect(found.length).toBeGreaterThanOrEqual(45);
    const reported = [...report.imported, ...report.duplicates, ...report.refused].map((x) => rel(x.source));
    expect(reported.length).toBe(found.length);
    expect([...reported].sort()).toEqual(found);
    expect(report.duplicates).toEqual([]);
    expect(report.cancelled).toBe(false);
    expect(ingestMs).toBeLessThan(60_000);
  });

  it('refuses exactly the files it must, each with a specific reason', () => {
    const refused = new Map(report.refused.map((r) => [rel(r.source), r.reason]));
    for (const [file, reason] of Object.entries(EXPECTED_REFUSALS)) expect(refused.get(file), file).toMatch(reason);
    const unexpected = [...refused.keys()].filter((f) => !(f in EXPECTED_REFUSALS) && !EITHER_WAY.includes(f));
    expect(unexpected).toEqual([]);
    for (const reason of refused.values()) expect(reason).not.toMatch(/\n|\bat .*\.ts:\d+/);
  });

  it('stores every orientation upright: thumbnails and previews match Landscape_1', async () => {
    const reference = await fingerprint(await rendition('orientation/Landscape_1.jpg', 'thumb'));
    const referenceJpeg = await rendition('orientation/Landscape_1.jpg', 'thumb');
    // Controls: the same picture turned or mirrored must score far above the threshold.
    for (const wrong of [sharp(referenceJpeg).rotate(180), sharp(referenceJpeg).flop(), sharp(referenceJpeg).flip()]) {
      expect(meanAbsDiff(reference, await fingerprint(await wrong.toBuffer()))).toBeGreaterThan(40);
    }
    for (let n = 0; n <= 8; n += 1) {
      const file = `orientation/Landscape_${n}.jpg`;
      const current = assetOf(file).versions[0]!;
      expect([current.width, current.height], file).toEqual([1800, 1200]);
      for (const kind of ['thumb', 'preview'] as const) {
        const jpeg = await rendition(file, kind);
        const meta = await sharp(jpeg).metadata();
        expect(meta.width!, `${file} ${kind}`).toBeGreaterThan(meta.height!);
        expect(meta.orientation ?? 1, `${file} ${kind}`).toBe(1);
        expect(meanAbsDiff(reference, await fingerprint(jpeg)), `${file} ${kind}`).toBeLessThan(12);
      }
    }
  });

  it('reads GPS and IPTC metadata and makes it searchable', () => {
    const gps = assetOf('metadata/GPS.jpg').metadata;
    expect(gps.gpsLatitude).toBeCloseTo(54.9897, 3);
    expect(gps.gpsLongitude).toBeCloseTo(-1.9142, 3);
    expect(gps).toMatchObject({ cameraMake: 'FUJIFILM', caption: 'Communications' });
    const iptc = assetOf('metadata/IPTC.jpg').metadata;
    expect(iptc).toMatchObject({ creator: 'Phil Harvey', city: 'Kingston', caption: 'A witty caption', keywords: ['ExifTool', 'Test', 'IPTC'] });
    const found = (query: string) => listAssets(sv.vault.db, { query }).map((a) => a.title);
    expect(found('witty caption')).toContain('IPTC');
    expect(found('Communications')).toContain('GPS');
    expect(found('Kingst')).toContain('IPTC');
    expect(found('SKU-1042')).toEqual([]);
  });

  it('reads UTF-16 XMP (XMP.jpg has no IPTC block: its keywords and city exist only in XMP)', () => {
    const asset = assetOf('metadata/XMP.jpg');
    expect(asset.metadata.keywords).toEqual(['ExifTool', 'Test', 'XMP']);
    expect(asset.metadata).toMatchObject({ city: 'Kingston', country: 'Canada' });
    const raw = getRawMetadata(sv.vault.db, asset.currentVersionId) as { xmp?: { dc?: { description?: unknown } } };
    expect(JSON.stringify(raw.xmp?.dc?.description)).toContain('UTF-16 (big-endian) encoded XMP');
    expect(listAssets(sv.vault.db, { query: 'Test XMP' }).map((a) => a.title)).toEqual(['XMP']);
  });

  it('follows the Metadata Working Group precedence (MWG.jpg: Exif, then XMP, then IPTC)', () => {
    const mwg = assetOf('metadata/MWG.jpg').metadata;
    expect(mwg.creator).toMatch(/^RIGHT1of2-EXIF-Creator/);
    expect(mwg.city).toBe('RIGHT-XMP-City');
    expect(mwg.country).toBe('RIGHT-IPTC-Country');
    expect(mwg.copyright).toBe('RIGHT-XMP-Copyright');
    expect(mwg.caption).toBe('RIGHT-EXIF-Description');
    expect(mwg.keywords).toEqual(['RIGHT1of2-XMP-Keywords', 'RIGHT2of2-XMP-Keywords']);
  });

  it.each([
    ['photos/4.webp', 'webp', 1024, 772],
    ['metadata/ExifTool.tif', 'tiff', 160, 120],
    ['photos/animated-loop-3.gif', 'gif', 370, 285],
    ['photos/Flag_of_the_Netherlands-16bit.png', 'png', 900, 600],
    ['photos/Channel_digital_image_CMYK_color.jpg', 'jpeg', 500, 333],
    ['photos/gain-map.jpg', 'jpeg', 3840, 2160],
    ['photos/p3.png', 'png', 8, 8],
  ] as const)('imports %s as %s %ix%i with matching renditions', async (file, format, width, height) => {
    const v = assetOf(file).versions[0]!;
    expect([v.format, v.width, v.height]).toEqual([format, width, height]);
    for (const d of v.derived) {
      const meta = await sharp(await rendition(file, d.kind)).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels, meta.space]).toEqual(['jpeg', d.width, d.height, 3, 'srgb']);
      // Same aspect ratio as the original (so an animation is one frame, not a strip of frames).
      expect(Math.abs(d.width / d.height - width / height)).toBeLessThan(0.02);
    }
    expect(v.derived.map((d) => d.kind).sort()).toEqual(['preview', 'thumb']);
  });

  it('imports the primary image of an AVIF (pitm.avif: a 4096x800 grid, not its first tile)', () => {
    const v = assetOf('photos/pitm.avif').versions[0]!;
    expect([v.format, v.width, v.height]).toEqual(['avif', 4096, 800]);
  });

  it('converts CMYK to sRGB and flattens transparency onto white', async () => {
    const cmyk = await sharp(await rendition('photos/Channel_digital_image_CMYK_color.jpg', 'thumb')).metadata();
    expect([cmyk.channels, cmyk.space, cmyk.hasProfile]).toEqual([3, 'srgb', false]);
    // Expected colour of with-alpha.png over white, computed from its RGBA pixels.
    const src = await sharp(path.join(fixturesDir, 'photos/with-alpha.png')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const want = [0, 0, 0];
    const pixels = src.info.width * src.info.height;
    for (let i = 0; i < pixels; i += 1) {
      const a = src.data[i * 4 + 3]! / 255;
      for (let c = 0; c < 3; c += 1) want[c]! += (src.data[i * 4 + c]! * a + 255 * (1 - a)) / pixels;
    }
    const thumb = await sharp(await rendition('photos/with-alpha.png', 'thumb')).stats();
    expect(thumb.channels).toHaveLength(3);
    thumb.channels.forEach((ch, c) => expect(Math.abs(ch.mean - want[c]!), `channel ${c}`).toBeLessThan(6));
  });

  it('leaves nothing behind: every stored blob is referenced, no temp files', async () => {
    const check = await sv.core.verify(sv.vault);
    expect(check.problems).toEqual([]);
    expect(check.unreferenced).toEqual([]);
    expect(check.blobsChecked).toBe(referencedBlobIds(sv.vault.db).size);
    expect(blobFiles(sv.dir).length).toBe(check.blobsChecked);
    expect(tempFiles(sv.dir)).toEqual([]);
  });

  it('reports every file as a duplicate when the folder is ingested again, writing no blob', async () => {
    const blobsBefore = blobFiles(sv.dir);
    const again = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixturesDir }]);
    expect(again.imported).toEqual([]);
    const firstIds = new Map(report.imported.map((i) => [i.source, i.assetId]));
    expect(new Map(again.duplicates.map((d) => [d.source, d.assetId]))).toEqual(firstIds);
    expect(again.refused.map((r) => r.source).sort()).toEqual(report.refused.map((r) => r.source).sort());
    expect(blobFiles(sv.dir)).toEqual(blobsBefore);
    expect(tempFiles(sv.dir)).toEqual([]);
  });
});

describe('hostile files', () => {
  it('handles each decoder torture test within seconds', async () => {
    const hostile = await createSuiteVault('hostile');
    try {
      for (const file of [...Object.keys(EXPECTED_REFUSALS).filter((f) => f.startsWith('hostile/')), ...EITHER_WAY]) {
        const started = performance.now();
        const r = await hostile.core.ingest(hostile.vault, [{ kind: 'file', path: path.join(fixturesDir, file) }]);
        expect(performance.now() - started, file).toBeLessThan(10_000);
        expect(r.imported.length + r.refused.length, file).toBe(1);
        if (file in EXPECTED_REFUSALS) expect(r.refused[0]?.reason, file).toMatch(EXPECTED_REFUSALS[file]!);
      }
      const check = await hostile.core.verify(hostile.vault);
      expect([check.problems, check.unreferenced]).toEqual([[], []]);
    } finally {
      hostile.dispose();
    }
  });
});
