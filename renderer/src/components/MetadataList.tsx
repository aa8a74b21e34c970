import type { AssetDetail } from '../../../shared/api/schemas';
import { Icon } from './Icon';

/**
 * What the file said about itself. Fields that can identify a person, a place or a device (GPS,
 * camera serial, creator, software) are marked private, so nobody shares them by accident.
 */
export function MetadataList({ metadata }: { metadata: AssetDetail['metadata'] }) {
  return (
    <section className="detail__section" aria-labelledby="detail-metadata">
      <h3 id="detail-metadata" className="detail__heading">
        Metadata
      </h3>
      {metadata.length === 0 ? (
        <p className="field__hint">The file carried no metadata.</p>
      ) : (
        <dl className="metadata" data-testid="metadata-list">
          {metadata.map((field) => (
            <div key={field.key} className={`metadata__row${field.private ? ' metadata__row--private' : ''}`} data-testid="metadata-row" data-key={field.key} data-private={field.private}>
              <dt>
                {field.label}
                {field.private ? (
                  <span className="private-label" title="Private: can identify a person, place or device">
                    <Icon name="shield" size={12} /> private
                  </span>
                ) : null}
              </dt>
              <dd>{field.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
