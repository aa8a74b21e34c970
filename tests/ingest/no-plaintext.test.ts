// Must stay the first import: it points TMPDIR at a private folder before the engine is loaded.
import { privateTmpDir, restoreTmpDir, systemTmpDir } from '../helpers/private-tmpdir';
import { readdirSync, readFileSync, rmSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAssets } from '../../electron/core/catalog/asset-list';
import { getAsset, updateAssetFields } from '../../electron/core/catalog/assets';
import { changeTags } from '../../electron/core/catalog/tags';
import type { IngestReport } from '../../electron/core/ingest/ingest';
import { plaintextIn, SIGNATURES } from '../helpers/plaintext';
import { createSuiteVault, fixturesDir, listFilesRecursive, type SuiteVault } from '../helpers/vault';

const TITLE = 'Quokka Marmalade Skyline 7731';
const DESCRIPTION = 'Saffron zeppelin lantern 5521';
const TAG = 'tangerine-obelisk-88';
/** Strings from the fixtures' pixels-free parts: metadata values and a file name. */
const FIXTURE_STRINGS = ['Phil Harvey', 'FUJIFILM', 'Communications', 'Kingston', 'Landscape_3'];

function scanFolder(dir: string, extra: string[]): Record<string, string[]> {
  const hits: Record<string, string[]> = {};
  for (const rel of listFilesRecursive(dir)) {
    const found = plaintextIn(readFileSync(path.join(dir, rel)), [...FIXTURE_STRINGS, ...extra]);
    if (found.length) hits[rel] = found;
  }
  return hits;
}

let sv: SuiteVault;
let report: IngestReport;
let watcher: FSWatcher;
const tmpEvents: string[] = [];
let tmpBefore: string[];

beforeAll(async () => {
  // The vault lives outside the private temp folder, which must stay empty.
  sv = await createSuiteVault('no-plaintext', systemTmpDir);
  tmpBefore = readdirSync(privateTmpDir);
  watcher = watch(privateTmpDir, (event, name) => tmpEvents.push(`${event} ${String(name)}`));
  report = await sv.core.ingest(sv.vault, [{ kind: 'file', path: fixturesDir }]);
  const landscape3 = report.imported.find((i) => path.basename(i.source) === 'Landscape_3.jpg')!;
  updateAssetFields(sv.vault.db, landscape3.assetId, { title: TITLE, description: DESCRIPTION, productName: TITLE });
  changeTags(sv.vault.db, report.imported.map((i) => i.assetId), [TAG], []);
}, 120_000);

afterAll(() => {
  watcher?.close();
  sv?.dispose();
  restoreTmpDir();
  rmSync(privateTmpDir, { recursive: true, force: true });
});

describe('nothing readable outside the vault keys', () => {
  it('has a scanner that does find plaintext (controls)', async () => {
    const all = listFilesRecursive(fixturesDir).map((rel) => plaintextIn(readFileSync(path.join(fixturesDir, rel)), FIXTURE_STRINGS)).flat();
    for (const name of ['JPEG SOI at offset 0', 'JPEG stream', ...SIGNATURES.map(([n]) => n), ...FIXTURE_STRINGS.slice(0, 4).map((s) => JSON.stringify(s))]) {
      expect(all, name).toContain(name);
    }
    const wrapped = Buffer.concat([Buffer.alloc(777, 0x5a), readFileSync(path.join(fixturesDir, 'metadata/IPTC.jpg')), Buffer.alloc(99)]);
    expect(plaintextIn(wrapped, FIXTURE_STRINGS)).toEqual(expect.arrayContaining(['JPEG stream', '"Phil Harvey"']));
    expect(plaintextIn(Buffer.from(`x${TITLE}y`, 'utf16le'), [TITLE])).toEqual([JSON.stringify(TITLE)]);
    // What the vault holds really is those images and those edits, once decrypted.
    const asset = listAssets(sv.vault.db, { query: TITLE })[0]!;
    expect(getAsset(sv.vault.db, asset.id).tags).toContain(TAG);
    const original = await sv.vault.blobs.get(getAsset(sv.vault.db, asset.id).versions[0]!.originalBlob);
    expect(plaintextIn(original)).toContain('JPEG stream');
    expect(report.imported.length).toBeGreaterThan(30);
  });

  it('keeps only the header, the catalog and encrypted blobs in the vault folder', () => {
    const files = listFilesRecursive(sv.dir);
    const unexpected = files.filter((f) => !/^(vault\.json|catalog\.db(-wal|-shm)?|blobs\/[0-9a-f]{2}\/[0-9a-f]{64})$/.test(f));
    expect(unexpected).toEqual([]);
    expect(files).toContain('catalog.db-wal');
    expect(files.filter((f) => f.startsWith('blobs/')).length).toBeGreaterThan(report.imported.length);
  });

  it('writes no image bytes, metadata, names, titles or tags in the clear while the vault is open', () => {
    expect(scanFolder(sv.dir, [TITLE, DESCRIPTION, TAG])).toEqual({});
  });

  it('leaves nothing in the OS temp folder', () => {
    expect(tmpEvents).toEqual([]);
    expect(readdirSync(privateTmpDir)).toEqual(tmpBefore);
    expect(scanFolder(privateTmpDir, [TITLE, DESCRIPTION, TAG])).toEqual({});
  });

  it('writes nothing in the clear once the vault is closed and the WAL checkpointed', () => {
    sv.vault.close();
    const files = listFilesRecursive(sv.dir);
    expect(files.filter((f) => !f.startsWith('blobs/'))).toEqual(['catalog.db', 'vault.json']);
    expect(scanFolder(sv.dir, [TITLE, DESCRIPTION, TAG])).toEqual({});
  });
});
