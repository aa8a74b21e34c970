import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../core/cli/context';
import { DEFAULT_SHARE_PORT } from '../core/cli/commands/share-format';
import { StrongroomError } from '../core/errors';
import { startWebShell } from './server';
import { untilInterrupted } from '../core/cli/until-interrupted';

/** Where `npm run build:renderer` (vite build --config renderer/vite.config.ts) puts the renderer. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

function parsePort(value: string | boolean | string[] | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new StrongroomError('INVALID_ARGUMENT', `--${option} takes a whole number from 0 to 65535 (0 picks a free port)`);
  }
  return Number(value);
}

export interface WebCommandOptions {
  rendererDir?: string;
  /** When to stop serving; by default the first SIGINT or SIGTERM. */
  untilStopped?: () => Promise<void>;
}

/**
 * `strongroom web [--port N]`: serves the already-built renderer and the engine on 127.0.0.1 and
 * prints the one-time URL as the only line on stdout (logs go to stderr), until Ctrl-C, which ends
 * running imports and locks the vault. The vault need not exist yet: the UI can create it.
 */
export function createWebCommand(options: WebCommandOptions = {}): Command {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const untilStopped = options.untilStopped ?? untilInterrupted;
  const command: Command = {
    name: 'web',
    usage: 'web [--port N] [--share-port N]',
    summary: 'serve the app to a browser on this computer (127.0.0.1) until Ctrl-C, and share links once unlocked; prints the one-time address',
    options: { port: { type: 'string' }, 'share-port': { type: 'string' } },
    async run(ctx) {
      if (ctx.args.length > 0) throw new StrongroomError('INVALID_ARGUMENT', `usage: strongroom ${command.usage}`);
      const port = parsePort(ctx.values.port, 'port', 0);
      // The vault's share server settings win; this is the port when they name none.
      const sharePort = parsePort(ctx.values['share-port'], 'share-port', DEFAULT_SHARE_PORT);
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        throw new StrongroomError('NOT_FOUND', `the renderer is not built (no ${path.join(rendererDir, 'index.html')}): run npm run build:renderer first`);
      }
      const log = (message: string) => ctx.io.stderr.write(`strongroom web: ${message}\n`);
      const shell = await startWebShell({ core: ctx.core, vaultDir: ctx.vaultDir, port, sharePort, host: '127.0.0.1', rendererDir, log });
      try {
        // Until here a Ctrl-C simply ends the process: nothing is unlocked before the page asks.
        const stopped = untilStopped();
        ctx.io.stdout.write(`${shell.url}\n`);
        log(`serving the vault at ${ctx.vaultDir}; open the address above in a browser on this computer (it works once). Ctrl-C stops.`);
        await stopped;
      } finally {
        await shell.close();
      }
    },
  };
  return command;
}

export const webCommand = createWebCommand();
