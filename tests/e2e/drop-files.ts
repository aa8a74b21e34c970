import type { JSHandle, Locator, Page } from 'playwright-core';

/**
 * Dropping files onto the page the way a person does, without a real OS drag: the files are put in a
 * DataTransfer inside the page and dragenter / dragover / drop are dispatched on the target (bubbling,
 * cancelable DragEvents, as Chromium fires them).
 *
 * The File objects are the real files on disk, as in an OS drop: Playwright hands their paths to
 * Chromium (DOM.setFileInputFiles) through a detached helper <input type="file"> outside the app's
 * React root, so no bytes travel over the DevTools pipe and the app never sees that input. A DataTransfer
 * built in the page has no file-system entries (webkitGetAsEntry() is null), so the renderer takes its
 * plain-file path, as for files dropped from a file manager: base names only, no folder structure.
 * No vitest import: bench/ui-*.ts shares this file.
 */
export async function stageFiles(page: Page, paths: readonly string[]): Promise<JSHandle<DataTransfer>> {
  const handle = await page.evaluateHandle(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.hidden = true;
    document.body.append(input);
    return input;
  });
  const input = handle.asElement();
  if (!input) throw new Error('the helper file input is not an element');
  try {
    await input.setInputFiles([...paths]);
    return await input.evaluateHandle((el) => {
      const transfer = new DataTransfer();
      for (const file of Array.from((el as HTMLInputElement).files ?? [])) transfer.items.add(file);
      return transfer;
    });
  } finally {
    await input.evaluate((el) => el.remove());
    await input.dispose();
  }
}

/** The start of a drag over `target`: what makes drop overlays and "drop here" hints appear. */
export async function dragOver(target: Locator, transfer: JSHandle<DataTransfer>): Promise<void> {
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
}

export async function drop(target: Locator, transfer: JSHandle<DataTransfer>): Promise<void> {
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

/** dragenter, dragover, drop on `target`; `whileOver` runs between (to look at the drag feedback). */
export async function dropFiles(target: Locator, transfer: JSHandle<DataTransfer>, whileOver?: () => Promise<void>): Promise<void> {
  await dragOver(target, transfer);
  await whileOver?.();
  await drop(target, transfer);
}
