import { describe, expect, it } from 'vitest';
import { createUploadSources } from '../../electron/core/api/upload-sources';
import type { IngestSource } from '../../electron/core/ingest/ingest';
import { rejectionOf } from '../helpers/rejection';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a source the way the engine does: every chunk, into one buffer. */
async function readAll(source: IngestSource): Promise<Buffer> {
  if (source.kind !== 'stream') throw new Error('expected a stream source');
  const parts: Buffer[] = [];
  for await (const chunk of source.stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** An upload body: the given chunks, with an optional pause before each; records whether it was aborted. */
function body(chunks: Buffer[], pauseMs = 0) {
  const state = { returned: false, finished: false };
  const stream = (async function* () {
    try {
      for (const c of chunks) {
        if (pauseMs) await sleep(pauseMs);
        yield c;
      }
      state.finished = true;
    } finally {
      if (!state.finished) state.returned = true;
    }
  })();
  return { stream, state };
}

describe('createUploadSources', () => {
  it('hands the engine exactly the declared bytes and answers the upload once they are read', async () => {
    const data = [Buffer.from('hello '), Buffer.from('world')];
    const u = createUploadSources([{ name: 'a.jpg', size: 11 }]);
    expect(u.sources[0]).toMatchObject({ kind: 'stream', name: 'a.jpg', size: 11 });
    const reading = readAll(u.sources[0]!);
    const outcome = await u.attach(0, body(data).stream, 11);
    expect(outcome).toEqual({ ok: true });
    expect((await reading).toString()).toBe('hello world');
  });

  it('keeps an upload that arrives before the engine asks, until it does', async () => {
    const u = createUploadSources([{ name: 'a.jpg', size: 3 }]);
    let answered = false;
    const outcome = u.attach(0, body([Buffer.from('abc')]).stream).then((o) => ((answered = true), o));
    await sleep(50);
    expect(answered).toBe(false);
    expect((await readAll(u.sources[0]!)).toString()).toBe('abc');
    expect(await outcome).toEqual({ ok: true });
  });

  it('aborts an upload that sends more than declared, and the engine refuses the file', async () => {
    const u = createUploadSources([{ name: 'a.jpg', size: 4 }]);
    const b = body([Buffer.from('abc'), Buffer.from('defgh'), Buffer.from('never read')]);
    const reading = rejectionOf(readAll(u.sources[0]!));
    expect(await u.attach(0, b.stream)).toEqual({ ok: false, refusal: 'too-large', message: 'more bytes arrived than the 4 bytes declared' });
    expect(await reading).toMatchObject({ message: 'more bytes arrived than the 4 bytes declared' });
    expect(b.state.returned).toBe(true);
  });

  it('refuses an upload that ends short, or whose length is wrong from the start', async () => {
    const u = createUploadSources([
      { name: 'a.jpg', size: 10 },
      { name: 'b.jpg', size: 10 },
      { name: 'c.jpg', size: 10 },
    ]);
    const reading = u.sources.map((s) => rejectionOf(readAll(s)));
    expect(await u.attach(0, body([Buffer.from('abc')]).stream)).toMatchObject({ ok: false, refusal: 'incomplete', message: 'the upload ended after 3 of 10 bytes' });
    const tooLong = body([Buffer.alloc(11)]);
    expect(await u.attach(1, tooLong.stream, 11)).toMatchObject({ ok: false, refusal: 'too-large', message: 'the upload is 11 bytes but 10 bytes were declared' });
    expect(await u.attach(2, body([]).stream, 9)).toMatchObject({ ok: false, refusal: 'incomplete' });
    expect(await reading[0]).toMatchObject({ message: 'the upload ended after 3 of 10 bytes' });
    expect(await reading[1]).toMatchObject({ message: 'the upload is 11 bytes but 10 bytes were declared' });
    expect(await reading[2]).toMatchObject({ message: 'the upload is 9 bytes but 10 bytes were declared' });
  });

  it('reports a body that fails mid-way as interrupted', async () => {
    const u = createUploadSources([{ name: 'a.jpg', size: 10 }]);
    const failing = (async function* () {
      yield Buffer.from('abc');
      throw new Error('aborted');
    })();
    const reading = rejectionOf(readAll(u.sources[0]!));
    expect(await u.attach(0, failing)).toMatchObject({ ok: false, refusal: 'interrupted', message: 'the upload was interrupted after 3 of 10 bytes' });
    expect(await reading).toMatchObject({ message: 'the upload was interrupted after 3 of 10 bytes' });
  });

  it('takes each file once, and only files that were declared', async () => {
    const u = createUploadSources([{ name: 'a.jpg', size: 1 }]);
    const first = u.attach(0, body([Buffer.from('x')]).stream);
    expect(await u.attach(0, body([Buffer.from('y')]).stream)).toMatchObject({ ok: false, refusal: 'conflict' });
    for (const index of [1, -1, 0.5, Number.NaN]) {
      expect(await u.attach(index, body([]).stream)).toMatchObject({ ok: false, refusal: 'unknown-file' });
    }
    await readAll(u.sources[0]!);
    expect(await first).toEqual({ ok: true });
  });

  it('refuses a file that never arrives, counting from the last activity of the set', async () => {
    const u = createUploadSources(
      [
        { name: 'slow.jpg', size: 12 },
        { name: 'late.jpg', size: 1 },
        { name: 'missing.jpg', size: 1 },
      ],
      { arrivalTimeoutMs: 1_000 },
    );
    const started = performance.now();
    const reading = u.sources.map((s) => readAll(s).then((b) => b.toString(), (err: Error) => err));
    // File 0 trickles in for ~1.5 s, longer than the timeout, with 125 ms gaps: file 1 must keep waiting.
    const slow = u.attach(0, body(Array.from({ length: 12 }, () => Buffer.from('s')), 125).stream);
    expect(await slow).toEqual({ ok: true });
    expect(performance.now() - started).toBeGreaterThan(1_000);
    expect(await u.attach(1, body([Buffer.from('l')]).stream)).toEqual({ ok: true });
    expect(await reading[0]).toBe('ssssssssssss');
    expect(await reading[1]).toBe('l');
    // File 2 never comes: refused about a second after the last activity, and a late upload is turned away.
    const missing = await reading[2];
    expect(missing).toBeInstanceOf(Error);
    expect((missing as Error).message).toBe('the upload never arrived (nothing was received for 1 s)');
    expect(await u.attach(2, body([Buffer.from('m')]).stream)).toMatchObject({ ok: false, refusal: 'conflict', message: expect.stringMatching(/never arrived/) });
  });

  it('failAll answers waiting uploads and stops the engine waiting', async () => {
    const u = createUploadSources([
      { name: 'a.jpg', size: 1 },
      { name: 'b.jpg', size: 1 },
    ]);
    const waitingEngine = rejectionOf(readAll(u.sources[0]!));
    const waitingUpload = u.attach(1, body([Buffer.from('b')]).stream);
    u.failAll('the import was cancelled');
    expect(await waitingEngine).toMatchObject({ message: 'the import was cancelled' });
    expect(await waitingUpload).toEqual({ ok: false, refusal: 'closed', message: 'the import was cancelled' });
    expect(await rejectionOf(readAll(u.sources[1]!))).toMatchObject({ message: 'the import was cancelled' });
  });

  it('checks what it is given', () => {
    expect(() => createUploadSources([{ name: 'a', size: -1 }])).toThrow(/invalid declared size/);
    expect(() => createUploadSources([{ name: 'a', size: 1 }], { arrivalTimeoutMs: 0 })).toThrow(/positive/);
  });
});
