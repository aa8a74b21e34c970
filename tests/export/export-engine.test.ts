import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { getRenditionPreset, saveRenditionPreset } from '../../electron/core/catalog/rendition-presets';
import { updateRightsProfile } from '../../electron/core/catalog/rights-profile';
import { saveWatermarkPreset } from '../../electron/core/catalog/watermark-presets';
import { exportAssets, type ExportFileResult, type ExportReport } from '../../electron/core/export/export-assets';
import { importLogo } from '../../electron/core/ingest/logo';
import type { RenditionPreset } from '../../electron/core/imaging/types';
import { makeReadOnly } from '../helpers/read-only';
import { rejectionOf } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';
import { createSuiteVault, createTestVault, fixturesDir, type SuiteVault } from '../helpers/vault';

const fixture = (rel: string) => path.join(fixturesDir, rel);
const FIXTURES = ['orientation/Landscape_6.jpg', 'metadata/GPS.jpg', 'photos/with-alpha.png', 'photos/Channel_digital_image_CMYK_color.jpg'];
const NOW = new Date(2026, 2, 14, 12, 0, 0);

let tv: SuiteVault;
/** Asset ids in FIXTURES order. */
let ids: string[] = [];
let small: RenditionPreset;

const partials = (dir: string) => readdirSync(dir).filter((n) => n.includes('.partial-'));
const written = (r: ExportReport) => r.files.filter((f): f is Extract<ExportFileResult, { ok: true }> => f.ok);

beforeAll(async () => {
  tv = await createSuiteVault('export-engine');
  const report = await tv.core.ingest(tv.vault, FIXTURES.map((f) => ({ kind: 'file' as const, path: fixture(f) })));
  expect(report.refused).toEqual([]);
  ids = FIXTURES.map((f) => report.imported.find((i) => i.source.endsWith(f))!.assetId);
  updateAssetFields(tv.vault.db, ids[0]!, { sku: 'SKU-100' });
  updateAssetFields(tv.vault.db, ids[1]!, { sku: 'SKU/200' });
  small = saveRenditionPreset(tv.vault.db, { name: 'Small', size: { mode: 'long-edge', longEdge: 300 }, format: 'jpeg', quality: 80, sharpen: true });
}, 60_000);
afterAll(() => tv.dispose());

