import { createHash } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { commitImport, type ImportRecord } from '../electron/core/catalog/imports';
import { createCore } from '../electron/core/index';
import { joinVault } from '../electron/core/sync/join';
import type { SyncPassProgress } from '../electron/core/sync/pass/progress';
import { openTarget } from '../electron/core/sync/open-target';
import { runSyncPass } from '../electron/core/sync/sync-pass';
import { writeSyncTarget, type SyncTarget } from '../electron/core/sync/target-settings';
import { Vault } from '../electron/core/vault/vault';
import { PHOTO_CACHE_ROOT, prng } from './photos';

/**
 * A vault of `assets` assets for the join benchmark, every one with its own real thumbnail: a 400×300
 * JPEG (the engine's thumbnail size and quality) cut from one of a few decoded photos at a random
 * offset with its own brightness, stored as a blob. Originals and previews are those of two photos
 * imported the normal way, shared by every asset (the join is about thumbnails). Assets are recorded
 * with `commitImport`, the function ingest uses, so every one is captured as ops that sync carries;
 * each is created a second after the previous one, so the newest is the last made.
 */
const THUMB = { width: 400, height: 300, margin: 40, quality: 82 } as const;
const GROUP = 500;

export interface SeededVault {
  dir: string;
  assets: number;
  thumbBytes: number;
  seedMs: number;
}

/** The seeded vault, kept in the photo cache (built under a temp name and renamed, so it is whole). */
export async function cachedThumbnailVault(options: { passphrase: string; photos: readonly string[]; assets: number; log: (line: string) => void }): Promise<SeededVault & { cached: boolean }> {
  const dir = path.join(PHOTO_CACHE_ROOT, `sync-bench-thumbs-${options.assets}`);
  if (existsSync(dir)) return { dir, assets: options.assets, thumbBytes: 0, seedMs: 0, cached: true };
  const temp = `${dir}.${process.pid}.partial`;
  await fsp.rm(temp, { recursive: true, force: true });
  const seeded = await seedThumbnailVault({ ...options, dir: temp });
  await fsp.rename(temp, dir);
  return { ...seeded, dir, cached: false };
}

export async function seedThumbnailVault(options: { dir: string; passphrase: string; photos: readonly string[]; assets: number; log: (line: string) => void }): Promise<SeededVault> {
  const started = performance.now();
  const bw = THUMB.width + THUMB.margin;
  const bh = THUMB.height + THUMB.margin;
  const bases = await Promise.all(options.photos.map((p) => sharp(p).resize(bw, bh, { fit: 'cover' }).removeAlpha().raw().toBuffer()));
  const core = createCore({ keychain: null });
  const { vault } = await Vault.create(options.dir, { passphrase: options.passphrase, keychain: null });
  try {
    const report = await core.ingest(vault, options.photos.map((p) => ({ kind: 'file' as const, path: p })));
    if (report.refused.length > 0) throw new Error(`photos refused: ${report.refused.map((r) => r.reason).join('; ')}`);
    const real = vault.db
      .prepare(
        `SELECT v.original_blob, v.byte_size, v.width, v.height, p.blob_id AS preview_blob, p.width AS pw, p.height AS ph, p.byte_size AS psize
         FROM versions v JOIN derived_blobs p ON p.version_id = v.id AND p.kind = 'preview'`,
      )
      .all() as { original_blob: string; byte_size: number; width: number; height: number; preview_blob: string; pw: number; ph: number; psize: number }[];
    const rand = prng(6_0001);
    const base = Date.now() - options.assets * 1000;
    let thumbBytes = 0;
    for (let start = 0; start < options.assets; start += GROUP) {
      const records: { at: number; rec: ImportRecord }[] = [];
      for (let i = start; i < Math.min(options.assets, start + GROUP); i += 1) {
        const pixels = bases[i % bases.length]!;
        const jpeg = await sharp(pixels, { raw: { width: bw, height: bh, channels: 3 } })
          .extract({ left: Math.floor(rand() * THUMB.margin), top: Math.floor(rand() * THUMB.margin), width: THUMB.width, height: THUMB.height })
          .linear(0.8 + rand() * 0.4, Math.floor(rand() * 30) - 15)
          .jpeg({ quality: THUMB.quality })
          .toBuffer();
        const thumb = await vault.blobs.put(jpeg);
        thumbBytes += jpeg.length;
        const r = real[i % real.length]!;
        records.push({
          at: base + i * 1000,
          rec: {
            title: `Bench asset ${String(i).padStart(5, '0')}`,
            originalBlob: r.original_blob,
            sha256: createHash('sha256').update(`sync bench asset ${i}`).digest('hex'),
            byteSize: r.byte_size,
            format: 'jpeg' as const,
            width: r.width,
            height: r.height,
            originalFilename: `bench-${i}.jpg`,
            captureTime: null,
            derived: [
              { kind: 'thumb' as const, blobId: thumb.id, format: 'jpeg' as const, width: THUMB.width, height: THUMB.height, byteSize: jpeg.length },
              { kind: 'preview' as const, blobId: r.preview_blob, format: 'jpeg' as const, width: r.pw, height: r.ph, byteSize: r.psize },
            ],
            metadata: {},
            rawMetadata: {},
          },
        });
      }
      // One transaction per group (commitImport's own become savepoints): 10,000 commits would be 10,000 WAL fsyncs.
      vault.db.transaction(() => {
        for (const { at, rec } of records) commitImport(vault.db, rec, at);
      })();
      if ((start / GROUP) % 4 === 3) options.log(`    ${start + records.length} assets…`);
    }
    return { dir: options.dir, assets: options.assets, thumbBytes, seedMs: performance.now() - started };
  } finally {
    vault.close();
  }
}

