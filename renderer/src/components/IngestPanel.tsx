import { useIngest } from '../stores/ingest-store';
import { IngestJobCard } from './IngestJobCard';

/** Imports in progress and their reports, stacked bottom right until dismissed. */
export function IngestPanel() {
  const jobs = useIngest((s) => s.jobs);
  if (jobs.length === 0) return null;
  return (
    <div className="ingest-panel" role="region" aria-label="Imports" aria-live="polite" data-testid="ingest-panel">
      {jobs.map((job) => (
        <IngestJobCard key={job.key} job={job} />
      ))}
    </div>
  );
}
