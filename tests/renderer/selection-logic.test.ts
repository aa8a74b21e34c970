import { describe, expect, it } from 'vitest';
import {
  clickMode,
  emptySelection,
  focusOnly,
  nextFocus,
  rangeBounds,
  selectOnly,
  selectRange,
  toggleItem,
  type SelectionState,
} from '../../renderer/src/lib/selection-logic';

/** Ids for a list of 100 items: "a0" … "a99"; index i has id `a${i}`. */
const idOf = (i: number) => `a${i}`;
const idsBetween = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => idOf(from + k));
const ids = (s: SelectionState) => [...s.selected].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));

/** What a range click does, with the ids the store would load for it. */
function rangeClick(state: SelectionState, target: number, additive = false): SelectionState {
  const { from, to } = rangeBounds(state, target);
  return selectRange(state, target, idsBetween(from, to), additive);
}

describe('selection logic: pointer', () => {
  it('maps modifiers to click modes', () => {
    expect(clickMode({ shift: false, toggle: false })).toBe('replace');
    expect(clickMode({ shift: false, toggle: true })).toBe('toggle');
    expect(clickMode({ shift: true, toggle: false })).toBe('range');
    expect(clickMode({ shift: true, toggle: true })).toBe('range-add');
  });

  it('a plain click selects only that item and anchors there', () => {
    const s = selectOnly(5, idOf(5));
    expect(ids(s)).toEqual(['a5']);
    expect(s.anchor).toBe(5);
    expect(s.focus).toBe(5);
  });

  it('shift-click selects anchor..target in either direction, replacing the rest', () => {
    let s = selectOnly(5, idOf(5));
    s = rangeClick(s, 9);
    expect(ids(s)).toEqual(['a5', 'a6', 'a7', 'a8', 'a9']);
    // The anchor stays: a second shift-click re-ranges from it, here backwards.
    s = rangeClick(s, 2);
    expect(ids(s)).toEqual(['a2', 'a3', 'a4', 'a5']);
    expect(s.anchor).toBe(5);
    expect(s.focus).toBe(2);
  });

  it('ctrl/cmd-click toggles one item and moves the anchor to it', () => {
    let s = selectOnly(1, idOf(1));
    s = toggleItem(s, 4, idOf(4));
    expect(ids(s)).toEqual(['a1', 'a4']);
    s = toggleItem(s, 1, idOf(1));
    expect(ids(s)).toEqual(['a4']);
    expect(s.anchor).toBe(1);
  });

  it('ctrl+shift-click adds a range to what is selected', () => {
    let s = selectOnly(0, idOf(0));
    s = toggleItem(s, 10, idOf(10));
    s = rangeClick(s, 12, true);
    expect(ids(s)).toEqual(['a0', 'a10', 'a11', 'a12']);
  });

  it('a shift-click with no anchor yet selects just the target', () => {
    const s = rangeClick(emptySelection, 3);
    expect(ids(s)).toEqual(['a3']);
    expect(s.anchor).toBe(3);
  });

  it('never mutates the previous state', () => {
    const before = selectOnly(1, idOf(1));
    toggleItem(before, 2, idOf(2));
    rangeClick(before, 5);
    expect(ids(before)).toEqual(['a1']);
  });
});

describe('selection logic: keyboard', () => {
  const shape = { total: 23, columns: 5, pageRows: 2 };

  it('arrows move within the grid, left/right wrapping rows', () => {
    expect(nextFocus(0, 'ArrowRight', shape)).toBe(1);
    expect(nextFocus(4, 'ArrowRight', shape)).toBe(5);
    expect(nextFocus(5, 'ArrowLeft', shape)).toBe(4);
    expect(nextFocus(0, 'ArrowLeft', shape)).toBe(0);
    expect(nextFocus(7, 'ArrowDown', shape)).toBe(12);
    expect(nextFocus(7, 'ArrowUp', shape)).toBe(2);
    expect(nextFocus(2, 'ArrowUp', shape)).toBe(2);
  });

  it('down from above a partial last row lands on the last item; on the last row it stays', () => {
    // Rows: 0-4, 5-9, 10-14, 15-19, 20-22. From 18, below is 23 (missing) → last item 22.
    expect(nextFocus(18, 'ArrowDown', shape)).toBe(22);
    expect(nextFocus(21, 'ArrowDown', shape)).toBe(21);
  });

  it('Home, End, Page Up/Down', () => {
    expect(nextFocus(12, 'Home', shape)).toBe(0);
    expect(nextFocus(3, 'End', shape)).toBe(22);
    expect(nextFocus(3, 'PageDown', shape)).toBe(13);
    expect(nextFocus(13, 'PageDown', shape)).toBe(22);
    expect(nextFocus(13, 'PageUp', shape)).toBe(3);
    expect(nextFocus(3, 'PageUp', shape)).toBe(0);
  });

  it('with no focus yet, any key starts at the first item (End at the last); an empty list has none', () => {
    expect(nextFocus(null, 'ArrowDown', shape)).toBe(0);
    expect(nextFocus(null, 'End', shape)).toBe(22);
    expect(nextFocus(null, 'ArrowDown', { ...shape, total: 0 })).toBeNull();
  });

  it('shift+arrows extend from the anchor; ctrl+arrows move the focus alone', () => {
    let s = selectOnly(6, idOf(6));
    s = rangeClick(s, nextFocus(s.focus, 'ArrowRight', shape)!);
    s = rangeClick(s, nextFocus(s.focus, 'ArrowDown', shape)!);
    expect(ids(s)).toEqual(idsBetween(6, 12));
    s = rangeClick(s, nextFocus(s.focus, 'ArrowUp', shape)!);
    s = rangeClick(s, nextFocus(s.focus, 'ArrowUp', shape)!);
    expect(ids(s)).toEqual(['a2', 'a3', 'a4', 'a5', 'a6']);
    const moved = focusOnly(s, 20);
    expect(moved.focus).toBe(20);
    expect(moved.selected).toBe(s.selected);
  });
});
