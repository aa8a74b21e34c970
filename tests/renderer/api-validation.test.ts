import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { api, EngineUnreachableError, installTransport, type ApiEventMessage } from '../../renderer/src/api';
import { detail, idFor, summary } from './helpers/assets';
import { fakeTransport, RAW, type FakeTransport } from './helpers/fake-transport';

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('api module with a fake transport', () => {
  let transport: FakeTransport;

  beforeEach(() => {
    transport = fakeTransport({
      'assets.get': () => detail(1),
      'vault.state': () => ({ state: 'locked', dir: '/v', vaultId: 'x', unlock: { passphrase: true, recoveryKey: true, keychain: false }, idleLockMinutes: 15 }),
    });
    installTransport(transport);
  });

  it('returns a result that matches the contract', async () => {
    const result = await api.call('assets.get', { id: idFor(1) });
    expect(result.title).toBe('Product photo 1');
    expect(transport.calls).toEqual([{ method: 'assets.get', args: { id: idFor(1) } }]);
  });

  it('turns a result that does not match the contract into ApiError INTERNAL', async () => {
    const { currentVersion: _dropped, ...withoutVersion } = detail(1);
    transport.setHandler('assets.get', () => withoutVersion);
    const error = await rejection(api.call('assets.get', { id: idFor(1) }));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('assets.get');
    expect(error.message).toContain('currentVersion');
  });

  it('rejects a wrong type deep inside a list result', async () => {
    transport.setHandler('assets.list', () => ({ total: 1, offset: 0, items: [{ ...summary(0), currentVersion: { ...summary(0).currentVersion, approval: 'published' } }] }));
    const error = await rejection(api.call('assets.list', {}));
    expect(error.code).toBe('INTERNAL');
  });

  it('treats a body that is not an ApiResponse as INTERNAL', async () => {
    transport.setHandler('vault.state', () => RAW({ state: 'locked' }));
    expect((await rejection(api.call('vault.state', {}))).code).toBe('INTERNAL');
    transport.setHandler('vault.state', () => RAW('<html>502 Bad Gateway</html>'));
    expect((await rejection(api.call('vault.state', {}))).code).toBe('INTERNAL');
  });

  it('surfaces a bad-argument error from the server with its code and message', async () => {
    transport.setHandler('collections.create', () => {
      throw new ApiError('INVALID_ARGUMENT', 'a collection name can have at most 200 characters');
    });
    const error = await rejection(api.call('collections.create', { name: 'Spring' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('a collection name can have at most 200 characters');
  });

  it('surfaces engine error codes unchanged', async () => {
    transport.setHandler('vault.unlock', () => {
      throw new ApiError('WRONG_PASSPHRASE', 'wrong passphrase');
    });
    expect((await rejection(api.call('vault.unlock', { method: 'passphrase', secret: 'nope' }))).code).toBe('WRONG_PASSPHRASE');
  });

  it('maps an error code this UI does not know to INTERNAL, keeping the message', async () => {
    transport.setHandler('vault.state', () => RAW({ ok: false, error: { code: 'QUOTA_EXCEEDED', message: 'the disk is full' } }));
    const error = await rejection(api.call('vault.state', {}));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('the disk is full');
  });

  it('refuses invalid arguments before sending anything', async () => {
    const error = await rejection(api.call('assets.get', { id: 'not-an-id' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('id');
    expect(transport.calls).toHaveLength(0);
  });

  it('reports a transport that cannot reach the engine as EngineUnreachableError', async () => {
    installTransport({ ...transport, call: () => Promise.reject(new TypeError('Failed to fetch')) });
    const error = await rejection(api.call('vault.state', {}));
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect(error.code).toBe('INTERNAL');
  });

  it('delivers valid events and drops malformed or unknown ones', () => {
    const received: ApiEventMessage[] = [];
    const off = api.onEvent((message) => received.push(message));
    transport.emit('library.changed', { reason: 'edit' });
    transport.emit('library.changed', { reason: 'because' });
    transport.emit('ingest.progress', { jobId: 'j' });
    transport.emit('something.else', {});
    off();
    transport.emit('library.changed', { reason: 'ingest' });
    expect(received).toEqual([{ event: 'library.changed', payload: { reason: 'edit' } }]);
  });

  it('passes reconnects on, and detaches from a replaced transport', () => {
    let reconnects = 0;
    const off = api.onReconnected(() => reconnects++);
    transport.reconnect();
    const next = fakeTransport();
    installTransport(next);
    transport.reconnect();
    next.reconnect();
    off();
    expect(reconnects).toBe(2);
  });

  it('asks the transport for media URLs', () => {
    expect(api.mediaUrl('thumb', idFor(7))).toBe(`fake-media://thumb/${idFor(7)}`);
  });
});
