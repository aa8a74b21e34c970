import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiArgs } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { installTransport } from '../../renderer/src/api';
import type { RenditionPreset } from '../../renderer/src/lib/preset-types';
import { usePresets } from '../../renderer/src/stores/presets-store';
import { renditionUnsaved, useRenditionEditor } from '../../renderer/src/stores/rendition-editor-store';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';
import { marketplace, myRendition, presetsList, web } from './helpers/presets';

describe('rendition presets editor with a fake transport', () => {
  let transport: FakeTransport;
  let list: RenditionPreset[];

  beforeEach(async () => {
    useRenditionEditor.getState().end();
    usePresets.getState().reset();
    list = [marketplace, web, myRendition];
    transport = fakeTransport({
      'presets.list': () => presetsList([], list),
      'renditionPresets.save': (args: ApiArgs<'renditionPresets.save'>) => {
        const saved = { ...args.preset, id: args.preset.id ?? 'newnewnewnew', builtIn: list.find((p) => p.id === args.preset.id)?.builtIn ?? false } as RenditionPreset;
        list = list.some((p) => p.id === saved.id) ? list.map((p) => (p.id === saved.id ? saved : p)) : [...list, saved];
        return saved;
      },
      'renditionPresets.delete': (args: { id: string }) => {
        list = list.filter((p) => p.id !== args.id);
        return { ok: true };
      },
      'renditionPresets.reset': () => marketplace,
    });
    installTransport(transport);
    await usePresets.getState().refresh();
  });

  it('edits a built-in and restores it; it cannot be deleted', async () => {
    const editor = useRenditionEditor.getState();
    editor.edit(marketplace.id);
    editor.change({ ...useRenditionEditor.getState().form!, quality: 70 });
    expect(renditionUnsaved(useRenditionEditor.getState())).toBe(true);
    expect(await useRenditionEditor.getState().save()).toBe(true);
    expect(transport.calls.find((c) => c.method === 'renditionPresets.save')!.args).toMatchObject({ preset: { id: marketplace.id, quality: 70 } });
    expect(usePresets.getState().rendition.find((p) => p.id === marketplace.id)?.quality).toBe(70);
    expect(renditionUnsaved(useRenditionEditor.getState())).toBe(false);

    expect(await useRenditionEditor.getState().remove()).toBe(false);
    expect(transport.calls.some((c) => c.method === 'renditionPresets.delete')).toBe(false);

    expect(await useRenditionEditor.getState().restoreBuiltIn()).toBe(true);
    expect(useRenditionEditor.getState().form?.quality).toBe(85);
  });

  it('checks a new preset against the contract as it is edited, and saves it once valid', async () => {
    const editor = useRenditionEditor.getState();
    editor.edit(null);
    const form = useRenditionEditor.getState().form!;
    expect(form.name).toBe('New rendition');
    editor.change({ ...form, size: { mode: 'box', width: 8, height: Number.NaN, fit: 'cover', background: '#fff' } });
    expect(useRenditionEditor.getState().fieldErrors).toEqual({ width: 'At least 16 px.', height: 'Enter a value here.', background: 'A colour as #rrggbb.' });
    expect(await useRenditionEditor.getState().save()).toBe(false);
    expect(transport.calls.some((c) => c.method === 'renditionPresets.save')).toBe(false);

    editor.change({ ...form, name: 'Square 1600', size: { mode: 'box', width: 1600, height: 1600, fit: 'cover', background: '#ffffff' } });
    expect(await useRenditionEditor.getState().save()).toBe(true);
    expect(useRenditionEditor.getState()).toMatchObject({ presetId: 'newnewnewnew', builtIn: false });
  });

  it('deletes the user’s own preset and shows a refusal that names no field', async () => {
    useRenditionEditor.getState().edit(myRendition.id);
    transport.setHandler('renditionPresets.delete', () => {
      throw new ApiError('CONFLICT', 'a watermark preset is using it');
    });
    expect(await useRenditionEditor.getState().remove()).toBe(false);
    expect(useRenditionEditor.getState().error).toBe('A watermark preset is using it.');

    transport.setHandler('renditionPresets.delete', (args: { id: string }) => {
      list = list.filter((p) => p.id !== args.id);
      return { ok: true };
    });
    expect(await useRenditionEditor.getState().remove()).toBe(true);
    await settle();
    expect(usePresets.getState().rendition.map((p) => p.id)).not.toContain(myRendition.id);
    expect(useRenditionEditor.getState().presetId).toBe(marketplace.id);
  });
});
