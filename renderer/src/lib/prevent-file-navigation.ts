import { dragHasFiles } from '../api';

/**
 * A file dropped where nothing takes it would make the browser (or Electron) navigate to it, replacing
 * the app with a file:// page. Installed once for every screen; the library screen's own drop handling
 * runs before this and does the importing.
 */
export function preventFileNavigation(): void {
  const refuse = (event: DragEvent) => {
    if (dragHasFiles(event.dataTransfer)) event.preventDefault();
  };
  window.addEventListener('dragover', refuse);
  window.addEventListener('drop', refuse);
}
