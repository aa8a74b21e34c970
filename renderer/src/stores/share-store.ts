import { create } from 'zustand';
import type { ApiArgs } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { api } from '../api';
import { copyText } from '../lib/clipboard';
import { humanMessage } from '../lib/error-messages';
import { fieldErrorFromApiError, NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';
import { formFromPolicy, formToOptions, formToPolicy, type ShareForm, type ShareFormField } from '../lib/share-form';

/**
 * The Share dialog: one click makes a link with the vault's default policy and copies it; "Adjust"
 * opens every option; a selection with drafts stops at a warning until the user shares anyway.
 */
export type SharePhase = 'idle' | 'creating' | 'created' | 'drafts' | 'adjusting' | 'failed';

/** Whether the link reached the clipboard; refused means the dialog shows it selected for copying by hand. */
export type CopyState = 'copied' | 'refused' | null;

export interface CreatedLink {
  readonly id: string;
  readonly url: string;
  readonly expiresAt: number | null;
  /** False when the share server is not running: the link works once it is. */
  readonly serving: boolean;
}

const FORM_FIELDS: readonly ShareFormField[] = [
  'expiry',
  'expiryDate',
  'maxViews',
  'maxDownloads',
  'viewOnly',
  'password',
  'recipientName',
  'recipientCompany',
  'recipientEmail',
  'renditionPresetId',
  'watermarkPresetId',
  'terms',
  'note',
];
/** Contract field names of shares.create's options, as the form names them. */
const CONTRACT_TO_FORM: Readonly<Record<string, ShareFormField>> = { name: 'recipientName', company: 'recipientCompany', email: 'recipientEmail', expiry: 'expiryDate' };

export interface ShareStore {
  /** The assets being shared: the selection when Share was pressed. */
  readonly assetIds: readonly string[];
  readonly phase: SharePhase;
  readonly link: CreatedLink | null;
  readonly copy: CopyState;
  /** Why the link could not be made, when no one field is to blame. */
  readonly error: string | null;
  /** The engine's words about the drafts in the selection (phase `drafts`). */
  readonly draftMessage: string | null;
  /** What "share anyway" repeats: the one click, or the Adjust form's options. */
  readonly lastAttempt: 'quick' | 'adjusted';
  readonly form: ShareForm | null;
  readonly fieldErrors: FieldErrors;
  /** "Saved as the default for one-click Share", or why not. */
  readonly policyMessage: string | null;

  /** One click: a link with the default policy for these assets, copied to the clipboard. */
  start(assetIds: readonly string[]): Promise<void>;
  shareAnyway(): Promise<void>;
  /** The options form, filled from the default policy. */
  adjust(): Promise<void>;
  setForm(change: Partial<ShareForm>): void;
  createAdjusted(): Promise<void>;
  saveAsDefault(): Promise<void>;
  copyAgain(): Promise<void>;
  reset(): void;
}

/** Bumped by reset (close, lock): an answer to a request made before must not reopen anything. */
let epoch = 0;

export const useShare = create<ShareStore>()((set, get) => {
  async function create(options: 'quick' | 'adjusted', allowDrafts: boolean): Promise<void> {
    const { assetIds, form } = get();
    if (assetIds.length === 0) return;
    let args: ApiArgs<'shares.create'> = { assetIds: [...assetIds], ...(allowDrafts ? { allowDrafts: true } : {}) };
    if (options === 'adjusted') {
      if (form === null) return;
      const parsed = formToOptions(form);
      if (!parsed.ok) {
        set({ fieldErrors: parsed.errors });
        return;
      }
      args = { ...args, options: parsed.value };
    }
    const at = epoch;
    const back = options === 'adjusted' ? 'adjusting' : 'failed';
    set({ phase: 'creating', lastAttempt: options, error: null, draftMessage: null, fieldErrors: NO_FIELD_ERRORS, copy: null, policyMessage: null });
    try {
      const made = await api.call('shares.create', args);
      if (at !== epoch) return;
      set({ phase: 'created', link: { id: made.id, url: made.url, expiresAt: made.expiresAt, serving: made.serving } });
      const copied = await copyText(made.url);
      if (at === epoch) set({ copy: copied ? 'copied' : 'refused' });
    } catch (error) {
      if (at !== epoch) return;
      if (error instanceof ApiError && error.code === 'NOT_APPROVED') {
        set({ phase: 'drafts', draftMessage: humanMessage(error) });
        return;
      }
      const onField = options === 'adjusted' ? fieldErrorFromApiError(error, [...FORM_FIELDS, ...Object.keys(CONTRACT_TO_FORM)]) : null;
      if (onField) set({ phase: back, fieldErrors: { [CONTRACT_TO_FORM[onField.field] ?? onField.field]: onField.message } });
      else set({ phase: back, error: humanMessage(error) });
    }
  }

  return {
    assetIds: [],
    phase: 'idle',
    link: null,
    copy: null,
    error: null,
    draftMessage: null,
    lastAttempt: 'quick',
    form: null,
    fieldErrors: NO_FIELD_ERRORS,
    policyMessage: null,

    async start(assetIds) {
      if (get().phase === 'creating') return;
      set({ assetIds: [...assetIds], link: null, form: null });
      await create('quick', false);
    },

    shareAnyway() {
      return create(get().lastAttempt, true);
    },

    async adjust() {
      const at = epoch;
      set({ phase: 'adjusting', error: null, draftMessage: null, fieldErrors: NO_FIELD_ERRORS, policyMessage: null });
      if (get().form !== null) return;
      try {
        const policy = await api.call('shares.getPolicy', {});
        if (at === epoch && get().form === null) set({ form: formFromPolicy(policy) });
      } catch (error) {
        if (at === epoch) set({ error: humanMessage(error) });
      }
    },

    setForm(change) {
      set((s) => {
        if (s.form === null) return {};
        const fieldErrors: Record<string, string> = { ...s.fieldErrors };
        for (const key of Object.keys(change)) delete fieldErrors[key];
        if ('expiry' in change) delete fieldErrors.expiryDate;
        return { form: { ...s.form, ...change }, fieldErrors, error: null, policyMessage: null };
      });
    },

    createAdjusted() {
      return create('adjusted', false);
    },

    async saveAsDefault() {
      const { form } = get();
      if (form === null) return;
      const parsed = formToPolicy(form);
      if (!parsed.ok) {
        set({ fieldErrors: parsed.errors });
        return;
      }
      const at = epoch;
      try {
        await api.call('shares.setPolicy', { policy: parsed.value });
        if (at === epoch) set({ policyMessage: 'Saved: one-click Share now uses these options (no password, recipient or note).' });
      } catch (error) {
        if (at === epoch) set({ policyMessage: `Not saved: ${humanMessage(error)}` });
      }
    },

    async copyAgain() {
      const { link } = get();
      if (link === null) return;
      const copied = await copyText(link.url);
      set({ copy: copied ? 'copied' : 'refused' });
    },

    reset() {
      epoch++;
      set({ assetIds: [], phase: 'idle', link: null, copy: null, error: null, draftMessage: null, lastAttempt: 'quick', form: null, fieldErrors: NO_FIELD_ERRORS, policyMessage: null });
    },
  };
});
