import { ProgressBar } from './ProgressBar';
import { formatBytes, formatCount, formatDuration, formatRate } from '../lib/format';
import type { IngestJob } from '../stores/ingest-store';

const OUTCOME_LABELS = { imported: 'Imported', duplicate: 'Duplicate', refused: 'Refused' } as const;
const RECENT_SHOWN = 5;

/** A running import: bar, counts, speed, time left, the file at hand and the last few finished. */
export function IngestProgressView({ job }: { job: IngestJob }) {
  const p = job.progress;
  const uploading = job.upload !== null && job.upload.filesSent < job.upload.filesTotal;
  const done = p?.filesDone ?? 0;
  const total = p?.filesTotal ?? job.fileCount ?? 0;
  const fraction = p && p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : total > 0 ? done / total : 0;
  return (
    <div className="ingest-progress" data-testid="ingest-progress">
      <ProgressBar label="Import progress" fraction={fraction} valueText={p ? `${formatCount(done)} of ${formatCount(total)} files` : 'Starting'} />
      <div className="ingest-progress__stats">
        <span data-testid="ingest-files">{p ? `${formatCount(done)} of ${formatCount(total)} files` : 'Starting…'}</span>
        {p ? (
          <span className="muted">
            {formatRate(p.filesPerSecond, 'files')} · {formatBytes(p.bytesPerSecond)}/s
          </span>
        ) : null}
        {p ? <span className="muted">{p.etaSeconds === null ? 'Estimating time left…' : `About ${formatDuration(p.etaSeconds)} left`}</span> : null}
      </div>
      {uploading && job.upload ? (
        <div className="muted">
          Uploading {formatCount(job.upload.filesSent)} of {formatCount(job.upload.filesTotal)} files to the vault…
        </div>
      ) : null}
      {p?.current ? (
        <div className="ingest-progress__current" title={p.current}>
          Now: {p.current}
        </div>
      ) : null}
      {p && p.recent.length > 0 ? (
        <ul className="ingest-recent" aria-label="Recently finished files">
          {p.recent.slice(0, RECENT_SHOWN).map((file, i) => (
            <li key={`${file.name}-${i}`} className={`ingest-recent__item ingest-recent__item--${file.outcome}`}>
              <span className="ingest-recent__name">{file.name}</span>
              <span className="ingest-recent__outcome">{OUTCOME_LABELS[file.outcome]}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
