import { existsSync } from 'node:fs';
import type { VaultState } from '../../../shared/api/schemas';
import type { Core } from '../index';
import { StrongroomError } from '../errors';
import { vaultPaths } from '../vault/layout';
import type { Vault } from '../vault/vault';
import type { ApiEvents } from './events';

export const DEFAULT_IDLE_LOCK_MINUTES = 15;

/**
 * The UI's view of one vault folder: none there yet, locked, or unlocked. Locking closes the vault,
 * which wipes its keys; the idle timer locks it after a period without API calls.
 */
export class Session {
  private vault: Vault | null = null;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleLockMinutes = DEFAULT_IDLE_LOCK_MINUTES;
  private onLockHooks: (() => Promise<void> | void)[] = [];
  private onUnlockHooks: ((vault: Vault) => Promise<unknown> | void)[] = [];
  private onSelectHooks: (() => Promise<void> | void)[] = [];

  constructor(
    readonly core: Core,
    private dir: string,
    private readonly events: ApiEvents,
  ) {}

  get vaultDir(): string {
    return this.dir;
  }

  /** Runs when the vault locks, before it closes; the close waits for the returned promise. */
  onLock(hook: () => Promise<void> | void): void {
    this.onLockHooks.push(hook);
  }

  /** Runs after the vault is unlocked (or created), before the unlock call answers; a failing hook does not fail the unlock. */
  onUnlock(hook: (vault: Vault) => Promise<unknown> | void): void {
    this.onUnlockHooks.push(hook);
  }

  /** Runs when another vault folder is chosen (after the current vault is locked). */
  onSelect(hook: () => Promise<void> | void): void {
    this.onSelectHooks.push(hook);
  }

  get isUnlocked(): boolean {
    return this.vault !== null;
  }

  async state(): Promise<VaultState> {
    const base = { dir: this.dir, idleLockMinutes: this.idleLockMinutes };
    if (this.vault) {
      const s = this.vault.unlockStatus();
      return { ...base, state: 'unlocked', vaultId: s.vaultId, unlock: { passphrase: s.passphrase, recoveryKey: s.recoveryKey.exists, keychain: s.keychain.length > 0 } };
    }
    if (!existsSync(vaultPaths(this.dir).header)) return { ...base, state: 'none', vaultId: null, unlock: null };
    const s = await this.core.inspectVault(this.dir);
    return { ...base, state: 'locked', vaultId: s.vaultId, unlock: { passphrase: s.passphrase, recoveryKey: s.recoveryKey.exists, keychain: s.keychain.length > 0 } };
  }

  async select(dir: string): Promise<VaultState> {
    await this.lock();
    if (dir !== this.dir) await Promise.allSettled(this.onSelectHooks.map((hook) => hook()));
    this.dir = dir;
    return this.state();
  }

  async create(passphrase: string, dir?: string): Promise<string> {
    if (dir !== undefined) await this.select(dir);
    const { vault, recoveryKey } = await this.core.createVault(this.dir, { passphrase });
    await this.setVault(vault);
    return recoveryKey;
  }

  async unlock(method: Parameters<Core['openVault']>[1]): Promise<void> {
    if (this.vault) return;
    await this.setVault(await this.core.openVault(this.dir, method));
  }

  /**
   * New calls are refused at once; running imports are cancelled and awaited (they may be deleting the
   * blobs of an unfinished image) before the catalog closes and the keys are wiped.
   */
  async lock(): Promise<void> {
    const vault = this.vault;
    if (!vault) return;
    this.vault = null;
    clearTimeout(this.idleTimer);
    await Promise.allSettled(this.onLockHooks.map((hook) => hook()));
    vault.close();
    const state = await this.state().catch(() => null);
    if (state) this.events.emit('vault.changed', state);
  }

  setIdleLock(minutes: number): void {
    this.idleLockMinutes = minutes;
    this.touch();
  }

  /** The unlocked vault, for a call that needs it; every such call counts as activity. */
  requireVault(): Vault {
    if (!this.vault) throw new StrongroomError('VAULT_LOCKED', 'the vault is locked; unlock it first');
    this.touch();
    return this.vault;
  }

  private async setVault(vault: Vault): Promise<void> {
    this.vault = vault;
    this.touch();
    await Promise.allSettled(this.onUnlockHooks.map((hook) => hook(vault)));
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.vault && this.idleLockMinutes > 0) {
      this.idleTimer = setTimeout(() => void this.lock(), this.idleLockMinutes * 60_000);
      this.idleTimer.unref();
    }
  }
}