describe('export engine', () => {
  it('writes one clean rendition per asset, named from the template, with nothing else left in the folder', async () => {
    const out = makeTempDir('export-out');
    updateRightsProfile(tv.vault.db, { creator: 'Export Test Studio' });
    const progress: number[] = [];
    const report = await exportAssets(
      tv.vault,
      { assetIds: ids, outDir: out, rendition: getRenditionPreset(tv.vault.db, 'builtin-marketplace'), watermark: null },
      { now: NOW, onProgress: (p) => progress.push(p.filesDone) },
    );
    expect(report).toMatchObject({ outDir: out, written: 4, failed: 0, cancelled: false });
    // {sku}_{n}.{ext}: a SKU made safe ("/" cannot make a folder), the title where there is no SKU.
    expect(written(report).map((f) => f.file)).toEqual(['SKU-100_1.jpg', 'SKU_200_2.jpg', 'with-alpha_3.jpg', 'Channel digital image CMYK color_4.jpg']);
    expect(readdirSync(out).sort()).toEqual(written(report).map((f) => f.file).sort());
    for (const f of written(report)) {
      const meta = await sharp(readFileSync(f.path)).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 2000, height: 2000, space: 'srgb' });
      expect(f).toMatchObject({ width: 2000, height: 2000, bytes: readFileSync(f.path).length, path: path.join(out, f.file) });
    }
    expect(progress.at(-1)).toBe(4);
  });

  it('takes names from {title}, {version}, {date}, and never replaces a file already in the folder', async () => {
    const out = makeTempDir('export-out');
    writeFileSync(path.join(out, 'SKU-100 v1 2026-03-14.jpg'), 'the owner’s file');
    const report = await exportAssets(
      tv.vault,
      { assetIds: [ids[0]!, ids[0]!], outDir: out, rendition: small, watermark: null, nameTemplate: '{sku} v{version} {date}.{ext}' },
      { now: NOW },
    );
    // An id given twice is exported once; the existing file keeps its name and its bytes.
    expect(written(report).map((f) => f.file)).toEqual(['SKU-100 v1 2026-03-14 (2).jpg']);
    expect(readFileSync(path.join(out, 'SKU-100 v1 2026-03-14.jpg'), 'utf8')).toBe('the owner’s file');
  });

  it('refuses a bad request as a whole before writing anything', async () => {
    const parent = makeTempDir('export-out');
    const missing = path.join(parent, 'not-there');
    const request = { assetIds: ids, rendition: small, watermark: null };
    expect(await rejectionOf(exportAssets(tv.vault, { ...request, outDir: missing }))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/the export folder .*not-there does not exist/),
    });
    writeFileSync(path.join(parent, 'a-file'), '');
    expect(await rejectionOf(exportAssets(tv.vault, { ...request, outDir: path.join(parent, 'a-file') }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/is not a folder/),
    });
    expect(await rejectionOf(exportAssets(tv.vault, { ...request, outDir: 'relative/dir' }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await rejectionOf(exportAssets(tv.vault, { ...request, outDir: parent, assetIds: [ids[0]!, 'zzzzzzzzzzzz'] }))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/zzzzzzzzzzzz/),
    });
    expect(await rejectionOf(exportAssets(tv.vault, { ...request, outDir: parent, nameTemplate: '{sku}_{colour}.{ext}' }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/unknown variable \{colour\}/),
    });
    expect(readdirSync(parent)).toEqual(['a-file']);
  });

  it('refuses a read-only folder with a clear error and leaves it as it was', async () => {
    const out = makeTempDir('export-ro');
    writeFileSync(path.join(out, 'keep.jpg'), 'keep');
    const lock = makeReadOnly(out);
    try {
      expect(await rejectionOf(exportAssets(tv.vault, { assetIds: ids, outDir: out, rendition: small, watermark: null }))).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/cannot write to the export folder .* \(permission denied or read-only\)/),
      });
    } finally {
      lock.undo();
    }
    expect(readdirSync(out)).toEqual(['keep.jpg']);
  });

  it('a cancel mid-run keeps the finished files whole and leaves no partial file', async () => {
    const out = makeTempDir('export-cancel');
    const abort = new AbortController();
    const report = await exportAssets(
      tv.vault,
      { assetIds: ids, outDir: out, rendition: getRenditionPreset(tv.vault.db, 'builtin-full-size'), watermark: null },
      { signal: abort.signal, concurrency: 1, onFile: () => abort.abort() },
    );
    expect(report.cancelled).toBe(true);
    expect(report.written).toBe(1);
    expect(report.failed).toBe(0);
    expect(report.files.slice(1)).toEqual(ids.slice(1).map((id) => expect.objectContaining({ ok: false, assetId: id, reason: expect.stringMatching(/cancelled/) })));
    expect(readdirSync(out)).toEqual([written(report)[0]!.file]);
    expect(partials(out)).toEqual([]);
    await sharp(readFileSync(written(report)[0]!.path)).stats(); // complete and decodable
  });

  it('draws a watermark with a logo from the vault', async () => {
    const logo = await importLogo(tv.vault, { kind: 'file', path: fixture('photos/with-alpha.png') });
    const preset = saveWatermarkPreset(
      tv.vault.db,
      {
        name: 'Corner logo',
        text: '{shop}',
        logoBlob: logo.logoBlob,
        sizePercent: 40,
        color: '#000000',
        opacity: 1,
        rotation: 0,
        placement: { mode: 'position', position: 'top-left', marginPercent: 2 },
        legibility: 'outline',
      },
      { isImportedLogo: (id) => id === logo.logoBlob },
    );
    const outPlain = makeTempDir('export-plain');
    const outMarked = makeTempDir('export-marked');
    const request = { assetIds: [ids[0]!], rendition: small, nameTemplate: '{sku}.{ext}' };
    const plain = await exportAssets(tv.vault, { ...request, outDir: outPlain, watermark: null });
    const marked = await exportAssets(tv.vault, { ...request, outDir: outMarked, watermark: preset });
    const [a, b] = await Promise.all(
      [written(plain)[0]!.path, written(marked)[0]!.path].map((p) => sharp(readFileSync(p)).raw().toBuffer({ resolveWithObject: true })),
    );
    expect(a!.info).toMatchObject({ width: b!.info.width, height: b!.info.height });
    const w = a!.info.width;
    const channels = a!.info.channels;
    const diff = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) for (let c = 0; c < 3; c += 1) {
        const i = (y * w + x) * channels + c;
        n += Math.abs(a!.data[i]! - b!.data[i]!) > 24 ? 1 : 0;
      }
      return n;
    };
    // The mark is in the top-left corner and nowhere near the bottom-right one.
    expect(diff(0, 0, Math.round(w * 0.45), Math.round(a!.info.height * 0.45))).toBeGreaterThan(50);
    expect(diff(Math.round(w * 0.6), Math.round(a!.info.height * 0.6), w, a!.info.height)).toBe(0);
  });

  it('reports a file that could not be exported and carries on with the others', async () => {
    const own = await createTestVault();
    const report = await own.core.ingest(own.vault, [fixture('metadata/GPS.jpg'), fixture('orientation/Landscape_3.jpg')].map((p) => ({ kind: 'file' as const, path: p })));
    const [broken, fine] = report.imported.map((i) => i.assetId);
    const original = own.vault.db.prepare('SELECT original_blob FROM versions v JOIN assets a ON a.current_version_id = v.id WHERE a.id = ?').pluck().get(broken) as string;
    rmSync(own.vault.blobs.pathFor(original));
    const out = makeTempDir('export-fail');
    const result = await exportAssets(own.vault, {
      assetIds: [broken!, fine!],
      outDir: out,
      rendition: getRenditionPreset(own.vault.db, 'builtin-thumbnail'),
      watermark: null,
    });
    expect(result).toMatchObject({ written: 1, failed: 1, cancelled: false });
    expect(result.files[0]).toEqual({ ok: false, assetId: broken, title: 'GPS', reason: expect.stringMatching(/missing from the vault/) });
    expect(readdirSync(out)).toEqual([(result.files[1] as { file: string }).file]);
  });
});
