import { create } from 'zustand';
import { itemAt } from '../lib/page-cache';
import {
  clickMode,
  emptySelection,
  focusOnly,
  nextFocus,
  rangeBounds,
  selectIds,
  selectOnly,
  selectRange,
  toggleItem,
  type GridShape,
  type NavigationKey,
  type SelectionState,
} from '../lib/selection-logic';
import { reportError } from './toast-store';
import { useLibrary } from './library-store';

export interface Modifiers {
  readonly shift: boolean;
  /** Ctrl on Windows/Linux, ⌘ on macOS. */
  readonly toggle: boolean;
}

export interface SelectionStore extends SelectionState {
  /** A range is being resolved (its ids loaded) before it can be applied. */
  readonly pending: boolean;
  click(index: number, id: string, modifiers: Modifiers): Promise<void>;
  navigate(key: NavigationKey, modifiers: Modifiers, shape: GridShape): Promise<void>;
  /** Space: toggle the focused item in or out of the selection. */
  toggleFocused(): Promise<void>;
  selectAll(): Promise<void>;
  /** Select assets by id from elsewhere (an import report's duplicate link). */
  selectAssets(ids: readonly string[]): void;
  /** Dragging an unselected cell drags that cell alone, as file managers do. */
  ensureSelected(index: number, id: string): void;
  clear(): void;
}

/** The id at an index, from the cache or with one small request. */
async function idAt(index: number): Promise<string | null> {
  const cached = itemAt(useLibrary.getState().cache, index);
  if (cached) return cached.id;
  const ids = await useLibrary.getState().idsInRange(index, index);
  return ids?.[0] ?? null;
}

export const useSelection = create<SelectionStore>()((set, get) => {
  const current = (): SelectionState => {
    const { selected, anchor, focus } = get();
    return { selected, anchor, focus };
  };

  /** Loads the ids of a range, then applies it, unless the selection changed while loading. */
  async function applyRange(target: number, additive: boolean): Promise<void> {
    const before = current();
    const { from, to } = rangeBounds(before, target);
    set({ pending: true, focus: target });
    try {
      const ids = await useLibrary.getState().idsInRange(from, to);
      if (ids === null || get().selected !== before.selected) return;
      set(selectRange(before, target, ids, additive));
    } catch (error) {
      reportError('Could not select those assets', error);
    } finally {
      set({ pending: false });
    }
  }

  return {
    ...emptySelection,
    pending: false,

    async click(index, id, modifiers) {
      const mode = clickMode(modifiers);
      if (mode === 'replace') set(selectOnly(index, id));
      else if (mode === 'toggle') set(toggleItem(current(), index, id));
      else await applyRange(index, mode === 'range-add');
    },

    async navigate(key, modifiers, shape) {
      const state = current();
      const target = nextFocus(state.focus, key, shape);
      if (target === null) return;
      if (modifiers.shift) return applyRange(target, modifiers.toggle);
      if (modifiers.toggle) return set(focusOnly(state, target));
      set({ focus: target, anchor: target });
      const id = await idAt(target).catch(() => null);
      if (id !== null && get().focus === target) set(selectOnly(target, id));
    },

    async toggleFocused() {
      const { focus } = get();
      if (focus === null) return;
      const id = await idAt(focus).catch(() => null);
      if (id !== null) set(toggleItem(current(), focus, id));
    },

    async selectAll() {
      const total = useLibrary.getState().cache.total ?? 0;
      if (total === 0) return;
      set({ pending: true });
      try {
        const ids = await useLibrary.getState().idsInRange(0, total - 1);
        if (ids !== null) set({ selected: new Set(ids), anchor: get().anchor ?? 0 });
      } catch (error) {
        reportError('Could not select all assets', error);
      } finally {
        set({ pending: false });
      }
    },

    selectAssets(ids) {
      set(selectIds(ids));
    },

    ensureSelected(index, id) {
      if (!get().selected.has(id)) set(selectOnly(index, id));
    },

    clear() {
      set({ ...emptySelection, selected: new Set() });
    },
  };
});

/** The one selected id, or null when zero or several are selected. */
export function singleSelected(selected: ReadonlySet<string>): string | null {
  if (selected.size !== 1) return null;
  return selected.values().next().value ?? null;
}
