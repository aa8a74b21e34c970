// A real S3-compatible server (s3rver) in its own process, on 127.0.0.1 and a free port. It prints one
// JSON line with the port once it listens, then serves until killed. Data lives in the folder given as
// argv[2]; the bucket named in argv[3] is created at start. s3rver checks access key ids (S3RVER/S3RVER)
// but enforces no conditional writes or locks; the sync code relies on neither.
'use strict';
const S3rver = require('s3rver');

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: true,
  configureBuckets: bucket ? [{ name: bucket, configs: [] }] : [],
});
server.run().then(
  (addr) => process.stdout.write(`${JSON.stringify({ port: addr.port })}\n`),
  (err) => {
    process.stderr.write(`s3rver failed to start: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
