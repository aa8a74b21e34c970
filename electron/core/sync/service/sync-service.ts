import type { SyncStatus } from '../../../../shared/api/sync-contract';
import { describeError, isStrongroomError, StrongroomError } from '../../errors';
import type { KeychainDriver } from '../../keys/keychain';
import type { Vault } from '../../vault/vault';
import type { S3Credentials } from '../backends/s3-backend';
import { deleteS3Credentials, saveS3Credentials } from '../credential-store';
import { openTarget, type OpenedTarget } from '../open-target';
import { onOpCaptured } from '../ops/capture';
import { localDeviceId } from '../ops/device';
import { listDevices } from '../ops/devices';
import { publishHeader } from '../pass/remote-header';
import type { SyncPassProgress } from '../pass/progress';
import { runSyncPass, type SyncPassReport } from '../sync-pass';
import { deleteSyncTarget, inspectSyncTarget, keepOriginals, usableSyncTarget, readSyncTarget, writeSyncTarget, type SyncTarget } from '../target-settings';
import { readLastSync, writeLastSync } from './last-sync';
import { NOTHING_PENDING, pendingOf, progressOf } from './pass-figures';
import { unsentOpCount } from './pending-ops';
import { isOffline, syncFailureOf, type SyncFailure } from './sync-error';

export interface SyncServiceOptions {
  keychain: KeychainDriver | null;
  /** The status changed (a pass started, progressed, ended; a target was connected). */
  onStatus?: (status: SyncStatus) => void;
  /** A pass applied other devices' changes: the library on screen is stale. */
  onRemoteChanges?: () => void;
  log?: (message: string) => void;
  /** Quiet time after the last local change before a pass (default 2 s). */
  debounceMs?: number;
  /** Time between passes when nothing happens locally (default 60 s). */
  intervalMs?: number;
  /** The longest wait after repeated failures (default 15 min). */
  maxBackoffMs?: number;
  /** At most one progress status per this many ms (default 250). */
  progressEveryMs?: number;
  /** Builds the backend for a target (tests wrap it). */
  openTarget?: typeof openTarget;
}

const MAX_PROBLEMS_SHOWN = 50;
/** Connecting checks the target while a person waits on the form: one quick retry, not a pass's patient back-off. */
const CONNECT_CHECK_RETRY = { attempts: 2 } as const;

/**
 * The app's background sync (docs/architecture.md, "Sync: the app's service"). While a vault is
 * unlocked and connected, it runs a pass 2 s after the last local change (op capture), every minute,
 * and on "Sync now"; one pass at a time (a request during a pass runs one more after it). A failed
 * pass waits longer each time (1, 2, 4 … 15 min), and while failing only a timer or "Sync now" tries
 * again: an offline laptop queues its changes in the outbox. Locking aborts the pass in flight through
 * its AbortSignal and waits for it to unwind; passes resume from the remote's listing, so nothing is
 * lost or sent twice, and the next unlock starts over.
 */
export class SyncService {
  private vault: Vault | null = null;
  private stopCapture: (() => void) | null = null;
  private running: Promise<void> | null = null;
  /** Set before the first await of a pass, so the status it sends already says "syncing". */
  private active = false;
  private abort: AbortController | null = null;
  private again = false;
  private debounceTimer: NodeJS.Timeout | undefined;
  private nextTimer: NodeJS.Timeout | undefined;
  private nextAttemptAt: number | null = null;
  private failures = 0;
  private failure: (SyncFailure & { at: number }) | null = null;
  private problems: string[] = [];
  private problemCount = 0;
  /** Orders the statuses this service hands out (answers and events can arrive out of order). */
  private revision = 0;
  private progress: SyncPassProgress | null = null;
  private pending: Omit<SyncStatus['pending'], 'opsUp'> = NOTHING_PENDING;
  private opsUp = 0;
  /** A change was captured since opsUp was counted (counted again when the status is next read). */
  private opsDirty = false;
  private lastProgressEmit = 0;
  private readonly log: (message: string) => void;
  private readonly debounceMs: number;
  private readonly intervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly progressEveryMs: number;
  private readonly open: typeof openTarget;

  constructor(private readonly options: SyncServiceOptions) {
    this.log = options.log ?? (() => undefined);
    this.debounceMs = options.debounceMs ?? 2_000;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 15 * 60_000;
    this.progressEveryMs = options.progressEveryMs ?? 250;
    this.open = options.openTarget ?? openTarget;
  }

  /** True while a pass runs (tests, and "no two passes at once"). */
  get passRunning(): boolean {
    return this.active;
  }

  /** The vault was unlocked: watch its changes and sync it if it is connected. */
  attach(vault: Vault): void {
    if (this.vault === vault) return;
    this.vault = vault;
    this.forgetOutcome();
    this.stopCapture = onOpCaptured(vault.db, () => this.localChange());
    this.refreshOpsUp();
    if (usableSyncTarget(vault.db)) this.requestPass();
    else this.emit();
  }

