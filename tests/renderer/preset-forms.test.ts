import { describe, expect, it } from 'vitest';
import { renditionPresetInputSchema, watermarkPresetInputSchema } from '../../shared/api/imaging-schemas';
import { copyName, uniqueName } from '../../renderer/src/lib/preset-names';
import { describeRendition, renditionFormFrom, renditionInput, sizeFor } from '../../renderer/src/lib/rendition-form';
import { draftFromForm, formFromPreset, formsEqual, inputFromForm, insertAt, NEW_WATERMARK, placementFor } from '../../renderer/src/lib/watermark-form';
import { cornerMark, marketplace, myRendition, web } from './helpers/presets';

describe('watermark form', () => {
  it('round-trips a preset, and sends empty text as no text', () => {
    const form = formFromPreset(cornerMark);
    expect(inputFromForm(form, cornerMark.id)).toEqual(cornerMark);
    const logoOnly = { ...form, text: '   ', logoBlob: 'a'.repeat(64) };
    expect(draftFromForm(logoOnly).text).toBeNull();
    expect(inputFromForm(logoOnly, null)).not.toHaveProperty('id');
    expect(formsEqual(form, formFromPreset(cornerMark))).toBe(true);
    expect(formsEqual(form, { ...form, opacity: 0.61 })).toBe(false);
  });

  it('starts new presets with a valid mark', () => {
    expect(watermarkPresetInputSchema.safeParse(inputFromForm(NEW_WATERMARK, null)).success).toBe(true);
  });

  it('remembers the settings of the placement mode left', () => {
    const position = { mode: 'position', position: 'top-left', marginPercent: 7 } as const;
    const tiled = placementFor('tiled', position, { spacingPercent: 55 });
    expect(tiled).toEqual({ mode: 'tiled', spacingPercent: 55 });
    expect(placementFor('position', tiled, { position: 'top-left', marginPercent: 7 })).toEqual(position);
    expect(placementFor('position', tiled, {})).toEqual({ mode: 'position', position: 'bottom-right', marginPercent: 3 });
    expect(placementFor('tiled', tiled, {})).toBe(tiled);
  });

  it('inserts a variable at the caret or over the selection', () => {
    expect(insertAt('© ', '{shop}', 2, 2)).toEqual({ text: '© {shop}', caret: 8 });
    expect(insertAt('for NAME only', '{recipient}', 4, 8)).toEqual({ text: 'for {recipient} only', caret: 15 });
    expect(insertAt('end', '{date}', null, null)).toEqual({ text: 'end{date}', caret: 9 });
  });
});

describe('preset names', () => {
  it('finds a free name, case-insensitively, within 100 characters', () => {
    expect(uniqueName('New watermark', ['Corner'])).toBe('New watermark');
    expect(uniqueName('New watermark', ['new WATERMARK', 'New watermark 2'])).toBe('New watermark 3');
    expect(copyName('Corner', ['Corner', 'Corner copy'])).toBe('Corner copy 2');
    const long = 'x'.repeat(100);
    const name = uniqueName(long, [long]);
    expect([...name].length).toBeLessThanOrEqual(100);
    expect(name.endsWith(' 2')).toBe(true);
  });
});

describe('rendition form', () => {
  it('round-trips presets into valid input', () => {
    for (const preset of [marketplace, web, myRendition]) {
      const input = renditionInput(renditionFormFrom(preset), preset.id);
      expect(renditionPresetInputSchema.parse(input)).toEqual({ ...preset, builtIn: undefined });
    }
  });

  it('carries the size across a change of mode', () => {
    const box = sizeFor('box', { mode: 'long-edge', longEdge: 1600 });
    expect(box).toEqual({ mode: 'box', width: 1600, height: 1600, fit: 'contain', background: '#ffffff' });
    expect(sizeFor('long-edge', { ...marketplace.size, mode: 'box', width: 1000, height: 1500, fit: 'cover', background: '#000000' })).toEqual({ mode: 'long-edge', longEdge: 1500 });
    // "Original size" (the largest edge) is no box size: a sensible default instead.
    expect(sizeFor('box', { mode: 'long-edge', longEdge: 16383 })).toMatchObject({ width: 2000, height: 2000 });
  });

  it('describes a preset in one line', () => {
    expect(describeRendition(web)).toBe('1,200 px long edge · WebP 80');
    expect(describeRendition(marketplace)).toBe('2,000 × 2,000 contain on #ffffff · JPEG 85');
    expect(describeRendition(myRendition)).toBe('3,000 px long edge · PNG');
    expect(describeRendition({ ...web, size: { mode: 'long-edge', longEdge: 16383 }, format: 'jpeg', quality: 92 })).toBe('Original size · JPEG 92');
  });
});
