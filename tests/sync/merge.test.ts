import { describe, expect, it } from 'vitest';
import { getAsset, setApproval, updateAssetFields } from '../../electron/core/catalog/assets';
import { addToCollection, createCollection, listCollections, removeFromCollection, renameCollection } from '../../electron/core/catalog/collections';
import { deleteAsset } from '../../electron/core/catalog/delete-asset';
import { deleteRenditionPreset, listRenditionPresets, saveRenditionPreset } from '../../electron/core/catalog/rendition-presets';
import { getRightsProfile, updateRightsProfile } from '../../electron/core/catalog/rights-profile';
import { changeTags, listTags } from '../../electron/core/catalog/tags';
import { canonicalDump } from '../../electron/core/sync/ops/canonical-dump';
import { listReview } from '../../electron/core/sync/ops/review';
import { addRecord } from '../helpers/catalog-records';
import { FakeRemote, openDevices, type Device } from './sync-fixture';

/** Both devices upload, then both download everything. */
function exchange(remote: FakeRemote, ...devices: Device[]): void {
  for (const d of devices) remote.push(d);
  for (const d of devices) remote.pull(d);
}

function history(d: Device, target: string, field: string): unknown[] {
  return (d.db.prepare('SELECT value FROM sync_field_history WHERE target = ? AND field = ? ORDER BY hlc').pluck().all(target, field) as string[]).map((v) => JSON.parse(v));
}

function setup(): { a: Device; b: Device; remote: FakeRemote; asset: string } {
  const [a, b] = openDevices(2, 'merge') as [Device, Device];
  const remote = new FakeRemote();
  const asset = addRecord(a.db, { title: 'Linen shirt', sku: 'SKU-1', at: 1000 }).assetId;
  exchange(remote, a, b);
  return { a, b, remote, asset };
}

