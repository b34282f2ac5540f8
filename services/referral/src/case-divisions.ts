import type { Doc, ReadModelStore } from '@landcase/readmodels';

// The division each enforcement case belongs to, from its CaseOpened. Events later in the case
// (StopConfirmed) do not carry it, and the CloudEvent `division` extension is the acting officer's
// division (a township office, a superior bureau, 000000 for the system), not the case's.

export const CASE_DIVISIONS_COLLECTION = 'referral.case-divisions';

export interface CaseDivisionDoc extends Doc {
  divisionCode: string;
}

/** A case opens once, so version 1: a redelivered CaseOpened writes nothing. */
export async function recordCaseDivision(
  readModels: ReadModelStore,
  caseId: string,
  divisionCode: string,
): Promise<void> {
  await readModels
    .collection<CaseDivisionDoc>(CASE_DIVISIONS_COLLECTION)
    .upsert({ id: caseId, divisionCode }, 1);
}

export async function caseDivision(readModels: ReadModelStore, caseId: string): Promise<string | null> {
  return (
    (await readModels.collection<CaseDivisionDoc>(CASE_DIVISIONS_COLLECTION).get(caseId))?.divisionCode ??
    null
  );
}
