import { create } from 'zustand';
import type { SyncDevice, SyncReviewItem, SyncS3TargetInput, SyncStatus } from '../../../shared/api/sync-contract';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';

/** Sync: the status (also for the sidebar's indicator), the device list and what a merge left to review. */
export interface SyncStore {
  readonly status: SyncStatus | null;
  readonly devices: readonly SyncDevice[];
  readonly review: readonly SyncReviewItem[];
  /** Why the last connect, disconnect, rename, retire or toggle failed. */
  readonly actionError: string | null;
  readonly busy: boolean;

  load(): Promise<void>;
  /** The device list and the review items (the Sync screen shows them). */
  loadDetails(): Promise<void>;
  /** A `sync.status` event. */
  applyStatus(status: SyncStatus): void;
  connectFolder(path: string): Promise<boolean>;
  connectS3(input: SyncS3TargetInput): Promise<boolean>;
  disconnect(): Promise<boolean>;
  syncNow(): Promise<boolean>;
  renameDevice(name: string): Promise<boolean>;
  retireDevice(id: string): Promise<boolean>;
  setKeepOriginals(keep: boolean): Promise<boolean>;
  reset(): void;
}

/** Bumped by reset (lock): answers to older requests are dropped. */
let epoch = 0;

export const useSync = create<SyncStore>()((set, get) => {
  /** Runs a change; false (and a message) on failure. */
  async function act(run: () => Promise<void>): Promise<boolean> {
    const at = epoch;
    set({ actionError: null, busy: true });
    try {
      await run();
      return true;
    } catch (error) {
      if (at === epoch) set({ actionError: humanMessage(error) });
      return false;
    } finally {
      if (at === epoch) set({ busy: false });
    }
  }
  const setStatus = (at: number) => (status: SyncStatus) => {
    if (at === epoch) get().applyStatus(status);
  };

  return {
    status: null,
    devices: [],
    review: [],
    actionError: null,
    busy: false,

    async load() {
      const at = epoch;
      try {
        setStatus(at)(await api.call('sync.status', {}));
      } catch {
        // The indicator stays empty; the Sync screen shows the error when opened.
      }
    },

    async loadDetails() {
      const at = epoch;
      try {
        const [devices, review] = await Promise.all([api.call('sync.devices', {}), api.call('sync.review', {})]);
        if (at === epoch) set({ devices, review });
      } catch (error) {
        if (at === epoch) set({ actionError: humanMessage(error) });
      }
    },

    applyStatus(status) {
      const before = get().status;
      // The answer to "Sync now" can arrive after the event of the pass it started has ended.
      if (before !== null && status.revision < before.revision) return;
      set({ status });
      // A finished pass may have brought devices, names and merges: refresh what the screen lists.
      if (before !== null && before.lastSyncAt !== status.lastSyncAt && get().devices.length > 0) void get().loadDetails();
    },

    connectFolder(path) {
      return act(async () => setStatus(epoch)(await api.call('sync.connectFolder', { path })));
    },

    connectS3(input) {
      return act(async () => setStatus(epoch)(await api.call('sync.connectS3', input)));
    },

    disconnect() {
      return act(async () => setStatus(epoch)(await api.call('sync.disconnect', {})));
    },

    syncNow() {
      return act(async () => setStatus(epoch)(await api.call('sync.now', {})));
    },

    renameDevice(name) {
      return act(async () => {
        const devices = await api.call('sync.renameDevice', { name });
        set({ devices });
      });
    },

    retireDevice(id) {
      return act(async () => {
        const devices = await api.call('sync.retireDevice', { id });
        set({ devices });
      });
    },

    setKeepOriginals(keep) {
      return act(async () => setStatus(epoch)(await api.call('sync.setKeepOriginals', { keep })));
    },

    reset() {
      epoch++;
      set({ status: null, devices: [], review: [], actionError: null, busy: false });
    },
  };
});
