import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServeSharesCommand } from '../../electron/core/cli/commands/serve-shares-command';
import { runCli } from '../../electron/core/cli/main';
import { createCore } from '../../electron/core/index';
import { DEFAULT_SHARE_SERVER_SETTINGS, setShareServerSettings } from '../../electron/core/share/share-settings';
import { expectOneCleanErrorLine, runCliCaptured } from '../helpers/cli';
import { createShareVault, type ShareVault } from '../share/share-fixture';

const core = createCore({ keychain: null });
let sv: ShareVault;
const onVault = (args: string[], extraLines: string[] = []) =>
  runCliCaptured(core, ['--vault', sv.tv.dir, '--recovery-key-stdin', ...args], [sv.tv.recoveryKey, ...extraLines]);

beforeAll(async () => {
  sv = await createShareVault('share-cli');
  sv.tv.vault.close();
}, 120_000);
afterAll(() => sv.tv.dispose());

describe('strongroom share', () => {
  it('create prints the link; --json gives url, id and expiresAt', async () => {
    const before = Date.now();
    const run = await onVault(['share', 'create', sv.ids[0]!, '--expires', '2h', '--max-views', '3', '--recipient', 'Ada', '--preset', sv.small.id, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { url: string; id: string; expiresAt: string };
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:8491\/s\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(out.expiresAt) - before).toBeGreaterThanOrEqual(2 * 3600_000 - 1000);
    const text = await onVault(['share', 'create', sv.ids[1]!, '--preset', sv.small.id, '--base-url', 'https://share.example.com/']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^https:\/\/share\.example\.com\/s\/[A-Za-z0-9_-]{43}\n$/);

    const ls = await onVault(['share', 'ls', '--json']);
    expect((JSON.parse(ls.stdout) as { id: string }[]).map((s) => s.id)).toContain(out.id);
    const show = await onVault(['share', 'show', out.id, '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: out.id, state: 'active', maxViews: 3, recipient: { name: 'Ada' }, log: [] });
    expect(show.stdout).not.toContain(out.url.split('/s/')[1]!);
    // Like asset ids, a share id may be shortened to an unambiguous prefix.
    expect(JSON.parse((await onVault(['share', 'show', out.id.slice(0, 8), '--json'])).stdout)).toMatchObject({ id: out.id });

    const extended = await onVault(['share', 'extend', out.id, '--expires', 'never', '--max-views', '10', '--json']);
    expect(JSON.parse(extended.stdout)).toMatchObject({ expiresAt: null, maxViews: 10 });
    const revoked = await onVault(['share', 'revoke', out.id]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse((await onVault(['share', 'show', out.id, '--json'])).stdout)).toMatchObject({ state: 'revoked' });
    expect((await onVault(['share', 'rm', out.id])).code).toBe(0);
    expect((await onVault(['share', 'show', out.id])).code).toBe(1);
    const gc = await onVault(['share', 'gc', '--now', '--json']);
    expect(JSON.parse(gc.stdout)).toEqual({ removedFiles: 0, keptRecent: 0 });
  });

  it('points links where the app serves them: the vault\'s share-server port and public address', async () => {
    const vault = await core.openVault(sv.tv.dir, { kind: 'recovery', recoveryKey: sv.tv.recoveryKey });
    try {
      setShareServerSettings(vault.db, { bind: 'loopback', port: 9123, publicBaseUrl: null, keepWholeIp: false });
    } finally {
      vault.close();
    }
    const onPort = await onVault(['share', 'create', sv.ids[0]!, '--preset', sv.small.id, '--json']);
    expect(JSON.parse(onPort.stdout).url).toMatch(/^http:\/\/127\.0\.0\.1:9123\/s\//);
    const again = await core.openVault(sv.tv.dir, { kind: 'recovery', recoveryKey: sv.tv.recoveryKey });
    try {
      setShareServerSettings(again.db, { bind: 'loopback', port: null, publicBaseUrl: 'https://links.example.org', keepWholeIp: false });
    } finally {
      again.close();
    }
    const onProxy = await onVault(['share', 'create', sv.ids[0]!, '--preset', sv.small.id, '--json']);
    expect(JSON.parse(onProxy.stdout).url).toMatch(/^https:\/\/links\.example\.org\/s\//);
    // An explicit --base-url still wins; back to the defaults for the other tests.
    const given = await onVault(['share', 'create', sv.ids[0]!, '--preset', sv.small.id, '--base-url', 'http://127.0.0.1:8491']);
    expect(given.stdout).toMatch(/^http:\/\/127\.0\.0\.1:8491\/s\//);
    const reset = await core.openVault(sv.tv.dir, { kind: 'recovery', recoveryKey: sv.tv.recoveryKey });
    try {
      setShareServerSettings(reset.db, DEFAULT_SHARE_SERVER_SETTINGS);
    } finally {
      reset.close();
    }
  });

  it('reads the share password from stdin after the vault secret', async () => {
    const run = await onVault(['share', 'create', sv.ids[0]!.slice(0, 6), '--preset', sv.small.id, '--password-stdin', '--json'], ['open sesame 42']);
    expect(run.code, run.stderr).toBe(0);
    const id = (JSON.parse(run.stdout) as { id: string }).id;
    expect(JSON.parse((await onVault(['share', 'show', id, '--json'])).stdout)).toMatchObject({ password: true });
  });

  it('refuses bad arguments with one line and exit code 2, a draft or unknown asset with 1/2', async () => {
    for (const args of [
      ['share', 'create', sv.ids[0]!, '--expires', 'soon'],
      ['share', 'create', sv.ids[0]!, '--max-views', '0'],
      ['share', 'create'],
      ['share', 'frobnicate', 'x'],
    ]) {
      const run = await onVault(args);
      expect(run.code, args.join(' ')).toBe(2);
      expectOneCleanErrorLine(run, /./);
    }
    const draft = await onVault(['share', 'create', sv.ids[2]!, '--preset', sv.small.id]);
    expectOneCleanErrorLine(draft, /approved/);
    const missing = await onVault(['share', 'show', 'zzzzzzzzzzzz']);
    expect(missing.code).toBe(1);
    expectOneCleanErrorLine(missing, /no share/);
  });
});

describe('strongroom serve-shares', () => {
  it('serves a created link on 127.0.0.1 until stopped', async () => {
    const created = await onVault(['share', 'create', sv.ids[0]!, '--preset', sv.small.id, '--json']);
    const token = (JSON.parse(created.stdout) as { url: string }).url.split('/s/')[1]!;
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let printed = '';
    const base = new Promise<string>((resolve) =>
      stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        if (printed.includes('\n')) resolve(printed.trim());
      }),
    );
    const running = runCli(
      ['--vault', sv.tv.dir, '--recovery-key-stdin', 'serve-shares', '--port', '0'],
      { stdout, stderr, stdin: Readable.from([`${sv.tv.recoveryKey}\n`]) },
      { STRONGROOM_NO_KEYCHAIN: '1' },
      core,
      [createServeSharesCommand({ untilStopped: () => stopped })],
    );
    const url = await base;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/s/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow, noai, noimageai');
    stop();
    expect(await running).toBe(0);
  });
});
