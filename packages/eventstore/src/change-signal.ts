/**
 * Wakes waiting subscriptions when something may have been appended. A version counter lets a
 * waiter that read the store at version v return at once if an append happened since, so a
 * notification sent between "read" and "wait" is never lost.
 */
export class ChangeSignal {
  #version = 0;
  #waiters = new Set<() => void>();

  get version(): number {
    return this.#version;
  }

  notify(): void {
    this.#version++;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify after `seenVersion`, after `timeoutMs`, or when `abort` fires. */
  wait(seenVersion: number, timeoutMs: number, abort: AbortSignal): Promise<void> {
    if (this.#version !== seenVersion || abort.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        abort.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      abort.addEventListener('abort', done, { once: true });
      this.#waiters.add(done);
    });
  }
}
