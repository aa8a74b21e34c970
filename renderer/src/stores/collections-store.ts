import { create } from 'zustand';
import type { Collection } from '../../../shared/api/schemas';
import { api } from '../api';
import { chunks, MAX_IDS_PER_CALL } from '../lib/chunks';
import { plural } from '../lib/format';
import { notify, reportError } from './toast-store';

export interface CollectionsStore {
  readonly collections: readonly Collection[];
  refresh(): Promise<void>;
  create(name: string): Promise<Collection | null>;
  rename(id: string, name: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  addAssets(id: string, assetIds: readonly string[]): Promise<boolean>;
  removeAssets(id: string, assetIds: readonly string[]): Promise<boolean>;
  reset(): void;
}

const byName = (a: Collection, b: Collection) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** Bumped by reset (lock): an answer to a request made before it must not refill the store. */
let epoch = 0;

export const useCollections = create<CollectionsStore>()((set, get) => {
  const nameOf = (id: string) => get().collections.find((c) => c.id === id)?.name ?? 'the collection';

  return {
    collections: [],

    async refresh() {
      const at = epoch;
      try {
        const collections = await api.call('collections.list', {});
        if (at === epoch) set({ collections: [...collections].sort(byName) });
      } catch {
        // Shown again on the next library.changed; the grid reports real failures.
      }
    },

    async create(name) {
      try {
        const created = await api.call('collections.create', { name });
        set((s) => ({ collections: [...s.collections.filter((c) => c.id !== created.id), created].sort(byName) }));
        return created;
      } catch (error) {
        reportError('Could not create the collection', error);
        return null;
      }
    },

    async rename(id, name) {
      try {
        await api.call('collections.rename', { id, name });
        set((s) => ({ collections: s.collections.map((c) => (c.id === id ? { ...c, name: name.trim() } : c)).sort(byName) }));
        return true;
      } catch (error) {
        reportError('Could not rename the collection', error);
        return false;
      }
    },

    async remove(id) {
      try {
        await api.call('collections.delete', { id });
        set((s) => ({ collections: s.collections.filter((c) => c.id !== id) }));
        return true;
      } catch (error) {
        reportError('Could not delete the collection', error);
        return false;
      }
    },

    async addAssets(id, assetIds) {
      if (assetIds.length === 0) return true;
      try {
        for (const batch of chunks(assetIds, MAX_IDS_PER_CALL)) await api.call('collections.addAssets', { id, assetIds: batch });
        notify(`Added ${plural(assetIds.length, 'asset')} to “${nameOf(id)}”`);
        void get().refresh();
        return true;
      } catch (error) {
        reportError(`Could not add to “${nameOf(id)}”`, error);
        return false;
      }
    },

    async removeAssets(id, assetIds) {
      if (assetIds.length === 0) return true;
      try {
        for (const batch of chunks(assetIds, MAX_IDS_PER_CALL)) await api.call('collections.removeAssets', { id, assetIds: batch });
        void get().refresh();
        return true;
      } catch (error) {
        reportError(`Could not remove from “${nameOf(id)}”`, error);
        return false;
      }
    },

    reset() {
      epoch++;
      set({ collections: [] });
    },
  };
});
