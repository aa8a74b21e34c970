import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBlobReferenced, referencedBlobIds } from '../../electron/core/catalog/imports';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import {
  deleteRenditionPreset,
  getRenditionPreset,
  listRenditionPresets,
  resetRenditionPreset,
  resolveRenditionPreset,
  saveRenditionPreset,
  seedBuiltinRenditionPresets,
} from '../../electron/core/catalog/rendition-presets';
import {
  deleteWatermarkPreset,
  isLogoInUse,
  listWatermarkPresets,
  resolveWatermarkPreset,
  saveWatermarkPreset,
} from '../../electron/core/catalog/watermark-presets';
import { builtinRenditionPresets } from '../../electron/core/imaging/builtin-presets';
import { thrownBy } from '../helpers/rejection';
import { makeTempDir } from '../helpers/temp-dir';

function newCatalog() {
  const file = path.join(makeTempDir('presets'), 'catalog.db');
  const key = randomBytes(32);
  return { file, key, db: openCatalog(file, key, { create: true }) };
}

const custom = {
  name: 'Etsy 2700',
  size: { mode: 'box' as const, width: 2700, height: 2025, fit: 'contain' as const, background: '#F5F5F5' },
  format: 'jpeg' as const,
  quality: 88,
  sharpen: true,
};

const mark = {
  name: 'Shop mark',
  text: '© {shop} {date}',
  logoBlob: null,
  sizePercent: 30,
  color: '#ffffff',
  opacity: 0.5,
  rotation: 0,
  placement: { mode: 'position' as const, position: 'bottom-right' as const, marginPercent: 3 },
  legibility: 'shadow' as const,
};

const logo = 'ab'.repeat(32);
const neverImported = { isImportedLogo: () => false };

describe('rendition presets', () => {
  it('a new vault has every built-in; built-ins can be edited and reset but not deleted', () => {
    const { file, key, db } = newCatalog();
    const shipped = builtinRenditionPresets();
    expect(listRenditionPresets(db)).toEqual(shipped);
    const marketplace = shipped.find((p) => p.id === 'builtin-marketplace')!;
    const edited = saveRenditionPreset(db, { ...marketplace, builtIn: false, name: 'Amazon 2500', size: { ...marketplace.size, width: 2500, height: 2500 } });
    expect(edited).toMatchObject({ id: 'builtin-marketplace', builtIn: true, name: 'Amazon 2500', size: { width: 2500, height: 2500 } });
    db.close();
    const reopened = openCatalog(file, key);
    try {
      expect(getRenditionPreset(reopened, 'builtin-marketplace').name).toBe('Amazon 2500');
      expect(thrownBy(() => deleteRenditionPreset(reopened, 'builtin-marketplace'))).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/built-in preset: it can be changed or reset, but not deleted/),
      });
      expect(resetRenditionPreset(reopened, 'builtin-marketplace', shipped)).toEqual(marketplace);
    } finally {
      reopened.close();
    }
  });

  it('creates, finds by name in any case, renames and deletes the owner’s own presets', () => {
    const { db } = newCatalog();
    try {
      // Claiming to be built in does not make a preset built in.
      const created = saveRenditionPreset(db, { ...custom, builtIn: true });
      expect(created).toMatchObject({ ...custom, builtIn: false, size: { ...custom.size, background: '#f5f5f5' } });
      expect(created.id).toMatch(/^[0-9a-hjkmnp-tv-z]{12}$/);
      expect(resolveRenditionPreset(db, 'etsy 2700').id).toBe(created.id);
      expect(resolveRenditionPreset(db, created.id).name).toBe('Etsy 2700');
      expect(resolveRenditionPreset(db, 'builtin-web').name).toBe('Web 1200 px');
      expect(listRenditionPresets(db).at(-1)).toEqual(created);
      expect(thrownBy(() => saveRenditionPreset(db, { ...custom, name: 'ETSY 2700' }))).toMatchObject({ code: 'CONFLICT' });
      expect(thrownBy(() => saveRenditionPreset(db, { ...custom, name: 'web 1200 PX' }))).toMatchObject({ code: 'CONFLICT' });
      expect(saveRenditionPreset(db, { ...custom, id: created.id, name: 'Etsy', quality: 90 })).toMatchObject({ id: created.id, name: 'Etsy', quality: 90 });
      expect(thrownBy(() => resetRenditionPreset(db, created.id, builtinRenditionPresets()))).toMatchObject({ code: 'INVALID_ARGUMENT' });
      deleteRenditionPreset(db, created.id);
      expect(thrownBy(() => resolveRenditionPreset(db, 'Etsy'))).toMatchObject({ code: 'NOT_FOUND', message: 'no rendition preset "Etsy"' });
      expect(thrownBy(() => saveRenditionPreset(db, { ...custom, id: created.id }))).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      db.close();
    }
  });

  it.each([
    [{ quality: 0 }, /quality/],
    [{ quality: 80.5 }, /quality/],
    [{ size: { mode: 'long-edge', longEdge: 8 } }, /size\.longEdge: at least 16 px/],
    [{ size: { mode: 'long-edge', longEdge: 20000 } }, /size\.longEdge: at most 16383 px/],
    [{ size: { mode: 'box', width: 100, height: 100, fit: 'stretch', background: '#ffffff' } }, /size\.fit/],
    [{ size: { mode: 'box', width: 100, height: 100, fit: 'contain', background: 'white' } }, /size\.background: a colour as #rrggbb/],
    [{ format: 'gif' }, /format/],
    [{ name: '   ' }, /name: a preset needs a name/],
    [{ unexpected: true }, /unrecognized/i],
  ])('refuses %j with INVALID_ARGUMENT naming the field', (change, message) => {
    const { db } = newCatalog();
    try {
      expect(thrownBy(() => saveRenditionPreset(db, { ...custom, ...change }))).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/^rendition preset: /),
      });
      expect(thrownBy(() => saveRenditionPreset(db, { ...custom, ...change }))).toMatchObject({ message: expect.stringMatching(message) });
      expect(listRenditionPresets(db)).toHaveLength(builtinRenditionPresets().length);
    } finally {
      db.close();
    }
  });

  it('seeding adds only missing built-ins and sidesteps a name the owner took', () => {
    const { db } = newCatalog();
    try {
      db.prepare("DELETE FROM rendition_presets WHERE id = 'builtin-web'").run();
      saveRenditionPreset(db, { ...custom, name: 'Web 1200 px' });
      saveRenditionPreset(db, { ...custom, id: 'builtin-thumbnail', name: 'Tiny' });
      expect(seedBuiltinRenditionPresets(db, builtinRenditionPresets())).toBe(1);
      expect(getRenditionPreset(db, 'builtin-web')).toMatchObject({ name: 'Web 1200 px (built-in)', builtIn: true });
      expect(getRenditionPreset(db, 'builtin-thumbnail').name).toBe('Tiny');
    } finally {
      db.close();
    }
  });
});

