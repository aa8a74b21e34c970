import type { RenditionPresetInput } from '../../../shared/api/imaging-schemas';
import { MAX_RENDITION_EDGE } from '../../../shared/api/imaging-schemas';
import { BOX_FIT_LABELS, RENDITION_FORMAT_LABELS } from './imaging-labels';
import type { RenditionPreset, RenditionSize } from './preset-types';

/** The rendition editor's copy of a preset: the contract's input shape, without id and builtIn. */
export type RenditionForm = Omit<RenditionPresetInput, 'id' | 'builtIn'> & { readonly size: RenditionSize };

export const NEW_RENDITION: RenditionForm = {
  name: 'New rendition',
  size: { mode: 'long-edge', longEdge: 2000 },
  format: 'jpeg',
  quality: 85,
  sharpen: true,
};

const DEFAULT_BOX = { width: 2000, height: 2000, fit: 'contain', background: '#ffffff' } as const;

export function renditionFormFrom(preset: RenditionPreset): RenditionForm {
  return { name: preset.name, size: preset.size, format: preset.format, quality: preset.quality, sharpen: preset.sharpen };
}

export function renditionInput(form: RenditionForm, id: string | null): RenditionPresetInput {
  return { ...(id === null ? {} : { id }), ...form };
}

/** Switching size mode carries the long edge into the box and back, so nothing typed is lost. */
export function sizeFor(mode: RenditionSize['mode'], current: RenditionSize): RenditionSize {
  if (mode === current.mode) return current;
  if (mode === 'box') {
    const edge = current.mode === 'long-edge' && current.longEdge < MAX_RENDITION_EDGE ? current.longEdge : DEFAULT_BOX.width;
    return { mode: 'box', ...DEFAULT_BOX, width: edge, height: edge };
  }
  return { mode: 'long-edge', longEdge: current.mode === 'box' ? Math.max(current.width, current.height) : 2000 };
}

/** One line about a preset for lists: "2000 × 2000 box (contain, #ffffff) · JPEG 85". */
export function describeRendition(preset: Pick<RenditionForm, 'size' | 'format' | 'quality'>): string {
  const { size } = preset;
  const geometry =
    size.mode === 'long-edge'
      ? size.longEdge >= MAX_RENDITION_EDGE
        ? 'Original size'
        : `${size.longEdge.toLocaleString()} px long edge`
      : `${size.width.toLocaleString()} × ${size.height.toLocaleString()} ${BOX_FIT_LABELS[size.fit].split(':')[0]!.toLowerCase()}${size.fit === 'contain' ? ` on ${size.background}` : ''}`;
  const quality = preset.format === 'png' ? '' : ` ${preset.quality}`;
  return `${geometry} · ${RENDITION_FORMAT_LABELS[preset.format]}${quality}`;
}
