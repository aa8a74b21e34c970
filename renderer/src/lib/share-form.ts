import {
  MAX_SHARE_LIMIT,
  shareOptionsSchema,
  sharePolicySchema,
  type ShareExpiry,
  type ShareExpiryPreset,
  type ShareOptionsInput,
  type SharePolicy,
} from '../../../shared/api/share-contract';
import { fieldErrorsFromIssues, type FieldErrors } from './field-errors';

/** The expiry choices of the Adjust form: the quick ones, a date, or "never" (only ever chosen by hand). */
export type ExpiryChoice = ShareExpiryPreset | 'date' | 'never';
export const EXPIRY_CHOICES: readonly ExpiryChoice[] = ['1h', '1d', '7d', '30d', 'date', 'never'];

/** What the Adjust form holds: text boxes as typed (an empty limit is "no limit"). */
export interface ShareForm {
  readonly expiry: ExpiryChoice;
  /** An <input type="datetime-local"> value, local time: "2026-05-01T18:00". */
  readonly expiryDate: string;
  readonly maxViews: string;
  readonly maxDownloads: string;
  readonly viewOnly: boolean;
  readonly password: string;
  readonly recipientName: string;
  readonly recipientCompany: string;
  readonly recipientEmail: string;
  readonly renditionPresetId: string;
  /** '' is no watermark. */
  readonly watermarkPresetId: string;
  readonly terms: string;
  readonly note: string;
}

export type ShareFormField = keyof ShareForm;

export function formFromPolicy(policy: SharePolicy): ShareForm {
  return {
    expiry: policy.expiry,
    expiryDate: '',
    maxViews: policy.maxViews === null ? '' : String(policy.maxViews),
    maxDownloads: policy.maxDownloads === null ? '' : String(policy.maxDownloads),
    viewOnly: policy.viewOnly,
    password: '',
    recipientName: '',
    recipientCompany: '',
    recipientEmail: '',
    renditionPresetId: policy.renditionPresetId,
    watermarkPresetId: policy.watermarkPresetId ?? '',
    terms: policy.terms ?? '',
    note: '',
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const LIMIT_PROBLEM = `A whole number from 1 to ${MAX_SHARE_LIMIT.toLocaleString('en')}, or empty for no limit.`;

/** A limit box: empty is no limit (null), a whole number from 1 is the limit, anything else is undefined (a problem). */
export function parseLimitText(raw: string): number | null | undefined {
  const text = raw.trim();
  if (text === '') return null;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  return n >= 1 && n <= MAX_SHARE_LIMIT ? n : undefined;
}

function limit(raw: string, errors: Record<string, string>, field: string): number | null {
  const n = parseLimitText(raw);
  if (n === undefined) {
    errors[field] = LIMIT_PROBLEM;
    return null;
  }
  return n;
}

/** An expiry choice (with the date box's text when it is a date) as the contract's expiry, or the problem. */
export function expiryFromChoice(choice: ExpiryChoice, dateText: string, now = Date.now()): { ok: true; value: ShareExpiry } | { ok: false; problem: string } {
  const errors: Record<string, string> = {};
  const value = expiryOf({ expiry: choice, expiryDate: dateText }, now, errors);
  return value === null ? { ok: false, problem: errors.expiryDate ?? 'Choose an expiry.' } : { ok: true, value };
}

function expiryOf(form: Pick<ShareForm, 'expiry' | 'expiryDate'>, now: number, errors: Record<string, string>): ShareExpiry | null {
  if (form.expiry === 'never') return { kind: 'never' };
  if (form.expiry !== 'date') return { kind: 'in', preset: form.expiry };
  // datetime-local has no zone: `new Date` reads it as this computer's local time, which is what was picked.
  const at = form.expiryDate ? new Date(form.expiryDate).getTime() : NaN;
  if (Number.isNaN(at)) errors.expiryDate = 'Pick the date and time the link stops working.';
  else if (at <= now) errors.expiryDate = 'That moment has passed; pick one in the future.';
  else return { kind: 'at', at };
  return null;
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The form as shares.create options, or every field's problem at once (checked with the contract's own schema too). */
export function formToOptions(form: ShareForm, now = Date.now()): Parsed<ShareOptionsInput> {
  const errors: Record<string, string> = {};
  const expiry = expiryOf(form, now, errors);
  const maxViews = limit(form.maxViews, errors, 'maxViews');
  const maxDownloads = limit(form.maxDownloads, errors, 'maxDownloads');
  if (Object.keys(errors).length > 0 || expiry === null) return { ok: false, errors };
  const options: ShareOptionsInput = {
    expiry,
    maxViews,
    maxDownloads,
    viewOnly: form.viewOnly,
    password: form.password === '' ? null : form.password,
    recipient: { name: orNull(form.recipientName), company: orNull(form.recipientCompany), email: orNull(form.recipientEmail) },
    renditionPresetId: form.renditionPresetId,
    watermarkPresetId: form.watermarkPresetId === '' ? null : form.watermarkPresetId,
    terms: orNull(form.terms),
    note: orNull(form.note),
  };
  const checked = shareOptionsSchema.safeParse(options);
  if (!checked.success) return { ok: false, errors: renameFields(fieldErrorsFromIssues(checked.error.issues)) };
  return { ok: true, value: options };
}

/** The contract names recipient fields `name`, `company`, `email`; the form prefixes them. */
function renameFields(errors: FieldErrors): FieldErrors {
  const names: Record<string, ShareFormField> = { name: 'recipientName', company: 'recipientCompany', email: 'recipientEmail', expiry: 'expiryDate' };
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [names[k] ?? k, v]));
}

/** The form as the vault's default policy: a quick expiry only, never "never" or a fixed date. */
export function formToPolicy(form: ShareForm): Parsed<SharePolicy> {
  const errors: Record<string, string> = {};
  if (form.expiry === 'date' || form.expiry === 'never') errors.expiry = 'One-click links must expire: choose 1 hour, 1 day, 7 days or 30 days as the default.';
  const maxViews = limit(form.maxViews, errors, 'maxViews');
  const maxDownloads = limit(form.maxDownloads, errors, 'maxDownloads');
  if (Object.keys(errors).length > 0 || form.expiry === 'date' || form.expiry === 'never') return { ok: false, errors };
  const policy: SharePolicy = {
    expiry: form.expiry,
    maxViews,
    maxDownloads,
    viewOnly: form.viewOnly,
    renditionPresetId: form.renditionPresetId,
    watermarkPresetId: form.watermarkPresetId === '' ? null : form.watermarkPresetId,
    terms: orNull(form.terms),
  };
  const checked = sharePolicySchema.safeParse(policy);
  if (!checked.success) return { ok: false, errors: fieldErrorsFromIssues(checked.error.issues) };
  return { ok: true, value: policy };
}
