import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAssets } from '../../electron/core/catalog/asset-list';
import { getAsset } from '../../electron/core/catalog/assets';
import { decodeImage } from '../../electron/core/ingest/decoder';
import type { IngestProgress } from '../../electron/core/ingest/progress';
import { makeTempDir } from '../helpers/temp-dir';
import { blobFiles, createSuiteVault, createTestVault, fixturesDir, tempFiles, type SuiteVault } from '../helpers/vault';

const fixture = (rel: string) => path.join(fixturesDir, rel);
const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

/** Both halves of "nothing left behind": verify finds no stray blob, and no temp file remains. */
async function expectNoLeftovers(sv: { core: SuiteVault['core']; vault: SuiteVault['vault']; dir: string }): Promise<void> {
  const check = await sv.core.verify(sv.vault);
  expect(check.problems).toEqual([]);
  expect(check.unreferenced).toEqual([]);
  expect(tempFiles(sv.dir)).toEqual([]);
}

// Tests in this block share a vault; each uses its own fixture files, so they do not see each other.
describe('ingest', () => {
  let sv: SuiteVault;
  beforeAll(async () => {
    sv = await createSuiteVault('ingest');
  });
  afterAll(() => sv?.dispose());

  it('adds versions to the asset with the same SKU, or to an asset given by id', async () => {
    const first = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixture('orientation/Landscape_1.jpg') }], { sku: 'SKU-1' });
    const second = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixture('orientation/Landscape_2.jpg') }], { sku: 'SKU-1' });
    expect(first.imported).toMatchObject([{ newAsset: true, versionNumber: 1 }]);
    expect(second.imported).toMatchObject([{ newAsset: false, versionNumber: 2, assetId: first.imported[0]!.assetId }]);
    const assetId = first.imported[0]!.assetId;
    const third = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixture('orientation/Landscape_3.jpg') }], { assetId });
    expect(third.imported).toMatchObject([{ assetId, newAsset: false, versionNumber: 3 }]);
    const asset = getAsset(sv.vault.db, assetId);
    expect(asset).toMatchObject({ sku: 'SKU-1', title: 'Landscape 1', versionCount: 3 });
    expect(asset.versions.map((v) => [v.number, v.originalFilename])).toEqual([
      [1, 'Landscape_1.jpg'],
      [2, 'Landscape_2.jpg'],
      [3, 'Landscape_3.jpg'],
    ]);
    expect(asset.versions[1]!.sha256).toBe(sha256(readFileSync(fixture('orientation/Landscape_2.jpg'))));
  });

  it('refuses a version for an unknown asset and removes the blobs it had written', async () => {
    const blobsBefore = blobFiles(sv.dir);
    const r = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixture('orientation/Landscape_4.jpg') }], { assetId: 'nosuchasset0' });
    expect(r.imported).toEqual([]);
    expect(r.refused).toMatchObject([{ reason: expect.stringMatching(/no asset with id "nosuchasset0"/) }]);
    expect(blobFiles(sv.dir)).toEqual(blobsBefore);
    await expectNoLeftovers(sv);
  });

  it('imports identical files in one run once and reports the rest as duplicates', async () => {
    const dir = makeTempDir('dups');
    copyFileSync(fixture('photos/concert.jpg'), path.join(dir, 'a.jpg'));
    copyFileSync(fixture('photos/concert.jpg'), path.join(dir, 'b.jpg'));
    symlinkSync(fixture('photos/concert.jpg'), path.join(dir, 'link.jpg'));
    const r = await sv.core.ingest(sv.vault, [
      { kind: 'file', path: dir },
      { kind: 'file', path: fixture('photos/concert.jpg') },
      { kind: 'file', path: path.join(dir, 'link.jpg') },
    ]);
    expect(r.imported).toHaveLength(1);
    expect(r.duplicates).toHaveLength(3);
    expect(r.refused).toEqual([]);
    for (const d of r.duplicates) expect(d.assetId).toBe(r.imported[0]!.assetId);
    // The symlink inside the folder is not followed; named explicitly it is taken at its word.
    expect([...r.imported, ...r.duplicates].map((x) => path.basename(x.source)).sort()).toEqual(['a.jpg', 'b.jpg', 'concert.jpg', 'link.jpg']);
  });

  it('imports from a stream, and refuses a stream over the size limit without storing anything', async () => {
    const ok = await sv.core.ingest(sv.vault, [{ kind: 'stream', name: 'upload 320.jpg', stream: createReadStream(fixture('photos/320x240.jpg')) }]);
    expect(ok.imported).toHaveLength(1);
    const asset = getAsset(sv.vault.db, ok.imported[0]!.assetId);
    expect(asset.title).toBe('upload 320');
    expect(asset.versions[0]).toMatchObject({ originalFilename: 'upload 320.jpg', width: 320, height: 240, format: 'jpeg' });
    expect(await sv.vault.blobs.get(asset.versions[0]!.originalBlob)).toEqual(readFileSync(fixture('photos/320x240.jpg')));

    const blobsBefore = blobFiles(sv.dir);
    const flowers = readFileSync(fixture('photos/flowers.jpeg'));
    const chunks = Array.from({ length: Math.ceil(flowers.length / 8192) }, (_, i) => flowers.subarray(i * 8192, (i + 1) * 8192));
    const big = await sv.core.ingest(sv.vault, [{ kind: 'stream', name: 'big.jpg', stream: Readable.from(chunks) }], { maxFileBytes: 50_000 });
    expect(big.imported).toEqual([]);
    expect(big.refused).toMatchObject([{ source: 'big.jpg', reason: expect.stringMatching(/larger than the .* limit/) }]);
    const bigFile = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixture('photos/flowers.jpeg') }], { maxFileBytes: 50_000 });
    expect(bigFile.refused).toMatchObject([{ reason: expect.stringMatching(/above the .* limit/) }]);
    expect(blobFiles(sv.dir)).toEqual(blobsBefore);
    await expectNoLeftovers(sv);
  });

  it('states the size and the limit of an oversized file so that they visibly differ', async () => {
    const r = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixture('photos/gain-map.jpg') }], { maxFileBytes: 1_000_000 });
    const reason = r.refused[0]?.reason ?? '';
    const [size, limit] = [...reason.matchAll(/(\d+(?:\.\d+)?) ?(MiB|MB|KiB|kB|bytes)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(reason).toMatch(/above the .* limit/);
    expect(size, reason).not.toBe(limit);
  });

  it('refuses files by their content, not their name, and skips hidden files in folders', async () => {
    const dir = makeTempDir('sniff');
    writeFileSync(path.join(dir, 'vector.jpg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    writeFileSync(path.join(dir, 'notes.jpg'), 'just some text, not a picture\n');
    writeFileSync(path.join(dir, 'empty.png'), '');
    copyFileSync(fixture('photos/with-alpha.png'), path.join(dir, 'really-a-png.jpg'));
    copyFileSync(fixture('metadata/Canon.jpg'), path.join(dir, '.hidden.jpg'));
    mkdirSync(path.join(dir, '.cache'));
    copyFileSync(fixture('metadata/Nikon.jpg'), path.join(dir, '.cache', 'inner.jpg'));
    const r = await sv.core.ingest(sv.vault, [{ kind: 'file', path: dir }]);
    const refused = Object.fromEntries(r.refused.map((x) => [path.basename(x.source), x.reason]));
    expect(refused).toEqual({
      'vector.jpg': expect.stringMatching(/^SVG files are refused/),
      'notes.jpg': expect.stringMatching(/not a recognised image/),
      'empty.png': expect.stringMatching(/empty/),
    });
    expect(r.imported.map((x) => path.basename(x.source))).toEqual(['really-a-png.jpg']);
    expect(getAsset(sv.vault.db, r.imported[0]!.assetId).versions[0]!.format).toBe('png');
    expect(r.duplicates).toEqual([]);
    // Named explicitly, a hidden file is imported like any other.
    const explicit = await sv.core.ingest(sv.vault, [{ kind: 'file', path: path.join(dir, '.hidden.jpg') }]);
    expect(explicit.imported).toHaveLength(1);
  });

  it('reports progress until every file and byte is done, with an ETA once it can estimate one', async () => {
    const files = ['metadata/Apple.jpg', 'metadata/Sony.jpg', 'metadata/Google.jpg', 'metadata/GoPro.jpg'].map(fixture);
    const events: IngestProgress[] = [];
    const r = await sv.core.ingest(
      sv.vault,
      files.map((f) => ({ kind: 'file' as const, path: f })),
      { onProgress: (p) => events.push({ ...p }), concurrency: 2 },
    );
    expect(r.imported).toHaveLength(4);
    const totalBytes = files.reduce((n, f) => n + statSync(f).size, 0);
    expect(events[0]).toMatchObject({ filesDone: 0, filesTotal: 4, bytesDone: 0, bytesTotal: totalBytes, etaSeconds: null });
    expect(events.at(-1)).toMatchObject({ filesDone: 4, filesTotal: 4, bytesDone: totalBytes, bytesTotal: totalBytes, current: null });
    for (let i = 1; i < events.length; i += 1) expect(events[i]!.bytesDone).toBeGreaterThanOrEqual(events[i - 1]!.bytesDone);
    expect(events.some((e) => typeof e.etaSeconds === 'number' && e.etaSeconds >= 0)).toBe(true);
    expect(events.at(-1)!.etaSeconds).toBe(0);
  });
});

