import { useState } from 'react';
import { MAX_DEVICE_NAME, type SyncDevice } from '../../../shared/api/sync-contract';
import { formatDateTime } from '../lib/format';
import { useSync } from '../stores/sync-store';
import { ConfirmDialog } from './ConfirmDialog';
import { TextInputField } from './TextInputField';

const nameOf = (d: SyncDevice) => d.name ?? 'Unnamed device';

/** Every device of this vault: when it was last heard from, this one's name, and retiring a lost one. */
export function SyncDeviceList() {
  const devices = useSync((s) => s.devices);
  const busy = useSync((s) => s.busy);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [retiring, setRetiring] = useState<SyncDevice | null>(null);

  return (
    <section className="stack" aria-labelledby="sync-devices-title">
      <h3 id="sync-devices-title" className="shares__subtitle">
        Devices
      </h3>
      <ul className="sync-devices" data-testid="sync-devices">
        {devices.map((d) => (
          <li key={d.id} className="sync-device" data-testid="sync-device" data-self={d.self} data-retired={d.retired} data-device-id={d.id}>
            <div className="sync-device__text">
              <span className="sync-device__name" data-testid="sync-device-name">
                {nameOf(d)}
                {d.self ? <span className="badge badge--current">This device</span> : null}
                {d.retired ? <span className="badge badge--retired">Retired</span> : null}
              </span>
              <span className="muted">
                {d.self ? `id ${d.id}` : d.lastSeen === null ? `id ${d.id} · no changes received yet` : `id ${d.id} · last seen ${formatDateTime(d.lastSeen)}`}
              </span>
            </div>
            {d.self ? (
              <button type="button" className="button button--small" onClick={() => { setRenaming(d.name ?? ''); setNameError(undefined); }} disabled={busy} data-testid="sync-rename">
                Rename
              </button>
            ) : d.retired ? null : (
              <button type="button" className="button button--small" onClick={() => setRetiring(d)} disabled={busy} aria-label={`Retire ${d.name ?? `device ${d.id}`}`} data-testid="sync-retire">
                Retire…
              </button>
            )}
          </li>
        ))}
      </ul>
      {renaming !== null ? (
        <form
          className="stack stack--tight"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const name = renaming.trim();
            if (name === '' || name.length > MAX_DEVICE_NAME) return setNameError(`Enter a name of 1 to ${MAX_DEVICE_NAME} characters.`);
            void useSync.getState().renameDevice(name).then((ok) => ok && setRenaming(null));
          }}
          data-testid="sync-rename-form"
        >
          <TextInputField label="This device’s name" value={renaming} onChange={setRenaming} error={nameError} maxLength={MAX_DEVICE_NAME} autoFocus hint="Other devices see it after their next sync." testId="sync-rename-input" />
          <div className="row">
            <button type="submit" className="button button--primary button--small" disabled={busy} data-testid="sync-rename-save">
              Save name
            </button>
            <button type="button" className="button button--small" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {retiring ? (
        <ConfirmDialog
          title={`Retire ${retiring.name ?? `device ${retiring.id}`}?`}
          confirmLabel="Retire device"
          danger
          onCancel={() => setRetiring(null)}
          onConfirm={() => {
            const id = retiring.id;
            setRetiring(null);
            void useSync.getState().retireDevice(id);
          }}
        >
          <p>
            Its changes synced so far stay. Anything it sends from now on is refused by every device, so use this for a lost or stolen device. It cannot be undone: the
            device would have to join again into a new folder.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
