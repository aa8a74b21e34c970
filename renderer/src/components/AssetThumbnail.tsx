import { useLayoutEffect, useRef, useState } from 'react';
import type { AssetSummary } from '../../../shared/api/schemas';
import { api } from '../api';
import { useThumbnailSlot } from '../hooks/use-thumbnail-slot';
import { fitWithin } from '../lib/fit-within';
import { THUMB_BOX } from '../lib/grid-layout';
import { Icon } from './Icon';

/**
 * A grid thumbnail. The image gets its src only when a thumbnail slot is free
 * (hooks/use-thumbnail-slot.ts), so no loading="lazy": a lazy image outside the browser's margin would
 * hold its slot without ever loading. width/height (the rendition's fitted size) come with the src, in
 * the same commit, so the space is reserved before the bytes arrive and nothing shifts; until then
 * the image has neither and draws nothing, in a box (`.thumb`) whose size does not depend on it.
 * While typing, slots are held, so each answer's cells change no attribute of their image: setting
 * two sizes on ~40 empty images was about a third of the answer frame's layout (traced). On unmount,
 * or when the cell shows another version, the src is removed, which aborts a load still under way (a
 * cell scrolled away, a result replaced by the next keystroke). `urgency` 0 = in view, 1 = overscan row.
 */
export function AssetThumbnail({ asset, urgency }: { asset: AssetSummary; urgency: number }) {
  const versionId = asset.currentVersion.id;
  // The cell may be reused for another asset (cells are keyed by place): a failure belongs to one version.
  const [failedId, setFailedId] = useState<string | null>(null);
  const failed = failedId === versionId;
  const slot = useThumbnailSlot(versionId, urgency);
  const imgRef = useRef<HTMLImageElement>(null);

  // A layout effect, so an unmounting cell drops its src while the image is still in the document.
  // Dropped after removal (a passive effect's cleanup), Chromium registered the bare image for viewport
  // changes and never unregistered it: every removed cell that had shown a thumbnail stayed in memory,
  // detached, for the page's lifetime (~600 DOM nodes per jump through the grid).
  useLayoutEffect(() => {
    const img = imgRef.current;
    // Most cells replaced while typing never had a src: nothing to abort.
    return () => {
      if (img?.hasAttribute('src')) img.removeAttribute('src');
    };
  }, [versionId]);

  if (failed) {
    return (
      <div className="thumb thumb--missing" data-testid="asset-thumb-missing">
        <Icon name="alert" size={20} label="Thumbnail not available" />
      </div>
    );
  }
  const size = slot.granted ? fitWithin(asset.currentVersion.width, asset.currentVersion.height, THUMB_BOX, THUMB_BOX) : undefined;
  return (
    <div className="thumb">
      <img
        ref={imgRef}
        src={slot.granted ? api.mediaUrl('thumb', versionId) : undefined}
        width={size?.width}
        height={size?.height}
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
