import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { deleteWatermarkPreset, saveWatermarkPreset } from '../../electron/core/catalog/watermark-presets';
import { importLogo } from '../../electron/core/ingest/logo';
import { Vault } from '../../electron/core/vault/vault';
import { rejectionOf } from '../helpers/rejection';
import { blobFiles, createTestVault, fixturesDir } from '../helpers/vault';

const fixture = (rel: string) => path.join(fixturesDir, rel);
const hasBlob = (dir: string, id: string) => blobFiles(dir).includes(`${id.slice(0, 2)}/${id}`);

const mark = (logoBlob: string) => ({
  name: 'Logo',
  text: null,
  logoBlob,
  sizePercent: 20,
  color: '#ffffff',
  opacity: 0.8,
  rotation: 0,
  placement: { mode: 'position' as const, position: 'bottom-right' as const, marginPercent: 2 },
  legibility: 'none' as const,
});

describe('watermark logos', () => {
  it('are stored as clean sRGB PNGs, at most 2048 px, whatever they came as', async () => {
    const { vault } = await createTestVault();
    const logo = await importLogo(vault, { kind: 'file', path: fixture('metadata/GPS.jpg') });
    expect(logo.logoBlob).toMatch(/^[0-9a-f]{64}$/);
    const stored = await vault.blobs.get(logo.logoBlob);
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: 'png', width: logo.width, height: logo.height, space: 'srgb' });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(stored.length).toBe(logo.byteSize);
    const big = await importLogo(vault, { kind: 'bytes', name: 'big.jpg', data: await sharp(fixture('photos/2569067123_aca715a2ee_o.jpg')).toBuffer() });
    expect(Math.max(big.width, big.height)).toBe(2048);
  });

  it.each([
    ['hostile/struct-image-04-t.svg', 'INVALID_ARGUMENT', /SVG files are refused/],
    ['orientation/LICENSE', 'INVALID_ARGUMENT', /not a recognised image/],
    ['hostile/truncated.png', 'INVALID_ARGUMENT', /could not be read as a PNG image/],
    ['no/such/logo.png', 'NOT_FOUND', /no file at/],
  ])('refuses %s with a clear reason and stores nothing', async (rel, code, message) => {
    const { vault, dir } = await createTestVault();
    const before = blobFiles(dir);
    expect(await rejectionOf(importLogo(vault, { kind: 'file', path: fixture(rel) }))).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(blobFiles(dir)).toEqual(before);
  });

  it('stay while this session may still save them, go with gc once nothing names them', async () => {
    const tv = await createTestVault();
    let vault = tv.vault;
    const reopen = async () => {
      vault.close();
      vault = await Vault.open(tv.dir, { kind: 'recovery', recoveryKey: tv.recoveryKey }, null);
      return vault;
    };
    try {
      // Imported, not saved yet: this process holds it, so its own gc spares it even with no grace.
      const unsaved = await importLogo(vault, { kind: 'file', path: fixture('photos/with-alpha.png') });
      expect(await tv.core.collectGarbage(vault, { graceMs: 0 })).toMatchObject({ removedBlobs: 0 });
      expect(hasBlob(tv.dir, unsaved.logoBlob)).toBe(true);
      // The session ended without a preset naming it: it is garbage like any unreferenced blob.
      await reopen();
      expect(await tv.core.collectGarbage(vault, { graceMs: 0 })).toMatchObject({ removedBlobs: 1 });
      expect(hasBlob(tv.dir, unsaved.logoBlob)).toBe(false);

      // Saved in a preset: referenced, checked by verify, kept by gc across sessions.
      const logo = await importLogo(vault, { kind: 'file', path: fixture('photos/with-alpha.png') });
      const preset = saveWatermarkPreset(vault.db, mark(logo.logoBlob), { isImportedLogo: (id) => id === logo.logoBlob });
      await reopen();
      const verify = await tv.core.verify(vault);
      expect(verify.problems).toEqual([]);
      expect(verify.unreferenced).toEqual([]);
      expect(await tv.core.collectGarbage(vault, { graceMs: 0 })).toMatchObject({ removedBlobs: 0 });
      expect(hasBlob(tv.dir, logo.logoBlob)).toBe(true);

      deleteWatermarkPreset(vault.db, preset.id);
      expect((await tv.core.verify(vault)).unreferenced).toEqual([logo.logoBlob]);
      expect(await tv.core.collectGarbage(vault, { graceMs: 0 })).toMatchObject({ removedBlobs: 1 });
      expect(hasBlob(tv.dir, logo.logoBlob)).toBe(false);
    } finally {
      vault.close();
    }
  });
});
