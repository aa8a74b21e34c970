import type { WatermarkDraft, WatermarkPresetInput } from '../../../shared/api/imaging-schemas';
import type { WatermarkLegibility, WatermarkPosition } from './imaging-labels';
import type { WatermarkPlacement, WatermarkPreset } from './preset-types';

/**
 * The designer's editable copy of a watermark preset. Text is a plain string here ('' = no text) so
 * inputs can bind to it; the contract's `null` is produced when it is sent.
 */
export interface WatermarkForm {
  readonly name: string;
  readonly text: string;
  readonly logoBlob: string | null;
  readonly sizePercent: number;
  readonly color: string;
  readonly opacity: number;
  readonly rotation: number;
  readonly placement: WatermarkPlacement;
  readonly legibility: WatermarkLegibility;
}

/** Where a new mark starts: the shop's name, small, bottom right, readable on any photo. */
export const NEW_WATERMARK: WatermarkForm = {
  name: 'New watermark',
  text: '© {shop}',
  logoBlob: null,
  sizePercent: 25,
  color: '#ffffff',
  opacity: 0.7,
  rotation: 0,
  placement: { mode: 'position', position: 'bottom-right', marginPercent: 3 },
  legibility: 'shadow',
};

const DEFAULT_MARGIN_PERCENT = 3;
const DEFAULT_SPACING_PERCENT = 30;

export function formFromPreset(preset: WatermarkPreset): WatermarkForm {
  return {
    name: preset.name,
    text: preset.text ?? '',
    logoBlob: preset.logoBlob,
    sizePercent: preset.sizePercent,
    color: preset.color,
    opacity: preset.opacity,
    rotation: preset.rotation,
    placement: preset.placement,
    legibility: preset.legibility,
  };
}

/** The unsaved preset as the preview takes it. */
export function draftFromForm(form: WatermarkForm): WatermarkDraft {
  return {
    name: form.name,
    text: form.text.trim() === '' ? null : form.text,
    logoBlob: form.logoBlob,
    sizePercent: form.sizePercent,
    color: form.color,
    opacity: form.opacity,
    rotation: form.rotation,
    placement: form.placement,
    legibility: form.legibility,
  };
}

/** What watermarkPresets.save takes: the draft with its id, or none for a new preset. */
export function inputFromForm(form: WatermarkForm, id: string | null): WatermarkPresetInput {
  const { name, ...rest } = draftFromForm(form);
  return { ...(id === null ? {} : { id }), ...rest, name: name ?? '' };
}

export function formsEqual(a: WatermarkForm, b: WatermarkForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Switching between one position and tiling keeps the choices of the mode left, for switching back. */
export function placementFor(mode: WatermarkPlacement['mode'], current: WatermarkPlacement, remembered: { position?: WatermarkPosition; marginPercent?: number; spacingPercent?: number }): WatermarkPlacement {
  if (mode === current.mode) return current;
  if (mode === 'tiled') return { mode: 'tiled', spacingPercent: remembered.spacingPercent ?? DEFAULT_SPACING_PERCENT };
  return { mode: 'position', position: remembered.position ?? 'bottom-right', marginPercent: remembered.marginPercent ?? DEFAULT_MARGIN_PERCENT };
}

/** Inserts `insert` into `text` in place of the selection [start, end); returns the text and the caret after it. */
export function insertAt(text: string, insert: string, start: number | null, end: number | null): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start ?? text.length, text.length));
  const to = Math.max(from, Math.min(end ?? from, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}
