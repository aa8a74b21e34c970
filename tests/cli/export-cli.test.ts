import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { updateRightsProfile } from '../../electron/core/catalog/rights-profile';
import { createCore } from '../../electron/core/index';
import { builtinRenditionPresets } from '../../electron/core/imaging/builtin-presets';
import { expectOneCleanErrorLine, runCliCaptured } from '../helpers/cli';
import { makeReadOnly } from '../helpers/read-only';
import { makeTempDir } from '../helpers/temp-dir';
import { createSuiteVault, fixturesDir, repoRoot, type SuiteVault } from '../helpers/vault';
import { readTagsOfFiles } from '../imaging/exiftool';

const core = createCore({ keychain: null });
const fixture = (rel: string) => path.join(fixturesDir, rel);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const FIXTURES = ['orientation/Landscape_6.jpg', 'metadata/GPS.jpg', 'photos/flowers.jpeg'];
const CREATOR = 'Zoë <Ünal> & Co';

let tv: SuiteVault;
/** Asset ids in FIXTURES order. */
let ids: string[] = [];
const onVault = (args: string[]) => runCliCaptured(core, ['--vault', tv.dir, '--recovery-key-stdin', ...args], [tv.recoveryKey]);
const partials = (dir: string) => readdirSync(dir).filter((n) => n.includes('.partial-'));

interface JsonReport {
  outDir: string;
  written: number;
  failed: number;
  cancelled: boolean;
  rendition: string;
  watermark: string | null;
  files: ({ ok: true; assetId: string; file: string; path: string; width: number; height: number } | { ok: false; assetId: string; reason: string })[];
}

beforeAll(async () => {
  tv = await createSuiteVault('export-cli');
  const report = await tv.core.ingest(tv.vault, FIXTURES.map((f) => ({ kind: 'file' as const, path: fixture(f) })));
  ids = FIXTURES.map((f) => report.imported.find((i) => i.source.endsWith(f))!.assetId);
  updateAssetFields(tv.vault.db, ids[0]!, { sku: 'LAMP-1' });
  updateAssetFields(tv.vault.db, ids[1]!, { sku: 'MAP-2' });
  updateRightsProfile(tv.vault.db, { creator: CREATOR, copyrightNotice: '© 2026 Zoë', dataMining: 'prohibited-genai' });
  tv.vault.close();
}, 60_000);
afterAll(() => tv.dispose());

