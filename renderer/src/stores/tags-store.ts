import { create } from 'zustand';
import type { TagCount } from '../../../shared/api/schemas';
import { api } from '../api';
import { chunks, MAX_IDS_PER_CALL } from '../lib/chunks';
import { reportError } from './toast-store';

export interface TagsStore {
  readonly tags: readonly TagCount[];
  refresh(): Promise<void>;
  /** Adds and removes tags on every given asset at once (one asset, or the whole selection). */
  change(assetIds: readonly string[], add: readonly string[], remove: readonly string[]): Promise<boolean>;
  reset(): void;
}

/** Bumped by reset (lock): an answer to a request made before it must not refill the store. */
let epoch = 0;

export const useTags = create<TagsStore>()((set, get) => ({
  tags: [],

  async refresh() {
    const at = epoch;
    try {
      const tags = await api.call('tags.list', {});
      if (at === epoch) set({ tags: [...tags].sort((a, b) => a.name.localeCompare(b.name)) });
    } catch {
      // The list is a convenience; the next library.changed retries.
    }
  },

  async change(assetIds, add, remove) {
    if (assetIds.length === 0 || (add.length === 0 && remove.length === 0)) return true;
    try {
      for (const batch of chunks(assetIds, MAX_IDS_PER_CALL)) await api.call('tags.change', { assetIds: batch, add: [...add], remove: [...remove] });
      void get().refresh();
      return true;
    } catch (error) {
      reportError(add.length > 0 ? 'Could not add the tag' : 'Could not remove the tag', error);
      return false;
    }
  },

  reset() {
    epoch++;
    set({ tags: [] });
  },
}));
