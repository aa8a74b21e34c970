/**
 * Multi-selection as in a file manager, over a list addressed by index (the grid's order) whose items
 * have stable ids. Pure functions: the store supplies the ids of a range, possibly after loading them,
 * since with a windowed list the items between two clicks may not be in memory.
 *
 * - click: select only that item; it becomes the anchor (the fixed end of later ranges) and the focus
 * - toggle (Ctrl/⌘-click): add or remove one item; anchor and focus move to it
 * - range (Shift-click): exactly anchor..item; range-add (Ctrl/⌘+Shift): that range added to the rest
 * - keyboard: arrows move the focus; plain moves select the item, Shift extends from the anchor,
 *   Ctrl/⌘ moves the focus alone (Space then toggles)
 */
export interface SelectionState {
  readonly selected: ReadonlySet<string>;
  /** Index the next range starts from. */
  readonly anchor: number | null;
  /** Index of the keyboard focus (the grid's active cell). */
  readonly focus: number | null;
}

export const emptySelection: SelectionState = { selected: new Set(), anchor: null, focus: null };

export type ClickMode = 'replace' | 'toggle' | 'range' | 'range-add';

export function clickMode(modifiers: { shift: boolean; toggle: boolean }): ClickMode {
  if (modifiers.shift) return modifiers.toggle ? 'range-add' : 'range';
  return modifiers.toggle ? 'toggle' : 'replace';
}

export function selectOnly(index: number, id: string): SelectionState {
  return { selected: new Set([id]), anchor: index, focus: index };
}

export function toggleItem(state: SelectionState, index: number, id: string): SelectionState {
  const selected = new Set(state.selected);
  if (selected.has(id)) selected.delete(id);
  else selected.add(id);
  return { selected, anchor: index, focus: index };
}

/** Inclusive index bounds of the range between the anchor (or the target itself) and the target. */
export function rangeBounds(state: SelectionState, target: number): { from: number; to: number } {
  const anchor = state.anchor ?? target;
  return { from: Math.min(anchor, target), to: Math.max(anchor, target) };
}

/** `rangeIds` are the ids of rangeBounds(state, target), in any order. The anchor stays put. */
export function selectRange(state: SelectionState, target: number, rangeIds: readonly string[], additive: boolean): SelectionState {
  const selected = new Set(additive ? state.selected : []);
  for (const id of rangeIds) selected.add(id);
  return { selected, anchor: state.anchor ?? target, focus: target };
}

/** Moves only the focus (Ctrl/⌘ + arrow). */
export function focusOnly(state: SelectionState, index: number): SelectionState {
  return { ...state, focus: index };
}

export function selectIds(ids: Iterable<string>, focus: number | null = null): SelectionState {
  return { selected: new Set(ids), anchor: focus, focus };
}

export type NavigationKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

const NAVIGATION_KEYS: ReadonlySet<string> = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

export function isNavigationKey(key: string): key is NavigationKey {
  return NAVIGATION_KEYS.has(key);
}

export interface GridShape {
  readonly total: number;
  readonly columns: number;
  /** Rows that fit on screen: Page Up/Down moves by this many. */
  readonly pageRows: number;
}

/**
 * Where the focus goes for a key, clamped to the list. Up/down keep the column; with no focus yet any
 * key lands on the first item. Left/right wrap across rows, as reading order does.
 */
export function nextFocus(current: number | null, key: NavigationKey, shape: GridShape): number | null {
  if (shape.total <= 0) return null;
  const last = shape.total - 1;
  if (current === null) return key === 'End' ? last : 0;
  const columns = Math.max(1, shape.columns);
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'ArrowRight':
      return clamp(current + 1);
    case 'ArrowUp':
      return current - columns >= 0 ? current - columns : current;
    case 'ArrowDown':
      // On the last row there is nothing below; a partial last row takes its last item.
      return current + columns <= last ? current + columns : Math.floor(current / columns) < Math.floor(last / columns) ? last : current;
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageUp':
      return clamp(current - columns * Math.max(1, shape.pageRows));
    case 'PageDown':
      return clamp(current + columns * Math.max(1, shape.pageRows));
  }
}
