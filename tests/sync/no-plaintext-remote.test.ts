import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { createCore } from '../../electron/core/index';
import { openFolderBackend } from '../../electron/core/sync/backends/folder-backend';
import { openBlobObject } from '../../electron/core/sync/transfer/blob-object';
import { transferBlobs } from '../../electron/core/sync/transfer/blob-transfer';
import { plaintextIn } from '../helpers/plaintext';
import { fixturesDir, listFilesRecursive, makeSuiteDir } from '../helpers/vault';
import { twoDevices, type Device } from './helpers/devices';

/**
 * The storage sees only ciphertext and opaque names: after real photos are imported and synced, no
 * object and no name holds a JPEG marker, an EXIF header, a title, a file name or a metadata string.
 */
const TITLE = 'Quokka Marmalade Skyline 7731';
const SOURCE_DIR = path.join(fixturesDir, 'orientation');
const FIXTURE_STRINGS = ['Landscape_3', 'Portrait_5', 'Landscape', 'JFIF\0', TITLE];

let a: Device;
let dispose: () => void;
let remoteRoot: string;
let blobCount = 0;

beforeAll(async () => {
  const pair = await twoDevices();
  [a] = pair.devices;
  dispose = pair.dispose;
  const report = await createCore({ keychain: null }).ingest(a.vault, [{ kind: 'file', path: SOURCE_DIR }]);
  expect(report.imported.length).toBeGreaterThan(3);
  updateAssetFields(a.vault.db, report.imported[0]!.assetId, { title: TITLE });
  remoteRoot = makeSuiteDir('sync-no-plaintext');
  const result = await transferBlobs({ store: a.vault.blobs, keys: a.keys, backend: await openFolderBackend(remoteRoot) });
  blobCount = result.uploaded;
}, 120_000);

afterAll(() => dispose?.());

describe('the remote holds no plaintext', () => {
  it('the scan would find plaintext: in the sources, and in every remote object once opened with the key (control)', async () => {
    const source = readFileSync(path.join(SOURCE_DIR, 'Landscape_3.jpg'));
    expect(plaintextIn(source, FIXTURE_STRINGS)).toEqual(expect.arrayContaining(['JPEG SOI at offset 0', 'JPEG stream', 'Exif header', '"JFIF\\u0000"']));
    for (const rel of listFilesRecursive(remoteRoot)) {
      const parts: Buffer[] = [];
      for await (const p of openBlobObject(a.vault.blobs, a.keys.objects, rel, [readFileSync(path.join(remoteRoot, rel))])) parts.push(p);
      const opened = Buffer.concat(parts);
      expect(plaintextIn(opened), rel).toEqual(expect.arrayContaining(['JPEG SOI at offset 0', 'JPEG stream']));
    }
  });

  it('no object starts with or holds a JPEG marker, EXIF/JFIF header, file name or title; no name holds any of them', () => {
    const files = listFilesRecursive(remoteRoot);
    expect(files.length).toBe(blobCount);
    expect(blobCount).toBeGreaterThanOrEqual(9); // originals, previews, thumbnails
    for (const rel of files) {
      expect(rel).toMatch(/^blobs\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      for (const s of FIXTURE_STRINGS) expect(rel.toLowerCase()).not.toContain(s.toLowerCase().replace(/\0/g, ''));
      expect(plaintextIn(readFileSync(path.join(remoteRoot, rel)), FIXTURE_STRINGS), rel).toEqual([]);
    }
  });

  it('no remote name is a local blob id (the remote and a copy of the vault folder cannot be matched by name)', async () => {
    const local = new Set<string>();
    for await (const id of a.vault.blobs.list()) local.add(id);
    for (const rel of listFilesRecursive(remoteRoot)) expect(local.has(path.basename(rel))).toBe(false);
  });
});
