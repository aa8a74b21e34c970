/**
 * Re-cuts a byte stream into pieces of exactly `size` bytes (the last may be shorter). There is always
 * at least one piece, empty for an empty stream, so a consumer that marks the last piece (the envelope's
 * final chunk, the single PUT of a small object) always has one to mark. Copies only to join pieces.
 */
export async function* fixedChunks(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let yielded = false;
  for await (const chunk of source) {
    // A chunk that is exactly one piece (the envelope's 64 KiB plaintext chunks) passes without a copy.
    if (pendingBytes === 0 && chunk.length === size) {
      yielded = true;
      yield chunk;
      continue;
    }
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(size - pendingBytes, chunk.length - offset);
      pending.push(chunk.subarray(offset, offset + take));
      pendingBytes += take;
      offset += take;
      if (pendingBytes === size) {
        const piece = pending.length === 1 ? Buffer.from(pending[0]!) : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        yielded = true;
        yield piece;
      }
    }
  }
  if (pendingBytes > 0 || !yielded) yield Buffer.concat(pending, pendingBytes);
}
