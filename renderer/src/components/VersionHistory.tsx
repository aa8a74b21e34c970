import type { VersionInfo } from '../../../shared/api/schemas';
import { VersionRow } from './VersionRow';

/** Newest first; each version keeps its own approval state. */
export function VersionHistory({ versions }: { versions: readonly VersionInfo[] }) {
  const newestFirst = [...versions].sort((a, b) => b.number - a.number);
  return (
    <section className="detail__section" aria-labelledby="detail-versions">
      <h3 id="detail-versions" className="detail__heading">
        Versions
      </h3>
      <ol className="versions" data-testid="version-history">
        {newestFirst.map((version) => (
          <VersionRow key={version.id} version={version} />
        ))}
      </ol>
      <p className="field__hint">Drop an image on this panel to add it as a new version.</p>
    </section>
  );
}
