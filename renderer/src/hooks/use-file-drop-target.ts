import { useState, type DragEvent } from 'react';
import { captureDrop, dragHasFiles, type DroppedItems } from '../api';

export interface FileDropTarget {
  readonly isOver: boolean;
  readonly handlers: {
    onDragEnter(event: DragEvent): void;
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
}

/**
 * An element that takes dropped files itself (a grid cell or the detail panel: "add as a new version").
 * It claims the drop, so the window-wide import does not also run.
 */
export function useFileDropTarget(onDrop: (items: DroppedItems) => void): FileDropTarget {
  const [isOver, setOver] = useState(false);
  return {
    isOver,
    handlers: {
      onDragEnter(event) {
        if (dragHasFiles(event.dataTransfer)) setOver(true);
      },
      onDragOver(event) {
        if (!dragHasFiles(event.dataTransfer)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        if (!isOver) setOver(true);
      },
      onDragLeave(event) {
        // Leaving for a child of the target is not leaving the target.
        if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
        setOver(false);
      },
      onDrop(event) {
        if (!dragHasFiles(event.dataTransfer)) return;
        event.preventDefault();
        event.stopPropagation();
        setOver(false);
        onDrop(captureDrop(event.dataTransfer));
      },
    },
  };
}
