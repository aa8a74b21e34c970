import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listAssets } from '../../electron/core/catalog/asset-list';
import { commitImport, type ImportRecord } from '../../electron/core/catalog/imports';
import { wantedBlobs } from '../../electron/core/sync/pass/wanted-blobs';
import { setKeepOriginals } from '../../electron/core/sync/target-settings';
import { createTestVault } from '../helpers/vault';

/** wantedBlobs only reads the catalog, so made-up blob ids serve: no image is decoded. */
const fakeBlob = (label: string) => createHash('sha256').update(label).digest('hex');

function record(i: number, assetId?: string): ImportRecord {
  const tag = assetId ? `${i}-v2` : String(i);
  return {
    ...(assetId ? { assetId } : {}),
    title: `Asset ${i}`,
    originalBlob: fakeBlob(`original ${tag}`),
    sha256: fakeBlob(`sha ${tag}`),
    byteSize: 1000,
    format: 'jpeg',
    width: 40,
    height: 30,
    originalFilename: `a${i}.jpg`,
    captureTime: null,
    derived: [
      { kind: 'thumb', blobId: fakeBlob(`thumb ${tag}`), format: 'jpeg', width: 40, height: 30, byteSize: 100 },
      { kind: 'preview', blobId: fakeBlob(`preview ${tag}`), format: 'jpeg', width: 40, height: 30, byteSize: 200 },
    ],
    metadata: {},
    rawMetadata: {},
  };
}

describe('wantedBlobs', () => {
  it('lists the thumbnails in the grid\'s order first, then the previews, then the rest', async () => {
    const { vault } = await createTestVault();
    const db = vault.db;
    // Created in a shuffled order of times, so neither insertion order nor id order is the grid's.
    const times = [7, 2, 9, 4, 1, 8, 3, 6, 5, 0, 12, 11, 10];
    const first = commitImport(db, record(0), 1_700_000_000_000 + times[0]! * 1000);
    for (let i = 1; i < times.length; i += 1) commitImport(db, record(i), 1_700_000_000_000 + times[i]! * 1000);
    // A second version becomes the current one; the first version's renditions are wanted too, but last.
    commitImport(db, record(0, first.assetId), 1_700_000_100_000);

    const grid = listAssets(db);
    expect(grid).toHaveLength(times.length);
    const thumbs = grid.map((a) => a.thumbBlob);
    expect(thumbs).not.toContain(fakeBlob('thumb 0'));
    const wanted = wantedBlobs(db);
    expect(wanted.slice(0, thumbs.length)).toEqual(thumbs);
    const previews = wanted.slice(thumbs.length, thumbs.length * 2);
    expect(previews[0]).toBe(fakeBlob(`preview ${grid[0]!.title.replace('Asset ', '')}`));
    expect(new Set(previews).size).toBe(thumbs.length);
    expect(previews.every((id) => id !== fakeBlob('preview 0'))).toBe(true);
    expect(wanted).toContain(fakeBlob('thumb 0'));
    expect(wanted).toContain(fakeBlob('original 3'));
    expect(new Set(wanted).size).toBe(wanted.length);

    setKeepOriginals(db, false);
    expect(wantedBlobs(db)).not.toContain(fakeBlob('original 3'));
    expect(wantedBlobs(db).slice(0, thumbs.length)).toEqual(thumbs);
  });
});
