/**
 * Share benchmarks: `npm run bench:shares` (= node --expose-gc --import tsx bench/share-bench.ts).
 * Prints figures; nothing here passes or fails. Results are recorded in bench/README-shares.md.
 *
 *   (a) share creation, from the call to the link ready, for one and for ten 24 MP photos (ingested
 *       into a temp vault; the default "Web 1200 px" rendition with a recipient watermark);
 *   (b) requests/s and latency of a cached thumbnail-size (400 px) and preview-size (2048 px) image
 *       from the share server against nginx serving the same bytes as files, same load tool (wrk),
 *       same run, rounds alternated; every share-server request is policy-checked, counted and logged
 *       (the share has a huge view limit so it never runs out);
 *   (c) the policy check itself (token HMAC + share lookup + decide), p50/p99 over many iterations.
 *
 *   --seconds N      length of each wrk round (8)
 *   --connections N  wrk connections (32)
 *   --rounds N       rounds per side and size (2; alternating nginx, share, share, nginx, …)
 *   --skip-create    leave out (a)
 *   --skip-policy    leave out (c)
 *   --share-only     (b) without nginx: for profiling the share server (node --cpu-prof …)
 *   --size NAME      (b) for one size only: thumbnail or preview
 *   --floor          (b) also a bare node:http server with the same bytes and headers (node-floor.ts):
 *                    what Node's HTTP and the kernel cost per answer before any of the share server's work
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setApproval } from '../electron/core/catalog/assets';
import { saveRenditionPreset } from '../electron/core/catalog/rendition-presets';
import { saveWatermarkPreset } from '../electron/core/catalog/watermark-presets';
import { createCore } from '../electron/core/index';
import { decide } from '../electron/core/share/policy';
import { createShare } from '../electron/core/share/create-share';
import { startShareServer } from '../electron/core/share/server';
import { ShareLookup } from '../electron/core/share/server-lookup';
import { getShare } from '../electron/core/share/share-rows';
import { newShareToken } from '../electron/core/share/token';
import { Vault } from '../electron/core/vault/vault';
import { median, ratio, seconds, table } from './format';
import { startNginx } from './nginx';
import { startNodeFloor } from './node-floor';
import { photoSet } from './photos';
import { runWrk, type WrkResult } from './wrk';

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, connections: { type: 'string' }, rounds: { type: 'string' }, 'skip-create': { type: 'boolean' }, 'skip-policy': { type: 'boolean' }, 'share-only': { type: 'boolean' }, size: { type: 'string' }, floor: { type: 'boolean' } },
});
const load = { seconds: Number(values.seconds ?? 8), connections: Number(values.connections ?? 32), threads: 1 };
const rounds = Number(values.rounds ?? 2);
const TARGETS = { thumbnail: 0.5, preview: 1.0 } as const;
type Side = 'nginx' | 'share' | 'node';

const out = (line = '') => process.stdout.write(`${line}\n`);
const loadAvg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const ms = (x: number) => `${x.toFixed(2)} ms`;
const us = (x: number) => `${(x * 1000).toFixed(1)} µs`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  out('Share benchmarks');
  out(`machine    ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; node ${process.version}; load ${loadAvg()} at start`);
  out();
  // Photos first: the engine's decoder configuration (set by ingest) blocks the SVG loader the generator uses.
  const photos = await photoSet({ count: 10, width: 6000, height: 4000 });
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'strongroom-share-bench-'));
  const core = createCore({ keychain: null });
  const { vault } = await Vault.create(path.join(scratch, 'vault'), { passphrase: 'share bench passphrase', keychain: null });
  try {
    const report = await core.ingest(vault, photos.map((p) => ({ kind: 'file' as const, path: p })));
    if (report.refused.length > 0) throw new Error(`photos refused: ${JSON.stringify(report.refused)}`);
    const ids = report.imported.map((i) => i.assetId);
    for (const id of ids) setApproval(vault.db, id, 1, 'approved');
    const mark = saveWatermarkPreset(
      vault.db,
      {
        name: 'Recipient',
        text: 'For {recipient}',
        logoBlob: null,
        sizePercent: 40,
        color: '#ffffff',
        opacity: 0.5,
        rotation: -30,
        placement: { mode: 'position', position: 'center', marginPercent: 0 },
        legibility: 'none',
      },
      { isImportedLogo: () => false },
    );
    const recipient = { name: 'Ada Lovelace' };

    if (!values['skip-create']) {
      out('(a) Share creation: call to link ready (render, watermark, rights, encrypt, fsync, catalog)');
      const timeCreate = async (assetIds: string[]) => {
        const started = performance.now();
        // The link is the token in a URL: ready when createShare returns.
        await createShare(vault, { assetIds, watermarkPresetId: mark.id, recipient });
        return performance.now() - started;
      };
      await timeCreate([ids[0]!]); // warm-up: libvips, fonts, the code paths
      const one = [await timeCreate([ids[1]!]), await timeCreate([ids[2]!]), await timeCreate([ids[3]!])];
      const ten = [await timeCreate(ids), await timeCreate(ids)];
      out(
        table(
          ['photos', 'median', 'runs', 'per photo'],
          [
            ['1 × 24 MP', seconds(median(one)), one.map((t) => seconds(t)).join(', '), seconds(median(one))],
            ['10 × 24 MP', seconds(median(ten)), ten.map((t) => seconds(t)).join(', '), seconds(median(ten) / 10)],
          ],
        ),
      );
      out();
    }

    // (b) One share per size; a limit no run can reach, so every request is counted and none denied.
    const thumbPreset = saveRenditionPreset(vault.db, { name: 'Bench thumbnail 400', size: { mode: 'long-edge', longEdge: 400 }, format: 'jpeg', quality: 80, sharpen: true });
    const previewPreset = saveRenditionPreset(vault.db, { name: 'Bench preview 2048', size: { mode: 'long-edge', longEdge: 2048 }, format: 'jpeg', quality: 80, sharpen: true });
    const shareOf = (presetId: string) => createShare(vault, { assetIds: [ids[0]!], renditionPresetId: presetId, watermarkPresetId: mark.id, recipient, maxViews: 1e12, expiresInMs: 24 * 3600_000 });
    const sizes = { thumbnail: await shareOf(thumbPreset.id), preview: await shareOf(previewPreset.id) };
    const server = await startShareServer({ vault, cleanup: false, log: (m) => out(`  ! ${m}`) });
    const bytes: Record<string, Buffer> = {};
    const answers: Record<string, { body: Buffer; headers: Headers }> = {};
    for (const [name, created] of Object.entries(sizes)) {
      const res = await fetch(`${server.linkFor(created.token)}/i/1`);
      bytes[`${name}.jpg`] = Buffer.from(await res.arrayBuffer());
      answers[`${name}.jpg`] = { body: bytes[`${name}.jpg`]!, headers: res.headers };
      if (!res.ok) throw new Error(`the share server answered ${res.status}`);
    }
    const nginx = await startNginx(bytes);
    const floor = values.floor ? await startNodeFloor(answers) : null;
    out(`(b) Cached images: share server vs nginx ${load.connections} connections, wrk 1 thread, ${load.seconds} s rounds, best of ${rounds}`);
    const rows: (string | number)[][] = [];
    const cpu = new Map<WrkResult, number>();
    const ratios: Record<string, number> = {};
    try {
      for (const [name, created] of Object.entries(sizes).filter(([n]) => !values.size || n === values.size)) {
        const urls = { nginx: `${nginx.baseUrl}/${name}.jpg`, share: `${server.linkFor(created.token)}/i/1`, node: `${floor?.baseUrl}/${name}.jpg` };
        const results: Record<Side, WrkResult[]> = { nginx: [], share: [], node: [] };
        const perCommit: number[] = [];
        const viewsBefore = getShare(vault.db, created.share.id).views;
        // Short warm-up of both, then alternate so neither always runs on the warmer machine.
        const sides: Side[] = values['share-only'] ? ['share'] : ['nginx', 'share'];
        if (floor) sides.push('node');
        let served = 0;
        for (const side of sides) {
          const warm = await runWrk(urls[side], { ...load, seconds: 2 });
          if (side === 'share') served += warm.requests;
        }
        // CPU time per answer alongside the rate: less at the mercy of the machine's other work than req/s.
        const cpuMicros = async (side: Side) => (side === 'nginx' ? nginx.cpuMicros() : (({ user, system }) => user + system)(process.cpuUsage()));
        for (let r = 0; r < rounds; r += 1) {
          for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
            const before = await cpuMicros(side);
            const commitsBefore = server.writeStats();
            const result = await runWrk(urls[side], load);
            cpu.set(result, ((await cpuMicros(side)) - before) / Math.max(1, result.requests));
            results[side].push(result);
            if (side === 'share') {
              // How many answers one commit covers (at most the connections): what a wider group commit could still gain.
              const after = server.writeStats();
              perCommit.push((after.counts - commitsBefore.counts) / Math.max(1, after.commits - commitsBefore.commits));
            }
          }
        }
        if (values['share-only']) results.nginx = results.share;
        server.flushLog();
        const counted = getShare(vault.db, created.share.id).views - viewsBefore;
        served += results.share.reduce((n, r) => n + r.requests, 0);
        const best = (list: WrkResult[]) => list.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
        const [n, s] = [best(results.nginx), best(results.share)];
        ratios[name] = s.requestsPerSecond / n.requestsPerSecond;
        const kib = `${(bytes[`${name}.jpg`]!.length / 1024).toFixed(0)} KiB`;
        const shown: [string, WrkResult, WrkResult[]][] = [['nginx', n, results.nginx], ['share server', s, results.share]];
        if (floor) shown.push(['bare node:http', best(results.node), results.node]);
        for (const [side, r, all] of shown) {
          rows.push([`${name} (${kib})`, side, r.requestsPerSecond.toFixed(0), all.map((x) => x.requestsPerSecond.toFixed(0)).join(', '), (cpu.get(r) ?? 0).toFixed(0), ms(r.latency.p50), ms(r.latency.p99), r.errors]);
        }
        // wrk counts completed responses; a request still in flight when a round stops was counted but not completed.
        out(`  ${name}: ${served} share-server responses completed, ${counted} views counted; counted requests per commit ${perCommit.map((n) => n.toFixed(1)).join(', ')} (of ${load.connections} connections)`);
      }
    } finally {
      await nginx.stop();
      await floor?.stop();
      await server.close();
    }
    out(table(['image', 'server', 'best req/s', 'rounds', 'CPU µs/answer', 'p50', 'p99', 'non-2xx'], rows));
    for (const [name, r] of Object.entries(ratios)) {
      const target = TARGETS[name as keyof typeof TARGETS];
      out(`  ${name}: share server / nginx = ${ratio(r)} (target ≥ ${ratio(target)}: ${r >= target ? 'meets target' : 'BELOW target'})`);
    }
    out();

    // (c) The policy check alone: what every request pays before any byte.
    if (values['skip-policy']) return;
    out("(c) Policy check as the server runs it (ShareLookup: token HMAC + the share's policy row; decide), per request");
    const sharesKey = vault.sharesKey();
    const lookup = new ShareLookup(vault.db, sharesKey);
    const known = sizes.thumbnail.token;
    const unknown = newShareToken();
    // As after the link's first answer: its fixed part cached, its HMAC remembered (server-lookup.ts).
    lookup.find(known);
    lookup.working(known);
    const iterations = 200_000;
    const timings = { known: new Float64Array(iterations), unknown: new Float64Array(iterations) };
    for (let i = 0; i < iterations * 2; i += 1) {
      const which = i % 2 === 0 ? 'known' : 'unknown';
      const token = which === 'known' ? known : unknown;
      const t0 = process.hrtime.bigint();
      const share = lookup.find(token);
      decide(share, { route: 'image', method: 'GET', passwordOk: true, termsOk: true, isBot: false, position: 1 }, Date.now());
      timings[which][i >> 1] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    sharesKey.fill(0);
    const policyRows = Object.entries(timings).map(([which, t]) => {
      const sorted = [...t].sort((a, b) => a - b);
      return [which === 'known' ? 'working link' : 'unknown token', iterations, us(percentile(sorted, 50)), us(percentile(sorted, 99)), us(percentile(sorted, 99.9)), us(sorted[sorted.length - 1]!)];
    });
    out(table(['lookup', 'iterations', 'p50', 'p99', 'p99.9', 'max'], policyRows));
    out();
    out(`load ${loadAvg()} at end`);
  } finally {
    vault.close();
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`share bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
