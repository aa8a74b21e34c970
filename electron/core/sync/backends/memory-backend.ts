import { bodySource, isRemoteName, isRemotePrefix, type PutBody, type RemoteObjectInfo, type SyncBackend } from './backend';
import { badNameError, SyncRemoteError, throwIfAborted } from './remote-error';

/**
 * A backend in a Map, for fast tests of everything above the storage. It keeps the contract exactly:
 * an object appears only once its whole body has arrived, and a taken name is refused.
 */
export class MemoryBackend implements SyncBackend {
  readonly description = 'the in-memory store';
  /** Exposed so tests can tamper with stored bytes directly. */
  readonly objects = new Map<string, Buffer>();

  async put(name: string, body: PutBody, options?: { signal?: AbortSignal }): Promise<void> {
    if (!isRemoteName(name)) throw badNameError(name);
    if (this.objects.has(name)) throw new SyncRemoteError('exists', `${name} already exists in ${this.description}`, { objectName: name });
    const parts: Buffer[] = [];
    for await (const part of bodySource(body)) {
      throwIfAborted(options?.signal);
      parts.push(Buffer.from(part));
    }
    throwIfAborted(options?.signal);
    // Checked again: another put of the same name may have finished while this body was streaming.
    if (this.objects.has(name)) throw new SyncRemoteError('exists', `${name} already exists in ${this.description}`, { objectName: name });
    this.objects.set(name, Buffer.concat(parts));
  }

  async get(name: string, options?: { signal?: AbortSignal }) {
    if (!isRemoteName(name)) throw badNameError(name);
    throwIfAborted(options?.signal);
    const data = this.objects.get(name);
    if (!data) throw new SyncRemoteError('not-found', `${name} is not in ${this.description}`, { objectName: name });
    const copy = Buffer.from(data);
    return {
      size: copy.length,
      body: (async function* one() {
        yield copy;
      })(),
    };
  }

  async *list(prefix: string, options?: { signal?: AbortSignal }): AsyncGenerator<RemoteObjectInfo> {
    if (!isRemotePrefix(prefix)) throw badNameError(prefix);
    const names = [...this.objects.keys()].filter((n) => n.startsWith(prefix)).sort();
    for (const name of names) {
      throwIfAborted(options?.signal);
      const data = this.objects.get(name);
      if (data) yield { name, size: data.length };
    }
  }

  async delete(name: string): Promise<void> {
    if (!isRemoteName(name)) throw badNameError(name);
    this.objects.delete(name);
  }
}