  /** The vault is locking or closing: no new passes; the one in flight is aborted and awaited. */
  async detach(): Promise<void> {
    const vault = this.vault;
    if (!vault) return;
    this.vault = null;
    this.stopCapture?.();
    this.stopCapture = null;
    this.clearTimers();
    this.again = false;
    this.abort?.abort();
    await this.running;
  }

  /** "Sync now": a pass at once, or one more right after the running one (also while backing off). */
  syncNow(): SyncStatus {
    const vault = this.requireVault();
    if (!readSyncTarget(vault.db)) throw new StrongroomError('NOT_FOUND', 'this vault is not connected to a sync folder or bucket; connect one first');
    this.requestPass();
    return this.status();
  }

  /**
   * Checks the target by writing this vault's header to it (so "the folder … is not writable", "the
   * bucket refused the credentials" or "holds the sync target of another vault" come now), keeps the
   * keys in the keychain, saves the target and syncs.
   */
  async connect(target: SyncTarget, credentials: S3Credentials | null): Promise<SyncStatus> {
    const vault = this.requireVault();
    const { keychain } = this.options;
    if (target.kind === 's3' && !keychain) {
      throw new StrongroomError('KEYCHAIN_UNAVAILABLE', 'this device has no system keychain, so the bucket’s keys cannot be kept (they are never written to a file); use a sync folder, or the command line with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    }
    const previous = usableSyncTarget(vault.db);
    const opened = await this.open(target, { keychain, retry: CONNECT_CHECK_RETRY, ...(credentials ? { credentials: async () => credentials } : {}) });
    try {
      await publishHeader(vault.dir, vault.id, opened.backend);
    } finally {
      opened.close();
    }
    if (this.vault !== vault) throw new StrongroomError('VAULT_LOCKED', 'the vault was locked while connecting; unlock it and connect again');
    if (target.kind === 's3' && credentials && keychain) await saveS3Credentials(keychain, target.targetId, credentials);
    await this.stopPass();
    writeSyncTarget(vault.db, target);
    writeLastSync(vault.db, null);
    if (previous?.kind === 's3' && (target.kind !== 's3' || previous.targetId !== target.targetId)) await this.forgetCredentials(previous.targetId);
    this.forgetOutcome();
    this.requestPass();
    return this.status();
  }

  /** Stops syncing this device and forgets the target and its keys; the storage keeps what it holds. */
  async disconnect(): Promise<SyncStatus> {
    const vault = this.requireVault();
    await this.stopPass();
    const previous = usableSyncTarget(vault.db);
    deleteSyncTarget(vault.db);
    writeLastSync(vault.db, null);
    if (previous?.kind === 's3') await this.forgetCredentials(previous.targetId);
    this.clearTimers();
    this.forgetOutcome();
    this.emit();
    return this.status();
  }

  /** A change to the settings or the devices that the status shows: tell the windows. */
  changed(): void {
    this.refreshOpsUp();
    this.emit();
  }

  status(): SyncStatus {
    const vault = this.vault;
    if (this.opsDirty) this.refreshOpsUp();
    const { target, damage } = vault ? inspectSyncTarget(vault.db) : { target: null, damage: null };
    const self = vault ? listDevices(vault.db).find((d) => d.self) : undefined;
    let state: SyncStatus['state'];
    if (damage) state = 'error';
    else if (!target) state = 'not-connected';
    else if (this.active) state = 'syncing';
    else if (this.failure) state = isOffline(this.failure.kind) ? 'offline' : 'error';
    else state = 'idle';
    return {
      state,
      target: target === null ? null : target.kind === 'folder' ? { kind: 'folder', path: target.path } : { kind: 's3', endpoint: target.endpoint, region: target.region, bucket: target.bucket, prefix: target.prefix, pathStyle: target.pathStyle },
      thisDevice: self ? { id: self.id, name: self.name } : null,
      keepOriginals: vault ? keepOriginals(vault.db) : true,
      lastSyncAt: vault ? readLastSync(vault.db) : null,
      nextAttemptAt: target ? this.nextAttemptAt : null,
      pending: { opsUp: this.opsUp, ...(this.progress ? pendingOf(this.progress) : this.pending) },
      progress: this.active && this.progress ? progressOf(this.progress) : null,
      error: damage
        ? { kind: 'settings', message: damage, at: Date.now(), failures: 1 }
        : this.failure
          ? { kind: this.failure.kind, message: this.failure.message, at: this.failure.at, failures: Math.max(1, this.failures) }
          : null,
      problems: this.problems,
      problemCount: this.problemCount,
      revision: ++this.revision,
    };
  }

  /** A new vault or target: the last passes' failures, problems and pending figures no longer apply. */
  private forgetOutcome(): void {
    this.failures = 0;
    this.failure = null;
    this.problems = [];
    this.problemCount = 0;
    this.pending = NOTHING_PENDING;
  }

  private requireVault(): Vault {
    if (!this.vault) throw new StrongroomError('VAULT_LOCKED', 'the vault is locked; unlock it first');
    return this.vault;
  }

  private localChange(): void {
    this.opsDirty = true;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.refreshOpsUp();
      // While failing (offline, refused), edits wait for the back-off timer or "Sync now" instead of
      // hammering a storage that just said no; the status still counts them.
      if (this.failures > 0) this.emit();
      else this.requestPass();
    }, this.debounceMs);
    this.debounceTimer.unref?.();
  }

