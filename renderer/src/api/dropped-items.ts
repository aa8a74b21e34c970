/**
 * What the user dropped (or picked), captured synchronously: a DataTransfer is emptied by the browser
 * as soon as the drop handler returns, so everything needed later is copied out here first.
 */
export interface DroppedItems {
  /** Top-level files and folders. In Electron a folder is a File too, and its path is all the engine needs. */
  readonly files: readonly File[];
  /** The same items as file-system entries, so the browser can walk folders; empty where unavailable. */
  readonly entries: readonly FileSystemEntry[];
}

/** Call inside the drop handler itself, never after an await. */
export function captureDrop(dataTransfer: DataTransfer): DroppedItems {
  const files = Array.from(dataTransfer.files);
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file' || typeof item.webkitGetAsEntry !== 'function') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
  }
  // Some browsers hand out entries for only part of a drop; then the plain file list is the safer source.
  return { files, entries: entries.length === files.length ? entries : [] };
}

/** Files from an <input type="file">: no folders, so no entries to walk. */
export function itemsFromFiles(files: Iterable<File>): DroppedItems {
  return { files: Array.from(files), entries: [] };
}

/** True while a drag carries files from outside (not, say, assets dragged onto a collection). */
export function dragHasFiles(dataTransfer: DataTransfer | null): boolean {
  return dataTransfer !== null && Array.from(dataTransfer.types).includes('Files');
}
