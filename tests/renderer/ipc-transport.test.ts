import { describe, expect, it } from 'vitest';
import type { BridgeMethods, StrongroomBridge } from '../../shared/api/bridge';
import type { ApiEvent, ApiEventPayload } from '../../shared/api/contract';
import { api, EngineUnreachableError, installTransport, itemsFromFiles, type ApiEventMessage } from '../../renderer/src/api';
import { createIpcTransport } from '../../renderer/src/api/ipc-transport';
import { idFor } from './helpers/assets';

type Listener = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => void;

/** What Electron's preload exposes, with calls recorded and events pushed by hand. */
function fakeBridge(paths: Record<string, string>) {
  const calls: { method: string; args: unknown }[] = [];
  const listeners = new Set<Listener>();
  const methods = new Proxy({} as BridgeMethods, {
    get: (_target, method: string) => async (args: unknown) => {
      calls.push({ method, args });
      if (method === 'ingest.startPaths') return { ok: true, value: { jobId: 'job-7' } };
      if (method === 'vault.lock') throw new Error('IPC channel closed');
      return { ok: true, value: [] };
    },
  });
  const bridge: StrongroomBridge = {
    methods,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pathForFile: (file) => paths[file.name] ?? '',
  };
  const emit: Listener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  return { bridge, calls, emit };
}

describe('IPC transport (Electron) with a fake preload bridge', () => {
  it('calls the bridge function of the method and validates what comes back', async () => {
    const { bridge, calls } = fakeBridge({});
    installTransport(createIpcTransport(bridge));
    expect(await api.call('tags.list', {})).toEqual([]);
    expect(calls).toEqual([{ method: 'tags.list', args: {} }]);
  });

  it('turns a failed IPC invoke into EngineUnreachableError', async () => {
    const { bridge } = fakeBridge({});
    installTransport(createIpcTransport(bridge));
    await expect(api.call('vault.lock', {})).rejects.toBeInstanceOf(EngineUnreachableError);
  });

  it('imports dropped files by path, as new versions when asked, refusing files without one', async () => {
    const { bridge, calls } = fakeBridge({ 'a.jpg': '/home/me/a.jpg', shoot: '/home/me/shoot' });
    installTransport(createIpcTransport(bridge));
    const files = [new File(['x'], 'a.jpg'), new File([], 'shoot'), new File(['y'], 'pasted.png')];
    const outcome = await api.ingestFiles(itemsFromFiles(files), { assetId: idFor(4) });
    expect(calls).toEqual([{ method: 'ingest.startPaths', args: { paths: ['/home/me/a.jpg', '/home/me/shoot'], assetId: idFor(4) } }]);
    expect(outcome.jobIds).toEqual(['job-7']);
    expect(outcome.skipped.map((s) => s.source)).toEqual(['pasted.png']);
  });

  it('forwards bridge events through the contract check, and serves media from the media scheme', () => {
    const { bridge, emit } = fakeBridge({});
    installTransport(createIpcTransport(bridge));
    const received: ApiEventMessage[] = [];
    const off = api.onEvent((m) => received.push(m));
    emit('library.changed', { reason: 'ingest' });
    off();
    expect(received).toEqual([{ event: 'library.changed', payload: { reason: 'ingest' } }]);
    expect(api.mediaUrl('preview', idFor(5))).toBe(`strongroom-media://preview/${idFor(5)}`);
  });
});
