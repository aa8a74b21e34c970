import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StrongroomError } from '../errors';
import type { ShareServingVault } from './serving-vault';
import { createShareHandler, type ShareHandlerOptions } from './server-handler';
import { ShareSweeper, type ShareCleanupOptions, type ShareSweepReport } from './server-sweeper';

export interface ShareServerOptions extends ShareHandlerOptions {
  vault: ShareServingVault;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default; another address only by the owner's explicit choice. */
  bind?: string;
  /** The links' public base (reverse proxy, tunnel); http://BIND:PORT by default. */
  publicBaseUrl?: string;
  /** Periodic removal of ended shares' renditions (server-sweeper.ts); false turns it off. */
  cleanup?: ShareCleanupOptions | false;
}

export interface ShareServer {
  port: number;
  baseUrl: string;
  linkFor(token: string): string;
  /** Writes the access-log rows of answers already sent (they are otherwise written just after). */
  flushLog(): void;
  /** Commits of counts and log rows since start, and the counts they carried (for the benchmark). */
  writeStats(): { commits: number; counts: number };
  /** Drops what the server caches of a share now (after a revoke or delete in this process; the sweep does it within a minute otherwise). */
  forgetShare(shareId: string): void;
  /** Runs the housekeeping now: cache sweep and (unless turned off) the ended shares' cleanup. */
  sweep(): Promise<ShareSweepReport>;
  close(): Promise<void>;
}

/** Slow-loris bounds: headers within 10 s, a whole request (a 4 KiB form at most) within 20 s. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 20_000;

export async function startShareServer(options: ShareServerOptions): Promise<ShareServer> {
  const bind = options.bind ?? '127.0.0.1';
  const handler = createShareHandler(options);
  const server = http.createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    maxHeaderSize: 16 * 1024,
    connectionsCheckingInterval: 2_000,
  });
  server.on('request', (req, res) => void handler.listener(req, res));
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new StrongroomError('CONFLICT', `port ${options.port ?? 0} on ${bind} is in use; choose another with --port`) : err),
    );
    server.listen(options.port ?? 0, bind, () => resolve((server.address() as AddressInfo).port));
  });
  const sweeper = new ShareSweeper(options.vault, handler.memory, options.cleanup ?? {}, options.now ?? Date.now, (m) => options.log?.(`share server: ${m}`));
  sweeper.start();
  const host = bind.includes(':') ? `[${bind}]` : bind;
  const baseUrl = (options.publicBaseUrl ?? `http://${host}:${port}`).replace(/\/+$/, '');
  return {
    port,
    baseUrl,
    linkFor: (token) => `${baseUrl}/s/${token}`,
    flushLog: () => handler.flushLog(),
    writeStats: () => handler.writeStats(),
    forgetShare: (shareId) => handler.memory.forget(shareId),
    sweep: () => sweeper.sweep(),
    close: async () => {
      sweeper.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await handler.close();
    },
  };
}
