import { create } from 'zustand';
import { renditionPresetInputSchema } from '../../../shared/api/imaging-schemas';
import { humanMessage } from '../lib/error-messages';
import { fieldErrorFromApiError, fieldErrorsFromIssues, NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';
import { NEW_RENDITION, renditionFormFrom, renditionInput, type RenditionForm } from '../lib/rendition-form';
import { copyName, uniqueName } from '../lib/preset-names';
import { usePresets } from './presets-store';

export interface RenditionEditorStore {
  /** The saved preset being edited, or null for a new one. */
  readonly presetId: string | null;
  readonly builtIn: boolean;
  readonly form: RenditionForm | null;
  readonly saved: RenditionForm | null;
  readonly fieldErrors: FieldErrors;
  readonly error: string | null;
  readonly busy: boolean;

  edit(presetId: string | null): void;
  duplicate(): void;
  change(form: RenditionForm): void;
  save(): Promise<boolean>;
  /** Deletes a preset of the user's (built-ins cannot be deleted). */
  remove(): Promise<boolean>;
  /** A built-in back to what Strongroom ships. */
  restoreBuiltIn(): Promise<boolean>;
  end(): void;
}

const FORM_FIELDS = ['name', 'size', 'longEdge', 'width', 'height', 'fit', 'background', 'format', 'quality', 'sharpen'];

export function renditionUnsaved(s: Pick<RenditionEditorStore, 'form' | 'saved'>): boolean {
  if (s.form === null) return false;
  return s.saved === null || JSON.stringify(s.form) !== JSON.stringify(s.saved);
}

/** The rendition presets tab: one preset edited at a time, saved through the presets store. */
export const useRenditionEditor = create<RenditionEditorStore>()((set, get) => {
  const takenNames = () => usePresets.getState().rendition.map((p) => p.name);

  /** Runs a change against the engine; errors land on a field when the engine names one. */
  async function attempt(action: () => Promise<void>): Promise<boolean> {
    set({ busy: true, error: null });
    try {
      await action();
      return true;
    } catch (error) {
      const onField = fieldErrorFromApiError(error, FORM_FIELDS);
      if (onField) set((s) => ({ fieldErrors: { ...s.fieldErrors, [onField.field]: onField.message } }));
      else set({ error: humanMessage(error) });
      return false;
    } finally {
      set({ busy: false });
    }
  }

  return {
    presetId: null,
    builtIn: false,
    form: null,
    saved: null,
    fieldErrors: NO_FIELD_ERRORS,
    error: null,
    busy: false,

    edit(presetId) {
      const preset = presetId === null ? undefined : usePresets.getState().rendition.find((p) => p.id === presetId);
      const common = { fieldErrors: NO_FIELD_ERRORS, error: null };
      if (preset) {
        const form = renditionFormFrom(preset);
        set({ ...common, presetId: preset.id, builtIn: preset.builtIn, form, saved: form });
      } else {
        set({ ...common, presetId: null, builtIn: false, form: { ...NEW_RENDITION, name: uniqueName(NEW_RENDITION.name, takenNames()) }, saved: null });
      }
    },

    duplicate() {
      const { form } = get();
      if (form === null) return;
      set({ presetId: null, builtIn: false, saved: null, form: { ...form, name: copyName(form.name, takenNames()) }, error: null });
    },

    change(form) {
      const checked = renditionPresetInputSchema.safeParse(renditionInput(form, null));
      set({ form, error: null, fieldErrors: checked.success ? NO_FIELD_ERRORS : fieldErrorsFromIssues(checked.error.issues) });
    },

    async save() {
      const { form, presetId } = get();
      if (form === null) return false;
      const input = renditionInput(form, presetId);
      const checked = renditionPresetInputSchema.safeParse(input);
      if (!checked.success) {
        set({ fieldErrors: fieldErrorsFromIssues(checked.error.issues) });
        return false;
      }
      return attempt(async () => {
        const saved = await usePresets.getState().saveRendition(input);
        const stored = renditionFormFrom(saved);
        set((s) => ({ presetId: saved.id, builtIn: saved.builtIn, saved: stored, form: s.form === form ? stored : s.form, fieldErrors: NO_FIELD_ERRORS }));
      });
    },

    async remove() {
      const { presetId, builtIn } = get();
      if (builtIn) return false;
      const ok = presetId === null ? true : await attempt(() => usePresets.getState().deleteRendition(presetId));
      if (ok) get().edit(usePresets.getState().rendition[0]?.id ?? null);
      return ok;
    },

    async restoreBuiltIn() {
      const { presetId, builtIn } = get();
      if (presetId === null || !builtIn) return false;
      return attempt(async () => {
        const restored = renditionFormFrom(await usePresets.getState().resetRendition(presetId));
        set({ form: restored, saved: restored, fieldErrors: NO_FIELD_ERRORS });
      });
    },

    end() {
      set({ presetId: null, builtIn: false, form: null, saved: null, fieldErrors: NO_FIELD_ERRORS, error: null, busy: false });
    },
  };
});
