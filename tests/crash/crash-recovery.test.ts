import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index';
import { checkVault, createFixtureVault, prepareFixture, runCampaign, summarize, type CrashFixture } from './crash-harness';

/**
 * Kills a real ingest process (tests/crash/ingest-child.ts) with SIGKILL at random moments, again and
 * again on one growing vault, and after every kill opens the vault (which runs recovery) and checks it
 * (crash-harness.ts, checkVault): verify finds nothing wrong, every image the child reported committed
 * is in the catalog, every referenced blob exists, every version is complete, no temp file is left.
 * Finally gc with no grace period must remove exactly the orphaned blobs and leave a vault that verifies.
 *
 * STRONGROOM_CRASH_RUNS sets the number of runs (50 unless told; keep it at 50 or more in CI),
 * STRONGROOM_CRASH_SEED replays a sequence of file choices and kill delays (the moments the kills land
 * still vary with machine load). The long version is scripts/crash-soak.ts.
 */
const RUNS = Number(process.env.STRONGROOM_CRASH_RUNS ?? 50);
const SEED = Number(process.env.STRONGROOM_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
// About 4 s per run on a loaded 2-core machine; generous so a slow CI box fails on checks, not time.
const TIMEOUT_MS = Math.max(10 * 60_000, RUNS * 12_000);

describe('crash recovery: SIGKILL during ingest', () => {
  let fixture: CrashFixture;

  beforeAll(async () => {
    fixture = await prepareFixture({ imageCount: 300, copies: 10, width: 1200, height: 800 });
  }, 180_000);

  afterAll(async () => {
    if (fixture) await fsp.rm(fixture.root, { recursive: true, force: true });
  });

  it('checkVault notices a missing blob, a lost commit and a leftover temp file', async () => {
    // The checks must be able to fail: damage a second vault on purpose and look for each complaint.
    const damaged: CrashFixture = { ...fixture, ...(await createFixtureVault(path.join(fixture.root, 'damaged', 'vault'))) };
    const core = createCore({ keychain: null });
    const vault = await core.openVault(damaged.vaultDir, { kind: 'passphrase', passphrase: damaged.passphrase });
    let victim: string;
    try {
      const report = await core.ingest(vault, fixture.images.slice(0, 2).map((p) => ({ kind: 'file' as const, path: p })));
      expect(report.imported).toHaveLength(2);
      const row = vault.db.prepare("SELECT blob_id FROM derived_blobs WHERE kind = 'thumb' LIMIT 1").get() as { blob_id: string };
      victim = row.blob_id;
      await fsp.rm(vault.blobs.pathFor(victim));
      // A temp file whose writer (this process) is alive is not the remains of a crash: recovery keeps it.
      await fsp.writeFile(path.join(path.dirname(vault.blobs.pathFor(victim)), `.tmp-${process.pid}-deadbeef`), 'x');
    } finally {
      vault.close();
    }
    const clean = await checkVault(damaged, []);
    expect(clean.failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^verify: blob-missing ${victim}`)),
        `catalog refers to blob ${victim}, which is not on disk`,
        expect.stringMatching(/^temp file left after opening: blobs\/[0-9a-f]{2}\/\.tmp-/),
      ]),
    );
    const lost = 'f'.repeat(64);
    expect((await checkVault(damaged, [lost])).failures).toContain(`committed image ${lost} is missing from the catalog`);
  });

  it(
    `leaves a consistent vault after each of ${RUNS} kills (seed ${SEED})`,
    async () => {
      expect(Number.isInteger(RUNS) && RUNS >= 2).toBe(true);
      const lines: string[] = [];
      const result = await runCampaign(fixture, { runs: RUNS, seed: SEED, log: (line) => lines.push(line) });
      const summary = summarize(result);
      const report = [
        `crash recovery: seed ${SEED}, ${(result.elapsedMs / 1000).toFixed(1)} s`,
        `  calibration: ready after ${result.calibration.readyMs.toFixed(0)} ms, ${result.calibration.perNewFileMs.toFixed(0)} ms per new image`,
        `  ${JSON.stringify(summary)}`,
      ];
      console.log(report.join('\n'));
      if (result.failures.length) console.log(lines.join('\n'));

      expect(result.failures).toEqual([]);
      expect(result.records).toHaveLength(RUNS);
      expect(summary.versions).toBeGreaterThan(0);
      // New photos must last the whole campaign, or the late runs only meet duplicates.
      expect(summary.versions).toBeLessThan(new Set(fixture.shaOf.values()).size);
      if (RUNS >= 20) {
        // The campaign must really have crashed the child mid-ingest (about 85 % of runs are killed, and
        // about half after some commits; a handful of runs says nothing, fifty do).
        expect(summary.killed).toBeGreaterThan((RUNS - 1) / 2);
        expect(summary.killedAfterSomeCommits).toBeGreaterThan(0);
      }
      expect(result.gc).not.toBeNull();
    },
    TIMEOUT_MS,
  );
});
