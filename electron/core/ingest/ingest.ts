import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitImport, findVersionBySha256, isBlobReferenced } from '../catalog/imports';
import type { DerivedKind, DerivedRecord } from '../catalog/types';
import { describeError } from '../errors';
import type { Vault } from '../vault/vault';
import { collectFiles } from './collect';
import { decodeImage, DecodeRefusal } from './decoder';
import { readMetadata } from './metadata';
import { ProgressTracker, type IngestProgress } from './progress';
import { Semaphore } from './semaphore';
import { SNIFF_BYTES, sniffImage } from './sniff';

export type IngestSource =
  | { kind: 'file'; path: string }
  | { kind: 'stream'; name: string; stream: AsyncIterable<Uint8Array>; size?: number };

export interface IngestOptions {
  /** Add every image as a new version of this asset. */
  assetId?: string;
  /** Add to the asset with this SKU (a new version) or give new assets this SKU. */
  sku?: string;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  onCommitted?: (item: ImportedItem) => void;
  /** Images decoded at once (default: the number of cores). Twice as many imports are in flight, so
   * reading, hashing, encrypting, fsync waits and commits of some overlap the decoding of others. */
  concurrency?: number;
  maxPixels?: number;
  maxFileBytes?: number;
  kinds?: readonly DerivedKind[];
}

export interface ImportedItem {
  source: string;
  assetId: string;
  versionId: string;
  versionNumber: number;
  newAsset: boolean;
  sha256: string;
}
export interface DuplicateItem {
  source: string;
  assetId: string;
  versionId: string;
  title: string;
}
export interface RefusedItem {
  source: string;
  reason: string;
}
export interface IngestReport {
  imported: ImportedItem[];
  duplicates: DuplicateItem[];
  refused: RefusedItem[];
  cancelled: boolean;
  elapsedMs: number;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

class Refusal extends Error {}
class Cancelled extends Error {}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

function titleFrom(name: string): string {
  const stem = path.basename(name).replace(/\.[^.]+$/, '').replace(/[_]+/g, ' ').trim();
  return [...(stem || 'Untitled')].slice(0, 200).join('');
}

async function readSource(src: IngestSource, maxBytes: number): Promise<Buffer> {
  if (src.kind === 'file') {
    const { size } = await fsp.stat(src.path);
    if (size > maxBytes) throw new Refusal(`the file is ${mib(size)}, above the ${mib(maxBytes)} limit`);
    return fsp.readFile(src.path);
  }
  // Streams are gathered in memory, never spooled to disk, and capped as they arrive.
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of src.stream) {
    total += chunk.length;
    if (total > maxBytes) throw new Refusal(`the upload is larger than the ${mib(maxBytes)} limit`);
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }
  return Buffer.concat(parts, total);
}

/**
 * Imports files and streams into the vault with bounded parallelism. Each image is all or nothing:
 * its blobs are written and synced first, then one catalog transaction makes it visible. A refused,
 * failed or cancelled image leaves no blob behind; images committed before a cancel stay imported.
 */
