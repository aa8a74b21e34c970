/**
 * What a promise rejected with. A promise that resolves instead yields an Error saying so, which then
 * fails whatever `toMatchObject({ code })` the caller checks: a test can never pass because the
 * operation it expected to fail happened to succeed.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => new Error(`expected a rejection, but it resolved with ${String(value)}`),
    (err: unknown) => err,
  );
}

/** What a synchronous function threw (an Error saying it did not throw, otherwise). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return new Error('expected a throw, but it returned normally');
}
