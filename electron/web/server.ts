import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi } from '../core/api/index';
import { DEFAULT_SHARE_PORT } from '../core/cli/commands/share-format';
import { StrongroomError } from '../core/errors';
import type { Core } from '../core/index';
import { TOKEN_FRAGMENT_KEY } from '../../shared/api/http';
import type { ShareServerStatus } from '../../shared/api/share-contract';
import { createApiCallRoute } from './api-routes';
import { createAuth } from './auth';
import { createCallSocket } from './call-socket';
import { createEventsRoute } from './events-route';
import { createRequestCheck } from './host-check';
import { createMediaRoute } from './media-route';
import { createRequestHandler } from './request-handler';
import { createSessionRoute } from './session-route';
import { createStaticRoute } from './static-route';
import { UploadJobs } from './upload-jobs';
import { createUploadRoutes } from './upload-routes';

export interface WebShellOptions {
  core: Core;
  /** The vault folder; it may not exist yet (the UI creates it). */
  vaultDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only, by construction: the shell is for the person at this computer. */
  host: '127.0.0.1';
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  log: (message: string) => void;
  /** How long a declared upload may take to start arriving (default 120 s); tests shorten it. */
  uploadArrivalTimeoutMs?: number;
  /** Interval of the event stream's keep-alive comments (default 15 s). */
  heartbeatMs?: number;
  /**
   * The share server's port when the vault's settings name none (default 8491, where `share create`
   * makes its links); 0 picks a free one (tests, so parallel shells never collide).
   */
  sharePort?: number;
  /** How often the share service reads the access log for new entries (default 1 s). */
  shareActivityPollMs?: number;
}

export interface WebShell {
  /** `http://127.0.0.1:PORT/#token=...`: the one-time token rides in the fragment. */
  url: string;
  port: number;
  /** The share server's state (it starts when the vault is unlocked). */
  shareStatus(): ShareServerStatus;
  /** Stops serving, ends running imports and locks the vault. */
  close(): Promise<void>;
}

/** No request may take longer to send its headers... */
const HEADERS_TIMEOUT_MS = 10_000;
/** ...or its whole body: the longest is a 512 MiB upload waiting for the engine to reach it. */
const REQUEST_TIMEOUT_MS = 5 * 60_000;

function checkOptions(options: WebShellOptions): number {
  if (options.host !== '127.0.0.1') throw new StrongroomError('INVALID_ARGUMENT', 'the browser shell only listens on 127.0.0.1');
  const port = options.port ?? 0;
  for (const p of [port, options.sharePort ?? 0]) {
    if (!Number.isInteger(p) || p < 0 || p > 65_535) {
      throw new StrongroomError('INVALID_ARGUMENT', `the port must be a whole number from 0 to 65535, got ${String(p)}`);
    }
  }
  return port;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new StrongroomError('CONFLICT', `port ${port} on ${host} is in use; choose another with --port, or --port 0 for any free one`)
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The browser shell: the renderer and the engine's API over HTTP on 127.0.0.1, so the UI runs in any
 * browser on this computer (and in tests) without Electron. See shared/api/http.ts for the protocol.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const requestedPort = checkOptions(options);
  const staticFiles = createStaticRoute(options.rendererDir);
  const { log } = options;
  const api = createApi(options.core, {
    vaultDir: options.vaultDir,
    log,
    shareServer: {
      defaultPort: options.sharePort ?? DEFAULT_SHARE_PORT,
      ...(options.shareActivityPollMs === undefined ? {} : { activityPollMs: options.shareActivityPollMs }),
    },
  });
  const auth = createAuth();
  const events = createEventsRoute(api.events, { heartbeatMs: options.heartbeatMs });
  const callSocket = createCallSocket(api.dispatch, log);
  const uploads = createUploadRoutes(new UploadJobs(api.jobs, { arrivalTimeoutMs: options.uploadArrivalTimeoutMs }), log);

  const server = http.createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // How often the two timeouts above are checked (Node's default is every 30 s).
    connectionsCheckingInterval: 2_000,
  });
  const port = await listen(server, requestedPort, options.host);
  const handler = createRequestHandler(
    createRequestCheck(port),
    auth,
    {
      session: createSessionRoute(auth, log),
      call: createApiCallRoute(api.dispatch),
      events: events.handle,
      createUpload: uploads.create,
      putUpload: uploads.put,
      media: createMediaRoute(api.media, log),
      staticFiles,
      callSocket: callSocket.accept,
    },
    log,
  );
  server.on('request', handler.listener);
  server.on('upgrade', handler.upgrade);
  let closing: Promise<void> | null = null;
  const close = async () => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    events.closeAll();
    callSocket.closeAll();
    // Cuts keep-alive sockets and uploads in flight; their imports see the cut and refuse those files.
    server.closeAllConnections();
    await api.jobs.cancelAll();
    // An API call still running (say, vault.create) finishes before the lock, so it cannot unlock after it.
    await Promise.all([handler.settled(), callSocket.settled()]);
    await api.session.lock();
    // Links outlive a lock, not the shell: the share server and its handle on the vault go last.
    await api.shares.close();
    await stopped;
    log('stopped; the vault is locked');
  };

  return {
    url: `http://${options.host}:${port}/#${TOKEN_FRAGMENT_KEY}=${auth.token}`,
    port,
    shareStatus: () => api.shares.status(),
    close: () => (closing ??= close()),
  };
}
