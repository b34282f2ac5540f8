import { ConcurrencyConflict, StreamAlreadyExists } from './problems.ts';

// Optimistic concurrency lets exactly one of two writers of a stream win; the other must read
// again and decide again on what the winner left. This is the one place that does it (the model is
// Emmett's retry.onVersionConflict): bounded, with a jittered pause so that writers who collided
// once do not collide again in step.

export interface RetryPolicy {
  /** Tries in all, the first one included. Default 5. */
  attempts?: number;
  /** The pause in ms after failed try `attempt` (1-based). Default: full jitter over 10·2^(attempt-1), at most 200. */
  backoff?: (attempt: number) => number;
  /** Waits `ms`; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_ATTEMPTS = 5;

export const jitteredBackoff =
  (baseMs = 10, capMs = 200, random: () => number = Math.random) =>
  (attempt: number): number =>
    Math.floor(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * Whether trying again can help: another writer changed the stream between read and append. A
 * create (`no_stream`) that found the stream there will find it there again, so it is not retried.
 */
export const isRetryableConflict = (error: unknown): error is ConcurrencyConflict =>
  error instanceof ConcurrencyConflict && !(error instanceof StreamAlreadyExists);

/**
 * Runs `run` (given its 1-based attempt) again while it fails with a retryable conflict, at most
 * `attempts` times in all. `run` must read what it decides on afresh each time. When every try
 * lost the race, throws a ConcurrencyConflict that says so; any other error is thrown at once.
 */
export async function retryOnVersionConflict<T>(
  run: (attempt: number) => Promise<T>,
  policy: RetryPolicy = {},
): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? DEFAULT_RETRY_ATTEMPTS);
  const backoff = policy.backoff ?? jitteredBackoff();
  const wait = policy.sleep ?? sleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run(attempt);
    } catch (error) {
      if (!isRetryableConflict(error)) throw error;
      if (attempt >= attempts) {
        throw new ConcurrencyConflict(`${error.message} (gave up after ${attempt} attempts)`);
      }
      await wait(backoff(attempt));
    }
  }
}
