import { NotFound, type ServiceContext } from '@landcase/service-kit';
import { caseEntries } from './ledger.ts';
import type { LedgerDoc } from './ledger-entry.ts';

/** A case's ledger entries in chain order; NotFound when the ledger holds nothing of the case. */
export async function requireCaseEntries(ctx: ServiceContext, caseId: string): Promise<LedgerDoc[]> {
  const entries = await caseEntries(ctx.readModels, caseId);
  if (entries.length === 0) throw new NotFound(`the ledger holds no events of case ${caseId}`);
  return entries;
}
