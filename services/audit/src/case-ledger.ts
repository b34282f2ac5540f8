import { type AccessKey, AUDIT_RECORD_AUDIENCE, type ResourceFacts } from '@landcase/lifecycle';
import { type CheckedResource, checkedResource, NotFound, type ServiceContext } from '@landcase/service-kit';
import { accessChainOf } from './access.ts';
import { caseEntries } from './ledger.ts';
import type { LedgerDoc } from './ledger-entry.ts';

/** A case's ledger entries in chain order; NotFound when the ledger holds nothing of the case. */
export async function requireCaseEntries(ctx: ServiceContext, caseId: string): Promise<LedgerDoc[]> {
  const entries = await caseEntries(ctx.readModels, caseId);
  if (entries.length === 0) throw new NotFound(`the ledger holds no events of case ${caseId}`);
  return entries;
}

/**
 * The division a case belongs to, from its events: where its clue was reported, the division each
 * dispatch sent it down to, and the division the enforcement case opened in (or the division an
 * assessment or a batch names). The CloudEvent's own `division` is the acting officer's, which a
 * superior bureau or the system may be: not the case's.
 */
export function caseDivisionOf(entries: readonly Pick<LedgerDoc, 'name' | 'data'>[]): string | null {
  let division: string | null = null;
  for (const { name, data } of entries) {
    const d = (data ?? {}) as { divisionCode?: unknown; toDivisionCode?: unknown };
    if (name === 'ClueDispatched' && typeof d.toDivisionCode === 'string') division = d.toDivisionCode;
    else if (name === 'CaseOpened' && typeof d.divisionCode === 'string') return d.divisionCode;
    else if (division === null && typeof d.divisionCode === 'string') division = d.divisionCode;
  }
  return division;
}

/** A case's audit record as the access policy sees it: the case's division, read by the bureau and the auditor. */
export const auditRecordFacts = (entries: readonly LedgerDoc[]): ResourceFacts => ({
  divisionCode: caseDivisionOf(entries) ?? '',
  audience: AUDIT_RECORD_AUDIENCE,
});

const ACCESS_CHAIN_PREFIX = accessChainOf('');

/**
 * The facts of a chain of the ledger: a case's own, or for the chain of reads of a case
 * (`access:<caseId>`, whose entries name no division) the facts of the case they read.
 */
async function chainFacts(ctx: ServiceContext, entries: readonly LedgerDoc[]): Promise<ResourceFacts> {
  const chain = entries[0]?.caseId ?? '';
  if (!chain.startsWith(ACCESS_CHAIN_PREFIX)) return auditRecordFacts(entries);
  return auditRecordFacts(await caseEntries(ctx.readModels, chain.slice(ACCESS_CHAIN_PREFIX.length)));
}

/**
 * The access check of an audit route on the case its path names: 404 when the ledger holds nothing
 * of it or the caller may not see it, 403 when it may see but not read this view. The entries the
 * check read are kept for the route.
 */
export const auditCaseCheck = (ctx: ServiceContext, key: AccessKey): CheckedResource<LedgerDoc[]> =>
  checkedResource(
    key,
    async (request) => {
      const entries = await caseEntries(ctx.readModels, (request.params as { caseId: string }).caseId);
      return entries.length > 0 ? entries : null;
    },
    (entries) => chainFacts(ctx, entries),
    (request) => `events of case ${(request.params as { caseId: string }).caseId} in the ledger`,
  );
