import type { ReferralTarget } from '@landcase/contracts';
import type { Collection, Doc } from '@landcase/readmodels';
import type { Tally } from './tally.ts';

/** One document per (division, CST month): the counts of that month in that division. */
export const STATISTICS_COLLECTION = 'statistics.months';
/** One document per case: what later events need but do not carry (division, detection time…). */
export const CASE_DIVISIONS_COLLECTION = 'statistics.case-divisions';

/** Every document is written at `revision`, one more than the revision it was read at. */
type Revisioned = { id: string; revision: number };

export type MonthDoc = Revisioned &
  Tally & {
    divisionCode: string;
    /** The significant prefixes of `divisionCode` (`14`, `1411`, `141181`): a query at any level matches. */
    divisionLevels: string[];
    month: string;
    /** Ids of the CloudEvents counted here: an event delivered again after a crash is not counted twice. */
    applied: string[];
  };

export type CaseMemory = Revisioned & {
  caseId: string;
  divisionCode: string;
  /** CaseOpened.discoveredAt: the start of the detection-to-stop time. */
  discoveredAt?: string;
  /** Per referral id: its target, and the id of the decision counted as its refusal. */
  referrals?: Record<string, { to?: ReferralTarget; refusedBy?: string }>;
};

/** Rounds of "another writer got there first" before the event is handed back to the consumer's retries. */
const WRITE_ATTEMPTS = 8;

export class LostWriteRace extends Error {
  override readonly name = 'LostWriteRace';
}

/**
 * Read-modify-write of one document, guarded by its revision: `upsert(doc, revision + 1)` only
 * writes when nobody wrote the document since it was read, else the change is made again on what
 * is now stored. Safe with several projection instances writing the same document. `change`
 * returns undefined when there is nothing to write.
 */
export async function updateDoc<T extends Doc & Revisioned>(
  collection: Collection<T>,
  id: string,
  change: (current: T | null) => Omit<T, 'id' | 'revision'> | undefined,
): Promise<void> {
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const current = await collection.get(id);
    const next = change(current);
    if (next === undefined) return;
    const revision = (current?.revision ?? 0) + 1;
    if (await collection.upsert({ ...next, id, revision } as T, revision)) return;
  }
  throw new LostWriteRace(`statistics document ${id}: written by others ${WRITE_ATTEMPTS} times in a row`);
}
