/**
 * Drag type for assets dragged out of the grid (onto a collection). A private MIME type, so the
 * window's file-drop overlay, which reacts to "Files", ignores these drags, and other apps cannot read
 * anything from them: the ids being dragged stay in the selection store.
 */
export const ASSET_DRAG_TYPE = 'application/x-strongroom-assets';

export function dragHasAssets(dataTransfer: DataTransfer | null): boolean {
  return dataTransfer !== null && Array.from(dataTransfer.types).includes(ASSET_DRAG_TYPE);
}

/** Marks a drag as "these assets"; only the count travels, as a hint. */
export function startAssetDrag(dataTransfer: DataTransfer, count: number): void {
  dataTransfer.setData(ASSET_DRAG_TYPE, String(count));
  dataTransfer.effectAllowed = 'copy';
}
