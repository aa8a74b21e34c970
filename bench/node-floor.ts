import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The floor under the share server (`share-bench --floor`): a bare node:http server answering the same
 * bytes with the same headers as the share server, with no policy check, count, log or cache, the
 * answer sent a turn later as the share server's is (after its commit). What the share server spends
 * beyond this per answer is ours; this much is Node's HTTP and the kernel's copy.
 */
export async function startNodeFloor(files: Record<string, { body: Buffer; headers: Headers }>): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const answers = new Map<string, { body: Buffer; head: string[] }>();
  for (const [name, { body, headers }] of Object.entries(files)) {
    const head: string[] = [];
    headers.forEach((value, key) => head.push(key, value));
    answers.set(`/${name}`, { body, head });
  }
  const server = http.createServer((req, res) => {
    const answer = answers.get(req.url ?? '');
    res.sendDate = false;
    setImmediate(() => {
      if (!answer) {
        res.writeHead(404, ['Content-Length', '0']);
        res.end();
        return;
      }
      res.writeHead(200, answer.head);
      res.end(answer.body);
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
