import { useState } from 'react';
import type { AssetDetail } from '../../../shared/api/schemas';
import { api } from '../api';
import { fitWithin } from '../lib/fit-within';
import { FORMAT_LABELS } from '../lib/labels';
import { Icon } from './Icon';

/** Previews are rendered at most this large by the engine (docs/architecture.md, ingest step 6). */
const PREVIEW_MAX = 2048;

/** The large preview of the current version; width/height reserve its shape before it loads. */
export function AssetPreview({ asset }: { asset: AssetDetail }) {
  const version = asset.currentVersion;
  const [failedFor, setFailedFor] = useState<string | null>(null);
  const { width, height } = fitWithin(version.width, version.height, PREVIEW_MAX, PREVIEW_MAX);
  return (
    <figure className="preview">
      <div className="preview__frame">
        {failedFor === version.id ? (
          <div className="preview__missing">
            <Icon name="alert" size={24} />
            <span>The preview could not be loaded.</span>
          </div>
        ) : (
          <img
            key={version.id}
            className="preview__image"
            src={api.mediaUrl('preview', version.id)}
            width={width}
            height={height}
            decoding="async"
            draggable={false}
            alt={`Preview of ${asset.title}`}
            onError={() => setFailedFor(version.id)}
            data-testid="detail-preview"
          />
        )}
      </div>
      <figcaption className="preview__caption muted">
        {FORMAT_LABELS[version.format]} · {version.width.toLocaleString()} × {version.height.toLocaleString()} px · version {version.number}
      </figcaption>
    </figure>
  );
}
