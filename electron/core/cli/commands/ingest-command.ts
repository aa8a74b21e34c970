import { resolveAssetId } from '../../catalog/assets';
import { StrongroomError } from '../../errors';
import type { IngestReport } from '../../ingest/ingest';
import type { Command } from '../context';
import { formatDuration } from '../io';
import { createProgressBar } from '../progress-bar';

/** Exit status 3 says "finished, but some files were refused", so scripts can tell without parsing. */
export const EXIT_SOME_REFUSED = 3;

function renderReport(r: IngestReport): string {
  const lines = [
    `${r.imported.length} imported, ${r.duplicates.length} duplicate${r.duplicates.length === 1 ? '' : 's'}, ${r.refused.length} refused` +
      ` in ${formatDuration(r.elapsedMs / 1000)}${r.cancelled ? ' (cancelled)' : ''}`,
  ];
  for (const d of r.duplicates) lines.push(`  duplicate  ${d.source}  (already in the vault as ${d.assetId} "${d.title}")`);
  for (const x of r.refused) lines.push(`  refused    ${x.source}: ${x.reason}`);
  return lines.join('\n');
}

export const ingestCommand: Command = {
  name: 'ingest',
  usage: 'ingest PATH... [--sku SKU] [--asset ID] [--max-megapixels N]',
  summary: 'import image files and folders (recursively)',
  options: { sku: { type: 'string' }, asset: { type: 'string' }, 'max-megapixels': { type: 'string' } },
  async run(ctx) {
    if (ctx.args.length === 0) throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom ingest PATH...');
    const maxMp = ctx.values['max-megapixels'];
    const maxPixels = typeof maxMp === 'string' ? Number(maxMp) * 1e6 : undefined;
    if (maxPixels !== undefined && !(maxPixels > 0)) throw new StrongroomError('INVALID_ARGUMENT', '--max-megapixels must be a positive number');
    const vault = await ctx.openVault();
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    const bar = createProgressBar(ctx.io);
    try {
      const assetId =
        typeof ctx.values.asset === 'string' ? resolveAssetId(vault.db, ctx.values.asset) : undefined;
      const report = await ctx.core.ingest(
        vault,
        ctx.args.map((p) => ({ kind: 'file' as const, path: p })),
        {
          assetId,
          sku: typeof ctx.values.sku === 'string' ? ctx.values.sku : undefined,
          maxPixels,
          signal: abort.signal,
          onProgress: (p) => bar.update(p),
          onCommitted: process.env.STRONGROOM_REPORT_COMMITS
            ? (item) => ctx.io.stderr.write(`committed ${item.sha256} ${item.versionId}\n`)
            : undefined,
        },
      );
      bar.done();
      ctx.print(report, () => renderReport(report));
      return report.refused.length > 0 ? EXIT_SOME_REFUSED : 0;
    } finally {
      process.off('SIGINT', onSignal);
      vault.close();
    }
  },
};
