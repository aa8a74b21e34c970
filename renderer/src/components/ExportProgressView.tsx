import { ProgressBar } from './ProgressBar';
import { formatBytes, formatCount, formatDuration, formatRate } from '../lib/format';
import { useExport } from '../stores/export-store';

/** A running export: bar, files done of total, speed, time left and the file at hand. */
export function ExportProgressView() {
  const progress = useExport((s) => s.progress);
  const filesTotal = useExport((s) => s.filesTotal);
  const phase = useExport((s) => s.phase);
  const done = progress?.filesDone ?? 0;
  const total = progress?.filesTotal ?? filesTotal;
  const fraction = progress && progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : total > 0 ? done / total : 0;
  return (
    <div className="ingest-progress export-progress" data-testid="export-progress">
      <ProgressBar label="Export progress" fraction={fraction} valueText={`${formatCount(done)} of ${formatCount(total)} files`} />
      <div className="ingest-progress__stats">
        <span data-testid="export-files">{phase === 'starting' ? 'Checking the folder and the names…' : `${formatCount(done)} of ${formatCount(total)} files`}</span>
        {progress ? (
          <span className="muted">
            {formatRate(progress.filesPerSecond, 'files')} · {formatBytes(progress.bytesWritten)} written
          </span>
        ) : null}
        {progress ? <span className="muted">{progress.etaSeconds === null ? 'Estimating time left…' : `About ${formatDuration(progress.etaSeconds)} left`}</span> : null}
      </div>
      {progress && progress.failed > 0 ? <p className="field__error">{formatCount(progress.failed)} could not be exported so far; the report will say why.</p> : null}
      {progress?.current ? (
        <div className="ingest-progress__current" title={progress.current}>
          Now: {progress.current}
        </div>
      ) : null}
      {phase === 'cancelling' ? <p className="muted">Cancelling… files already written stay, whole; none is left half-written.</p> : null}
    </div>
  );
}
