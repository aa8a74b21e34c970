import { privateTmpDir } from '../helpers/private-tmpdir';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../helpers/vault';
import { openEventStream, type EventStreamReader } from './event-stream';
import { jsonOf, rawRequest } from './http-client';
import { callApi, createVaultOverHttp, signIn, startTestShell, type TestShell } from './test-shell';

const FIXTURES = ['orientation/Landscape_3.jpg', 'photos/with-alpha.png', 'hostile/struct-image-04-t.svg'].map((rel) => ({
  name: path.basename(rel),
  bytes: readFileSync(path.join(fixturesDir, rel)),
}));

interface Report {
  jobId: string;
  imported: { source: string; assetId: string; versionNumber: number; newAsset: boolean }[];
  duplicates: unknown[];
  refused: { source: string; reason: string }[];
  cancelled: boolean;
}

interface Session {
  t: TestShell;
  cookie: string;
  events: EventStreamReader;
}

async function openSession(options: Parameters<typeof startTestShell>[0] = {}): Promise<Session> {
  const t = await startTestShell(options);
  const cookie = await signIn(t);
  await createVaultOverHttp(t, cookie);
  const events = await openEventStream(`${t.origin}/api/events`, { Cookie: cookie });
  return { t, cookie, events };
}

async function closeSession(s: Session | undefined): Promise<void> {
  s?.events.close();
  await s?.t.dispose();
}

