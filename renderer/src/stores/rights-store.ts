import { create } from 'zustand';
import { z } from 'zod';
import { rightsPatchSchema, shopNameSchema, type RightsPatch, type RightsState } from '../../../shared/api/imaging-schemas';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';
import { fieldErrorFromApiError, fieldErrorsFromIssues, NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';
import type { DataMining } from '../lib/imaging-labels';

/** The rights profile as the dialog edits it: every field a string ('' = not set), plus the shop name. */
export interface RightsForm {
  readonly creator: string;
  readonly copyrightNotice: string;
  readonly creditLine: string;
  readonly webStatement: string;
  readonly licensorName: string;
  readonly licensorUrl: string;
  readonly licensorEmail: string;
  readonly usageTerms: string;
  readonly dataMining: DataMining | '';
  readonly otherConstraints: string;
  readonly shopName: string;
}

export type RightsField = keyof RightsForm;
type TextRightsField = Exclude<RightsField, 'dataMining' | 'shopName'>;

export const RIGHTS_FIELDS: readonly RightsField[] = [
  'creator',
  'copyrightNotice',
  'creditLine',
  'webStatement',
  'licensorName',
  'licensorUrl',
  'licensorEmail',
  'usageTerms',
  'dataMining',
  'otherConstraints',
  'shopName',
];

const TEXT_FIELDS = RIGHTS_FIELDS.filter((f): f is TextRightsField => f !== 'dataMining' && f !== 'shopName');

export const EMPTY_RIGHTS: RightsForm = Object.fromEntries(RIGHTS_FIELDS.map((f) => [f, ''])) as unknown as RightsForm;

/** What rights.set takes, checked here first so every field's problem shows at once. */
const rightsSetSchema = z.object({ rights: rightsPatchSchema, shopName: shopNameSchema.optional() });

export function formFromRights(state: RightsState): RightsForm {
  const r = state.rights;
  return {
    creator: r.creator ?? '',
    copyrightNotice: r.copyrightNotice ?? '',
    creditLine: r.creditLine ?? '',
    webStatement: r.webStatement ?? '',
    licensorName: r.licensorName ?? '',
    licensorUrl: r.licensorUrl ?? '',
    licensorEmail: r.licensorEmail ?? '',
    usageTerms: r.usageTerms ?? '',
    dataMining: r.dataMining ?? '',
    otherConstraints: r.otherConstraints ?? '',
    shopName: state.shopName ?? '',
  };
}

/**
 * Only the fields that differ from what is stored: rights.set changes the fields it names and keeps
 * the others, so a value changed meanwhile elsewhere (the CLI) is not overwritten with a stale one.
 */
export function rightsChanges(form: RightsForm, saved: RightsForm): { rights: RightsPatch; shopName?: string | null } {
  const rights: RightsPatch = {};
  for (const field of TEXT_FIELDS) {
    if (form[field] !== saved[field]) rights[field] = form[field] === '' ? null : form[field];
  }
  if (form.dataMining !== saved.dataMining) rights.dataMining = form.dataMining === '' ? null : form.dataMining;
  return form.shopName !== saved.shopName ? { rights, shopName: form.shopName === '' ? null : form.shopName } : { rights };
}

export interface RightsStore {
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly loadError: string | null;
  readonly saved: RightsForm;
  readonly form: RightsForm;
  readonly fieldErrors: FieldErrors;
  readonly saving: boolean;
  readonly saveError: string | null;

  load(): Promise<void>;
  change(field: RightsField, value: string): void;
  /** Resolves true when everything was stored (or nothing had changed). */
  save(): Promise<boolean>;
  reset(): void;
}

let epoch = 0;

export const useRights = create<RightsStore>()((set, get) => ({
  status: 'idle',
  loadError: null,
  saved: EMPTY_RIGHTS,
  form: EMPTY_RIGHTS,
  fieldErrors: NO_FIELD_ERRORS,
  saving: false,
  saveError: null,

  async load() {
    const at = epoch;
    set({ status: 'loading', loadError: null, fieldErrors: NO_FIELD_ERRORS, saveError: null });
    try {
      const form = formFromRights(await api.call('rights.get', {}));
      if (at === epoch) set({ status: 'ready', saved: form, form });
    } catch (error) {
      if (at === epoch) set({ status: 'failed', loadError: humanMessage(error) });
    }
  },

  change(field, value) {
    set((s) => {
      const { [field]: _fixed, ...fieldErrors } = s.fieldErrors;
      return { form: { ...s.form, [field]: value }, fieldErrors, saveError: null };
    });
  },

  async save() {
    const { form, saved, status } = get();
    if (status !== 'ready') return false;
    const changes = rightsChanges(form, saved);
    const checked = rightsSetSchema.safeParse(changes);
    if (!checked.success) {
      set({ fieldErrors: fieldErrorsFromIssues(checked.error.issues) });
      return false;
    }
    if (Object.keys(changes.rights).length === 0 && changes.shopName === undefined) return true;
    const at = epoch;
    set({ saving: true, saveError: null });
    try {
      const stored = formFromRights(await api.call('rights.set', changes));
      if (at === epoch) set({ saved: stored, form: stored, fieldErrors: NO_FIELD_ERRORS });
      return true;
    } catch (error) {
      if (at !== epoch) return false;
      const onField = fieldErrorFromApiError(error, RIGHTS_FIELDS);
      if (onField) set((s) => ({ fieldErrors: { ...s.fieldErrors, [onField.field]: onField.message } }));
      else set({ saveError: humanMessage(error) });
      return false;
    } finally {
      if (at === epoch) set({ saving: false });
    }
  },

  reset() {
    epoch++;
    set({ status: 'idle', loadError: null, saved: EMPTY_RIGHTS, form: EMPTY_RIGHTS, fieldErrors: NO_FIELD_ERRORS, saving: false, saveError: null });
  },
}));
