/**
 * The long version of tests/crash/crash-recovery.test.ts: many SIGKILLed ingests, each followed by the
 * same checks (tests/crash/crash-harness.ts).
 *
 *   node --import tsx scripts/crash-soak.ts [--runs 500] [--runs-per-vault 50] [--seed N]
 *        [--images 300] [--files-per-run 10] [--quiet] [--keep]
 *
 * Runs are split over several vaults (a fresh vault every --runs-per-vault runs, each ending with the gc
 * check), so the per-run verification stays fast and there are always new images to import. On the
 * first failure the soak stops, prints the failing checks and keeps the vault for inspection.
 * Exit status: 0 all checks passed, 1 a check failed, 2 bad arguments.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFixtureVault, prepareFixture, runCampaign, summarize, type CampaignResult } from '../tests/crash/crash-harness';

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    process.stderr.write(`crash-soak: --${name} must be a positive integer\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'runs-per-vault': { type: 'string' },
      seed: { type: 'string' },
      images: { type: 'string' },
      'files-per-run': { type: 'string' },
      quiet: { type: 'boolean' },
      keep: { type: 'boolean' },
    },
  });
  const runs = positiveInt('runs', values.runs, 500);
  const perVault = Math.max(2, positiveInt('runs-per-vault', values['runs-per-vault'], 50));
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : positiveInt('seed', values.seed, 1);
  const images = positiveInt('images', values.images, 300);
  const filesPerRun = positiveInt('files-per-run', values['files-per-run'], 10);
  const log = values.quiet ? () => undefined : (line: string) => process.stdout.write(`${line}\n`);

  const started = performance.now();
  const vaults = Math.ceil(runs / perVault);
  process.stdout.write(`crash soak: ${runs} runs over ${vaults} vault(s), seed ${seed}, ${images} photos, ~${filesPerRun} files per run\n`);
  const results: CampaignResult[] = [];
  let failed: { result: CampaignResult; root: string } | null = null;
  // The photos are made once; every campaign gets its own vault next to them.
  const fixture = await prepareFixture({ imageCount: images, copies: Math.min(10, images) });
  try {
    for (let v = 0; v < vaults && !failed; v += 1) {
      const campaignRuns = Math.min(perVault, runs - v * perVault);
      if (v > 0) Object.assign(fixture, await createFixtureVault(path.join(fixture.root, `vault-${v + 1}`)));
      process.stdout.write(`\nvault ${v + 1}/${vaults}: ${campaignRuns} runs in ${fixture.vaultDir}\n`);
      const result = await runCampaign(fixture, { runs: campaignRuns, seed: seed + v, filesPerRun, log });
      results.push(result);
      const summary = summarize(result);
      process.stdout.write(`  ${JSON.stringify(summary)} in ${(result.elapsedMs / 1000).toFixed(0)} s\n`);
      if (summary.versions >= new Set(fixture.shaOf.values()).size) {
        process.stdout.write('  note: every photo got imported, so the last runs met only duplicates; use more --images or fewer --runs-per-vault\n');
      }
      if (result.failures.length) failed = { result, root: fixture.root };
    }
  } finally {
    if (!failed && !values.keep) await fsp.rm(fixture.root, { recursive: true, force: true });
  }

  const totals: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(summarize(r))) totals[k] = (totals[k] ?? 0) + n;
  const childMs = results.flatMap((r) => r.records.map((x) => x.childMs));
  const checkMs = results.flatMap((r) => r.records.map((x) => x.checkMs));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  process.stdout.write(
    [
      '',
      'Summary',
      '-------',
      `runs                         ${totals.runs ?? 0} of ${runs} (seed ${seed})`,
      `killed mid-run               ${totals.killed ?? 0}`,
      `  before the vault was open  ${totals.killedBeforeReady ?? 0}`,
      `  with temp files on disk    ${totals.killedWithTempFiles ?? 0}   (kill landed inside a blob write)`,
      `  leaving uncommitted blobs  ${totals.killedWithUncommittedBlobs ?? 0}   (kill between blob writes and the commit)`,
      `  inside a commit            ${totals.killedInsideCommit ?? 0}   (committed, killed before reporting it: the commit's fsync)`,
      `  after some commits         ${totals.killedAfterSomeCommits ?? 0}`,
      `finished before the kill     ${totals.finishedBeforeKill ?? 0}`,
      `images reported committed    ${totals.committedReported ?? 0}, all found in the catalog unless listed below`,
      `orphan blobs removed by gc   ${results.reduce((n, r) => n + (r.gc?.removedBlobs ?? 0), 0)}`,
      `mean child run ${(mean(childMs) / 1000).toFixed(2)} s, mean check ${(mean(checkMs) / 1000).toFixed(2)} s, total ${((performance.now() - started) / 1000).toFixed(0)} s`,
      failed ? `FAILED — vault kept in ${failed.root}:` : 'all checks passed',
      ...(failed ? failed.result.failures.map((f) => `  ${f}`) : []),
      '',
    ].join('\n'),
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`crash-soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
