import { create } from 'zustand';
import type { ShareDetail, ShareExpiry, ShareServerSettings, ShareServerStatus, ShareSummary } from '../../../shared/api/share-contract';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';

/** The Shares screen: every link, one link's detail and timeline, and the share server. */
export type ShareSort = 'created' | 'lastAccess';

export interface ShareServerState {
  readonly settings: ShareServerSettings;
  readonly status: ShareServerStatus;
}

export interface SharesStore {
  readonly list: readonly ShareSummary[];
  readonly loaded: boolean;
  readonly error: string | null;
  readonly sort: ShareSort;
  readonly selectedId: string | null;
  readonly detail: ShareDetail | null;
  readonly detailError: string | null;
  /** Why the last revoke, extend, limit change or delete failed. */
  readonly actionError: string | null;
  readonly server: ShareServerState | null;
  readonly serverError: string | null;

  refresh(): Promise<void>;
  setSort(sort: ShareSort): void;
  select(id: string | null): Promise<void>;
  reloadDetail(): Promise<void>;
  revoke(id: string): Promise<boolean>;
  extend(id: string, expiry: ShareExpiry): Promise<boolean>;
  changeLimits(id: string, limits: { maxViews?: number | null; maxDownloads?: number | null }): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  loadServer(): Promise<void>;
  saveServer(settings: ShareServerSettings): Promise<boolean>;
  /** A `shares.changed` event: refresh what is on screen. */
  applyChanged(shareIds: readonly string[]): void;
  reset(): void;
}

/** Newest first by creation; by last access, links never opened go last (newest of those first). */
export function sortShares(list: readonly ShareSummary[], sort: ShareSort): ShareSummary[] {
  const byCreated = (a: ShareSummary, b: ShareSummary) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1);
  if (sort === 'created') return [...list].sort(byCreated);
  return [...list].sort((a, b) => {
    if (a.lastAccessAt === b.lastAccessAt) return byCreated(a, b);
    if (a.lastAccessAt === null) return 1;
    if (b.lastAccessAt === null) return -1;
    return b.lastAccessAt - a.lastAccessAt;
  });
}

/** Bumped by reset (lock, screen closed): answers to older requests are dropped. */
let epoch = 0;

export const useShares = create<SharesStore>()((set, get) => {
  /** Runs a change, then shows its result in the list and the detail; false (and a message) on failure. */
  async function act(run: () => Promise<ShareSummary | null>): Promise<boolean> {
    const at = epoch;
    set({ actionError: null });
    try {
      const summary = await run();
      if (at !== epoch) return true;
      if (summary) set((s) => ({ list: s.list.map((x) => (x.id === summary.id ? summary : x)) }));
      await Promise.all([get().refresh(), get().reloadDetail()]);
      return true;
    } catch (error) {
      if (at === epoch) set({ actionError: humanMessage(error) });
      return false;
    }
  }

  return {
    list: [],
    loaded: false,
    error: null,
    sort: 'created',
    selectedId: null,
    detail: null,
    detailError: null,
    actionError: null,
    server: null,
    serverError: null,

    async refresh() {
      const at = epoch;
      try {
        const list = await api.call('shares.list', {});
        if (at === epoch) set({ list, loaded: true, error: null });
      } catch (error) {
        if (at === epoch) set({ error: humanMessage(error), loaded: true });
      }
    },

    setSort(sort) {
      set({ sort });
    },

    async select(id) {
      set({ selectedId: id, detail: null, detailError: null, actionError: null });
      if (id !== null) await get().reloadDetail();
    },

    async reloadDetail() {
      const id = get().selectedId;
      if (id === null) return;
      const at = epoch;
      try {
        const detail = await api.call('shares.get', { id });
        if (at === epoch && get().selectedId === id) set({ detail, detailError: null });
      } catch (error) {
        if (at === epoch && get().selectedId === id) set({ detail: null, detailError: humanMessage(error) });
      }
    },

    revoke(id) {
      return act(() => api.call('shares.revoke', { id }));
    },

    extend(id, expiry) {
      return act(() => api.call('shares.extend', { id, expiry }));
    },

    changeLimits(id, limits) {
      return act(() => api.call('shares.change', { id, ...limits }));
    },

    async remove(id) {
      const done = await act(async () => {
        await api.call('shares.delete', { id });
        return null;
      });
      if (done && get().selectedId === id) set({ selectedId: null, detail: null });
      return done;
    },

    async loadServer() {
      const at = epoch;
      try {
        const server = await api.call('shareServer.get', {});
        if (at === epoch) set({ server, serverError: null });
      } catch (error) {
        if (at === epoch) set({ serverError: humanMessage(error) });
      }
    },

    async saveServer(settings) {
      const at = epoch;
      set({ serverError: null });
      try {
        const server = await api.call('shareServer.set', { settings });
        if (at === epoch) set({ server });
        return true;
      } catch (error) {
        if (at === epoch) set({ serverError: humanMessage(error) });
        return false;
      }
    },

    applyChanged(shareIds) {
      if (!get().loaded) return;
      void get().refresh();
      const selected = get().selectedId;
      if (selected !== null && shareIds.includes(selected)) void get().reloadDetail();
    },

    reset() {
      epoch++;
      set({ list: [], loaded: false, error: null, sort: 'created', selectedId: null, detail: null, detailError: null, actionError: null, server: null, serverError: null });
    },
  };
});