  private requestPass(): void {
    if (!this.vault) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.debounceTimer);
    clearTimeout(this.nextTimer);
    this.nextAttemptAt = null;
    this.active = true;
    this.running = this.loop().finally(() => {
      this.active = false;
      this.running = null;
      this.emit();
    });
  }

  /** Passes until no request came in during the last one, then the timer for the next. */
  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.runPass();
    } while (this.again && this.vault);
    if (this.vault && usableSyncTarget(this.vault.db)) this.scheduleNext();
  }

  private async runPass(): Promise<void> {
    const vault = this.vault;
    if (!vault) return;
    // A damaged settings row: the status says so until the vault is connected again.
    const target = usableSyncTarget(vault.db);
    if (!target) return;
    const abort = new AbortController();
    this.abort = abort;
    this.progress = null;
    this.emit();
    let opened: OpenedTarget | null = null;
    try {
      opened = await this.open(target, { keychain: this.options.keychain });
      const report = await runSyncPass(vault, opened.backend, { signal: abort.signal, onProgress: (p) => this.onProgress(p) });
      if (this.vault !== vault) return;
      this.succeeded(vault, report);
    } catch (err) {
      if (abort.signal.aborted || this.vault !== vault) return;
      this.failed(err);
    } finally {
      opened?.close();
      if (this.abort === abort) this.abort = null;
      this.progress = null;
      if (this.vault === vault) this.refreshOpsUp();
    }
  }

  private succeeded(vault: Vault, report: SyncPassReport): void {
    writeLastSync(vault.db, Date.now());
    this.pending = pendingOf(this.progress, report.blobsUnavailable);
    this.problemCount = report.problems.length;
    this.problems = report.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => p.message);
    const self = localDeviceId(vault.db);
    const retired = report.problems.find((p) => p.kind === 'batch' && p.problem === 'retired' && p.device === self);
    // Retired by another device: every later pass would say so; keep it as the error until it is dealt with.
    this.failures = retired ? this.failures + 1 : 0;
    this.failure = retired ? { kind: 'retired', message: retired.message, at: Date.now() } : null;
    if (report.appliedOps > 0) this.options.onRemoteChanges?.();
  }

  private failed(err: unknown): void {
    this.failures += 1;
    const failure = syncFailureOf(err);
    this.failure = { ...failure, at: Date.now() };
    this.pending = this.progress ? pendingOf(this.progress) : this.pending;
    if (failure.kind === 'other' && !isStrongroomError(err)) this.log(`sync pass failed: ${(err as Error)?.stack ?? describeError(err)}`);
    else this.log(`sync pass failed: ${failure.message}`);
  }

  private scheduleNext(): void {
    const wait = this.failures === 0 ? this.intervalMs : Math.min(this.maxBackoffMs, this.intervalMs * 2 ** (this.failures - 1));
    this.nextAttemptAt = Date.now() + wait;
    clearTimeout(this.nextTimer);
    this.nextTimer = setTimeout(() => this.requestPass(), wait);
    this.nextTimer.unref?.();
  }

  private onProgress(p: SyncPassProgress): void {
    const phaseChanged = this.progress?.phase !== p.phase;
    this.progress = p;
    const now = Date.now();
    if (phaseChanged || now - this.lastProgressEmit >= this.progressEveryMs) {
      this.lastProgressEmit = now;
      this.emit();
    }
  }

  /** Aborts the running pass (a new target, a disconnect) and waits for it; the schedule starts over. */
  private async stopPass(): Promise<void> {
    this.again = false;
    this.clearTimers();
    this.abort?.abort();
    await this.running;
  }

  private clearTimers(): void {
    clearTimeout(this.debounceTimer);
    clearTimeout(this.nextTimer);
    this.nextAttemptAt = null;
  }

  private async forgetCredentials(targetId: string): Promise<void> {
    if (!this.options.keychain) return;
    await deleteS3Credentials(this.options.keychain, targetId).catch((err: unknown) => this.log(`could not remove the old bucket keys from the keychain: ${describeError(err)}`));
  }

  private refreshOpsUp(): void {
    this.opsDirty = false;
    if (this.vault) this.opsUp = unsentOpCount(this.vault.db);
  }

  private emit(): void {
    if (!this.options.onStatus) return;
    try {
      this.options.onStatus(this.status());
    } catch (err) {
      this.log(`sync status not sent: ${describeError(err)}`);
    }
  }
}
