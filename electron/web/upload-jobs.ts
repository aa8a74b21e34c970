import type { IngestJobs } from '../core/api/ingest-jobs';
import { createUploadSources, type UploadSources } from '../core/api/upload-sources';
import type { UploadJobArgs } from '../../shared/api/http';

/**
 * The import jobs fed by browser uploads, by job id, for as long as each runs. A job starts as soon
 * as its files are declared; when it is cancelled (or the vault locks) or ends, every upload still
 * waiting is answered, so no request hangs on a job that will never read it.
 */
export class UploadJobs {
  private readonly running = new Map<string, UploadSources>();

  constructor(
    private readonly jobs: IngestJobs,
    private readonly options: { arrivalTimeoutMs?: number } = {},
  ) {}

  /** Throws VAULT_LOCKED (from the engine) when there is no unlocked vault. */
  start(args: UploadJobArgs): string {
    const uploads = createUploadSources(args.files, { arrivalTimeoutMs: this.options.arrivalTimeoutMs });
    const { jobId, done, signal } = this.jobs.start(uploads.sources, { assetId: args.assetId });
    this.running.set(jobId, uploads);
    const onCancel = () => uploads.failAll('the import was cancelled');
    signal.addEventListener('abort', onCancel, { once: true });
    void done
      .catch(() => undefined)
      .finally(() => {
        signal.removeEventListener('abort', onCancel);
        uploads.failAll('the import has ended');
        this.running.delete(jobId);
      });
    return jobId;
  }

  get(jobId: string): UploadSources | undefined {
    return this.running.get(jobId);
  }
}
