/** Resolves after `ms`, or at once when `signal` aborts (never rejects: callers check the signal). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Exponential backoff: base · 2^(attempt-1), capped. `attempt` counts from 1. */
export const backoffDelay = (attempt: number, baseMs: number, maxMs = Number.POSITIVE_INFINITY): number =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
