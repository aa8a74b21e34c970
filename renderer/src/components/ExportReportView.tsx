import { formatBytes, formatDuration, plural } from '../lib/format';
import { useExport } from '../stores/export-store';

/** The outcome: every file written (name, size, pixels), and every asset that was not, with the reason. */
export function ExportReportView() {
  const report = useExport((s) => s.report);
  if (!report) return null;
  const written = report.files.filter((f) => f.ok);
  const failed = report.files.filter((f) => !f.ok);
  return (
    <div className="ingest-report export-report" data-testid="export-report">
      {report.error ? (
        <p className="form-error" role="alert">
          Nothing was exported: {report.error}
        </p>
      ) : null}
      {report.cancelled ? <p className="muted">Cancelled. The files written before that are complete; no partial file was left.</p> : null}
      <p data-testid="export-written-count" data-count={report.written}>
        <strong>{plural(report.written, 'file')} written</strong> <span className="muted">in {report.elapsedMs < 1000 ? `${Math.max(1, Math.round(report.elapsedMs))} ms` : formatDuration(report.elapsedMs / 1000)} to</span>{' '}
        <span className="path" data-testid="export-out-dir-shown">
          {report.outDir}
        </span>
      </p>
      {written.length > 0 ? (
        <details className="ingest-report__group" open>
          <summary>Written</summary>
          <ul className="ingest-report__list">
            {written.map((f) => (
              <li key={f.path} data-testid="export-written-item" data-file={f.file}>
                <span className="ingest-report__file">{f.file}</span>
                <span className="ingest-report__reason">
                  {f.title} · v{f.versionNumber} · {f.width} × {f.height} px · {formatBytes(f.bytes)}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {failed.length > 0 ? (
        <details className="ingest-report__group" open>
          <summary className="ingest-report__refused-title">{plural(failed.length, 'asset')} not exported</summary>
          <ul className="ingest-report__list">
            {failed.map((f, i) => (
              <li key={`${f.assetId}-${i}`} data-testid="export-failed-item" data-asset-id={f.assetId}>
                <span className="ingest-report__file">{f.title ?? f.assetId}</span>
                <span className="ingest-report__reason">{f.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
