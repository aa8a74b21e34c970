import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStrongroomError } from '../../electron/core/errors';
import { createShare, shareBlobsOf } from '../../electron/core/share/create-share';
import { collectShareGarbage, deleteShare } from '../../electron/core/share/share-cleanup';
import { changeShare, countAccess, getShare, listShares, revokeShare } from '../../electron/core/share/share-rows';
import { shareRenditionKey } from '../../electron/core/share/token';
import { rejectionOf } from '../helpers/rejection';
import { createShareVault, type ShareVault } from './share-fixture';

let sv: ShareVault;
beforeAll(async () => {
  sv = await createShareVault('share-create');
}, 120_000);
afterAll(() => sv.tv.dispose());

const base = () => ({ assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id });

/** Every text value of every row of every table, as the unlocked catalog returns them. */
function catalogText(): string {
  const db = sv.tv.vault.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'asset_search%'").pluck().all() as string[];
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
}

describe('creating and managing shares', () => {
  it('makes a link that expires in 24 hours by default, with renditions encrypted under the token', async () => {
    const now = Date.now();
    const { share, token } = await createShare(sv.tv.vault, { ...base(), recipient: { name: 'Ada Lovelace' } }, now);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(share).toMatchObject({ expiresAt: now + 24 * 3600_000, views: 0, downloads: 0, viewOnly: false, hasPassword: false, revokedAt: null });
    expect(share.assets).toMatchObject([{ position: 1, assetId: sv.ids[0], format: 'jpeg', downloadName: 'image-1.jpg' }]);
    const blobs = shareBlobsOf(sv.tv.vault);
    const image = await blobs.get(shareRenditionKey(token, share.id), share.assets[0]!.renditionBlob);
    expect(image.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // Another token (even the vault's own keys) cannot open it.
    const wrong = await rejectionOf(blobs.get(shareRenditionKey(`A${token.slice(1)}`, share.id), share.assets[0]!.renditionBlob));
    expect(isStrongroomError(wrong, 'BLOB_CORRUPT')).toBe(true);
  });

  it('shares only approved versions unless drafts are allowed explicitly', async () => {
    const err = await rejectionOf(createShare(sv.tv.vault, { ...base(), assetIds: [sv.ids[2]!] }));
    expect(isStrongroomError(err, 'NOT_APPROVED')).toBe(true);
    expect((err as Error).message).toMatch(/draft/);
    const { share } = await createShare(sv.tv.vault, { ...base(), assetIds: [sv.ids[2]!], allowDrafts: true });
    expect(share.assets[0]!.assetId).toBe(sv.ids[2]);
  });

  it('refuses bad options before rendering anything', async () => {
    const before = listShares(sv.tv.vault.db).length;
    for (const bad of [
      { assetIds: [] },
      { maxViews: 0 },
      { maxDownloads: 1.5 },
      { expiresAt: Date.now() - 1 },
      { never: true, expiresInMs: 1000 },
      { recipient: { email: 'not-an-address' } },
      { recipient: { name: 'Ada\u0007' } },
      { password: '' },
      { assetIds: ['nonexistent1'] },
      { renditionPresetId: 'no-such-preset' },
    ]) {
      const err = await rejectionOf(createShare(sv.tv.vault, { ...base(), ...bad }));
      expect(isStrongroomError(err), JSON.stringify(bad)).toBe(true);
    }
    expect(listShares(sv.tv.vault.db)).toHaveLength(before);
  });

  it('has no expiry only when "never" is chosen', async () => {
    const { share } = await createShare(sv.tv.vault, { ...base(), never: true });
    expect(share.expiresAt).toBeNull();
  });

  it('tokens are unique and uniformly random (256 bits each)', async () => {
    const { newShareToken } = await import('../../electron/core/share/token');
    const tokens = Array.from({ length: 2000 }, newShareToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Bit balance over 512,000 bits: a biased generator (or a counter) would be far from one half.
    let ones = 0;
    for (const t of tokens) for (const byte of Buffer.from(t, 'base64url')) for (let b = 0; b < 8; b += 1) ones += (byte >> b) & 1;
    expect(Math.abs(ones / (tokens.length * 256) - 0.5)).toBeLessThan(0.005);
  });

  it('counts views atomically: 50 attempts on a 3-view link count 3', async () => {
    const { share } = await createShare(sv.tv.vault, { ...base(), maxViews: 3 });
    const results = Array.from({ length: 50 }, () => countAccess(sv.tv.vault.db, share.id, 'view', Date.now()));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(getShare(sv.tv.vault.db, share.id).views).toBe(3);
  });

  it('revokes, extends and changes limits; counting stops at once after a revoke', async () => {
    const now = Date.now();
    const { share } = await createShare(sv.tv.vault, base(), now);
    expect(countAccess(sv.tv.vault.db, share.id, 'view', now)).toBe(true);
    expect(changeShare(sv.tv.vault.db, share.id, { expiresAt: now + 7 * 86_400_000, maxViews: 9, maxDownloads: null })).toMatchObject({ expiresAt: now + 7 * 86_400_000, maxViews: 9, maxDownloads: null });
    expect(changeShare(sv.tv.vault.db, share.id, { expiresAt: null }).expiresAt).toBeNull();
    expect(revokeShare(sv.tv.vault.db, share.id, now).revokedAt).toBe(now);
    expect(countAccess(sv.tv.vault.db, share.id, 'view', now)).toBe(false);
    expect(() => changeShare(sv.tv.vault.db, share.id, { maxViews: 0 })).toThrow(/≥ 1/);
  });

  it('never stores a token or a password: not in any row, not in the files', async () => {
    const password = 'correct horse battery staple 9137';
    const { token } = await createShare(sv.tv.vault, { ...base(), password, recipient: { name: 'Grace' } });
    const text = catalogText();
    expect(text).toContain('Grace');
    expect(text).not.toContain(token);
    expect(text).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    expect(text).not.toContain(password);
    const files = ['catalog.db', 'catalog.db-wal'].map((f) => path.join(sv.tv.vault.dir, f)).filter(existsSync);
    const shareFiles = readdirSync(path.join(sv.tv.vault.dir, 'share-blobs'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    for (const file of [...files, ...shareFiles]) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(token)), file).toBe(false);
      expect(bytes.includes(Buffer.from(password)), file).toBe(false);
    }
  });

  it('deletes a share with its files and log; gc removes files no share names, sparing recent ones', async () => {
    const { share, token } = await createShare(sv.tv.vault, base());
    const blobs = shareBlobsOf(sv.tv.vault);
    const file = path.join(blobs.root, share.assets[0]!.renditionBlob.slice(0, 2), share.assets[0]!.renditionBlob);
    expect(existsSync(file)).toBe(true);
    await deleteShare(sv.tv.vault, share.id);
    expect(existsSync(file)).toBe(false);
    expect(() => getShare(sv.tv.vault.db, share.id)).toThrow(/no share/);
    // An orphan, as a crash between the files and the transaction would leave.
    const orphan = await blobs.put(shareRenditionKey(token, share.id), Buffer.from('orphan'));
    const kept = await collectShareGarbage(sv.tv.vault);
    expect(kept).toMatchObject({ removedFiles: 0, keptRecent: 1 });
    expect(await collectShareGarbage(sv.tv.vault, { graceMs: 0 })).toEqual({ removedFiles: 1, keptRecent: 0 });
    expect(existsSync(path.join(blobs.root, orphan.slice(0, 2), orphan))).toBe(false);
    // Files of live shares are never touched.
    for (const s of listShares(sv.tv.vault.db)) for (const a of s.assets) expect(existsSync(path.join(blobs.root, a.renditionBlob.slice(0, 2), a.renditionBlob))).toBe(true);
  });
});