describe('strongroom export ID... --out DIR', () => {
  it('writes full-size, clean renditions named {sku}_{n}.{ext} by default, carrying the rights', async () => {
    const out = makeTempDir('cli-export');
    const run = await onVault(['export', ...ids.map((id) => id.slice(0, 6)), '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toMatchObject({ outDir: out, written: 3, failed: 0, cancelled: false, rendition: 'builtin-full-size', watermark: null });
    expect(report.files.map((f) => (f.ok ? f.file : f.reason))).toEqual(['LAMP-1_1.jpg', 'MAP-2_2.jpg', 'flowers_3.jpg']);
    expect(readdirSync(out).sort()).toEqual(['LAMP-1_1.jpg', 'MAP-2_2.jpg', 'flowers_3.jpg']);
    // Full size: the upright original's size, never enlarged.
    expect(await sharp(path.join(out, 'LAMP-1_1.jpg')).metadata()).toMatchObject({ width: 1800, height: 1200, format: 'jpeg' });
    const tags = await readTagsOfFiles(readdirSync(out).sort().map((n) => path.join(out, n)));
    for (const t of tags) {
      expect(t['IFD0:Artist']).toBe(CREATOR);
      expect(t['XMP-dc:Creator']).toEqual([CREATOR]);
      expect(t['XMP-plus:DataMining']).toBe('Prohibited for Generative AI/ML training');
      expect(Object.keys(t).filter((k) => /GPS|MakerNotes|SerialNumber|IPTC/.test(k))).toEqual([]);
    }
  });

  it('takes --rendition and --name, finds presets by name in any case, and never overwrites', async () => {
    const out = makeTempDir('cli-export');
    writeFileSync(path.join(out, 'LAMP-1.webp'), 'mine');
    const run = await onVault(['export', ids[0]!, '--out', out, '--rendition', 'WEB 1200 PX', '--name', '{sku}.{ext}']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Exported 1 of 1 to .* \(rendition "Web 1200 px"\)/);
    expect(run.stdout).toMatch(/wrote {3}LAMP-1 \(2\)\.webp {2}1200x800/);
    expect(readFileSync(path.join(out, 'LAMP-1.webp'), 'utf8')).toBe('mine');
    expect(readdirSync(out).sort()).toEqual(['LAMP-1 (2).webp', 'LAMP-1.webp']);
  });

  it('refuses unknown presets, bad templates, missing and read-only folders with one line, writing nothing', async () => {
    const out = makeTempDir('cli-export');
    const cases: [string[], number, RegExp][] = [
      [['--rendition', 'Billboard'], 1, /no rendition preset "Billboard"/],
      [['--watermark', 'Nope'], 1, /no watermark preset "Nope"/],
      [['--name', '{sku}_{colour}.{ext}'], 2, /unknown variable \{colour\}/],
    ];
    for (const [extra, code, message] of cases) {
      const run = await onVault(['export', ...ids, '--out', out, ...extra]);
      expect(run.code, extra.join(' ')).toBe(code);
      expectOneCleanErrorLine(run, message);
    }
    const missing = path.join(out, 'not-yet');
    const run = await onVault(['export', ...ids, '--out', missing]);
    expect(run.code).toBe(1);
    expectOneCleanErrorLine(run, /the export folder .*not-yet does not exist/);
    expect(existsSync(missing)).toBe(false);
    // One ID and "dir/": a folder is meant, not a file to write the original to.
    const slash = await onVault(['export', ids[0]!, '--out', `${missing}/`]);
    expect(slash.code).toBe(1);
    expectOneCleanErrorLine(slash, /does not exist/);
    expect(readdirSync(out)).toEqual([]);

    writeFileSync(path.join(out, 'keep.txt'), 'keep');
    const lock = makeReadOnly(out);
    try {
      const ro = await onVault(['export', ...ids, '--out', out]);
      expect(ro.code).toBe(2);
      expectOneCleanErrorLine(ro, /cannot write to the export folder .*permission denied or read-only/);
    } finally {
      lock.undo();
    }
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('--original writes the untouched original to one file, and mixes with nothing else', async () => {
    const out = makeTempDir('cli-export');
    const file = path.join(out, 'gps-original.jpg');
    const run = await onVault(['export', ids[1]!, '--out', file, '--original']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(sha256(readFileSync(file))).toBe(sha256(readFileSync(fixture('metadata/GPS.jpg'))));
    // Without --original, a file name is refused with the way to ask for the original: nothing leaves unasked.
    const implicit = await onVault(['export', ids[1]!, '--out', path.join(out, 'implicit.jpg')]);
    expect(implicit.code).toBe(2);
    expectOneCleanErrorLine(implicit, /export writes into a folder .*add --original/);
    for (const [args, message] of [
      [['export', ids[0]!, ids[1]!, '--out', path.join(out, 'x.jpg'), '--original'], /exactly one ID/],
      [['export', ids[0]!, '--out', path.join(out, 'y.jpg'), '--original', '--rendition', 'builtin-web'], /--rendition does not apply to --original/],
      [['export', ids[0]!, '--out', out, '--original'], /is a folder/],
    ] as const) {
      const bad = await onVault([...args]);
      expect(bad.code, args.join(' ')).toBe(2);
      expectOneCleanErrorLine(bad, message);
    }
    expect(readdirSync(out).sort()).toEqual(['gps-original.jpg']);
  });

  it('preset ls lists the presets export can use', async () => {
    const run = await onVault(['preset', 'ls', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ rendition: builtinRenditionPresets(), watermark: [] });
    const text = await onVault(['preset', 'ls']);
    expect(text.stdout).toMatch(/^ {2}Marketplace 2000 px +builtin-marketplace +JPEG q85, 2000x2000 contain on #ffffff, sharpened {2}\(built-in\)$/m);
  });

  it('Ctrl-C stops a running export: finished files are whole, none is partial, exit 1', async () => {
    const out = makeTempDir('cli-export-sigint');
    const many = [...ids, ...ids, ...ids, ...ids];
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin/strongroom.mjs'), '--vault', tv.dir, '--recovery-key-stdin', '--json', 'export', ...many, '--out', out, '--name', '{n}.{ext}'],
      { env: { ...process.env, STRONGROOM_NO_KEYCHAIN: '1' }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end(`${tv.recoveryKey}\n`);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt as soon as the first file is complete.
    const deadline = Date.now() + 30_000;
    while (!readdirSync(out).some((n) => n.endsWith('.jpg')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const code = await exited;
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.cancelled).toBe(true);
    expect(code).toBe(1);
    expect(report.written).toBeLessThan(many.length);
    expect(partials(out)).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(report.files.flatMap((f) => (f.ok ? [f.file] : [])).sort());
    for (const f of report.files) if (f.ok) await sharp(readFileSync(f.path)).stats();
  });
});
