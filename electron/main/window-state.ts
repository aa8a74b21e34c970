/** Where and how big the main window was, remembered across launches (userData/window-state.json). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** What to open with: a position only when it is known to be on a screen; otherwise Electron centres. */
export interface InitialWindowState {
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;
/** How much of a saved window must overlap a display for it to count as visible there. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The file is ours but may be damaged or hand-edited: anything unexpected means "no saved state". */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null || typeof maximized !== 'boolean') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (![x, y, width, height].every(isFiniteNumber)) return null;
  const rect = { x, y, width, height } as Rect;
  if (rect.width <= 0 || rect.height <= 0) return null;
  return { bounds: rect, maximized };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/**
 * Restores saved bounds only onto a display that is still there (monitors get unplugged, resolutions
 * change): the work area overlapping the saved window most must show a reasonable part of it. The window
 * is then shrunk to fit that work area and moved fully inside it. Otherwise the default size is used,
 * centred by Electron on the primary display (the first work area).
 */
export function restoreWindowState(saved: WindowState | null, workAreas: readonly Rect[]): InitialWindowState {
  const fallback = (): InitialWindowState => {
    const primary = workAreas[0];
    return {
      bounds: {
        width: primary ? Math.min(DEFAULT_WINDOW_SIZE.width, primary.width) : DEFAULT_WINDOW_SIZE.width,
        height: primary ? Math.min(DEFAULT_WINDOW_SIZE.height, primary.height) : DEFAULT_WINDOW_SIZE.height,
      },
      maximized: saved?.maximized ?? false,
    };
  };
  if (!saved) return fallback();

  let best: { area: Rect; size: number } | null = null;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && (!best || o.width * o.height > best.size)) {
      best = { area, size: o.width * o.height };
    }
  }
  if (!best) return fallback();

  const { area } = best;
  const width = Math.round(Math.min(Math.max(saved.bounds.width, MIN_WINDOW_SIZE.width), area.width));
  const height = Math.round(Math.min(Math.max(saved.bounds.height, MIN_WINDOW_SIZE.height), area.height));
  const x = Math.round(clamp(saved.bounds.x, area.x, area.x + area.width - width));
  const y = Math.round(clamp(saved.bounds.y, area.y, area.y + area.height - height));
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}
