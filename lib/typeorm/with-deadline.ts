/**
 * Settles as `work` does, or rejects with `onTimeout()`'s error once `ms` have passed, whichever
 * comes first. The work itself is not cancelled: the caller cleans up after it settles. The timer
 * is not `unref()`ed, so work that hangs without holding the event loop still ends in the timeout
 * error rather than in a silent exit; it is cleared as soon as the race is decided.
 *
 * @example
 * await withDeadline(dataSource.initialize(), 10_000, () => new Error('could not connect within 10000 ms'));
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
