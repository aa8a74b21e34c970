import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { getAsset, resolveAssetId } from '../../catalog/assets';
import { StrongroomError } from '../../errors';
import { createTempFile } from '../../fs/atomic';
import type { Command } from '../context';
import { formatBytes } from '../io';

export const exportCommand: Command = {
  name: 'export',
  usage: 'export ID --out FILE [--version N]',
  summary: 'write the decrypted original of an asset to FILE (the explicit way out of the vault)',
  options: { out: { type: 'string', short: 'o' }, version: { type: 'string' } },
  async run(ctx) {
    const out = ctx.values.out;
    if (ctx.args.length !== 1 || typeof out !== 'string') throw new StrongroomError('INVALID_ARGUMENT', `usage: strongroom ${exportCommand.usage}`);
    const target = path.resolve(out);
    const exists = await fsp.stat(target).then(() => true, () => false);
    if (exists) throw new StrongroomError('CONFLICT', `${target} already exists; choose another name`);
    const vault = await ctx.openVault();
    try {
      const asset = getAsset(vault.db, resolveAssetId(vault.db, ctx.args[0]!));
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
        `Wrote v${version.number} of "${asset.title}" to ${target} (${formatBytes(version.byteSize)}).`,
      );
    } finally {
      vault.close();
    }
  },
};

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'verify',
  summary: 'authenticate every blob and check the catalog; exits non-zero on any problem',
  async run(ctx) {
    const vault = await ctx.openVault();
    try {
      const report = await ctx.core.verify(vault);
      ctx.print(report, () =>
        [
          `Checked ${report.blobsChecked} blobs (${formatBytes(report.bytesChecked)}) and the catalog: ${report.problems.length === 0 ? 'all good' : `${report.problems.length} problem(s)`}.`,
          ...report.problems.map((p) => `  ${p.kind}  ${p.subject}: ${p.message}`),
          ...(report.unreferenced.length ? [`${report.unreferenced.length} unreferenced blob(s) from interrupted imports; "strongroom gc" removes them.`] : []),
        ].join('\n'),
      );
      return report.problems.length === 0 ? 0 : 1;
    } finally {
      vault.close();
    }
  },
};

export const gcCommand: Command = {
  name: 'gc',
  usage: 'gc [--now]',
  summary: 'remove blobs no catalog entry refers to (older than 15 minutes, or all with --now)',
  options: { now: { type: 'boolean' } },
  async run(ctx) {
    const vault = await ctx.openVault();
    try {
      const report = await ctx.core.collectGarbage(vault, ctx.values.now ? { graceMs: 0 } : {});
      ctx.print(report, () =>
        `Removed ${report.removedBlobs} unreferenced blob(s) (${formatBytes(report.removedBytes)}) and ${report.removedTempFiles} temp file(s)` +
          (report.keptRecent ? `; kept ${report.keptRecent} recent one(s) that may belong to a running import.` : '.'),
      );
    } finally {
      vault.close();
    }
  },
};
