import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useDismiss } from '../hooks/use-dismiss';
import { useOverlay } from '../stores/overlay-store';
import { useVault } from '../stores/vault-store';
import { Icon } from './Icon';

const IDLE_CHOICES = [0, 1, 5, 10, 15, 30, 60, 120, 240];

function idleLabel(minutes: number): string {
  if (minutes === 0) return 'Never';
  if (minutes < 60) return `After ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = minutes / 60;
  return `After ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** A small settings popover: how long the vault stays open without use, and the way to the export settings. */
export function SettingsPopover() {
  const [open, setOpen] = useState(false);
  const idleLockMinutes = useVault((s) => s.vault?.idleLockMinutes ?? 0);
  const setIdleLock = useVault((s) => s.setIdleLock);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const refs = useMemo(() => [buttonRef, panelRef], []);
  const panelId = useId();
  const selectId = useId();
  const close = useCallback(() => {
    setOpen(false);
    buttonRef.current?.focus();
  }, []);
  useDismiss(open, refs, close);
  const show = useOverlay((s) => s.show);
  const openOverlay = (overlay: Parameters<typeof show>[0]) => {
    setOpen(false);
    show(overlay);
  };

  const choices = IDLE_CHOICES.includes(idleLockMinutes) ? IDLE_CHOICES : [...IDLE_CHOICES, idleLockMinutes].sort((a, b) => a - b);

  return (
    <div className="popover-anchor">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button icon-button--bordered"
        aria-label="Settings"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="settings-button"
      >
        <Icon name="settings" />
      </button>
      {open ? (
        <div ref={panelRef} id={panelId} className="popover" role="dialog" aria-label="Settings" data-testid="settings-popover">
          <div className="field">
            <label className="field__label" htmlFor={selectId}>
              Lock the vault when idle
            </label>
            <select
              id={selectId}
              className="select"
              value={idleLockMinutes}
              onChange={(e) => void setIdleLock(Number(e.target.value))}
              autoFocus
              data-testid="idle-lock-select"
            >
              {choices.map((m) => (
                <option key={m} value={m}>
                  {idleLabel(m)}
                </option>
              ))}
            </select>
            <p className="field__hint">Counts from the last thing you did in the vault. Locking closes it and forgets its keys.</p>
          </div>
          <div className="popover__section">
            <span className="field__label">Exports</span>
            <button type="button" className="popover__item" onClick={() => openOverlay({ kind: 'rights' })} data-testid="settings-rights">
              <Icon name="shield" /> Rights &amp; ownership…
            </button>
            <button type="button" className="popover__item" onClick={() => openOverlay({ kind: 'designer', tab: 'watermarks' })} data-testid="settings-watermarks">
              <Icon name="stamp" /> Watermarks…
            </button>
            <button type="button" className="popover__item" onClick={() => openOverlay({ kind: 'designer', tab: 'renditions' })} data-testid="settings-renditions">
              <Icon name="images" /> Rendition presets…
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
