import os from 'node:os';
import type { ShareServerSettings, ShareServerStatus } from '../../../shared/api/share-contract';
import { describeError, isStrongroomError } from '../errors';
import type { Vault } from '../vault/vault';
import { startShareServer, type ShareServer } from './server';
import type { ShareServingHandle } from './serving-vault';
import { ShareActivityWatch, type ShareActivity } from './share-activity';
import { getShareServerSettings } from './share-settings';

export interface ShareServiceOptions {
  /** The port when the vault's settings name none: 8491 in the app, 0 (any free port) in tests. */
  defaultPort: number;
  log?: (message: string) => void;
  onActivity?: (activity: ShareActivity) => void;
  /** How often the access log is read for new entries (default 1 s). */
  activityPollMs?: number;
  /** False where the program serves no links at all (an API made without a share server). */
  enabled?: boolean;
}

const OFF: ShareServerStatus = { state: 'off', baseUrl: null, address: null, error: 'the share server starts when the vault is unlocked' };
const DISABLED: ShareServerStatus = { state: 'off', baseUrl: null, address: null, error: 'this program does not serve share links (strongroom serve-shares does)' };

/** The address other computers on the network reach this one by: the first non-internal IPv4 address. */
function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return os.hostname();
}

export function shareBaseUrlFor(settings: ShareServerSettings, port: number): string {
  if (settings.publicBaseUrl !== null) return settings.publicBaseUrl;
  return `http://${settings.bind === 'lan' ? lanAddress() : '127.0.0.1'}:${port}`;
}

/**
 * The app's share server (docs/architecture.md, "Share service"): started when the vault is unlocked,
 * restarted when its settings change, and kept running when the library locks. It serves through a
 * ShareServingHandle of its own (a second catalog connection and the shares subkey, never the master
 * key), which only detach() (another vault chosen) or close() (the app quits) ends.
 */
export class ShareService {
  private handle: ShareServingHandle | null = null;
  private server: ShareServer | null = null;
  private watch: ShareActivityWatch | null = null;
  private current: ShareServerStatus;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: (message: string) => void;

  constructor(private readonly options: ShareServiceOptions) {
    this.log = options.log ?? (() => undefined);
    this.current = options.enabled === false ? DISABLED : OFF;
  }

  /** One start, restart or stop at a time: a settings change during a start waits for it. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  status(): ShareServerStatus {
    return this.current;
  }

  /** The vault was unlocked: serve it, unless its links are still being served from before a lock. */
  attach(vault: Vault): Promise<ShareServerStatus> {
    return this.serial(async () => {
      if (this.handle?.isOpen && this.handle.vaultId === vault.id && this.handle.dir === vault.dir) return this.current;
      await this.stopServing();
      this.handle = vault.openShareServing();
      return this.startServer();
    });
  }

  /** After a settings change: the new bind, port and base take effect now. */
  restart(): Promise<ShareServerStatus> {
    return this.serial(async () => {
      if (!this.handle?.isOpen) return this.current;
      await this.stopServer();
      return this.startServer();
    });
  }

  /** Stops serving and forgets the vault (another vault was chosen, or the shell is closing). */
  close(): Promise<void> {
    return this.serial(() => this.stopServing());
  }

  /** The link for a new share's token: the running server's base, or the one the settings will give. */
  linkFor(token: string, settings: ShareServerSettings): { url: string; serving: boolean } {
    const serving = this.current.state === 'running' && this.current.baseUrl !== null;
    const base = serving ? this.current.baseUrl! : shareBaseUrlFor(settings, settings.port ?? this.options.defaultPort);
    return { url: `${base}/s/${token}`, serving };
  }

  private async startServer(): Promise<ShareServerStatus> {
    const handle = this.handle!;
    let settings: ShareServerSettings;
    try {
      settings = getShareServerSettings(handle.db);
    } catch (err) {
      this.current = { state: 'failed', baseUrl: null, address: null, error: describeError(err) };
      return this.current;
    }
    const bind = settings.bind === 'lan' ? '0.0.0.0' : '127.0.0.1';
    const port = settings.port ?? this.options.defaultPort;
    try {
      this.server = await startShareServer({
        vault: handle,
        port,
        bind,
        ...(settings.publicBaseUrl === null ? {} : { publicBaseUrl: settings.publicBaseUrl }),
        keepWholeIp: settings.keepWholeIp,
        log: this.log,
      });
    } catch (err) {
      const error = isStrongroomError(err, 'CONFLICT')
        ? `port ${port} on ${bind} is in use (by another program, or strongroom serve-shares); choose another port in the share server settings`
        : `the share server could not listen on ${bind}:${port}: ${describeError(err)}`;
      this.log(error);
      this.current = { state: 'failed', baseUrl: null, address: null, error };
      return this.current;
    }
    this.current = { state: 'running', baseUrl: shareBaseUrlFor(settings, this.server.port), address: `${bind}:${this.server.port}`, error: null };
    this.log(`share links served at ${this.current.address}${bind === '0.0.0.0' ? ' (reachable from other computers)' : ''}`);
    if (this.options.onActivity) {
      this.watch = new ShareActivityWatch(handle.db, this.options.onActivity, this.log);
      this.watch.start(this.options.activityPollMs ?? 1000);
    }
    return this.current;
  }

  private async stopServer(): Promise<void> {
    this.watch?.stop();
    // What the server answered last is logged just after; read it before the watch goes.
    this.server?.flushLog();
    try {
      this.watch?.poll();
    } catch {
      // The app is being told about activity; a failure here loses a refresh, nothing else.
    }
    this.watch = null;
    const server = this.server;
    this.server = null;
    await server?.close();
    this.current = this.options.enabled === false ? DISABLED : OFF;
  }

  private async stopServing(): Promise<void> {
    await this.stopServer();
    this.handle?.close();
    this.handle = null;
  }
}

export type { ShareActivity };
