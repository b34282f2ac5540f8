import { AsyncLocalStorage } from 'node:async_hooks';

// Which subscription's handler the current async call chain runs in. A handler that calls its
// own subscription's stop() must not wait for itself to return, or it would wait forever.
const scope = new AsyncLocalStorage<object>();

export function runInHandlerScope<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  return scope.run(owner, fn);
}

export function isInHandlerOf(owner: object): boolean {
  return scope.getStore() === owner;
}
