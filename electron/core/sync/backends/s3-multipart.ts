import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { fixedChunks } from '../stream-chunks';
import type { SyncRemoteError } from './remote-error';
import { throwIfAborted } from './remote-error';

/**
 * A streamed object of unknown length: gathered into parts of PART_BYTES; an object that fits in one
 * part is a plain PUT, a larger one a multipart upload. Either is atomic on S3: the object appears only
 * when the PUT or the CompleteMultipartUpload succeeds. Memory stays at one part per upload.
 *
 * A failed or aborted upload sends AbortMultipartUpload so its parts do not linger (and cost). If the
 * process is killed instead, the parts stay invisible to listing until the bucket's lifecycle rule
 * ("abort incomplete multipart uploads after N days", recommended in docs) removes them.
 */
export const PART_BYTES = 8 * 1024 * 1024;

interface MultipartArgs {
  client: S3Client;
  bucket: string;
  key: string;
  source: AsyncIterable<Buffer>;
  signal: AbortSignal | undefined;
  fail: (err: unknown) => SyncRemoteError;
  partBytes?: number;
}

export async function putMultipart(args: MultipartArgs): Promise<void> {
  const { client, bucket, key, signal, fail } = args;
  const Bucket = bucket;
  const Key = key;
  const iterator = fixedChunks(args.source, args.partBytes ?? PART_BYTES)[Symbol.asyncIterator]();
  let uploadId: string | undefined;
  try {
    const first = await iterator.next();
    const second = first.done ? first : await iterator.next();
    throwIfAborted(signal);
    if (second.done) {
      const body = first.done ? Buffer.alloc(0) : first.value;
      await client.send(new PutObjectCommand({ Bucket, Key, Body: body }), { abortSignal: signal });
      return;
    }
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }), { abortSignal: signal });
    uploadId = created.UploadId;
    const done: CompletedPart[] = [];
    const send = async (PartNumber: number, Body: Buffer) => {
      throwIfAborted(signal);
      const res = await client.send(new UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber, Body }), { abortSignal: signal });
      done.push({ PartNumber, ETag: res.ETag });
    };
    await send(1, first.value as Buffer);
    await send(2, second.value);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) await send(done.length + 1, next.value);
    throwIfAborted(signal);
    await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: done } }), {
      abortSignal: signal,
    });
    uploadId = undefined;
  } catch (err) {
    if (uploadId) {
      // Without the caller's signal: an abort must still clean up.
      await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: uploadId })).catch(() => undefined);
    }
    throw fail(err);
  } finally {
    await iterator.return?.(undefined);
  }
}
