import assert from 'node:assert/strict';
import type { AnyStateMachine, EventFromLogic, SnapshotFrom } from 'xstate';
import type { DomainEventLike } from './events.ts';
import { accepts, evolve, HistoryConflictError, stateString } from './evolve.ts';
import { residentIdCheckChar, usccCheckChar } from './party-identity.ts';

// Decider-style specifications: given a history, when an event arrives, then the machine is in a
// state (or refuses the event). Framework-free: failures are node:assert errors.

export interface Then<M extends AnyStateMachine> {
  /** The event is accepted and leads to `state` (a stateString); `check` inspects the result. */
  then(state: string, check?: (snapshot: SnapshotFrom<M>) => void): SnapshotFrom<M>;
  /** The event is refused where the history stands, and folding it fails with HistoryConflictError. */
  rejected(): void;
}

export interface Given<M extends AnyStateMachine> {
  snapshot: SnapshotFrom<M>;
  when(event: EventFromLogic<M>): Then<M>;
}

export function specFor<M extends AnyStateMachine>(machine: M) {
  return {
    given(history: readonly DomainEventLike[]): Given<M> {
      const snapshot = evolve(machine, history);
      return {
        snapshot,
        when(event) {
          const where = `${event.type} in '${stateString(snapshot)}'`;
          return {
            // biome-ignore lint/suspicious/noThenProperty: given/when/then vocabulary; never awaited
            then(state, check) {
              assert.ok(accepts(snapshot, event), `expected ${where} to be accepted`);
              const next = evolve(machine, [event], snapshot);
              assert.equal(stateString(next), state, `state after ${where}`);
              check?.(next);
              return next;
            },
            rejected() {
              assert.equal(accepts(snapshot, event), false, `expected ${where} to be refused`);
              assert.throws(() => evolve(machine, [event], snapshot), HistoryConflictError);
            },
          };
        },
      };
    },
  };
}

// Identifiers that pass their check, for tests and model paths that need a party of their own.

/** A hash of `seed` as decimal digits (FNV-1a, repeated with a counter until there are enough). */
function seedDigits(seed: string, count: number): string {
  let digits = '';
  for (let round = 0; digits.length < count; round += 1) {
    let hash = 0x811c9dc5;
    for (const char of `${round}:${seed}`) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
    digits += String(hash).padStart(10, '0');
  }
  return digits.slice(0, count);
}

/** A resident ID number (GB 11643) that passes its check, the same for the same seed. */
export function residentIdFor(seed: string): string {
  const d = seedDigits(seed, 13);
  // A real birth date: 1950-01-01 plus up to 27 397 days.
  const born = new Date(Date.UTC(1950, 0, 1) + (Number(d.slice(4, 9)) % 27_398) * 86_400_000);
  const date = born.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `14${d.slice(0, 4)}${date}${d.slice(9, 12)}`;
  return first17 + residentIdCheckChar(first17);
}

/** A unified social credit code (GB 32100) that passes its check, the same for the same seed. */
export function creditCodeFor(seed: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const d = seedDigits(seed, 18);
  const organization = Array.from({ length: 9 }, (_, i) => alphabet[Number(d.slice(2 * i, 2 * i + 2)) % 31]);
  const first17 = `91141181${organization.join('')}`;
  return first17 + usccCheckChar(first17);
}

/** The identifier a party of `kind` carries (resident ID or credit code), the same for the same seed. */
export const identifierFor = (kind: 'person' | 'organization', seed: string): string =>
  kind === 'person' ? residentIdFor(seed) : creditCodeFor(seed);
