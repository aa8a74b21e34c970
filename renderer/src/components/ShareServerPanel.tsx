import { useEffect, useState } from 'react';
import type { ShareServerSettings } from '../../../shared/api/share-contract';
import { useShares } from '../stores/shares-store';
import { ChoiceGroup } from './ChoiceGroup';
import { TextInputField } from './TextInputField';

const BIND_LABELS = { loopback: 'This computer only (127.0.0.1)', lan: 'Local network' } as const;
const DEFAULT_PORT_HINT = 'Empty: 8491, where the command line makes its links too.';

interface Draft {
  bind: ShareServerSettings['bind'];
  port: string;
  publicBaseUrl: string;
  keepWholeIp: boolean;
}

const draftOf = (s: ShareServerSettings): Draft => ({ bind: s.bind, port: s.port === null ? '' : String(s.port), publicBaseUrl: s.publicBaseUrl ?? '', keepWholeIp: s.keepWholeIp });

/** The share server: running or why not, and where it listens; saving restarts it with the new settings. */
export function ShareServerPanel() {
  const server = useShares((s) => s.server);
  const error = useShares((s) => s.serverError);
  const saveServer = useShares((s) => s.saveServer);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<{ port?: string }>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (server && draft === null) setDraft(draftOf(server.settings));
  }, [server, draft]);

  if (server === null || draft === null) return <p className="muted">{error ?? 'Loading the share server settings…'}</p>;
  const { status } = server;
  const change = (c: Partial<Draft>) => setDraft({ ...draft, ...c });

  return (
    <div className="share-server stack">
      <section className="share-server__status" aria-labelledby="share-server-status" data-testid="share-server-status" data-state={status.state}>
        <h3 id="share-server-status" className="shares__subtitle">
          Status
        </h3>
        {status.state === 'running' ? (
          <p>
            Serving links at <code data-testid="share-server-url">{status.baseUrl}</code> (listening on {status.address}). Links keep working while the library is
            locked, until Strongroom quits.
          </p>
        ) : (
          <p className={status.state === 'failed' ? 'form-error' : 'muted'} role={status.state === 'failed' ? 'alert' : undefined} data-testid="share-server-error">
            {status.state === 'failed' ? 'Not running: ' : 'Not running. '}
            {status.error}
          </p>
        )}
      </section>
      <form
        className="share-server__form stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const port = draft.port.trim() === '' ? null : /^\d{1,5}$/.test(draft.port.trim()) ? Number(draft.port.trim()) : NaN;
          if (port !== null && !(port >= 1 && port <= 65_535)) {
            setProblems({ port: 'A port number from 1 to 65535, or empty for 8491.' });
            return;
          }
          setProblems({});
          setSaving(true);
          const settings: ShareServerSettings = { bind: draft.bind, port, publicBaseUrl: draft.publicBaseUrl.trim() === '' ? null : draft.publicBaseUrl.trim(), keepWholeIp: draft.keepWholeIp };
          void saveServer(settings).then((saved) => {
            setSaving(false);
            if (saved) setDraft(null);
          });
        }}
        data-testid="share-server-form"
      >
        <ChoiceGroup legend="Reachable from" value={draft.bind} options={['loopback', 'lan'] as const} labels={BIND_LABELS} onChange={(bind) => change({ bind })} testId="share-server-bind" />
        {draft.bind === 'lan' ? <p className="field__hint">Anyone on your network who has a link can open it. Links still need their token; nothing else is served.</p> : null}
        <TextInputField label="Port" value={draft.port} onChange={(port) => change({ port })} error={problems.port} placeholder="8491" maxLength={5} hint={DEFAULT_PORT_HINT} testId="share-server-port" />
        <TextInputField
          label="Public address (reverse proxy or tunnel)"
          type="url"
          value={draft.publicBaseUrl}
          onChange={(publicBaseUrl) => change({ publicBaseUrl })}
          placeholder="https://share.example.com"
          maxLength={2000}
          hint="Links start with this address instead of this computer's. Leave empty when recipients reach this computer directly."
          testId="share-server-base-url"
        />
        <label className="checkbox-row">
          <input type="checkbox" checked={draft.keepWholeIp} onChange={(e) => change({ keepWholeIp: e.target.checked })} data-testid="share-server-whole-ip" />
          Keep recipients’ whole IP addresses in the timeline (otherwise only their network: /24, /48)
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="button button--primary" disabled={saving} data-testid="share-server-save">
            {saving ? 'Restarting…' : 'Save and restart'}
          </button>
        </div>
      </form>
    </div>
  );
}
