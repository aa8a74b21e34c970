import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openFolderBackend } from '../../electron/core/sync/backends/folder-backend';
import { MemoryBackend } from '../../electron/core/sync/backends/memory-backend';
import { makeTempDir } from '../helpers/temp-dir';
import { backendContract } from './helpers/backend-contract';
import { startS3rver, type S3rverProcess } from './helpers/s3rver';

let s3: S3rverProcess;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});

backendContract('memory', { make: async () => new MemoryBackend(), largeBytes: 3 << 20 });
backendContract('folder', { make: () => openFolderBackend(makeTempDir('sync-folder')), largeBytes: 3 << 20 });
// 20 MiB: three parts of 8 MiB; a page of 5 keys so listing crosses pages.
backendContract('s3 (s3rver)', {
  make: async () => s3.backend(`t-${randomUUID()}`, { listPageSize: 5 }),
  largeBytes: 20 << 20,
});
