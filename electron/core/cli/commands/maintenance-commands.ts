import type { Command } from '../context';
import { formatBytes } from '../io';

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