describe('watermark presets', () => {
  it('saves text marks, finds them by name, and round-trips every field', () => {
    const { db } = newCatalog();
    try {
      const saved = saveWatermarkPreset(db, mark, neverImported);
      expect(saved).toEqual({ ...mark, id: saved.id });
      expect(resolveWatermarkPreset(db, 'SHOP MARK')).toEqual(saved);
      const tiled = saveWatermarkPreset(db, { ...mark, id: saved.id, placement: { mode: 'tiled', spacingPercent: 20 }, rotation: -30 }, neverImported);
      expect(listWatermarkPresets(db)).toEqual([tiled]);
      expect(thrownBy(() => saveWatermarkPreset(db, { ...mark, name: 'shop MARK' }, neverImported))).toMatchObject({ code: 'CONFLICT' });
    } finally {
      db.close();
    }
  });

  it('accepts only logos the vault holds as logos, and counts them as referenced blobs', () => {
    const { db } = newCatalog();
    try {
      const err = thrownBy(() => saveWatermarkPreset(db, { ...mark, logoBlob: logo }, neverImported));
      expect(err).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/import the logo again/) });
      expect(isBlobReferenced(db, logo)).toBe(false);
      const withLogo = saveWatermarkPreset(db, { ...mark, text: null, logoBlob: logo }, { isImportedLogo: (id) => id === logo });
      expect(withLogo.logoBlob).toBe(logo);
      expect(isLogoInUse(db, logo)).toBe(true);
      expect(isBlobReferenced(db, logo)).toBe(true);
      expect(referencedBlobIds(db).has(logo)).toBe(true);
      // A second preset may use a logo a saved one already uses, without having imported it.
      saveWatermarkPreset(db, { ...mark, name: 'Second', logoBlob: logo }, neverImported);
      deleteWatermarkPreset(db, withLogo.id);
      expect(isBlobReferenced(db, logo)).toBe(true);
      deleteWatermarkPreset(db, resolveWatermarkPreset(db, 'Second').id);
      expect(isBlobReferenced(db, logo)).toBe(false);
      expect(thrownBy(() => deleteWatermarkPreset(db, withLogo.id))).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      db.close();
    }
  });

  it.each([
    [{ text: null }, /text: a watermark needs text, a logo, or both/],
    [{ text: '   ' }, /text: a watermark needs text, a logo, or both/],
    [{ opacity: 1.5 }, /opacity/],
    [{ sizePercent: 0 }, /sizePercent/],
    [{ rotation: 270 }, /rotation/],
    [{ color: 'red' }, /color: a colour as #rrggbb/],
    [{ placement: { mode: 'position', position: 'middle', marginPercent: 2 } }, /placement/],
    [{ placement: { mode: 'position', position: 'top', marginPercent: 40 } }, /placement\.marginPercent/],
    [{ legibility: 'glow' }, /legibility/],
    [{ logoBlob: '../../etc/passwd' }, /logoBlob: a logo id/],
    [{ text: 'x'.repeat(301) }, /text: must be at most 300 characters/],
  ])('refuses %j with INVALID_ARGUMENT naming the field', (change, message) => {
    const { db } = newCatalog();
    try {
      expect(thrownBy(() => saveWatermarkPreset(db, { ...mark, ...change }, neverImported))).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(message),
      });
      expect(listWatermarkPresets(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
