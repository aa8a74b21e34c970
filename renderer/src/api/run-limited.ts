/**
 * Runs tasks with at most `limit` in flight, in order. After the first failure no new task starts; the
 * ones already running are allowed to settle and then the first error is thrown. An aborted signal also
 * stops new tasks (quietly: the caller aborted, it knows).
 */
export async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && !signal?.aborted && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
