import { beforeEach, describe, expect, it } from 'vitest';
import { installTransport } from '../../renderer/src/api';
import { useLibrary } from '../../renderer/src/stores/library-store';
import { useSelection } from '../../renderer/src/stores/selection-store';
import { idFor, idsHandler, listHandler } from './helpers/assets';
import { fakeTransport, settle } from './helpers/fake-transport';

const none = { shift: false, toggle: false };
const shift = { shift: true, toggle: false };
const toggle = { shift: false, toggle: true };
const selectedIds = () => [...useSelection.getState().selected].sort();
const idsOf = (...indexes: number[]) => indexes.map(idFor).sort();

describe('selection store with a fake transport', () => {
  let requests: { offset: number; limit: number }[];

  beforeEach(async () => {
    requests = [];
    installTransport(fakeTransport({ 'assets.list': listHandler(5_000, requests) as never, 'assets.ids': idsHandler(5_000, requests as never) as never }));
    useLibrary.getState().reset();
    useSelection.getState().clear();
    useLibrary.getState().showRange(0, 400);
    await settle();
  });

  it('click, ctrl-click and shift-click over loaded items', async () => {
    const s = useSelection.getState();
    await s.click(3, idFor(3), none);
    await s.click(7, idFor(7), toggle);
    expect(selectedIds()).toEqual(idsOf(3, 7));
    await s.click(10, idFor(10), shift);
    expect(selectedIds()).toEqual(idsOf(7, 8, 9, 10));
    expect(useSelection.getState().focus).toBe(10);
  });

  it('shift-click across items that are not loaded yet loads their ids first', async () => {
    const before = requests.length;
    await useSelection.getState().click(10, idFor(10), none);
    await useSelection.getState().click(3_010, idFor(3_010), shift);
    expect(useSelection.getState().selected.size).toBe(3_001);
    expect(useSelection.getState().selected.has(idFor(1_500))).toBe(true);
    expect(requests.length).toBeGreaterThan(before);
  });

  it('keyboard: arrows select, shift extends, ctrl moves focus only, space toggles', async () => {
    const s = useSelection.getState();
    const shape = { total: 5_000, columns: 4, pageRows: 3 };
    await s.navigate('ArrowRight', none, shape);
    expect(selectedIds()).toEqual(idsOf(0));
    await s.navigate('ArrowDown', shift, shape);
    expect(selectedIds()).toEqual(idsOf(0, 1, 2, 3, 4));
    await s.navigate('ArrowRight', toggle, shape);
    expect(useSelection.getState().focus).toBe(5);
    expect(selectedIds()).toEqual(idsOf(0, 1, 2, 3, 4));
    await s.toggleFocused();
    expect(selectedIds()).toEqual(idsOf(0, 1, 2, 3, 4, 5));
    await s.toggleFocused();
    expect(selectedIds()).toEqual(idsOf(0, 1, 2, 3, 4));
  });

  it('End jumps to the last item, loading it if needed', async () => {
    await useSelection.getState().navigate('End', none, { total: 5_000, columns: 4, pageRows: 3 });
    expect(useSelection.getState().focus).toBe(4_999);
    expect(selectedIds()).toEqual(idsOf(4_999));
  });

  it('select all takes every item of the current result; Escape-style clear empties it', async () => {
    await useSelection.getState().selectAll();
    expect(useSelection.getState().selected.size).toBe(5_000);
    expect(useSelection.getState().pending).toBe(false);
    useSelection.getState().clear();
    expect(useSelection.getState().selected.size).toBe(0);
    expect(useSelection.getState().focus).toBeNull();
  });

  it('dragging an unselected item selects it alone; a selected one keeps the selection', async () => {
    const s = useSelection.getState();
    await s.click(1, idFor(1), none);
    await s.click(2, idFor(2), toggle);
    s.ensureSelected(2, idFor(2));
    expect(selectedIds()).toEqual(idsOf(1, 2));
    s.ensureSelected(9, idFor(9));
    expect(selectedIds()).toEqual(idsOf(9));
  });
});
