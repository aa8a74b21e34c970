import { create } from 'zustand';
import { watermarkDraftSchema, watermarkPresetInputSchema, type WatermarkDraft } from '../../../shared/api/imaging-schemas';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';
import { fieldErrorFromApiError, fieldErrorsFromIssues, NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';
import { latestOnly } from '../lib/latest-only';
import type { WatermarkPreview } from '../lib/preset-types';
import { copyName, uniqueName } from '../lib/preset-names';
import { draftFromForm, formFromPreset, formsEqual, inputFromForm, NEW_WATERMARK, type WatermarkForm } from '../lib/watermark-form';
import { usePresets } from './presets-store';

/** A rendered preview, and which edit it shows (revisions count every change that affects the picture). */
export interface DesignerPreview extends WatermarkPreview {
  readonly revision: number;
  readonly assetId: string;
}

export interface LogoInfo {
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

export interface DesignerStore {
  /** The saved preset being edited, or null for one not saved yet. */
  readonly presetId: string | null;
  /** The editable copy; null while the designer is closed. */
  readonly form: WatermarkForm | null;
  /** What the vault holds for the preset being edited; null for a new one. */
  readonly saved: WatermarkForm | null;
  /** A logo imported in this sitting (a saved preset's logo is known only by its id). */
  readonly logo: LogoInfo | null;
  readonly logoBusy: boolean;
  readonly logoError: string | null;
  /** Problems by field name (`text`, `name`, `color`…): from the contract's schema, or the engine's answer. */
  readonly fieldErrors: FieldErrors;
  readonly saving: boolean;
  /** A save or delete that failed for a reason that is not one field's. */
  readonly error: string | null;

  readonly previewAssetId: string | null;
  /** Show the output's geometry (a square, a crop) of this rendition preset; null: the preview image as is. */
  readonly previewRenditionId: string | null;
  readonly revision: number;
  readonly preview: DesignerPreview | null;
  /** A preview request is out (or waiting). */
  readonly rendering: boolean;
  /** Why the latest edit is not shown: a field is invalid, there is no image, the engine refused. */
  readonly previewProblem: string | null;

  /** Opens on `assetId` (else the library's first asset), editing the first saved preset or a new one. */
  begin(assetId: string | null): Promise<void>;
  /** Edits a saved preset, or (null) starts a new one. Unsaved changes are the caller's to confirm. */
  edit(presetId: string | null): void;
  duplicate(): void;
  change(patch: Partial<WatermarkForm>): void;
  /** Back to what is saved. */
  discard(): void;
  save(): Promise<boolean>;
  /** Deletes the preset being edited (a new one is just dropped). */
  remove(): Promise<boolean>;
  importLogo(file: File): Promise<void>;
  removeLogo(): void;
  setPreviewAsset(assetId: string): void;
  setPreviewRendition(presetId: string | null): void;
  /** Closes: forgets the form and the preview image (which shows vault content). */
  end(): void;
}

interface PreviewRequest {
  readonly revision: number;
  readonly assetId: string;
  readonly draft: WatermarkDraft;
  readonly renditionPresetId: string | null;
}

const EMPTY_LIBRARY = 'Import an image to see the watermark on it.';

/** Bumped by end(): answers to requests made before it are dropped. */
let epoch = 0;

/**
 * The preview pane shows the picture at most about 1000 CSS pixels wide; asking for that many device
 * pixels rather than the full 2048 halves the engine's work and the browser's decode for every change.
 */
const PREVIEW_CSS_EDGE = 1024;
function previewEdge(): number {
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return Math.min(2048, Math.max(64, Math.ceil(PREVIEW_CSS_EDGE * ratio)));
}

export function hasUnsavedChanges(s: Pick<DesignerStore, 'form' | 'saved'>): boolean {
  if (s.form === null) return false;
  return s.saved === null || !formsEqual(s.form, s.saved);
}

/** Changes to these fields change the picture; a rename does not. */
function affectsPicture(patch: Partial<WatermarkForm>): boolean {
  return Object.keys(patch).some((key) => key !== 'name');
}

/** The designer closed: nothing decrypted (the preview picture) or half-edited is kept. */
const CLOSED = {
  presetId: null,
  form: null,
  saved: null,
  logo: null,
  logoBusy: false,
  logoError: null,
  fieldErrors: NO_FIELD_ERRORS,
  saving: false,
  error: null,
  previewAssetId: null,
  previewRenditionId: null,
  preview: null,
  rendering: false,
  previewProblem: null,
} as const;

export const useDesigner = create<DesignerStore>()((set, get) => {
  const previews = latestOnly<PreviewRequest>(async (request) => {
    const at = epoch;
    try {
      const result = await api.call('watermark.preview', {
        assetId: request.assetId,
        preset: request.draft,
        ...(request.renditionPresetId === null ? {} : { renditionPresetId: request.renditionPresetId }),
        maxEdge: previewEdge(),
      });
      if (at !== epoch) return;
      // An older answer never replaces a newer picture (answers come back in order, but be sure).
      if ((get().preview?.revision ?? -1) > request.revision) return;
      set((s) => ({ preview: { ...result, revision: request.revision, assetId: request.assetId }, previewProblem: request.revision === s.revision ? null : s.previewProblem }));
    } catch (error) {
      if (at === epoch && request.revision === get().revision) set({ previewProblem: humanMessage(error) });
    } finally {
      if (at === epoch) set({ rendering: previews.waiting });
    }
  });

  /** Validates the form against the contract; sends the preview when it passes. */
  function refreshPreview(): void {
    const { form, previewAssetId, previewRenditionId, revision } = get();
    if (form === null) return;
    const draft = draftFromForm(form);
    const checked = watermarkDraftSchema.safeParse(draft);
    const fieldErrors = checked.success ? NO_FIELD_ERRORS : fieldErrorsFromIssues(checked.error.issues);
    if (!checked.success) {
      previews.cancel();
      set({ fieldErrors, previewProblem: Object.values(fieldErrors)[0] ?? 'This watermark cannot be drawn.', rendering: false });
      return;
    }
    if (previewAssetId === null) {
      set({ fieldErrors, previewProblem: EMPTY_LIBRARY });
      return;
    }
    set({ fieldErrors, rendering: true, previewProblem: null });
    previews.push({ revision, assetId: previewAssetId, draft, renditionPresetId: previewRenditionId });
  }

  function load(presetId: string | null, form: WatermarkForm, saved: WatermarkForm | null): void {
    set((s) => ({ presetId, form, saved, logo: null, logoError: null, error: null, fieldErrors: NO_FIELD_ERRORS, revision: s.revision + 1 }));
    refreshPreview();
  }

  const takenNames = () => usePresets.getState().watermark.map((p) => p.name);

  return {
    ...CLOSED,
    revision: 0,

    async begin(assetId) {
      const at = epoch;
      let target = assetId;
      const presets = usePresets.getState();
      const [first] = await Promise.all([
        target === null ? api.call('assets.list', { limit: 1 }).then((page) => page.items[0]?.id ?? null, () => null) : Promise.resolve(null),
        presets.refresh(),
      ]);
      if (at !== epoch) return;
      target ??= first;
      set({ previewAssetId: target });
      const firstPreset = usePresets.getState().watermark[0];
      get().edit(firstPreset?.id ?? null);
    },

    edit(presetId) {
      const preset = presetId === null ? undefined : usePresets.getState().watermark.find((p) => p.id === presetId);
      if (preset) {
        const form = formFromPreset(preset);
        load(preset.id, form, form);
      } else {
        load(null, { ...NEW_WATERMARK, name: uniqueName(NEW_WATERMARK.name, takenNames()) }, null);
      }
    },

    duplicate() {
      const { form } = get();
      if (form === null) return;
      set({ presetId: null, saved: null, form: { ...form, name: copyName(form.name, takenNames()) }, error: null });
    },

    change(patch) {
      const { form } = get();
      if (form === null) return;
      const picture = affectsPicture(patch);
      set((s) => ({ form: { ...form, ...patch }, error: null, revision: picture ? s.revision + 1 : s.revision }));
      if (picture) refreshPreview();
      else set((s) => ({ fieldErrors: withoutField(s.fieldErrors, 'name') }));
    },

    discard() {
      const { presetId } = get();
      get().edit(presetId);
    },

    async save() {
      const { form, presetId } = get();
      if (form === null) return false;
      const input = inputFromForm(form, presetId);
      const checked = watermarkPresetInputSchema.safeParse(input);
      if (!checked.success) {
        set({ fieldErrors: fieldErrorsFromIssues(checked.error.issues) });
        return false;
      }
      set({ saving: true, error: null });
      try {
        const saved = await usePresets.getState().saveWatermark(input);
        const stored = formFromPreset(saved);
        // Edits made while the save was out stay in the form (and stay unsaved).
        set((s) => ({ presetId: saved.id, saved: stored, form: s.form === form ? stored : s.form, fieldErrors: NO_FIELD_ERRORS }));
        return true;
      } catch (error) {
        const onField = fieldErrorFromApiError(error, Object.keys(form));
        if (onField) set((s) => ({ fieldErrors: { ...s.fieldErrors, [onField.field]: onField.message } }));
        else set({ error: humanMessage(error) });
        return false;
      } finally {
        set({ saving: false });
      }
    },

    async remove() {
      const { presetId } = get();
      if (presetId !== null) {
        try {
          await usePresets.getState().deleteWatermark(presetId);
        } catch (error) {
          set({ error: humanMessage(error) });
          return false;
        }
      }
      const next = usePresets.getState().watermark[0];
      get().edit(next?.id ?? null);
      return true;
    },

    async importLogo(file) {
      const at = epoch;
      set({ logoBusy: true, logoError: null });
      try {
        const logo = await api.importLogo(file);
        if (at !== epoch) return;
        get().change({ logoBlob: logo.logoBlob });
        set({ logo: { name: file.name, width: logo.width, height: logo.height } });
      } catch (error) {
        if (at === epoch) set({ logoError: humanMessage(error) });
      } finally {
        if (at === epoch) set({ logoBusy: false });
      }
    },

    removeLogo() {
      get().change({ logoBlob: null });
      set({ logo: null, logoError: null });
    },

    setPreviewAsset(assetId) {
      if (assetId === get().previewAssetId) return;
      set((s) => ({ previewAssetId: assetId, revision: s.revision + 1 }));
      refreshPreview();
    },

    setPreviewRendition(presetId) {
      if (presetId === get().previewRenditionId) return;
      set((s) => ({ previewRenditionId: presetId, revision: s.revision + 1 }));
      refreshPreview();
    },

    end() {
      epoch++;
      previews.cancel();
      set(CLOSED);
    },
  };
});

function withoutField(errors: FieldErrors, field: string): FieldErrors {
  if (!(field in errors)) return errors;
  const { [field]: _removed, ...rest } = errors;
  return rest;
}
