import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/core/cli/main';
import { createCore } from '../../electron/core/index';
import { makeTempDir } from '../helpers/temp-dir';
import { fixturesDir, makeSuiteDir, repoRoot, TEST_PASSPHRASE } from '../helpers/vault';

const core = createCore({ keychain: null });
const RECOVERY_KEY_LINE = /^([0-9A-Z]{5}-){7}[0-9A-Z]{5}$/m;
const fixture = (rel: string) => path.join(fixturesDir, rel);
const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the given standard input lines and no keychain. */
async function cli(args: string[], stdinLines: string[] = []): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = Readable.from(stdinLines.length ? [`${stdinLines.join('\n')}\n`] : []);
  const code = await runCli(args, { stdout, stderr, stdin }, { STRONGROOM_NO_KEYCHAIN: '1' }, core);
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

/** A command on the vault at `dir`, unlocked with a passphrase from standard input (scrypt: ~0.5 s). */
const withPassphrase = (dir: string, args: string[], passphrase = TEST_PASSPHRASE) =>
  cli(['--vault', dir, '--passphrase-stdin', ...args], [passphrase]);
/** A command on the shared vault, unlocked with its recovery key from standard input (no slow KDF). */
const onVault = (dir: string, args: string[]) => cli(['--vault', dir, '--recovery-key-stdin', ...args], [recoveryKey]);

/** One short line on stderr, prefixed with the program name, and no stack trace. */
function expectOneCleanErrorLine(run: Run, message: RegExp): void {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^strongroom: /);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:|\.ts:\d+/);
}

let root: string;
let vaultDir: string;
let init: Run;
let ingest: Run;
let recoveryKey = '';
const assetIdOf = (filename: string): string => {
  const report = JSON.parse(ingest.stdout) as { imported: { source: string; assetId: string }[] };
  return report.imported.find((i) => path.basename(i.source) === filename)!.assetId;
};

