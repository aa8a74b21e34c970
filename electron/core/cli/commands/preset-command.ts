import { listRenditionPresets } from '../../catalog/rendition-presets';
import { listWatermarkPresets } from '../../catalog/watermark-presets';
import { StrongroomError } from '../../errors';
import type { RenditionPreset, WatermarkPreset } from '../../imaging/types';
import type { Command } from '../context';
import { withVault } from '../with-vault';

function describeSize(p: RenditionPreset): string {
  const s = p.size;
  return s.mode === 'long-edge' ? `${s.longEdge} px long edge` : `${s.width}x${s.height} ${s.fit}${s.fit === 'contain' ? ` on ${s.background}` : ''}`;
}

function describeRendition(p: RenditionPreset): string {
  const quality = p.format === 'png' ? '' : ` q${p.quality}`;
  return `${p.format.toUpperCase()}${quality}, ${describeSize(p)}${p.sharpen ? ', sharpened' : ''}${p.builtIn ? '  (built-in)' : ''}`;
}

function describeWatermark(p: WatermarkPreset): string {
  const what = [p.text !== null ? `"${p.text}"` : null, p.logoBlob !== null ? 'logo' : null].filter(Boolean).join(' + ');
  const where = p.placement.mode === 'tiled' ? 'tiled' : p.placement.position;
  return `${what}, ${where}, ${p.sizePercent}% wide, ${Math.round(p.opacity * 100)}% opacity`;
}

export const presetCommand: Command = {
  name: 'preset',
  usage: 'preset ls',
  summary: 'list rendition and watermark presets (names for export --rendition and --watermark)',
  async run(ctx) {
    if (ctx.args[0] !== 'ls' || ctx.args.length !== 1) throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom preset ls');
    const presets = await withVault(ctx, (vault) => ({ rendition: listRenditionPresets(vault.db), watermark: listWatermarkPresets(vault.db) }));
    ctx.print(presets, () => {
      const all = [...presets.rendition, ...presets.watermark];
      const nameWidth = Math.max(0, ...all.map((p) => p.name.length)) + 2;
      const idWidth = Math.max(0, ...all.map((p) => p.id.length)) + 2;
      const row = (p: { name: string; id: string }, what: string) => `  ${p.name.padEnd(nameWidth)}${p.id.padEnd(idWidth)}${what}`;
      return [
        'Rendition presets:',
        ...presets.rendition.map((p) => row(p, describeRendition(p))),
        'Watermark presets:',
        ...(presets.watermark.length
          ? presets.watermark.map((p) => row(p, describeWatermark(p)))
          : ['  (none yet; design one in the app)']),
      ].join('\n');
    });
  },
};
