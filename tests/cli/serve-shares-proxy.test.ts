import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServeSharesCommand } from '../../electron/core/cli/commands/serve-shares-command';
import { runCli } from '../../electron/core/cli/main';
import { createCore } from '../../electron/core/index';
import { newShareToken } from '../../electron/core/share/token';
import { expectOneCleanErrorLine, runCliCaptured } from '../helpers/cli';
import { createShareVault, type ShareVault } from '../share/share-fixture';

const core = createCore({ keychain: null });
let sv: ShareVault;

beforeAll(async () => {
  sv = await createShareVault('serve-proxy');
  sv.tv.vault.close();
}, 120_000);
afterAll(() => sv.tv.dispose());

describe('strongroom serve-shares --trust-proxy', () => {
  it('refuses an entry that is not an address or network, before opening the vault', async () => {
    const run = await runCliCaptured(core, ['--vault', sv.tv.dir, 'serve-shares', '--trust-proxy', '127.0.0.1,proxy.local']);
    expectOneCleanErrorLine(run, /--trust-proxy: "proxy.local" is not an IP address/);
  });

  it("keys the per-IP limit on the trusted proxy's forwarded client", async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const stdout = new PassThrough();
    const base = new Promise<string>((resolve) => stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    const running = runCli(
      ['--vault', sv.tv.dir, '--recovery-key-stdin', 'serve-shares', '--port', '0', '--trust-proxy', '127.0.0.1'],
      { stdout, stderr: new PassThrough(), stdin: Readable.from([`${sv.tv.recoveryKey}\n`]) },
      { STRONGROOM_NO_KEYCHAIN: '1' },
      core,
      [createServeSharesCommand({ untilStopped: () => stopped })],
    );
    const url = await base;
    const status = async (client: string) => {
      const res = await fetch(`${url}/s/${newShareToken()}`, { headers: { 'x-forwarded-for': client } });
      await res.text();
      return res.status;
    };
    // 30 unknown tokens a minute per client (the default), then 429; another client is not affected.
    for (let i = 0; i < 30; i += 1) expect(await status('198.51.100.1')).toBe(404);
    expect(await status('198.51.100.1')).toBe(429);
    expect(await status('198.51.100.2')).toBe(404);
    stop();
    expect(await running).toBe(0);
  });
});
