import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { getAsset, resolveAssetId } from '../../catalog/assets';
import { getRenditionPreset, resolveRenditionPreset } from '../../catalog/rendition-presets';
import { resolveWatermarkPreset } from '../../catalog/watermark-presets';
import { StrongroomError } from '../../errors';
import { DEFAULT_NAME_TEMPLATE, DEFAULT_RENDITION_PRESET_ID } from '../../export/defaults';
import type { ExportReport } from '../../export/export-assets';
import { checkOutDir } from '../../export/out-dir';
import { createTempFile } from '../../fs/atomic';
import type { Vault } from '../../vault/vault';
import type { Command, CommandContext } from '../context';
import { formatBytes, formatDuration } from '../io';
import { createProgressBar } from '../progress-bar';

/** Exit status 3, as for ingest: the export finished, but some files could not be written. */
export const EXIT_SOME_FAILED = 3;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The untouched original, byte for byte and with all its metadata, to one file: what `export` did
 * before the pipeline existed, kept for the owner's own backups. Asked for with --original (or, as
 * before, with a single ID and an --out that is not a folder).
 */
async function exportOriginal(ctx: CommandContext, vault: Vault, idText: string, target: string): Promise<void> {
  const asset = getAsset(vault.db, resolveAssetId(vault.db, idText));
  const wanted = ctx.values.version === undefined ? asset.currentVersionId : undefined;
  const version = asset.versions.find((v) => (wanted ? v.id === wanted : v.number === Number(ctx.values.version)));
  if (!version) throw new StrongroomError('NOT_FOUND', `asset ${asset.id} has no version ${String(ctx.values.version)}`);
  // Written under a temp name and renamed once complete and authenticated: never a partial file.
  const temp = await createTempFile(path.dirname(target));
  try {
    for await (const chunk of vault.blobs.stream(version.originalBlob)) await temp.write([chunk]);
    await temp.commit(target);
  } catch (err) {
    await temp.discard();
    throw err;
  }
  ctx.print({ assetId: asset.id, version: version.number, file: target, bytes: version.byteSize }, () =>
    `Wrote v${version.number} of "${asset.title}" to ${target} (${formatBytes(version.byteSize)}): the untouched original, metadata included.`,
  );
}

function renderReport(r: ExportReport, what: string): string {
  const lines = [
    `Exported ${r.written} of ${r.files.length} to ${r.outDir} in ${formatDuration(r.elapsedMs / 1000)} (${what})` +
      `${r.failed ? `; ${r.failed} failed` : ''}${r.cancelled ? ' (cancelled)' : ''}`,
  ];
  for (const f of r.files) {
    lines.push(f.ok ? `  wrote   ${f.file}  ${f.width}x${f.height}  ${formatBytes(f.bytes)}  (${f.assetId} v${f.versionNumber})` : `  failed  ${f.assetId}  ${f.title ?? ''}: ${f.reason}`);
  }
  return lines.join('\n');
}

async function exportRenditions(ctx: CommandContext, vault: Vault, outDir: string): Promise<number> {
  const db = vault.db;
  const assetIds = ctx.args.map((id) => resolveAssetId(db, id));
  const renditionName = str(ctx.values.rendition);
  const rendition = renditionName === undefined ? getRenditionPreset(db, DEFAULT_RENDITION_PRESET_ID) : resolveRenditionPreset(db, renditionName);
  const watermarkName = str(ctx.values.watermark);
  const watermark = watermarkName === undefined ? null : resolveWatermarkPreset(db, watermarkName);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  const bar = createProgressBar(ctx.io);
  try {
    const report = await ctx.core.exportAssets(
      vault,
      { assetIds, outDir, rendition, watermark, nameTemplate: str(ctx.values.name) },
      { signal: abort.signal, onProgress: (p) => bar.update(p) },
    );
    bar.done();
    const what = `rendition "${rendition.name}"${watermark ? `, watermark "${watermark.name}"` : ''}`;
    ctx.print({ ...report, rendition: rendition.id, watermark: watermark?.id ?? null }, () => renderReport(report, what));
    if (report.cancelled) return 1;
    return report.failed > 0 ? EXIT_SOME_FAILED : 0;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

const IMAGE_FILE_NAME = /\.(jpe?g|png|webp|avif|gif|tiff?|heic|heif)$/i;

export const exportCommand: Command = {
  name: 'export',
  usage: 'export ID... --out DIR [--rendition NAME] [--watermark NAME] [--name TEMPLATE] | export ID --out FILE --original [--version N]',
  summary:
    `write renditions of assets into DIR through the export pipeline (rendition, watermark, clean metadata, rights; default rendition ${DEFAULT_RENDITION_PRESET_ID}, names ${DEFAULT_NAME_TEMPLATE}); --original writes the untouched original to FILE`,
  options: {
    out: { type: 'string', short: 'o' },
    rendition: { type: 'string' },
    watermark: { type: 'string' },
    name: { type: 'string' },
    original: { type: 'boolean' },
    version: { type: 'string' },
  },
  async run(ctx) {
    const out = str(ctx.values.out);
    if (ctx.args.length === 0 || out === undefined) throw new StrongroomError('INVALID_ARGUMENT', `usage: strongroom ${exportCommand.usage}`);
    const target = path.resolve(out);
    const pipelineOptions = ['rendition', 'watermark', 'name'].filter((o) => ctx.values[o] !== undefined);
    // "out/" means a folder even before it exists (then the export says it is missing).
    const isDir = /[\\/]$/.test(out) || (await fsp.stat(target).then((s) => s.isDirectory(), () => false));
    // Plaintext with its metadata leaves only when asked for by name; everything else goes through the pipeline.
    const original = ctx.values.original === true || ctx.values.version !== undefined;
    if (original) {
      if (ctx.args.length !== 1) throw new StrongroomError('INVALID_ARGUMENT', '--original exports one asset to one file: give exactly one ID');
      if (pipelineOptions.length) throw new StrongroomError('INVALID_ARGUMENT', `--${pipelineOptions[0]} does not apply to --original, which writes the file untouched`);
      if (isDir) throw new StrongroomError('INVALID_ARGUMENT', `${target} is a folder; --original writes one file, so give its name`);
      if (await fsp.lstat(target).then(() => true, () => false)) throw new StrongroomError('CONFLICT', `${target} already exists; choose another name`);
    } else if (!isDir && IMAGE_FILE_NAME.test(out) && !(await fsp.lstat(target).then(() => true, () => false))) {
      // Before the pipeline, `export ID --out photo.jpg` wrote the original; say how to get that now.
      throw new StrongroomError(
        'INVALID_ARGUMENT',
        `${target} is not a folder: export writes into a folder (--out DIR); to write the untouched original to a file, add --original`,
      );
    }
    // A missing or read-only folder fails before the vault is even unlocked.
    if (!original) await checkOutDir(target);
    const vault = await ctx.openVault();
    try {
      if (!original) return await exportRenditions(ctx, vault, target);
      await exportOriginal(ctx, vault, ctx.args[0]!, target);
    } finally {
      vault.close();
    }
  },
};
