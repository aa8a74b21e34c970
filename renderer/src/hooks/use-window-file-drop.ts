import { useEffect, useState } from 'react';
import { captureDrop, dragHasFiles, type DroppedItems } from '../api';

/**
 * Files dropped anywhere on the window. Returns whether files are being dragged over it (for the
 * overlay). Targets that take files themselves (a grid cell, the detail panel) stop the drop's
 * propagation, so only drops nobody claimed reach `onDrop`; the overlay's state is tracked in the
 * capture phase, which runs before any target, so it always resets.
 */
export function useWindowFileDrop(onDrop: (items: DroppedItems) => void): boolean {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; a depth count tells when the window is left.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      depth++;
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const end = () => {
      depth = 0;
      setDragging(false);
    };
    const over = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault(); // without this the browser would open the file instead of dropping it
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent) => {
      if (!event.dataTransfer || !dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      onDrop(captureDrop(event.dataTransfer));
    };
    window.addEventListener('dragenter', enter, true);
    window.addEventListener('dragleave', leave, true);
    window.addEventListener('drop', end, true);
    window.addEventListener('dragend', end, true);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter, true);
      window.removeEventListener('dragleave', leave, true);
      window.removeEventListener('drop', end, true);
      window.removeEventListener('dragend', end, true);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop]);

  return dragging;
}
