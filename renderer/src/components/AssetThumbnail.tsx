import { useEffect, useRef, useState } from 'react';
import type { AssetSummary } from '../../../shared/api/schemas';
import { api } from '../api';
import { useThumbnailSlot } from '../hooks/use-thumbnail-slot';
import { fitWithin } from '../lib/fit-within';
import { THUMB_BOX } from '../lib/grid-layout';
import { Icon } from './Icon';

/**
 * A grid thumbnail. width/height are the rendition's fitted size, so the browser reserves the space
 * before the bytes arrive (no layout shift while scrolling). The image gets its src only when a
 * thumbnail slot is free (hooks/use-thumbnail-slot.ts), so no loading="lazy": a lazy image outside the
 * browser's margin would hold its slot without ever loading. On unmount the src is removed, which
 * aborts a load still under way (a cell scrolled away, a result replaced by the next keystroke).
 * `urgency` 0 = in view, 1 = overscan row.
 */
export function AssetThumbnail({ asset, urgency }: { asset: AssetSummary; urgency: number }) {
  const versionId = asset.currentVersion.id;
  // The cell may be reused for another asset (cells are keyed by place): a failure belongs to one version.
  const [failedId, setFailedId] = useState<string | null>(null);
  const failed = failedId === versionId;
  const slot = useThumbnailSlot(versionId, urgency);
  const imgRef = useRef<HTMLImageElement>(null);
  const { width, height } = fitWithin(asset.currentVersion.width, asset.currentVersion.height, THUMB_BOX, THUMB_BOX);

  useEffect(() => {
    const img = imgRef.current;
    return () => img?.removeAttribute('src');
  }, [versionId]);

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
        ref={imgRef}
        src={slot.granted ? api.mediaUrl('thumb', versionId) : undefined}
        width={width}
        height={height}
        decoding="async"
        draggable={false}
        alt=""
        onLoad={() => slot.done(versionId)}
        onError={() => {
          slot.done(versionId);
          setFailedId(versionId);
        }}
        data-testid="asset-thumb"
      />
    </div>
  );
}