async function startUpload(s: Session, files: { name: string; size: number }[], extra: Record<string, unknown> = {}): Promise<string> {
  const res = await rawRequest({
    port: s.t.port,
    method: 'POST',
    path: '/api/ingest/uploads',
    headers: { Origin: s.t.origin, Cookie: s.cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({ files, ...extra }),
  });
  expect(res.status, res.body.toString()).toBe(200);
  const { jobId } = jsonOf(res) as { jobId: string };
  expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
  return jobId;
}

/** PUT as the browser would (fetch, a whole file as the body, Content-Length set). */
function putFile(s: Session, jobId: string, index: number, bytes: Buffer): Promise<Response> {
  return fetch(`${s.t.origin}/api/ingest/uploads/${jobId}/${index}`, {
    method: 'PUT',
    headers: { Origin: s.t.origin, Cookie: s.cookie, 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
}

async function reportOf(s: Session, jobId: string, timeoutMs = 60_000): Promise<Report> {
  const done = await s.events.waitFor((e) => e.event === 'ingest.done' && (JSON.parse(e.data) as Report).jobId === jobId, timeoutMs, `ingest.done of ${jobId}`);
  return JSON.parse(done.data) as Report;
}

describe('uploads from the browser', () => {
  let s: Session | undefined;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(() => closeSession(s));

  it('imports uploaded files, refuses the SVG with its reason, and serves the thumbnails', async () => {
    const session = s!;
    const jobId = await startUpload(
      session,
      FIXTURES.map((f) => ({ name: f.name, size: f.bytes.length })),
    );
    for (const [index, f] of FIXTURES.entries()) {
      const res = await putFile(session, jobId, index, f.bytes);
      expect(res.status, `${f.name}: ${await res.clone().text()}`).toBe(204);
    }
    const report = await reportOf(session, jobId);
    expect(report.imported.map((i) => i.source).sort()).toEqual(['Landscape_3.jpg', 'with-alpha.png']);
    expect(report.refused).toEqual([{ source: 'struct-image-04-t.svg', reason: expect.stringMatching(/^SVG files are refused/) }]);
    expect(report.cancelled).toBe(false);
    const progress = session.events.events.filter((e) => e.event === 'ingest.progress').map((e) => JSON.parse(e.data) as { jobId: string; filesDone: number; filesTotal: number });
    expect(progress.filter((p) => p.jobId === jobId).length).toBeGreaterThan(0);
    expect(progress.filter((p) => p.jobId === jobId).every((p) => p.filesTotal === 3)).toBe(true);
    expect(Math.max(...progress.map((p) => p.filesDone))).toBe(3);

    // The bytes arrived whole: each version's size is the uploaded file's size.
    for (const item of report.imported) {
      const detail = await callApi(session.t, session.cookie, 'assets.get', { id: item.assetId });
      const version = (detail.value as { versions: { id: string; byteSize: number; originalFilename: string }[] }).versions[0]!;
      expect(version.byteSize).toBe(FIXTURES.find((f) => f.name === item.source)!.bytes.length);
      expect(version.originalFilename).toBe(item.source);

      const thumb = await rawRequest({ port: session.t.port, path: `/media/thumb/${version.id}`, headers: { Cookie: session.cookie } });
      expect(thumb.status).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      expect(thumb.headers['cache-control']).toBe('no-store');
      const meta = await sharp(thumb.body).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeGreaterThan(0);
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(400);
      const preview = await rawRequest({ port: session.t.port, path: `/media/preview/${version.id}`, headers: { Cookie: session.cookie } });
      expect((await sharp(preview.body).metadata()).format).toBe('jpeg');
    }
    // Nothing was spooled to disk on the way: the temp folder holds only the test shells' own folders.
    expect(readdirSync(privateTmpDir).filter((name) => !name.startsWith('strongroom-web-'))).toEqual([]);
    expect(readdirSync(session.t.root).sort()).toEqual(['renderer', 'vault']);
  });

  it('refuses a PUT larger than declared, up front or mid-way, and a second PUT of the same file', async () => {
    const session = s!;
    const jpeg = FIXTURES[0]!.bytes;
    const jobId = await startUpload(session, [
      { name: 'declared-too-small.jpg', size: jpeg.length - 10 },
      { name: 'streams-too-much.jpg', size: 1000 },
      // Keeps the job waiting until the end of the test, so the second PUT below meets a running job.
      { name: 'sent-last.jpg', size: jpeg.length },
    ]);
    const upFront = await rawRequest({
      port: session.t.port,
      method: 'PUT',
      path: `/api/ingest/uploads/${jobId}/0`,
      headers: { Origin: session.t.origin, Cookie: session.cookie, 'Content-Length': String(jpeg.length) },
      headersOnly: true,
    });
    expect(upFront.status).toBe(413);
    expect(jsonOf(upFront)).toMatchObject({ ok: false, error: { message: `the upload is ${jpeg.length} bytes but ${jpeg.length - 10} bytes were declared` } });

    // No Content-Length (chunked): the server counts, and cuts the request once it passes 1000 bytes.
    const midWay = await new Promise<number | string>((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: session.t.port,
          method: 'PUT',
          path: `/api/ingest/uploads/${jobId}/1`,
          headers: { Origin: session.t.origin, Cookie: session.cookie, 'Transfer-Encoding': 'chunked' },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      req.write(jpeg.subarray(0, 600));
      setTimeout(() => req.end(jpeg.subarray(600, 5000)), 50);
    });
    // Either the 413 arrives before the cut, or the client sees the connection being cut.
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(midWay);

    const again = await putFile(session, jobId, 0, jpeg.subarray(0, jpeg.length - 10));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/refused already/) } });
    expect((await putFile(session, jobId, 2, jpeg)).status).toBe(204);

    const report = await reportOf(session, jobId);
    // Imported, or a duplicate when the first test already imported the same JPEG.
    expect([...report.imported, ...report.duplicates].map((i) => (i as { source: string }).source)).toEqual(['sent-last.jpg']);
    expect(report.refused.sort((a, b) => a.source.localeCompare(b.source))).toEqual([
      { source: 'declared-too-small.jpg', reason: expect.stringContaining(`the upload is ${jpeg.length} bytes but ${jpeg.length - 10} bytes were declared`) },
      { source: 'streams-too-much.jpg', reason: expect.stringContaining('more bytes arrived than the 1000 bytes declared') },
    ]);
  });

  it('refuses an upload job that does not match the contract', async () => {
    const session = s!;
    const post = (body: string) =>
      rawRequest({
        port: session.t.port,
        method: 'POST',
        path: '/api/ingest/uploads',
        headers: { Origin: session.t.origin, Cookie: session.cookie, 'Content-Type': 'application/json' },
        body,
      });
    for (const [body, message] of [
      [JSON.stringify({ files: [] }), /files/],
      [JSON.stringify({ files: [{ name: 'a.jpg', size: 512 * 1024 * 1024 + 1 }] }), /files\.0\.size/],
      [JSON.stringify({ files: [{ name: 'a.jpg', size: 1, path: '/etc/passwd' }] }), /path/],
      [JSON.stringify({ files: [{ name: 'a.jpg', size: 1 }], assetId: '../x' }), /assetId/],
      ['not json', /not valid JSON/],
    ] as const) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(jsonOf(res)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) } });
    }
    const unknownJob = await putFile(session, '00000000-0000-4000-8000-000000000000', 0, Buffer.from('x'));
    expect(unknownJob.status).toBe(404);
    const badPath = await putFile(session, 'not-a-job', 0, Buffer.from('x'));
    expect(badPath.status).toBe(404);
  });

  it('ends a cancelled upload job at once, even with files still to come', async () => {
    const session = s!;
    const jobId = await startUpload(session, [{ name: 'never-sent.jpg', size: 100 }]);
    expect(await callApi(session.t, session.cookie, 'ingest.cancel', { jobId })).toEqual({ ok: true, value: { ok: true } });
    const report = await reportOf(session, jobId, 20_000);
    expect(report.cancelled).toBe(true);
    expect(report.imported).toEqual([]);
  });
});

describe('uploads that never arrive', () => {
  let s: Session | undefined;
  beforeAll(async () => {
    s = await openSession({ uploadArrivalTimeoutMs: 500 });
  });
  afterAll(() => closeSession(s));

  it('refuses a declared file that never arrives, so the job still finishes', async () => {
    const session = s!;
    const jpeg = FIXTURES[0]!.bytes;
    const jobId = await startUpload(session, [
      { name: 'arrives.jpg', size: jpeg.length },
      { name: 'never-arrives.jpg', size: 1234 },
    ]);
    expect((await putFile(session, jobId, 0, jpeg)).status).toBe(204);
    const report = await reportOf(session, jobId, 30_000);
    expect(report.imported.map((i) => i.source)).toEqual(['arrives.jpg']);
    expect(report.refused).toEqual([{ source: 'never-arrives.jpg', reason: expect.stringContaining('the upload never arrived') }]);
    // Too late now: the job has ended.
    const late = await putFile(session, jobId, 1, Buffer.alloc(1234));
    expect([404, 409]).toContain(late.status);
  });
});