beforeAll(async () => {
  root = makeSuiteDir('cli');
  vaultDir = path.join(root, 'vault');
  init = await cli(['--vault', vaultDir, '--passphrase-stdin', 'init'], [TEST_PASSPHRASE, TEST_PASSPHRASE]);
  recoveryKey = init.stdout.split('\n').map((l) => l.trim()).find((l) => RECOVERY_KEY_LINE.test(l)) ?? '';
  ingest = await withPassphrase(vaultDir, [
    'ingest',
    '--json',
    fixture('orientation/Landscape_1.jpg'),
    fixture('metadata/IPTC.jpg'),
    fixture('metadata/GPS.jpg'),
    fixture('orientation/LICENSE'),
  ]);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('strongroom CLI', () => {
  it('init prints the recovery key once, and that key opens the vault', async () => {
    expect(init.code, init.stderr).toBe(0);
    expect(recoveryKey, init.stdout).toMatch(RECOVERY_KEY_LINE);
    expect(init.stdout.split(recoveryKey)).toHaveLength(2);
    const vault = await core.openVault(vaultDir, { kind: 'recovery', recoveryKey });
    vault.close();
    const viaCli = await onVault(vaultDir, ['ls', '--json']);
    expect(viaCli.code, viaCli.stderr).toBe(0);
  });

  it('init refuses two different passphrases on standard input (the second line confirms the first)', async () => {
    const dir = path.join(makeTempDir('cli-mismatch'), 'vault');
    const run = await cli(['--vault', dir, '--passphrase-stdin', 'init'], [TEST_PASSPHRASE, 'a different passphrase']);
    expect(run.code).toBe(2);
    expectOneCleanErrorLine(run, /differ/);
    expect(existsSync(path.join(dir, 'vault.json'))).toBe(false);
  });

  it('init on an existing vault fails with one clear line', async () => {
    const again = await cli(['--vault', vaultDir, '--passphrase-stdin', 'init'], ['another passphrase', 'another passphrase']);
    expect(again.code).not.toBe(0);
    expectOneCleanErrorLine(again, /already holds a vault/);
  });

  it('ingest --json prints the report and exits 3 when some files were refused', async () => {
    expect(ingest.code, ingest.stderr).toBe(3);
    const report = JSON.parse(ingest.stdout) as { imported: unknown[]; duplicates: unknown[]; refused: { source: string; reason: string }[] };
    expect(report.imported).toHaveLength(3);
    expect(report.refused).toEqual([{ source: fixture('orientation/LICENSE'), reason: expect.stringMatching(/not a recognised image/) }]);
    const clean = await onVault(vaultDir, ['ingest', fixture('photos/concert.jpg'), '--sku', 'SKU-1042']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^1 imported, 0 duplicates, 0 refused/);
    const dup = await onVault(vaultDir, ['ingest', fixture('photos/concert.jpg')]);
    expect([dup.code, dup.stdout]).toEqual([0, expect.stringMatching(/0 imported, 1 duplicate, 0 refused[\s\S]*duplicate {2}.*concert\.jpg/)]);
  });

  it('ls lists assets as JSON, filtered by a search', async () => {
    const all = await withPassphrase(vaultDir, ['ls', '--json', '--sort', 'name']);
    expect(all.code, all.stderr).toBe(0);
    const assets = JSON.parse(all.stdout) as Record<string, unknown>[];
    expect(assets.map((a) => a.title)).toEqual(['concert', 'GPS', 'IPTC', 'Landscape 1']);
    for (const a of assets) {
      expect(a).toMatchObject({ id: expect.stringMatching(/^[0-9a-z]{12}$/), versionCount: 1, tags: [], thumbBlob: expect.any(String) });
      expect(a.currentVersion).toMatchObject({ number: 1, approval: 'draft', format: 'jpeg', width: expect.any(Number), height: expect.any(Number) });
    }
    const byMeta = JSON.parse((await onVault(vaultDir, ['ls', '--json', '--query', 'Kingston'])).stdout) as { title: string }[];
    expect(byMeta.map((a) => a.title)).toEqual(['IPTC']);
    const bySku = await onVault(vaultDir, ['ls', '--query', 'SKU-1042']);
    expect(bySku.stdout.trim().split('\n')).toEqual([expect.stringMatching(/SKU-1042 +draft +400x267 +concert$/)]);
    const none = await onVault(vaultDir, ['ls', '-q', 'no such thing']);
    expect(none.stdout.trim()).toBe('No assets match.');
  });

  it('show prints an asset, marking private metadata', async () => {
    const id = assetIdOf('GPS.jpg');
    const json = await onVault(vaultDir, ['show', '--json', id]);
    expect(JSON.parse(json.stdout)).toMatchObject({ id, title: 'GPS', metadata: { cameraMake: 'FUJIFILM' }, versions: [{ originalFilename: 'GPS.jpg' }] });
    const human = await onVault(vaultDir, ['show', id.slice(0, 6)]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^GPS {2}\(/);
    expect(human.stdout).toMatch(/gpsLatitude \(private\): 54\.98/);
    expect(human.stdout).toMatch(/cameraMake: FUJIFILM/);
  });

  it('tag adds +name and removes -name (a dash word is a tag, not an option)', async () => {
    const id = assetIdOf('IPTC.jpg');
    const first = await onVault(vaultDir, ['tag', id, '+summer', '+sale']);
    expect(first.code, first.stderr).toBe(0);
    const second = await onVault(vaultDir, ['tag', id.slice(0, 5), '-sale', '+hero', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual([{ id, tags: ['hero', 'summer'] }]);
    const tagged = JSON.parse((await onVault(vaultDir, ['ls', '--json', '--tag', 'HERO'])).stdout) as { id: string }[];
    expect(tagged.map((a) => a.id)).toEqual([id]);
  });

  it('tag ID -h removes the tag "h" instead of printing the help', async () => {
    const id = assetIdOf('GPS.jpg');
    expect((await onVault(vaultDir, ['tag', id, '+h', '+keep'])).code).toBe(0);
    const run = await onVault(vaultDir, ['tag', id, '-h', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/^Usage:/);
    expect(JSON.parse(run.stdout)).toEqual([{ id, tags: ['keep'] }]);
  });

  it('collection create, add and ls', async () => {
    const id = assetIdOf('Landscape_1.jpg');
    const created = await onVault(vaultDir, ['collection', 'create', 'Spring launch', '--json']);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'Spring launch', assetCount: 0 });
    expect((await onVault(vaultDir, ['collection', 'add', 'spring launch', id])).code).toBe(0);
    const listed = JSON.parse((await onVault(vaultDir, ['collection', 'ls', '--json'])).stdout) as unknown[];
    expect(listed).toEqual([expect.objectContaining({ name: 'Spring launch', assetCount: 1 })]);
    const dup = await onVault(vaultDir, ['collection', 'create', 'SPRING LAUNCH']);
    expectOneCleanErrorLine(dup, /already exists/);
    const inIt = JSON.parse((await onVault(vaultDir, ['ls', '--json', '--collection', 'Spring launch'])).stdout) as { id: string }[];
    expect(inIt.map((a) => a.id)).toEqual([id]);
  });

  it('status sets the approval state of a version', async () => {
    const id = assetIdOf('Landscape_1.jpg');
    const run = await onVault(vaultDir, ['status', id, '1', 'approved']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/v1 of .* is now approved; the current version is v1/);
    const approved = JSON.parse((await onVault(vaultDir, ['ls', '--json', '--status', 'approved'])).stdout) as { id: string }[];
    expect(approved.map((a) => a.id)).toEqual([id]);
    const bad = await onVault(vaultDir, ['ls', '--status', 'published']);
    expect(bad.code).toBe(2);
    expectOneCleanErrorLine(bad, /--status must be one of: draft, in_review, approved, retired/);
  });

  it('export --original writes the byte-identical original and never overwrites a file', async () => {
    const out = path.join(makeTempDir('export'), 'iptc-original.jpg');
    const run = await onVault(vaultDir, ['export', assetIdOf('IPTC.jpg'), '--out', out, '--original']);
    expect(run.code, run.stderr).toBe(0);
    expect(sha256(readFileSync(out))).toBe(sha256(readFileSync(fixture('metadata/IPTC.jpg'))));
    writeFileSync(out, 'keep me');
    const again = await onVault(vaultDir, ['export', assetIdOf('IPTC.jpg'), '--out', out, '--original']);
    expect(again.code).not.toBe(0);
    expectOneCleanErrorLine(again, /already exists/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('verify exits 0 on a healthy vault and gc finds nothing to remove', async () => {
    const verify = await onVault(vaultDir, ['verify']);
    expect([verify.code, verify.stderr]).toEqual([0, '']);
    expect(verify.stdout).toMatch(/Checked \d+ blobs .* all good/);
    const gc = await onVault(vaultDir, ['gc', '--now', '--json']);
    expect(gc.code, gc.stderr).toBe(0);
    expect(JSON.parse(gc.stdout)).toEqual({ removedBlobs: 0, removedBytes: 0, removedTempFiles: 0, keptRecent: 0 });
  });

  it('recovery status reports the key without unlocking', async () => {
    const run = await cli(['--vault', vaultDir, '--json', 'recovery', 'status']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ exists: true, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('refuses a wrong passphrase, an unknown command and an unknown asset clearly', async () => {
    const wrong = await withPassphrase(vaultDir, ['ls'], 'not the passphrase');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('strongroom: wrong passphrase\n');
    const unknown = await cli(['--vault', vaultDir, 'frobnicate']);
    expect(unknown.code).toBe(2);
    expectOneCleanErrorLine(unknown, /unknown command "frobnicate"/);
    const missing = await onVault(vaultDir, ['show', 'zzzzzzzzzzzz']);
    expect(missing.code).toBe(1);
    expectOneCleanErrorLine(missing, /no asset with id "zzzzzzzzzzzz"/);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('treats an unknown option as bad usage: exit 2 and one line', async () => {
    const run = await cli(['--vault', vaultDir, 'ls', '--bogus']);
    expect(run.code).toBe(2);
    expectOneCleanErrorLine(run, /--bogus/);
  });
});

describe('strongroom passphrase change', () => {
  it('changes the passphrase from standard input; the old one stops working', async () => {
    const dir = path.join(makeTempDir('cli-pass'), 'vault');
    expect((await cli(['--vault', dir, '--passphrase-stdin', 'init'], [TEST_PASSPHRASE, TEST_PASSPHRASE])).code).toBe(0);
    const change = await cli(['--vault', dir, '--passphrase-stdin', 'passphrase', 'change'], [TEST_PASSPHRASE, 'new passphrase 2', 'new passphrase 2']);
    expect(change.code, change.stderr).toBe(0);
    expect(change.stdout).toMatch(/Passphrase changed/);
    expect((await withPassphrase(dir, ['ls'], 'new passphrase 2')).code).toBe(0);
    const old = await withPassphrase(dir, ['ls'], TEST_PASSPHRASE);
    expect([old.code, old.stderr]).toEqual([1, 'strongroom: wrong passphrase\n']);
    expect(existsSync(path.join(dir, 'vault.json'))).toBe(true);
  });
});

describe('bin/strongroom.mjs', () => {
  it('runs as a real process', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin/strongroom.mjs'), '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: strongroom /);
    expect(run.stdout).toMatch(/ingest PATH/);
  });
});
