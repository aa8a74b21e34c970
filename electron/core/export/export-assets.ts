import { promises as fsp } from 'node:fs';
import os from 'node:os';
import { throwIfAborted } from '../cancel';
import { getRightsProfile } from '../catalog/rights-profile';
import { describeError, isStrongroomError } from '../errors';
import { renderImage } from '../imaging/render';
import type { RenditionPreset, WatermarkPreset } from '../imaging/types';
import { ProgressTracker, type IngestProgress } from '../ingest/progress';
import type { Vault } from '../vault/vault';
import { exportFileNames } from './export-names';
import { loadExportItems, type ExportItem } from './export-items';
import { checkOutDir } from './out-dir';
import { removeStalePartials, writeExportFile } from './output-file';
import { exportVariables } from './variables';

/**
 * The only way plaintext leaves the vault: each asset's current original is decrypted in memory, sent
 * through the imaging pipeline (rendition → watermark → metadata hygiene → rights) and written to the
 * chosen folder, one complete file at a time. Nothing is written anywhere else.
 */
export interface ExportRequest {
  assetIds: readonly string[];
  outDir: string;
  rendition: RenditionPreset;
  watermark: WatermarkPreset | null;
  /** e.g. `{sku}_{n}.{ext}`; DEFAULT_NAME_TEMPLATE when absent. */
  nameTemplate?: string;
}

export interface ExportProgress extends IngestProgress {
  bytesWritten: number;
  failed: number;
}

export type ExportFileResult =
  | { ok: true; assetId: string; versionNumber: number; title: string; file: string; path: string; bytes: number; width: number; height: number }
  | { ok: false; assetId: string; title: string | null; reason: string };

export interface ExportReport {
  outDir: string;
  files: ExportFileResult[];
  written: number;
  failed: number;
  cancelled: boolean;
  elapsedMs: number;
}

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  onFile?: (result: ExportFileResult) => void;
  /** Images rendered at once (default: the number of cores). */
  concurrency?: number;
  /** The export's date, for {date} in names and watermarks (tests pin it). */
  now?: Date;
  /** What prepareExport already decided for this request and date, so it is not checked and named twice. */
  plan?: ExportPlan;
}

const CANCELLED_REASON = 'not exported: the export was cancelled';

/**
 * Everything that can be checked before the first byte is decrypted is checked here (folder, assets,
 * names), so a bad request fails as a whole with one clear error and leaves the folder untouched.
 */
export type ExportPlan = Awaited<ReturnType<typeof prepareExport>>;

export async function prepareExport(vault: Vault, request: ExportRequest, now: Date) {
  const outDir = await checkOutDir(request.outDir);
  const items = loadExportItems(vault.db, request.assetIds);
  const existing = await fsp.readdir(outDir);
  const names = exportFileNames(items, { template: request.nameTemplate, format: request.rendition.format, date: now, existing });
  return { outDir, items, names };
}

export async function exportAssets(vault: Vault, request: ExportRequest, options: ExportOptions = {}): Promise<ExportReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const signal = options.signal;
  const { outDir, items, names } = options.plan ?? (await prepareExport(vault, request, now));
  await removeStalePartials(outDir);

  const rights = getRightsProfile(vault.db);
  const variables = exportVariables(vault, now);
  const logo = request.watermark?.logoBlob ? await vault.blobs.get(request.watermark.logoBlob) : undefined;
  const watermark = request.watermark ? { preset: request.watermark, logo, variables } : undefined;

  const results: (ExportFileResult | undefined)[] = [];
  const progress = new ProgressTracker(items.length, items.reduce((n, i) => n + i.byteSize, 0));
  let bytesWritten = 0;
  let failed = 0;
  const emit = () => options.onProgress?.({ ...progress.snapshot(), bytesWritten, failed });

  async function exportOne(item: ExportItem, name: string): Promise<ExportFileResult> {
    const original = await vault.blobs.get(item.originalBlob);
    throwIfAborted(signal, 'the export');
    const rendered = await renderImage(original, { rendition: request.rendition, watermark, rights, signal });
    const written = await writeExportFile(outDir, name, rendered.data, signal);
    return {
      ok: true,
      assetId: item.assetId,
      versionNumber: item.versionNumber,
      title: item.title,
      file: written.name,
      path: written.path,
      bytes: written.bytes,
      width: rendered.width,
      height: rendered.height,
    };
  }

  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      const item = items[index]!;
      progress.start(names[index]!);
      emit();
      let result: ExportFileResult;
      try {
        result = await exportOne(item, names[index]!);
        bytesWritten += result.ok ? result.bytes : 0;
      } catch (err) {
        const cancelled = signal?.aborted === true || isStrongroomError(err, 'CANCELLED');
        result = { ok: false, assetId: item.assetId, title: item.title, reason: cancelled ? CANCELLED_REASON : describeError(err) };
        if (!cancelled) failed += 1;
      }
      results[index] = result;
      options.onFile?.(result);
      progress.finish(item.byteSize);
      emit();
    }
  };
  const parallel = Math.max(1, Math.min(options.concurrency ?? os.availableParallelism(), items.length));
  await Promise.all(Array.from({ length: parallel }, worker));

  // Items no worker reached (a cancel) are reported too: every asset asked for has a line.
  const files = items.map(
    (item, i): ExportFileResult => results[i] ?? { ok: false, assetId: item.assetId, title: item.title, reason: CANCELLED_REASON },
  );
  return {
    outDir,
    files,
    written: files.filter((f) => f.ok).length,
    failed,
    cancelled: signal?.aborted ?? false,
    elapsedMs: performance.now() - started,
  };
}
