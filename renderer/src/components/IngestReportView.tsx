import { formatCount, formatDuration, plural } from '../lib/format';
import { refusedFiles, type IngestJob } from '../stores/ingest-store';
import { showAsset } from '../stores/show-asset';

/** The outcome of an import: what came in, what was already there (with a way to it), what was refused and why. */
export function IngestReportView({ job }: { job: IngestJob }) {
  const report = job.report;
  const imported = report?.imported ?? [];
  const newVersions = imported.filter((i) => !i.newAsset).length;
  const duplicates = report?.duplicates ?? [];
  const refused = refusedFiles(job);

  return (
    <div className="ingest-report" data-testid="ingest-report">
      {job.error ? (
        <p className="form-error" role="alert">
          {job.error}
        </p>
      ) : null}
      {report?.cancelled ? <p className="muted">Cancelled. Images imported before that stay in the vault.</p> : null}
      <p data-testid="ingest-imported-count" data-count={imported.length}>
        <strong>{plural(imported.length, 'image')} imported</strong>
        {newVersions > 0 ? ` (${plural(newVersions, 'new version')})` : ''}
        {report ? <span className="muted"> in {formatDuration(report.elapsedMs / 1000)}</span> : null}
      </p>
      {duplicates.length > 0 ? (
        <details className="ingest-report__group" open>
          <summary>{plural(duplicates.length, 'duplicate')}, already in the vault</summary>
          <ul className="ingest-report__list">
            {duplicates.map((d, i) => (
              <li key={`${d.source}-${i}`} data-testid="duplicate-item" data-asset-id={d.assetId}>
                <span className="ingest-report__file">{d.source}</span>
                <button type="button" className="link-button" onClick={() => showAsset(d.assetId)}>
                  Show “{d.title}”
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {refused.length > 0 ? (
        <details className="ingest-report__group" open>
          <summary className="ingest-report__refused-title">{formatCount(refused.length)} refused</summary>
          <ul className="ingest-report__list">
            {refused.map((r, i) => (
              <li key={`${r.source}-${i}`} data-testid="refused-item">
                <span className="ingest-report__file">{r.source}</span>
                <span className="ingest-report__reason">{r.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