/** The thumbnails of the grid's first page: newest first, as the library's default sort shows them. */
export function firstPageThumbs(vault: Vault, count: number): string[] {
  return vault.db
    .prepare(
      `SELECT d.blob_id FROM assets a JOIN versions v ON v.id = a.current_version_id JOIN derived_blobs d ON d.version_id = v.id AND d.kind = 'thumb'
       ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
    )
    .pluck()
    .all(count) as string[];
}

export interface JoinTiming {
  /** When the join's pass started fetching blobs (after the snapshot and the batches). */
  blobsPhaseMs: number | null;
  firstThumbMs: number | null;
  firstPageMs: number | null;
  joinMs: number;
  blobsDownloaded: number;
}

/** Connects a copy of the seeded vault to `remote`, syncs it, then times a join into `joinDir` while polling for the first page's thumbnails. */
export async function timeJoin(options: { seeded: string; remote: string; joinDir: string; passphrase: string; firstPage: number; log: (line: string) => void }): Promise<JoinTiming> {
  const target: SyncTarget = { kind: 'folder', path: options.remote };
  await fsp.mkdir(options.remote, { recursive: true });
  const opened = await openTarget(target);
  const originDir = path.join(path.dirname(options.remote), 'origin');
  await fsp.cp(options.seeded, originDir, { recursive: true });
  const origin = await Vault.open(originDir, { kind: 'passphrase', passphrase: options.passphrase }, null);
  let wanted: string[];
  try {
    writeSyncTarget(origin.db, target);
    const started = performance.now();
    const report = await runSyncPass(origin, opened.backend);
    options.log(`  first device's pass: ${report.blobsUploaded} blobs, ${report.sentBatches} op batches, snapshot ${report.snapshot ? 'yes' : 'no'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Blob ids are the same on every device of a vault; the file's place under the vault folder too.
    wanted = firstPageThumbs(origin, options.firstPage).map((id) => path.relative(origin.dir, origin.blobs.pathFor(id)));
  } finally {
    origin.close();
  }
  const missing = new Set(wanted.map((rel) => path.join(options.joinDir, rel)));
  const started = performance.now();
  let firstThumbMs: number | null = null;
  let firstPageMs: number | null = null;
  const poll = setInterval(() => {
    for (const file of missing) if (existsSync(file)) missing.delete(file);
    const now = performance.now() - started;
    if (firstThumbMs === null && missing.size < wanted.length) firstThumbMs = now;
    if (firstPageMs === null && missing.size === 0) firstPageMs = now;
  }, 20);
  try {
    let blobsPhaseMs: number | null = null;
    const onProgress = (p: SyncPassProgress) => {
      if (p.phase === 'blobs' && blobsPhaseMs === null) blobsPhaseMs = performance.now() - started;
    };
    const result = await joinVault(options.joinDir, opened.backend, target, { kind: 'passphrase', passphrase: options.passphrase }, { onProgress });
    const joinMs = performance.now() - started;
    result.vault.close();
    if (result.passError) throw result.passError;
    for (const file of missing) if (existsSync(file)) missing.delete(file);
    if (firstPageMs === null && missing.size === 0) firstPageMs = joinMs;
    return { blobsPhaseMs, firstThumbMs, firstPageMs, joinMs, blobsDownloaded: result.pass?.blobsDownloaded ?? 0 };
  } finally {
    clearInterval(poll);
  }
}