describe('merging ops', () => {
  it('replicates an import, field edits, approval, tags and collections', () => {
    const { a, b, remote, asset } = setup();
    expect(getAsset(b.db, asset)).toEqual(getAsset(a.db, asset));
    updateAssetFields(a.db, asset, { description: 'Hand-stitched' }, 2000);
    setApproval(a.db, asset, 1, 'approved', 2001);
    changeTags(a.db, [asset], ['Summer'], [], 2002);
    const c = createCollection(a.db, 'Spring', 2003);
    addToCollection(a.db, c.id, [asset], 2004);
    exchange(remote, a, b);
    expect(getAsset(b.db, asset)).toMatchObject({ description: 'Hand-stitched', tags: ['Summer'], collections: [{ id: c.id, name: 'Spring' }] });
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
    a.db.close();
    b.db.close();
  });

  it('keeps the loser of a concurrent edit in the field history (last writer wins by clock)', () => {
    const { a, b, remote, asset } = setup();
    a.clock.now += 10;
    updateAssetFields(a.db, asset, { title: 'From A' }, 3000);
    b.clock.now += 20_000; // B's edit has the later clock
    updateAssetFields(b.db, asset, { title: 'From B' }, 3001);
    exchange(remote, a, b);
    expect(getAsset(a.db, asset).title).toBe('From B');
    expect(getAsset(b.db, asset).title).toBe('From B');
    expect(history(a, `asset:${asset}`, 'title')).toEqual(['Linen shirt', 'From A']);
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
  });

  it('keeps two versions added concurrently as siblings marked for review', () => {
    const { a, b, remote, asset } = setup();
    const va = addRecord(a.db, { title: 'x', assetId: asset, at: 4000 });
    const vb = addRecord(b.db, { title: 'x', assetId: asset, at: 4001 });
    expect([va.versionNumber, vb.versionNumber]).toEqual([2, 2]);
    exchange(remote, a, b);
    const versions = getAsset(a.db, asset).versions.map((v) => [v.id, v.number]);
    expect(versions).toHaveLength(3);
    expect(new Set(versions.map((v) => v[1]))).toEqual(new Set([1, 2, 3]));
    expect(listReview(a.db).filter((r) => r.kind === 'sibling-version').map((r) => r.detail).sort()).toEqual([va.versionId, vb.versionId].sort());
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
  });

  it('a delete wins over a concurrent edit, which is listed for review, not resurrected', () => {
    const { a, b, remote, asset } = setup();
    deleteAsset(a.db, asset, 5000);
    b.clock.now += 60_000;
    updateAssetFields(b.db, asset, { title: 'Edited meanwhile' }, 5001);
    changeTags(b.db, [asset], ['kept?'], [], 5002);
    exchange(remote, a, b);
    for (const d of [a, b]) {
      expect(d.db.prepare('SELECT count(*) FROM assets').pluck().get()).toBe(0);
      expect(listReview(d.db).filter((r) => r.kind === 'edited-after-delete')).toHaveLength(2);
      expect(listTags(d.db)).toEqual([]);
    }
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
  });

  it('tags and memberships are add-wins: a remove takes only the adds it saw', () => {
    const { a, b, remote, asset } = setup();
    changeTags(a.db, [asset], ['Sale'], [], 6000);
    const c = createCollection(a.db, 'Web', 6001);
    addToCollection(a.db, c.id, [asset], 6002);
    exchange(remote, a, b);
    changeTags(a.db, [asset], [], ['sale'], 6003); // A removes the tag it saw...
    changeTags(b.db, [asset], ['SALE'], [], 6004); // ...while B adds it again
    removeFromCollection(a.db, c.id, [asset], 6005);
    addToCollection(b.db, c.id, [asset], 6006);
    exchange(remote, a, b);
    for (const d of [a, b]) {
      expect(getAsset(d.db, asset).tags).toEqual(['Sale']);
      expect(getAsset(d.db, asset).collections.map((x) => x.id)).toEqual([c.id]);
    }
    changeTags(b.db, [asset], [], ['Sale'], 6007);
    exchange(remote, a, b);
    expect(getAsset(a.db, asset).tags).toEqual([]);
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
  });

  it('two collections created with one name at once both stay, the later one suffixed; renames are LWW', () => {
    const { a, b, remote } = setup();
    const ca = createCollection(a.db, 'Autumn', 7000);
    b.clock.now += 5000;
    const cb = createCollection(b.db, 'autumn', 7001);
    exchange(remote, a, b);
    expect(listCollections(a.db).map((c) => [c.id, c.name])).toEqual([
      [ca.id, 'Autumn'],
      [cb.id, 'autumn (2)'],
    ]);
    renameCollection(b.db, cb.id, 'Fall', 7002);
    exchange(remote, a, b);
    expect(listCollections(a.db).map((c) => c.name)).toEqual(['Autumn', 'Fall']);
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
  });

  it('presets and the rights profile merge per record and per field', () => {
    const { a, b, remote } = setup();
    const spec = { size: { mode: 'long-edge', longEdge: 1000 }, format: 'jpeg', quality: 80, sharpen: false } as const;
    const mine = saveRenditionPreset(a.db, { name: 'Shop', ...spec }, 8000);
    updateRightsProfile(a.db, { creator: 'Ann' });
    updateRightsProfile(b.db, { creditLine: 'Studio B' });
    exchange(remote, a, b);
    expect(listRenditionPresets(b.db).some((p) => p.id === mine.id)).toBe(true);
    expect(getRightsProfile(b.db)).toMatchObject({ creator: 'Ann', creditLine: 'Studio B' });
    expect(getRightsProfile(a.db)).toEqual(getRightsProfile(b.db));
    deleteRenditionPreset(b.db, mine.id, 8001);
    exchange(remote, a, b);
    expect(listRenditionPresets(a.db).some((p) => p.id === mine.id)).toBe(false);
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
  });

  it('re-applying or re-ordering the same ops changes nothing (idempotent, order-free)', () => {
    const { a, b, remote, asset } = setup();
    updateAssetFields(a.db, asset, { title: 'One' }, 9000);
    changeTags(a.db, [asset], ['x'], [], 9001);
    remote.push(a);
    remote.pull(b);
    const before = canonicalDump(b.db);
    remote.pull(b); // replays are refused by name and ignored by the fixture
    expect(canonicalDump(b.db)).toEqual(before);
  });
});
