import { isIP } from 'node:net';
import { StrongroomError } from '../../errors';
import { startShareServer } from '../../share/server';
import { TrustedProxies } from '../../share/server-client';
import type { Command } from '../context';
import { withVault } from '../with-vault';
import { getShareServerSettings } from '../../share/share-settings';
import { DEFAULT_SHARE_PORT, linkBaseFromSettings } from './share-format';
import { untilInterrupted } from '../until-interrupted';

function parsePort(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new StrongroomError('INVALID_ARGUMENT', '--port takes a whole number from 0 to 65535 (0 picks a free port)');
  }
  return Number(value);
}

function parseBind(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || isIP(value) === 0) throw new StrongroomError('INVALID_ARGUMENT', '--bind takes an IP address (127.0.0.1 by default; 0.0.0.0 for every interface)');
  return value;
}

/** `--trust-proxy 127.0.0.1 --trust-proxy 10.0.0.0/8` or `--trust-proxy 127.0.0.1,::1`: checked here for a clear message. */
function parseTrustProxy(value: unknown): string[] {
  const entries = (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  try {
    new TrustedProxies(entries);
  } catch (err) {
    throw new StrongroomError('INVALID_ARGUMENT', `--trust-proxy: ${err instanceof Error ? err.message : String(err)}`);
  }
  return entries;
}

/**
 * `strongroom serve-shares [--port N] [--bind ADDR] [--base-url URL] [--trust-proxy ADDR]`: serves share links headless,
 * holding the vault open until Ctrl-C. Prints the base address as the only line on stdout.
 */
export function createServeSharesCommand(options: { untilStopped?: () => Promise<void> } = {}): Command {
  const untilStopped = options.untilStopped ?? untilInterrupted;
  const command: Command = {
    name: 'serve-shares',
    usage: 'serve-shares [--port N] [--bind ADDR] [--base-url URL] [--trust-proxy ADDR[,ADDR...]] [--whole-ip]',
    summary: `serve share links (where the app's share settings say; 127.0.0.1:${DEFAULT_SHARE_PORT} by default) until Ctrl-C`,
    options: { port: { type: 'string' }, bind: { type: 'string' }, 'base-url': { type: 'string' }, 'whole-ip': { type: 'boolean' }, 'trust-proxy': { type: 'string', multiple: true } },
    async run(ctx) {
      if (ctx.args.length > 0) throw new StrongroomError('INVALID_ARGUMENT', `usage: strongroom ${command.usage}`);
      const port = parsePort(ctx.values.port);
      const bind = parseBind(ctx.values.bind);
      const publicBaseUrl = typeof ctx.values['base-url'] === 'string' ? ctx.values['base-url'] : undefined;
      // Only a reverse proxy we are told about may name the client (X-Forwarded-For, Forwarded).
      const trustProxy = parseTrustProxy(ctx.values['trust-proxy']);
      const log = (message: string) => ctx.io.stderr.write(`strongroom serve-shares: ${message}\n`);
      await withVault(ctx, async (vault) => {
        // What the options leave open, the vault's share-server settings (the app's) decide.
        const settings = getShareServerSettings(vault.db);
        const listen = { port: port ?? settings.port ?? DEFAULT_SHARE_PORT, bind: bind ?? (settings.bind === 'lan' ? '0.0.0.0' : '127.0.0.1') };
        const server = await startShareServer({
          vault,
          ...listen,
          // A LAN bind listens on 0.0.0.0; its links name this machine's address instead.
          publicBaseUrl:
            publicBaseUrl ??
            settings.publicBaseUrl ??
            (bind === undefined && settings.bind === 'lan' && listen.port !== 0 ? linkBaseFromSettings({ ...settings, port: listen.port }) : undefined),
          keepWholeIp: ctx.values['whole-ip'] === true || settings.keepWholeIp,
          trustProxy,
          log,
        });
        try {
          const stopped = untilStopped();
          ctx.io.stdout.write(`${server.baseUrl}\n`);
          if (listen.bind !== '127.0.0.1' && listen.bind !== '::1') log(`listening on ${bind}: other computers can reach the links`);
          await stopped;
        } finally {
          await server.close();
        }
      });
    },
  };
  return command;
}

export const serveSharesCommand = createServeSharesCommand();
