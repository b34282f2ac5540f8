import type { EnforcementEventData, LandClass } from '@landcase/contracts';
import type { Doc, ReadModelStore } from '@landcase/readmodels';

// The occupations each party was filed for, so the referral rules can add up repeated occupation
// (法释〔2000〕14号 art. 9). It is written by the CaseFiled reaction itself, in the same handler that
// reads it: a separate projection could lag behind the reaction and let two cases of one party each
// miss the other.

export const PARTY_OCCUPATIONS_COLLECTION = 'referral.party-occupations';

type CaseFiled = EnforcementEventData['CaseFiled'];

export interface RecordedOccupation {
  caseId: string;
  landClass: LandClass;
  areaMu: number;
  /** When the case was filed: the time CaseFiled carries (the act itself may be earlier). */
  at: string;
}

/** One document per party; the occupations in the order they were recorded. */
export interface PartyOccupationsDoc extends Doc {
  party: { name: string; kind: string };
  occupations: RecordedOccupation[];
}

const MAX_RECORD_ATTEMPTS = 20;

// NFKC folds full-width letters, digits and brackets (（） → ()); whitespace is dropped, as names
// are often typed with stray spaces (张 三), and a space alone is too thin to tell two parties apart.
const normalised = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

/**
 * The party's identity across cases: its ID number (resident ID or unified social credit code) when
 * given, else its kind and name, compared without case, width or spaces.
 */
export function partyKeyOf(party: CaseFiled['party']): string {
  const idNumber = party.idNumber ? normalised(party.idNumber).toUpperCase() : '';
  if (idNumber) return `id:${idNumber}`;
  return `${party.kind}:${normalised(party.name).toLowerCase()}`;
}

/**
 * Records the case's occupation under its party, once per case id, and returns the party's
 * occupations recorded before it. A redelivered or replayed CaseFiled finds its case already in the
 * list and gets the same answer as the first delivery, so it neither counts twice nor sees cases
 * recorded after it. Concurrent cases of one party are ordered by the document version: a writer
 * that lost the race reads again and appends after the winner.
 */
export async function recordOccupation(
  readModels: ReadModelStore,
  filed: CaseFiled,
): Promise<RecordedOccupation[]> {
  const collection = readModels.collection<PartyOccupationsDoc>(PARTY_OCCUPATIONS_COLLECTION);
  const id = partyKeyOf(filed.party);
  const occupation: RecordedOccupation = {
    caseId: filed.caseId,
    landClass: filed.landClass as LandClass,
    areaMu: filed.areaMu,
    at: filed.filedAt,
  };
  for (let attempt = 1; ; attempt += 1) {
    const occupations = (await collection.get(id))?.occupations ?? [];
    const index = occupations.findIndex((o) => o.caseId === filed.caseId);
    if (index >= 0) return occupations.slice(0, index);
    const doc: PartyOccupationsDoc = {
      id,
      party: { name: filed.party.name, kind: filed.party.kind },
      occupations: [...occupations, occupation],
    };
    // The list only grows, so its length is the document's version.
    if (await collection.upsert(doc, occupations.length + 1)) return occupations;
    // Each lost race means another case was recorded; a store that never lets a write through is
    // a fault for the consumer's retry and dead-letter queue, not a loop.
    if (attempt >= MAX_RECORD_ATTEMPTS) {
      throw new Error(
        `party ${id}: occupation of case ${filed.caseId} not recorded after ${attempt} attempts`,
      );
    }
  }
}