describe('ingest cancellation and failures', () => {
  it('stops when cancelled: committed images stay, the rest leave nothing behind', async () => {
    const tv = await createTestVault();
    const dir = makeTempDir('cancel');
    for (let i = 0; i < 20; i += 1) {
      const src = fixture(`orientation/Landscape_${i % 9}.jpg`);
      // Re-encoded at different qualities: different bytes, so none is a duplicate of another.
      writeFileSync(path.join(dir, `copy-${String(i).padStart(2, '0')}.jpg`), await sharp(src).resize(1200).jpeg({ quality: 60 + i }).toBuffer());
    }
    const abort = new AbortController();
    const committed: string[] = [];
    const r = await tv.core.ingest(tv.vault, [{ kind: 'file', path: dir }], {
      signal: abort.signal,
      concurrency: 2,
      onCommitted: (item) => {
        committed.push(item.assetId);
        abort.abort();
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.imported.length).toBeGreaterThanOrEqual(1);
    expect(r.imported.length).toBeLessThan(20);
    expect(r.refused).toEqual([]);
    expect(r.imported.map((i) => i.assetId)).toEqual(committed);
    expect(countAssets(tv.vault.db)).toBe(r.imported.length);
    for (const id of committed) expect(getAsset(tv.vault.db, id).versions).toHaveLength(1);
    await expectNoLeftovers(tv);
    expect(blobFiles(tv.dir)).toHaveLength(3 * r.imported.length);
  });

  it('removes every blob of an image when one of its blob writes fails', async () => {
    const tv = await createTestVault();
    const file = fixture('photos/flowers.jpeg');
    const original = readFileSync(file);
    // Find where the thumbnail will be stored and put a plain file where its shard folder belongs.
    const decoded = await decodeImage(original, 'jpeg', { maxPixels: 100_000_000, kinds: ['thumb', 'preview'] });
    const originalShard = tv.vault.blobs.idForSha256(sha256(original)).slice(0, 2);
    const shards = decoded.renditions.map((r) => tv.vault.blobs.idForSha256(sha256(r.data)).slice(0, 2));
    const blocked = shards.find((s) => s !== originalShard && shards.filter((x) => x === s).length === 1);
    if (!blocked) throw new Error('every blob of this image shares one shard; pick another fixture');
    const blocker = path.join(tv.dir, 'blobs', blocked);
    writeFileSync(blocker, 'not a folder');

    const r = await tv.core.ingest(tv.vault, [{ kind: 'file', path: file }]);
    expect(r.imported).toEqual([]);
    expect(r.refused).toMatchObject([{ reason: expect.stringMatching(/could not be imported/) }]);
    rmSync(blocker);
    // Let writes that were still running when ingest returned settle before looking.
    for (let waited = 0; waited < 3000 && tempFiles(tv.dir).length > 0; waited += 50) await new Promise((res) => setTimeout(res, 50));
    await new Promise((res) => setTimeout(res, 200));
    expect(existsSync(blocker)).toBe(false);
    expect(blobFiles(tv.dir)).toEqual([]);
    await expectNoLeftovers(tv);
  });

  it('never deletes a blob that another image of the same run has committed', async () => {
    const tv = await createTestVault();
    const small = readFileSync(fixture('metadata/Canon.jpg'));
    // A: the same pixels as B (so the same renditions) behind 64 MiB of padding, so its original takes a
    // while to store; its commit then fails. B is a stream released once A has stored the renditions.
    const bigPath = path.join(makeTempDir('race'), 'a-big.jpg');
    writeFileSync(bigPath, Buffer.concat([small, Buffer.alloc(64 * 2 ** 20)]));
    const decoded = await decodeImage(small, 'jpeg', { maxPixels: 100_000_000, kinds: ['thumb', 'preview'] });
    const shared = decoded.renditions.map((r) => tv.vault.blobs.pathFor(tv.vault.blobs.idForSha256(sha256(r.data))));
    // Fault injection inside SQLite: A's catalog insert fails, as a full disk would make it.
    tv.vault.db.exec(
      "CREATE TEMP TRIGGER fail_a BEFORE INSERT ON versions WHEN NEW.original_filename = 'a-big.jpg' BEGIN SELECT RAISE(ABORT, 'injected commit failure'); END",
    );
    let release!: () => void;
    const renditionsStored = new Promise<void>((resolve) => (release = resolve));
    const poll = setInterval(() => shared.every((p) => existsSync(p)) && (clearInterval(poll), release()), 1);
    const giveUp = setTimeout(release, 15_000); // never hang: if A never stores them, B goes ahead anyway
    async function* streamB() {
      await renditionsStored;
      yield small;
    }
    try {
      const r = await tv.core.ingest(tv.vault, [{ kind: 'file', path: bigPath }, { kind: 'stream', name: 'b.jpg', stream: streamB() }], { concurrency: 2 });
      expect(r.imported.map((i) => i.source)).toEqual(['b.jpg']);
      expect(r.refused).toMatchObject([{ source: bigPath, reason: expect.stringMatching(/injected commit failure/) }]);
    } finally {
      clearInterval(poll);
      clearTimeout(giveUp);
    }
    const check = await tv.core.verify(tv.vault);
    expect(check.problems).toEqual([]);
    expect(check.unreferenced).toEqual([]);
  });
});
