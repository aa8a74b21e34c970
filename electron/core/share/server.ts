import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StrongroomError } from '../errors';
import type { ShareServingVault } from './serving-vault';
import { createShareHandler, type ShareHandlerOptions } from './server-handler';

export interface ShareServerOptions extends ShareHandlerOptions {
  vault: ShareServingVault;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default; another address only by the owner's explicit choice. */
  bind?: string;
  /** The links' public base (reverse proxy, tunnel); http://BIND:PORT by default. */
  publicBaseUrl?: string;
}

export interface ShareServer {
  port: number;
  baseUrl: string;
  linkFor(token: string): string;
  /** Writes the access-log rows of answers already sent (they are otherwise written just after). */
  flushLog(): void;
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
  const host = bind.includes(':') ? `[${bind}]` : bind;
  const baseUrl = (options.publicBaseUrl ?? `http://${host}:${port}`).replace(/\/+$/, '');
  return {
    port,
    baseUrl,
    linkFor: (token) => `${baseUrl}/s/${token}`,
    flushLog: () => handler.flushLog(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        handler.close();
      }),
  };
}
