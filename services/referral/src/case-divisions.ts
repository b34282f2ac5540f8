import type { DivisionFacts } from '@landcase/lifecycle';
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

/**
 * The case a request body names (`caseId`), as the access policy sees it: its division; null when
 * no such case opened (the policy then answers 422, as it does for a case the caller may not see).
 */
export async function namedCase(readModels: ReadModelStore, body: unknown): Promise<DivisionFacts | null> {
  const caseId = (body as { caseId?: unknown } | null | undefined)?.caseId;
  if (typeof caseId !== 'string') return null;
  const divisionCode = await caseDivision(readModels, caseId);
  return divisionCode ? { divisionCode } : null;
}

export const caseIdOf = (body: unknown): string =>
  String((body as { caseId?: unknown } | null)?.caseId ?? '');