export async function ingest(vault: Vault, inputs: IngestSource[], options: IngestOptions = {}): Promise<IngestReport> {
  const started = performance.now();
  const report: IngestReport = { imported: [], duplicates: [], refused: [], cancelled: false, elapsedMs: 0 };
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const kinds = options.kinds ?? (['thumb', 'preview'] as const);
  const signal = options.signal;

  const filePaths = inputs.flatMap((s) => (s.kind === 'file' ? [s.path] : []));
  const collected = await collectFiles(filePaths);
  report.refused.push(...collected.refused);
  const items: { src: IngestSource; label: string; size: number }[] = [
    ...collected.files.map((f) => ({ src: { kind: 'file' as const, path: f.path }, label: f.path, size: f.size })),
    ...inputs.flatMap((s) => (s.kind === 'stream' ? [{ src: s, label: s.name, size: s.size ?? 0 }] : [])),
  ];
  const progress = new ProgressTracker(items.length, items.reduce((n, i) => n + i.size, 0));
  const claims = vault.blobClaims;
  const inflight = new Map<string, Promise<unknown>>();
  const decodeSlots = Math.max(1, options.concurrency ?? os.availableParallelism());
  const decoding = new Semaphore(decodeSlots);
  const checkCancel = () => {
    if (signal?.aborted) throw new Cancelled();
  };

  async function importOne(item: (typeof items)[number]): Promise<void> {
    const buf = await readSource(item.src, maxFileBytes);
    const sniffed = sniffImage(buf.subarray(0, SNIFF_BYTES));
    if (!sniffed.ok) throw new Refusal(sniffed.reason);
    const sha256 = createHash('sha256').update(buf).digest('hex');
    // Identical files in one run are imported once; the second waits for the first, then is a duplicate.
    while (inflight.has(sha256)) await inflight.get(sha256)!.catch(() => undefined);
    let done!: () => void;
    inflight.set(sha256, new Promise<void>((resolve) => (done = resolve)));
    try {
      const existing = findVersionBySha256(vault.db, sha256);
      if (existing) {
        report.duplicates.push({ source: item.label, assetId: existing.assetId, versionId: existing.versionId, title: existing.title });
        return;
      }
      checkCancel();
      const [decoded, metadata] = await Promise.all([
        decoding.use(() => decodeImage(buf, sniffed.format, { maxPixels, kinds })).catch((err: unknown) => {
          throw err instanceof DecodeRefusal ? new Refusal(err.message) : err;
        }),
        readMetadata(buf),
      ]);
      checkCancel();
      // Claim every blob id before writing, so a failing import never deletes a blob that another
      // import (in this run or another run on this vault) is about to commit or has committed.
      const contents = [
        { data: buf, sha256 },
        ...decoded.renditions.map((r) => ({ data: r.data, sha256: createHash('sha256').update(r.data).digest('hex') })),
      ];
      const held = contents.map((c) => vault.blobs.idForSha256(c.sha256));
      claims.claim(held);
      const written: string[] = [];
      try {
        const results = await Promise.allSettled(contents.map((c) => vault.blobs.put(c.data, c.sha256)));
        for (const r of results) if (r.status === 'fulfilled' && !r.value.existed) written.push(r.value.id);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        checkCancel();
        const derived: DerivedRecord[] = decoded.renditions.map((r, i) => ({
          kind: r.kind,
          blobId: held[i + 1]!,
          format: 'jpeg',
          width: r.width,
          height: r.height,
          byteSize: r.data.length,
        }));
        const committed = commitImport(vault.db, {
          assetId: options.assetId,
          sku: options.sku,
          title: titleFrom(item.label),
          originalBlob: held[0]!,
          sha256,
          byteSize: buf.length,
          format: sniffed.format,
          width: decoded.width,
          height: decoded.height,
          originalFilename: path.basename(item.label),
          captureTime: metadata.normalized.captureTime ?? null,
          derived,
          metadata: metadata.normalized,
          rawMetadata: metadata.raw,
        });
        claims.release(held);
        const imported = { source: item.label, ...committed, sha256 };
        report.imported.push(imported);
        options.onCommitted?.(imported);
      } catch (err) {
        const free = new Set(claims.release(held));
        const orphans = written.filter((id) => free.has(id) && !isBlobReferenced(vault.db, id));
        await Promise.all(orphans.map((id) => vault.blobs.remove(id)));
        throw err;
      }
    } finally {
      inflight.delete(sha256);
      done();
    }
  }

  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++]!;
      progress.start(path.basename(item.label));
      options.onProgress?.(progress.snapshot());
      try {
        await importOne(item);
      } catch (err) {
        if (err instanceof Cancelled) break;
        const reason = err instanceof Refusal ? err.message : `could not be imported: ${describeError(err)}`;
        report.refused.push({ source: item.label, reason });
      }
      progress.finish(item.size);
      options.onProgress?.(progress.snapshot());
    }
  };
  const parallel = Math.max(1, Math.min(decodeSlots * 2, items.length || 1));
  await Promise.all(Array.from({ length: parallel }, worker));
  report.cancelled = signal?.aborted ?? false;
  report.elapsedMs = performance.now() - started;
  return report;
}
