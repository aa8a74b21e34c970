import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, parseWindowState, restoreWindowState, type Rect } from '../../electron/main/window-state';
import { readWindowState, writeWindowState } from '../../electron/main/window-state-file';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: -200, width: 2560, height: 1415 };
const state = (bounds: Rect, maximized = false) => ({ bounds, maximized });

describe('restoreWindowState', () => {
  it('keeps a window that fits on its display as it was', () => {
    expect(restoreWindowState(state({ x: 100, y: 50, width: 1200, height: 800 }, true), [laptop, external])).toEqual({
      bounds: { x: 100, y: 50, width: 1200, height: 800 },
      maximized: true,
    });
    expect(restoreWindowState(state({ x: 2000, y: 0, width: 1600, height: 1000 }), [laptop, external]).bounds).toEqual({ x: 2000, y: 0, width: 1600, height: 1000 });
  });

  it('moves a window hanging off an edge back inside the display', () => {
    expect(restoreWindowState(state({ x: 1000, y: 600, width: 1200, height: 800 }), [laptop]).bounds).toEqual({ x: 240, y: 75, width: 1200, height: 800 });
    expect(restoreWindowState(state({ x: -300, y: -40, width: 1000, height: 700 }), [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display (e.g. after a resolution change)', () => {
    expect(restoreWindowState(state({ x: 0, y: 0, width: 2400, height: 1300 }), [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });

  it('falls back to the default size, without a position, when the display is gone', () => {
    const onUnplugged = state({ x: 2000, y: 100, width: 1200, height: 800 }, true);
    expect(restoreWindowState(onUnplugged, [laptop])).toEqual({ bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: true });
  });

  it('treats a sliver on screen as not visible', () => {
    expect(restoreWindowState(state({ x: 1400, y: 100, width: 1200, height: 800 }), [laptop]).bounds).not.toHaveProperty('x');
  });

  it('picks the display showing most of the window', () => {
    const straddling = state({ x: 1000, y: 0, width: 1400, height: 800 });
    expect(restoreWindowState(straddling, [laptop, external]).bounds).toEqual({ x: 1440, y: 0, width: 1400, height: 800 });
  });

  it('uses the default size, fitted to a small primary display, with nothing saved', () => {
    expect(restoreWindowState(null, [laptop])).toEqual({ bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false });
    expect(restoreWindowState(null, [{ x: 0, y: 0, width: 1024, height: 600 }]).bounds).toEqual({ width: 1024, height: 600 });
    expect(restoreWindowState(null, []).bounds).toEqual({ ...DEFAULT_WINDOW_SIZE });
  });

  it('enforces the minimum size when the display allows it', () => {
    expect(restoreWindowState(state({ x: 10, y: 10, width: 200, height: 100 }), [laptop]).bounds).toEqual({ x: 10, y: 10, width: 800, height: 560 });
  });
});

describe('parseWindowState', () => {
  it.each([null, 'x', 42, {}, { bounds: { x: 0, y: 0, width: 10 }, maximized: false }, { bounds: { x: 0, y: 0, width: 10, height: 10 } },
    { bounds: { x: 0, y: 0, width: Number.NaN, height: 10 }, maximized: false }, { bounds: { x: '0', y: 0, width: 10, height: 10 }, maximized: false },
    { bounds: { x: 0, y: 0, width: 0, height: 10 }, maximized: false }, { bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: 'yes' }])(
    'rejects %j',
    (value) => {
      expect(parseWindowState(value)).toBeNull();
    },
  );
});

describe('window-state.json', () => {
  it('round-trips, is private to the user, and reads damage as "nothing saved"', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'strongroom-winstate-'));
    const file = path.join(dir, 'nested', 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, state({ x: 1, y: 2, width: 900, height: 600 }, true));
    expect(readWindowState(file)).toEqual(state({ x: 1, y: 2, width: 900, height: 600 }, true));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, '{"bounds": ');
    expect(readWindowState(file)).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('{"bounds": ');
  });
});
