import { create } from 'zustand';
import { ApiError } from '../../../shared/api/errors';
import type { ExportProgressEvent, ExportReportEvent } from '../../../shared/api/imaging-schemas';
import { api } from '../api';
import { humanMessage } from '../lib/error-messages';
import { fieldErrorFromApiError, NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';

/** What the dialog asks for before an export. */
export interface ExportOptions {
  /** null until the presets are known (then the engine's default). */
  readonly renditionPresetId: string | null;
  readonly watermarkPresetId: string | null;
  readonly nameTemplate: string;
  readonly outDir: string;
}

export type ExportField = keyof ExportOptions;
const EXPORT_FIELDS: readonly ExportField[] = ['renditionPresetId', 'watermarkPresetId', 'nameTemplate', 'outDir'];

export type ExportPhase = 'options' | 'starting' | 'running' | 'cancelling' | 'done';

export interface ExportStore {
  /** The assets to export: the selection when the dialog opened. */
  readonly assetIds: readonly string[];
  readonly options: ExportOptions;
  readonly phase: ExportPhase;
  readonly fieldErrors: FieldErrors;
  /** Why the export could not start (or could not be cancelled), when no one field is to blame. */
  readonly error: string | null;
  readonly jobId: string | null;
  readonly filesTotal: number;
  readonly progress: ExportProgressEvent | null;
  readonly report: ExportReportEvent | null;

  /** A new export of these assets; the options of the last one are kept (same folder, same presets). */
  prepare(assetIds: readonly string[]): void;
  /**
   * Fills the options the user has not chosen with the engine's defaults, and drops a preset chosen
   * last time that no longer exists (`known`: the ids presets.list returned).
   */
  applyDefaults(defaults: { renditionPresetId: string; nameTemplate: string }, known: { rendition: readonly string[]; watermark: readonly string[] }): void;
  setOptions(change: Partial<ExportOptions>): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  applyProgress(event: ExportProgressEvent): void;
  applyDone(event: ExportReportEvent): void;
  /** Back to the options after a finished export (the dialog closes or starts over). */
  finish(): void;
  reset(): void;
}

const NO_OPTIONS: ExportOptions = { renditionPresetId: null, watermarkPresetId: null, nameTemplate: '', outDir: '' };

/** Bumped by reset (lock). */
let epoch = 0;
/**
 * Events of a job whose start call has not answered yet: the engine starts the job before it answers,
 * and events travel on another channel (SSE, IPC events), so they can arrive first.
 */
const early = new Map<string, { progress: ExportProgressEvent | null; report: ExportReportEvent | null }>();

export function isBusy(phase: ExportPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'cancelling';
}

export const useExport = create<ExportStore>()((set, get) => ({
  assetIds: [],
  options: NO_OPTIONS,
  phase: 'options',
  fieldErrors: NO_FIELD_ERRORS,
  error: null,
  jobId: null,
  filesTotal: 0,
  progress: null,
  report: null,

  prepare(assetIds) {
    if (isBusy(get().phase)) return;
    set({ assetIds: [...assetIds], phase: 'options', fieldErrors: NO_FIELD_ERRORS, error: null, jobId: null, filesTotal: 0, progress: null, report: null });
  },

  applyDefaults(defaults, known) {
    set((s) => {
      const rendition = s.options.renditionPresetId;
      const watermark = s.options.watermarkPresetId;
      return {
        options: {
          ...s.options,
          renditionPresetId: rendition !== null && known.rendition.includes(rendition) ? rendition : defaults.renditionPresetId,
          watermarkPresetId: watermark !== null && known.watermark.includes(watermark) ? watermark : null,
          nameTemplate: s.options.nameTemplate === '' ? defaults.nameTemplate : s.options.nameTemplate,
        },
      };
    });
  },

  setOptions(change) {
    set((s) => {
      const fieldErrors: Record<string, string> = { ...s.fieldErrors };
      for (const key of Object.keys(change)) delete fieldErrors[key];
      return { options: { ...s.options, ...change }, fieldErrors, error: null };
    });
  },

  async start() {
    const { assetIds, options, phase } = get();
    if (phase !== 'options' || assetIds.length === 0) return;
    const missing: Record<string, string> = {};
    if (options.renditionPresetId === null) missing.renditionPresetId = 'Choose a rendition.';
    if (options.nameTemplate.trim() === '') missing.nameTemplate = 'File names need a template, e.g. {sku}_{n}.{ext}.';
    if (options.outDir.trim() === '') missing.outDir = 'Type the folder to export into.';
    if (Object.keys(missing).length > 0 || options.renditionPresetId === null) {
      set({ fieldErrors: missing });
      return;
    }
    const at = epoch;
    early.clear();
    set({ phase: 'starting', fieldErrors: NO_FIELD_ERRORS, error: null, progress: null, report: null });
    try {
      const { jobId, filesTotal } = await api.call('export.start', {
        assetIds: [...assetIds],
        outDir: options.outDir.trim(),
        renditionPresetId: options.renditionPresetId,
        ...(options.watermarkPresetId === null ? {} : { watermarkPresetId: options.watermarkPresetId }),
        nameTemplate: options.nameTemplate,
      });
      if (at !== epoch) return;
      const seen = early.get(jobId);
      early.clear();
      set({ jobId, filesTotal, phase: seen?.report ? 'done' : 'running', progress: seen?.progress ?? null, report: seen?.report ?? null });
    } catch (error) {
      if (at !== epoch) return;
      const onField = fieldErrorFromApiError(error, EXPORT_FIELDS);
      set({ phase: 'options', ...(onField ? { fieldErrors: { [onField.field]: onField.message } } : { error: humanMessage(error) }) });
    }
  },

  async cancel() {
    const { jobId, phase } = get();
    if (jobId === null || phase !== 'running') return;
    set({ phase: 'cancelling', error: null });
    try {
      await api.call('export.cancel', { jobId });
    } catch (error) {
      // NOT_FOUND: it finished on its own meanwhile; its report is on its way.
      if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) set((s) => ({ error: humanMessage(error), phase: s.phase === 'cancelling' ? 'running' : s.phase }));
    }
  },

  applyProgress(event) {
    const { jobId, phase } = get();
    if (phase === 'starting' && jobId === null) {
      early.set(event.jobId, { progress: event, report: early.get(event.jobId)?.report ?? null });
      return;
    }
    if (event.jobId !== jobId || phase === 'done') return;
    set({ progress: event });
  },

  applyDone(event) {
    const { jobId, phase } = get();
    if (phase === 'starting' && jobId === null) {
      early.set(event.jobId, { progress: early.get(event.jobId)?.progress ?? null, report: event });
      return;
    }
    if (event.jobId !== jobId) return;
    set({ report: event, phase: 'done' });
  },

  finish() {
    if (isBusy(get().phase)) return;
    set({ phase: 'options', jobId: null, filesTotal: 0, progress: null, report: null, error: null, fieldErrors: NO_FIELD_ERRORS });
  },

  reset() {
    epoch++;
    early.clear();
    set({ assetIds: [], options: NO_OPTIONS, phase: 'options', fieldErrors: NO_FIELD_ERRORS, error: null, jobId: null, filesTotal: 0, progress: null, report: null });
  },
}));
