import { useRef } from 'react';
import { itemsFromFiles } from '../api';
import { useIngest } from '../stores/ingest-store';
import { Icon } from './Icon';

/** The keyboard way in, next to drag and drop: a file picker. `testId` tells the toolbar's from the empty state's. */
export function ImportButton({ testId = 'import' }: { testId?: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const importItems = useIngest((s) => s.importItems);
  return (
    <>
      <button type="button" className="button" onClick={() => inputRef.current?.click()} aria-label="Import files…" data-testid={`${testId}-button`}>
        <Icon name="upload" /> <span className="button__label">Import…</span>
      </button>
      <input
        ref={inputRef}
        type="file"
        multiple
        accept="image/*,.heic,.heif,.avif,.tif,.tiff"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const files = e.target.files;
          if (files && files.length > 0) void importItems(itemsFromFiles(files));
          e.target.value = '';
        }}
        data-testid={`${testId}-file-input`}
      />
    </>
  );
}
