import { create } from 'zustand';
import type { RenditionPresetInput, WatermarkPresetInput } from '../../../shared/api/imaging-schemas';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';
import type { PresetDefaults, RenditionPreset, WatermarkPreset } from '../lib/preset-types';

export interface PresetsStore {
  readonly rendition: readonly RenditionPreset[];
  readonly watermark: readonly WatermarkPreset[];
  readonly defaults: PresetDefaults | null;
  readonly loaded: boolean;
  /** Why the list could not be read, for the screen that needs it. */
  readonly error: string | null;

  refresh(): Promise<void>;
  /** The saves and deletes throw ApiError: the editor showing the preset says what went wrong, next to it. */
  saveRendition(preset: RenditionPresetInput): Promise<RenditionPreset>;
  deleteRendition(id: string): Promise<void>;
  resetRendition(id: string): Promise<RenditionPreset>;
  saveWatermark(preset: WatermarkPresetInput): Promise<WatermarkPreset>;
  deleteWatermark(id: string): Promise<void>;
  reset(): void;
}

/** Bumped by reset (lock): an answer to a request made before it must not refill the lists. */
let epoch = 0;

function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((p) => p.id === item.id) ? list.map((p) => (p.id === item.id ? item : p)) : [...list, item];
}

/** Rendition and watermark presets, shared by the designer, the rendition editor and the export dialog. */
export const usePresets = create<PresetsStore>()((set) => {
  /** After a change, the engine's order (and anything changed elsewhere, e.g. by the CLI) wins. */
  function refreshQuietly(): void {
    void usePresets.getState().refresh();
  }

  return {
    rendition: [],
    watermark: [],
    defaults: null,
    loaded: false,
    error: null,

    async refresh() {
      const at = epoch;
      try {
        const answer = await api.call('presets.list', {});
        if (at === epoch) set({ rendition: answer.rendition, watermark: answer.watermark, defaults: answer.defaults, loaded: true, error: null });
      } catch (error) {
        if (at === epoch) set({ error: humanMessage(error) });
      }
    },

    async saveRendition(preset) {
      const saved = await api.call('renditionPresets.save', { preset });
      set((s) => ({ rendition: upsert(s.rendition, saved) }));
      refreshQuietly();
      return saved;
    },

    async deleteRendition(id) {
      await api.call('renditionPresets.delete', { id });
      set((s) => ({ rendition: s.rendition.filter((p) => p.id !== id) }));
      refreshQuietly();
    },

    async resetRendition(id) {
      const restored = await api.call('renditionPresets.reset', { id });
      set((s) => ({ rendition: upsert(s.rendition, restored) }));
      return restored;
    },

    async saveWatermark(preset) {
      const saved = await api.call('watermarkPresets.save', { preset });
      set((s) => ({ watermark: upsert(s.watermark, saved) }));
      refreshQuietly();
      return saved;
    },

    async deleteWatermark(id) {
      await api.call('watermarkPresets.delete', { id });
      set((s) => ({ watermark: s.watermark.filter((p) => p.id !== id) }));
      refreshQuietly();
    },

    reset() {
      epoch++;
      set({ rendition: [], watermark: [], defaults: null, loaded: false, error: null });
    },
  };
});
