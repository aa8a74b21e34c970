import { formatCount } from '../lib/format';
import { isFinished, useIngest, type IngestJob } from '../stores/ingest-store';
import { Icon } from './Icon';
import { IngestProgressView } from './IngestProgressView';
import { IngestReportView } from './IngestReportView';

function heading(job: IngestJob): string {
  if (job.status === 'failed') return `${job.label}: stopped`;
  if (job.status === 'cancelling') return `${job.label}: cancelling…`;
  if (job.status === 'done') return job.report?.cancelled ? `${job.label}: cancelled` : `${job.label}: done`;
  return job.fileCount !== null ? `${job.label} ${formatCount(job.fileCount)} item${job.fileCount === 1 ? '' : 's'}` : job.label;
}

export function IngestJobCard({ job }: { job: IngestJob }) {
  const cancel = useIngest((s) => s.cancel);
  const dismiss = useIngest((s) => s.dismiss);
  const finished = isFinished(job);
  return (
    <section className="ingest-job" aria-label={heading(job)} data-testid="ingest-job" data-status={job.status}>
      <header className="ingest-job__header">
        <h3 className="ingest-job__title">{heading(job)}</h3>
        {finished ? (
          <button type="button" className="icon-button" aria-label="Close the import report" onClick={() => dismiss(job.key)} data-testid="ingest-close">
            <Icon name="close" />
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            onClick={() => void cancel(job.key)}
            disabled={job.status === 'cancelling' || job.jobId === null}
            data-testid="ingest-cancel"
          >
            Cancel
          </button>
        )}
      </header>
      {finished ? <IngestReportView job={job} /> : <IngestProgressView job={job} />}
    </section>
  );
}
