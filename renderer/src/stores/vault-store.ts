import { create } from 'zustand';
import { ApiError } from '../../../shared/api/errors';
import type { VaultState } from '../../../shared/api/schemas';
import { api, EngineUnreachableError } from '../api';
import { dropDecryptedState } from './drop-decrypted-state';
import { reportError } from './toast-store';

/** Whether the engine can be talked to at all, before any vault question. */
export type Connection = 'starting' | 'ready' | 'unreachable' | 'unauthorized';

export type UnlockMethod = 'passphrase' | 'recovery';

export interface VaultStore {
  readonly connection: Connection;
  /** The engine's view: none / locked / unlocked, which folder, which unlock methods. */
  readonly vault: VaultState | null;
  /**
   * The recovery key of a vault just created, shown until the user confirms they saved it. It is held
   * only here, only that long; the engine never shows it again.
   */
  readonly recoveryKey: string | null;
  /** True while the once-per-launch keychain attempt runs (the unlock form waits for it). */
  readonly keychainPending: boolean;

  refresh(): Promise<void>;
  applyState(state: VaultState): void;
  /** Throws ApiError; the form shows it next to the fields. */
  create(passphrase: string): Promise<void>;
  acknowledgeRecoveryKey(): void;
  select(dir: string): Promise<VaultState>;
  unlock(method: UnlockMethod, secret: string): Promise<void>;
  tryKeychainOnce(): Promise<void>;
  lock(): Promise<void>;
  setIdleLock(minutes: number): Promise<void>;
}

/**
 * Once per launch, not once per lock: after the user locks on purpose (or the idle timer does), opening
 * again silently from the keychain would make the lock meaningless.
 */
let keychainTried = false;

export const useVault = create<VaultStore>()((set, get) => ({
  connection: 'starting',
  vault: null,
  recoveryKey: null,
  keychainPending: false,

  async refresh() {
    try {
      get().applyState(await api.call('vault.state', {}));
      set({ connection: 'ready' });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHORIZED') set({ connection: 'unauthorized' });
      else if (error instanceof EngineUnreachableError || get().vault === null) set({ connection: 'unreachable' });
      else reportError('Could not read the vault state', error);
    }
  },

  applyState(state) {
    const wasUnlocked = get().vault?.state === 'unlocked';
    // Locked (by the user, the idle timer, or another window): nothing decrypted may stay in the UI.
    if (wasUnlocked && state.state !== 'unlocked') dropDecryptedState();
    set((s) => ({ vault: state, connection: 'ready', recoveryKey: state.state === 'unlocked' ? s.recoveryKey : null }));
  },

  async create(passphrase) {
    const { recoveryKey, state } = await api.call('vault.create', { passphrase });
    set({ recoveryKey });
    get().applyState(state);
  },

  acknowledgeRecoveryKey() {
    set({ recoveryKey: null });
  },

  async select(dir) {
    const state = await api.call('vault.select', { dir });
    get().applyState(state);
    return state;
  },

  async unlock(method, secret) {
    get().applyState(await api.call('vault.unlock', { method, secret }));
  },

  async tryKeychainOnce() {
    const { vault } = get();
    if (keychainTried || vault?.state !== 'locked' || !vault.unlock?.keychain) return;
    keychainTried = true;
    set({ keychainPending: true });
    try {
      get().applyState(await api.call('vault.unlock', { method: 'keychain' }));
    } catch {
      // A missing or refused keychain entry is normal (new device, keychain locked): the form shows.
    } finally {
      set({ keychainPending: false });
    }
  },

  async lock() {
    // Clear first: even if the engine cannot be reached, the window must stop showing the vault.
    const before = get().vault;
    if (before?.state === 'unlocked') {
      dropDecryptedState();
      set({ vault: { ...before, state: 'locked' }, recoveryKey: null });
    }
    try {
      get().applyState(await api.call('vault.lock', {}));
    } catch (error) {
      reportError('Could not lock the vault', error);
    }
  },

  async setIdleLock(minutes) {
    try {
      get().applyState(await api.call('settings.setIdleLock', { minutes }));
    } catch (error) {
      reportError('Could not change the idle lock', error);
    }
  },
}));
