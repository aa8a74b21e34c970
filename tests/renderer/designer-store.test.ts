import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiArgs, ApiResult } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { installTransport } from '../../renderer/src/api';
import { hasUnsavedChanges, useDesigner } from '../../renderer/src/stores/designer-store';
import { usePresets } from '../../renderer/src/stores/presets-store';
import { idFor, listHandler } from './helpers/assets';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';
import { cornerMark, deferred, presetsList, tiledMark, type Deferred } from './helpers/presets';

type PreviewArgs = ApiArgs<'watermark.preview'>;
type PreviewResult = ApiResult<'watermark.preview'>;

const jpeg = (tag: string): PreviewResult => ({
  dataUrl: `data:image/jpeg;base64,${btoa(tag)}`,
  width: 2048,
  height: 1365,
  renderMs: 21,
  variables: { date: '2025-06-01', shop: 'Ada Studio', recipient: '', shareId: '' },
});

describe('watermark designer store with a fake transport', () => {
  let transport: FakeTransport;
  /** Preview calls, in order, each answered when the test says. */
  let previews: { args: PreviewArgs; answer: Deferred<PreviewResult> }[];

  const previewCalls = () => transport.calls.filter((c) => c.method === 'watermark.preview').map((c) => c.args as PreviewArgs);
  const answer = (i: number, tag: string) => previews[i]!.answer.resolve(jpeg(tag));

  beforeEach(() => {
    useDesigner.getState().end();
    usePresets.getState().reset();
    previews = [];
    transport = fakeTransport({
      'presets.list': () => presetsList(),
      'assets.list': listHandler(3) as never,
      'watermark.preview': (args: PreviewArgs) => {
        const d = deferred<PreviewResult>();
        previews.push({ args, answer: d });
        return d.promise;
      },
    });
    installTransport(transport);
  });

  // The store keeps one request out across sittings (the engine is still busy with it): answer
  // whatever a test left unanswered, so the next test starts with none out.
  afterEach(async () => {
    for (let answered = 0; answered < previews.length; ) {
      for (; answered < previews.length; answered++) previews[answered]!.answer.resolve(jpeg('left over'));
      // Answering one may start the one that waited.
      await settle();
    }
  });

  it('opens on the given asset with the first saved preset, and draws it', async () => {
    await useDesigner.getState().begin(idFor(7));
    const s = useDesigner.getState();
    expect(s.presetId).toBe(cornerMark.id);
    expect(s.form?.text).toBe('© {shop}');
    expect(hasUnsavedChanges(s)).toBe(false);
    // Drawn at the size the pane shows it (1024 px at a device pixel ratio of 1), not the stored 2048.
    expect(previewCalls()).toEqual([{ assetId: idFor(7), preset: stripId(cornerMark), maxEdge: 1024 }]);
    expect(s.rendering).toBe(true);

    answer(0, 'first');
    await settle();
    expect(useDesigner.getState()).toMatchObject({ rendering: false, previewProblem: null, preview: { dataUrl: jpeg('first').dataUrl, assetId: idFor(7) } });
  });

  it('previews on the library’s first asset when nothing is selected, and says so when the library is empty', async () => {
    await useDesigner.getState().begin(null);
    expect(previewCalls()[0]!.assetId).toBe(idFor(0));

    useDesigner.getState().end();
    transport.setHandler('assets.list', listHandler(0) as never);
    await useDesigner.getState().begin(null);
    expect(previewCalls()).toHaveLength(1);
    expect(useDesigner.getState().previewProblem).toMatch(/Import an image/);
  });

  it('keeps one preview request out: edits made meanwhile collapse into the newest, which is drawn', async () => {
    await useDesigner.getState().begin(idFor(1));
    const { change } = useDesigner.getState();
    change({ opacity: 0.5 });
    change({ opacity: 0.4 });
    change({ opacity: 0.3 });
    expect(previewCalls()).toHaveLength(1);

    answer(0, 'opening');
    await settle();
    // The intermediate opacities were never asked for; the answer out is shown while the latest renders.
    expect(previewCalls().map((a) => a.preset.opacity)).toEqual([0.6, 0.3]);
    expect(useDesigner.getState()).toMatchObject({ rendering: true, preview: { dataUrl: jpeg('opening').dataUrl } });

    answer(1, 'latest');
    await settle();
    const s = useDesigner.getState();
    expect(s.preview?.dataUrl).toBe(jpeg('latest').dataUrl);
    expect(s.preview?.revision).toBe(s.revision);
    expect(s.rendering).toBe(false);
    expect(hasUnsavedChanges(s)).toBe(true);
  });

  it('does not redraw for a rename, and does not send a draft the contract refuses', async () => {
    await useDesigner.getState().begin(idFor(1));
    answer(0, 'opening');
    await settle();
    useDesigner.getState().change({ name: 'Renamed' });
    expect(previewCalls()).toHaveLength(1);

    useDesigner.getState().change({ text: '' });
    expect(previewCalls()).toHaveLength(1);
    expect(useDesigner.getState()).toMatchObject({ rendering: false, previewProblem: 'A watermark needs text, a logo, or both.', fieldErrors: { text: 'A watermark needs text, a logo, or both.' } });

    useDesigner.getState().change({ text: 'PROOF' });
    expect(useDesigner.getState().previewProblem).toBeNull();
    expect(previewCalls().at(-1)!.preset.text).toBe('PROOF');
  });

  it('shows the engine’s refusal for the latest edit, and drops answers after it closes', async () => {
    await useDesigner.getState().begin(idFor(1));
    previews[0]!.answer.reject(new ApiError('NOT_FOUND', 'that logo is not in the vault; import the logo again'));
    await settle();
    expect(useDesigner.getState().previewProblem).toBe('That logo is not in the vault; import the logo again.');

    useDesigner.getState().change({ rotation: 45 });
    useDesigner.getState().end();
    answer(1, 'too late');
    await settle();
    expect(useDesigner.getState()).toMatchObject({ preview: null, form: null, rendering: false });
  });

  it('previews on another asset, or as a rendition preset would crop it', async () => {
    await useDesigner.getState().begin(idFor(1));
    answer(0, 'a');
    await settle();
    useDesigner.getState().setPreviewAsset(idFor(2));
    answer(1, 'b');
    await settle();
    useDesigner.getState().setPreviewRendition('builtin-marketplace');
    expect(previewCalls().slice(1)).toEqual([
      expect.objectContaining({ assetId: idFor(2) }),
      expect.objectContaining({ assetId: idFor(2), renditionPresetId: 'builtin-marketplace' }),
    ]);
  });

  it('saves a new preset, then edits it; a duplicate is a new, unsaved copy', async () => {
    transport.setHandler('watermarkPresets.save', (args: { preset: Record<string, unknown> }) => ({ ...args.preset, id: 'zzzzzzzzzzzz', color: '#ffffff' }));
    await useDesigner.getState().begin(idFor(1));
    useDesigner.getState().edit(null);
    expect(useDesigner.getState().form?.name).toBe('New watermark');
    useDesigner.getState().change({ name: 'Studio proof', color: '#FFFFFF' });

    expect(await useDesigner.getState().save()).toBe(true);
    const saveArgs = transport.calls.find((c) => c.method === 'watermarkPresets.save')!.args as { preset: Record<string, unknown> };
    expect(saveArgs.preset).not.toHaveProperty('id');
    expect(saveArgs.preset.name).toBe('Studio proof');
    let s = useDesigner.getState();
    expect(s.presetId).toBe('zzzzzzzzzzzz');
    // The engine's normalised value (lower-case colour) is what is now stored and shown.
    expect(s.form?.color).toBe('#ffffff');
    expect(hasUnsavedChanges(s)).toBe(false);
    expect(usePresets.getState().watermark.map((p) => p.id)).toContain('zzzzzzzzzzzz');

    useDesigner.getState().duplicate();
    s = useDesigner.getState();
    expect([s.presetId, s.form?.name, hasUnsavedChanges(s)]).toEqual([null, 'Studio proof copy', true]);
  });

  it('puts a refused save on its field, or says why it failed', async () => {
    await useDesigner.getState().begin(idFor(1));
    useDesigner.getState().change({ name: '   ' });
    expect(await useDesigner.getState().save()).toBe(false);
    expect(useDesigner.getState().fieldErrors.name).toBe('A preset needs a name.');
    expect(transport.calls.some((c) => c.method === 'watermarkPresets.save')).toBe(false);

    useDesigner.getState().change({ name: 'Corner' });
    transport.setHandler('watermarkPresets.save', () => {
      throw new ApiError('INVALID_ARGUMENT', 'invalid arguments for watermarkPresets.save: preset.text: must not contain control characters');
    });
    expect(await useDesigner.getState().save()).toBe(false);
    expect(useDesigner.getState().fieldErrors.text).toBe('Must not contain control characters.');

    transport.setHandler('watermarkPresets.save', () => {
      throw new ApiError('NOT_FOUND', 'that logo is no longer in the vault; import the logo again');
    });
    expect(await useDesigner.getState().save()).toBe(false);
    expect(useDesigner.getState().error).toBe('That logo is no longer in the vault; import the logo again.');
    expect(useDesigner.getState().saving).toBe(false);
  });

  it('deletes the preset being edited and moves to the next one', async () => {
    let remaining = [cornerMark, tiledMark];
    transport.setHandler('presets.list', () => presetsList(remaining));
    transport.setHandler('watermarkPresets.delete', (args: { id: string }) => {
      remaining = remaining.filter((p) => p.id !== args.id);
      return { ok: true };
    });
    await useDesigner.getState().begin(idFor(1));
    expect(await useDesigner.getState().remove()).toBe(true);
    expect(transport.calls.find((c) => c.method === 'watermarkPresets.delete')!.args).toEqual({ id: cornerMark.id });
    expect(useDesigner.getState().presetId).toBe(tiledMark.id);
  });

  it('imports a logo (by path in Electron) into the draft, and reports a refused one', async () => {
    transport.setHandler('watermarkPresets.importLogo', () => ({ logoBlob: 'b'.repeat(64), width: 512, height: 128, byteSize: 9000 }));
    await useDesigner.getState().begin(idFor(1));
    answer(0, 'opening');
    await settle();
    await useDesigner.getState().importLogo(new File([new Uint8Array(8)], 'logo.png'));
    expect(transport.calls.find((c) => c.method === 'watermarkPresets.importLogo')!.args).toEqual({ source: 'path', path: '/photos/logo.png' });
    expect(useDesigner.getState()).toMatchObject({ logo: { name: 'logo.png', width: 512, height: 128 }, form: { logoBlob: 'b'.repeat(64) }, logoBusy: false });
    expect(previewCalls().at(-1)!.preset.logoBlob).toBe('b'.repeat(64));

    transport.setHandler('watermarkPresets.importLogo', () => {
      throw new ApiError('INVALID_ARGUMENT', 'this logo cannot be used: SVG files are refused');
    });
    await useDesigner.getState().importLogo(new File([new Uint8Array(8)], 'logo.svg'));
    expect(useDesigner.getState().logoError).toBe('This logo cannot be used: SVG files are refused.');
    useDesigner.getState().removeLogo();
    expect(useDesigner.getState().form?.logoBlob).toBeNull();
  });
});

function stripId<T extends { id?: string }>(preset: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = preset;
  return rest;
}
