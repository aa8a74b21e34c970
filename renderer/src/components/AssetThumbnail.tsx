import { useState } from 'react';
import type { AssetSummary } from '../../../shared/api/schemas';
import { api } from '../api';
import { fitWithin } from '../lib/fit-within';
import { THUMB_BOX } from '../lib/grid-layout';
import { Icon } from './Icon';

/**
 * A grid thumbnail. width/height are the rendition's fitted size, so the browser reserves the space
 * before the bytes arrive (no layout shift while scrolling); loading="lazy" lets it skip overscan rows
 * that are never scrolled into view.
 */
export function AssetThumbnail({ asset }: { asset: AssetSummary }) {
  const [failed, setFailed] = useState(false);
  const { width, height } = fitWithin(asset.currentVersion.width, asset.currentVersion.height, THUMB_BOX, THUMB_BOX);
  if (failed) {
    return (
      <div className="thumb thumb--missing" data-testid="asset-thumb-missing">
        <Icon name="alert" size={20} label="Thumbnail not available" />
      </div>
    );
  }
  return (
    <div className="thumb">
      <img
        src={api.mediaUrl('thumb', asset.currentVersion.id)}
        width={width}
        height={height}
        loading="lazy"
        decoding="async"
        fetchPriority="low"
        draggable={false}
        alt=""
        onError={() => setFailed(true)}
        data-testid="asset-thumb"
      />
    </div>
  );
}
