import type { Agency } from '@landcase/contracts';
import type { Collection, Doc, ReadModelStore } from '@landcase/readmodels';

// The partner agencies a case was addressed to, as the referral service tells it: the agency a
// referral was sent to once it was dispatched (not while it is only a draft), and the
// procuratorate once it issued a recommendation on the case. They may then see the parts of the
// case that concern them (need-to-know, packages/lifecycle/src/access/audience.ts).

export const CASE_ADDRESSEES_COLLECTION = 'enforcement.case-addressees';

export interface CaseAddresseesDoc extends Doc {
  /** Each referral's addressee, from its draft; the draft comes first on the case's topic key. */
  drafts: Record<string, Agency>;
  addressed: Agency[];
  /** Writes so far: the document's version, so two writers never lose each other's change. */
  writes: number;
}

const MAX_ATTEMPTS = 20;

const addresseesOf = (readModels: ReadModelStore): Collection<CaseAddresseesDoc> =>
  readModels.collection<CaseAddresseesDoc>(CASE_ADDRESSEES_COLLECTION);

/** The agencies the case was addressed to; [] when none (or before the referral service told). */
export async function addresseesOfCase(readModels: ReadModelStore, caseId: string): Promise<Agency[]> {
  return (await addresseesOf(readModels).get(caseId))?.addressed ?? [];
}

/** Applies one change; read, change, write at the next version, again when another writer won. */
export async function updateAddressees(
  readModels: ReadModelStore,
  caseId: string,
  change: (
    doc: Pick<CaseAddresseesDoc, 'drafts' | 'addressed'>,
  ) => Pick<CaseAddresseesDoc, 'drafts' | 'addressed'>,
): Promise<void> {
  const collection = addresseesOf(readModels);
  for (let attempt = 1; ; attempt += 1) {
    const doc = (await collection.get(caseId)) ?? { id: caseId, drafts: {}, addressed: [], writes: 0 };
    const next = change({ drafts: doc.drafts, addressed: doc.addressed });
    if (await collection.upsert({ id: caseId, ...next, writes: doc.writes + 1 }, doc.writes + 1)) return;
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`case ${caseId}: addressees not recorded after ${attempt} attempts`);
  }
}

export const withAddressee = (addressed: readonly Agency[], agency: Agency): Agency[] =>
  addressed.includes(agency) ? [...addressed] : [...addressed, agency];
