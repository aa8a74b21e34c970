import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/core/cli/main';
import { createCore } from '../../electron/core/index';
import { createWebCommand } from '../../electron/web/web-command';
import { makeTempDir } from '../helpers/temp-dir';
import { repoRoot } from '../helpers/vault';
import { INDEX_HTML } from './test-shell';

const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})$/;

function makeRendererDir(): string {
  const dir = path.join(makeTempDir('web-command'), 'renderer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), INDEX_HTML);
  return dir;
}

async function runInProcess(argv: string[], command = createWebCommand({ rendererDir: makeRendererDir() })) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await runCli(argv, { stdout, stderr, stdin: Readable.from([]) }, { STRONGROOM_NO_KEYCHAIN: '1' }, createCore({ keychain: null }), [command]);
  stdout.end();
  stderr.end();
  return { code, stdout: await text(stdout), stderr: await text(stderr) };
}

describe('strongroom web', () => {
  it('is listed in the usage', async () => {
    const run = await runInProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}web \[--port N\] \[--share-port N\] +serve the app to a browser/m);
  });

  it('fails clearly when the renderer has not been built', async () => {
    const missing = path.join(makeTempDir('no-renderer'), 'dist', 'renderer');
    const run = await runInProcess(['--vault', makeTempDir('vault'), 'web'], createWebCommand({ rendererDir: missing }));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^strongroom: the renderer is not built \(no .*index\.html\): run npm run build:renderer first\n$/);
  });

  it('refuses a bad --port and extra arguments as usage errors', async () => {
    for (const argv of [['web', '--port', 'eighty'], ['web', '--port', '70000'], ['web', '--port', '-1'], ['web', 'extra']]) {
      const run = await runInProcess(['--vault', makeTempDir('vault'), ...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
    }
  });

  it('prints only the URL, serves until stopped, and then frees the port', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const exit = runCli(
      ['--vault', path.join(makeTempDir('vault'), 'not-yet'), 'web', '--port', '0', '--share-port', '0'],
      { stdout, stderr, stdin: Readable.from([]) },
      { STRONGROOM_NO_KEYCHAIN: '1' },
      createCore({ keychain: null }),
      [createWebCommand({ rendererDir: makeRendererDir(), untilStopped: () => stopped })],
    );
    let printed = '';
    const firstLine = await new Promise<string>((resolve) => {
      stdout.on('data', (c: Buffer) => {
        printed += c.toString();
        if (printed.includes('\n')) resolve(printed.split('\n')[0]!);
      });
    });
    const [, port] = URL_LINE.exec(firstLine) ?? [];
    expect(port, firstLine).toBeDefined();
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX_HTML);
    stop();
    expect(await exit).toBe(0);
    stdout.end();
    stderr.end();
    expect(printed).toBe(`${firstLine}\n`);
    expect(await text(stderr)).toMatch(/stopped; the vault is locked/);
    expect(await fetch(`http://127.0.0.1:${port}/`).then(() => 'answered', () => 'refused')).toBe('refused');
  });

  it('on Ctrl-C (SIGINT) in a real process: exits 0 and has closed the vault cleanly', async () => {
    const vaultDir = path.join(makeTempDir('vault'), 'vault');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'tests/web/web-command-child.ts'), makeRendererDir(), '--vault', vaultDir, 'web', '--share-port', '0'],
      { cwd: repoRoot, env: { ...process.env, STRONGROOM_NO_KEYCHAIN: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString();
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
        });
        void exited.then((code) => reject(new Error(`exited early with ${code}: ${stderr}`)));
      });
      const [, port, token] = URL_LINE.exec(line) ?? [];
      expect(port, line).toBeDefined();
      const origin = `http://127.0.0.1:${port}`;
      const signIn = await fetch(`${origin}/api/session`, { method: 'POST', headers: { Origin: origin, Authorization: `Bearer ${token}` } });
      expect(signIn.status).toBe(204);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const created = await fetch(`${origin}/api/call/vault.create`, {
        method: 'POST',
        headers: { Origin: origin, Cookie: cookie, 'Content-Type': 'application/json' },
        body: JSON.stringify({ passphrase: 'test passphrase 1' }),
      });
      expect(await created.json()).toMatchObject({ ok: true, value: { state: { state: 'unlocked' } } });
      // While the vault is open, SQLite keeps its write-ahead log; a clean close folds it in and removes it.
      expect(existsSync(path.join(vaultDir, 'catalog.db-wal'))).toBe(true);

      child.kill('SIGINT');
      expect(await exited, stderr).toBe(0);
      expect(stdout).toBe(`${line}\n`);
      expect(stderr).toMatch(/stopped; the vault is locked/);
      expect(existsSync(path.join(vaultDir, 'catalog.db-wal'))).toBe(false);
      expect(existsSync(path.join(vaultDir, 'vault.json'))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
