import { readFileSync } from 'node:fs';
import type { EventStore } from '@landcase/eventstore';

// The store of a service whose appends for some cases fail, as a dependency failing for one
// message would: service-process.ts wraps the store its background work (reactions) is given
// in it when LANDCASE_FAULT_POISON_FILE is set.

function poisonedCases(file: string): Set<string> {
  try {
    return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

/**
 * `store`, refusing every append of an event whose `data.caseId` is a line of `file`, read at each
 * append: emptying the file is fixing the cause. A missing file refuses nothing.
 */
export function refusingStore(store: EventStore, file: string): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') {
        const append: EventStore['append'] = async (streamId, events, expected) => {
          const poisoned = poisonedCases(file);
          const hit = events.find((e) => poisoned.has(String(e.data.caseId)));
          if (hit) throw new Error(`fault injected: the store refuses case ${String(hit.data.caseId)}`);
          return target.append(streamId, events, expected);
        };
        return append;
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
