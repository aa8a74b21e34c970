import type { RenditionPreset, WatermarkPreset } from '../../../renderer/src/lib/preset-types';

/** Presets shaped as presets.list returns them. */
export const marketplace: RenditionPreset = {
  id: 'builtin-marketplace',
  name: 'Marketplace 2000 px',
  builtIn: true,
  size: { mode: 'box', width: 2000, height: 2000, fit: 'contain', background: '#ffffff' },
  format: 'jpeg',
  quality: 85,
  sharpen: true,
};

export const web: RenditionPreset = {
  id: 'builtin-web',
  name: 'Web 1200 px',
  builtIn: true,
  size: { mode: 'long-edge', longEdge: 1200 },
  format: 'webp',
  quality: 80,
  sharpen: true,
};

export const myRendition: RenditionPreset = {
  id: 'abcdefghjkmn',
  name: 'Catalogue print',
  builtIn: false,
  size: { mode: 'long-edge', longEdge: 3000 },
  format: 'png',
  quality: 100,
  sharpen: false,
};

export const cornerMark: WatermarkPreset = {
  id: 'pqrstvwxyz01',
  name: 'Corner',
  text: '© {shop}',
  logoBlob: null,
  sizePercent: 20,
  color: '#ffffff',
  opacity: 0.6,
  rotation: 0,
  placement: { mode: 'position', position: 'bottom-right', marginPercent: 3 },
  legibility: 'shadow',
};

export const tiledMark: WatermarkPreset = {
  ...cornerMark,
  id: 'pqrstvwxyz02',
  name: 'Proof tiles',
  text: 'PROOF',
  placement: { mode: 'tiled', spacingPercent: 40 },
  rotation: -30,
};

export function presetsList(watermark: WatermarkPreset[] = [cornerMark, tiledMark], rendition: RenditionPreset[] = [marketplace, web, myRendition]) {
  return { rendition, watermark, defaults: { renditionPresetId: 'builtin-full-size', nameTemplate: '{sku}_{n}.{ext}' } };
}

/** A promise and its resolve/reject, for answering fake calls when a test chooses. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
