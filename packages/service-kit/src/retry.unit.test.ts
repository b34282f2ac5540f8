import { describe, expect, it } from 'vitest';
import { ConcurrencyConflict, IllegalTransition, StreamAlreadyExists } from './problems.ts';
import { jitteredBackoff, retryOnVersionConflict } from './retry.ts';

/** A run that loses the race `losses` times, then returns its attempt. */
function losing(losses: number) {
  const attempts: number[] = [];
  const run = async (attempt: number) => {
    attempts.push(attempt);
    if (attempts.length <= losses) throw new ConcurrencyConflict(`s-1 was changed (try ${attempt})`);
    return attempt;
  };
  return { run, attempts };
}

const pauses = () => {
  const waited: number[] = [];
  return { waited, sleep: async (ms: number) => void waited.push(ms) };
};

describe('retryOnVersionConflict', () => {
  it('tries again after a lost race, pausing as the backoff says, and returns what the winning try returns', async () => {
    const { run, attempts } = losing(2);
    const { waited, sleep } = pauses();
    const result = await retryOnVersionConflict(run, { backoff: (n) => n * 100, sleep });
    expect(result).toBe(3);
    expect(attempts).toEqual([1, 2, 3]);
    expect(waited).toEqual([100, 200]);
  });

  it('gives up after the attempts allowed, with a conflict that says so', async () => {
    const { run, attempts } = losing(Number.POSITIVE_INFINITY);
    const { waited, sleep } = pauses();
    const failure = retryOnVersionConflict(run, { attempts: 4, backoff: () => 1, sleep });
    await expect(failure).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(failure).rejects.toThrow('s-1 was changed (try 4) (gave up after 4 attempts)');
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(waited).toHaveLength(3);
  });

  it('tries five times by default', async () => {
    const { run, attempts } = losing(Number.POSITIVE_INFINITY);
    await expect(retryOnVersionConflict(run, { sleep: async () => {} })).rejects.toThrow(
      'gave up after 5 attempts',
    );
    expect(attempts).toHaveLength(5);
  });

  it('does not retry a create that found its stream, nor any other error', async () => {
    for (const error of [
      new StreamAlreadyExists('s-1'),
      new IllegalTransition({ currentState: 'closed', allowedEvents: [], attempted: 'Noted' }),
      new Error('store down'),
    ]) {
      let tries = 0;
      const failure = retryOnVersionConflict(
        async () => {
          tries += 1;
          throw error;
        },
        { sleep: async () => {} },
      );
      await expect(failure).rejects.toBe(error);
      expect(tries).toBe(1);
    }
  });
});

describe('jitteredBackoff', () => {
  it('waits up to 10 ms doubled per attempt, capped, never below zero', () => {
    const highest = jitteredBackoff(10, 200, () => 0.9999);
    expect([1, 2, 3, 4, 5, 6].map(highest)).toEqual([9, 19, 39, 79, 159, 199]);
    const lowest = jitteredBackoff(10, 200, () => 0);
    expect([1, 2, 3].map(lowest)).toEqual([0, 0, 0]);
  });
});
