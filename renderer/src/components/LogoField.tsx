import { useCallback, useRef } from 'react';
import type { DroppedItems } from '../api';
import { useFileDropTarget } from '../hooks/use-file-drop-target';
import { useDesigner } from '../stores/designer-store';
import { Icon } from './Icon';

/**
 * The mark's logo: imported into the vault (encrypted like any image, metadata stripped), then named
 * by the preset. In the browser the file travels as bytes, so it must be small; Electron passes a path.
 */
export function LogoField() {
  const inputRef = useRef<HTMLInputElement>(null);
  const logoBlob = useDesigner((s) => s.form?.logoBlob ?? null);
  const logo = useDesigner((s) => s.logo);
  const busy = useDesigner((s) => s.logoBusy);
  const error = useDesigner((s) => s.logoError);
  const importLogo = useDesigner((s) => s.importLogo);
  const removeLogo = useDesigner((s) => s.removeLogo);
  const onDrop = useCallback((items: DroppedItems) => {
    const [file] = items.files;
    if (file) void useDesigner.getState().importLogo(file);
  }, []);
  const drop = useFileDropTarget(onDrop);

  return (
    <div className={`field logo-field${drop.isOver ? ' logo-field--drop' : ''}`} {...drop.handlers}>
      <span className="field__label">Logo</span>
      <div className="row">
        {logoBlob !== null ? (
          <span className="logo-field__info" data-testid="watermark-logo-info">
            <Icon name="images" /> {logo ? `${logo.name} · ${logo.width} × ${logo.height} px` : 'Logo in the vault'}
          </span>
        ) : (
          <span className="muted">No logo</span>
        )}
        <button type="button" className="button button--small" onClick={() => inputRef.current?.click()} disabled={busy} data-testid="watermark-logo-import">
          <Icon name="upload" /> {busy ? 'Importing…' : logoBlob !== null ? 'Replace…' : 'Import logo…'}
        </button>
        {logoBlob !== null ? (
          <button type="button" className="button button--small" onClick={removeLogo} data-testid="watermark-logo-remove">
            Remove
          </button>
        ) : null}
      </div>
      <input
        ref={inputRef}
        type="file"
        accept="image/png,image/webp,image/jpeg,image/avif,image/tiff,image/gif"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importLogo(file);
          e.target.value = '';
        }}
        data-testid="watermark-logo-input"
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="field__hint">Pick or drop an image. A PNG with transparency works best. With text, the logo sits beside it, as tall as the text.</p>
    </div>
  );
}
