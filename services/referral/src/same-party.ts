import type { ReadModelStore } from '@landcase/readmodels';
import { casesWithIdentity, type PartyCaseDoc, partyCase } from './party-cases.ts';
import { filingOrder, type PartyGraph } from './party-graph.ts';
import { linksOf, type PartyLinkDoc } from './party-links.ts';

/**
 * The party graph of these cases as the read models hold it now: every case reached from them
 * through a shared identifier or a confirmed match, the confirmed matches among them and the
 * rejected ones they are in. Cases not yet recorded are left out.
 */
export async function samePartyOf(
  readModels: ReadModelStore,
  caseIds: readonly string[],
): Promise<PartyGraph> {
  const members = new Map<string, PartyCaseDoc>();
  const identities = new Set<string>();
  const confirmed = new Map<string, PartyLinkDoc>();
  const rejected = new Map<string, PartyLinkDoc>();
  const queue: PartyCaseDoc[] = [];
  const add = (doc: PartyCaseDoc | null) => {
    if (doc && !members.has(doc.caseId)) {
      members.set(doc.caseId, doc);
      queue.push(doc);
    }
  };
  for (const caseId of caseIds) add(await partyCase(readModels, caseId));
  for (let doc = queue.shift(); doc; doc = queue.shift()) {
    if (doc.identity !== null && !identities.has(doc.identity)) {
      identities.add(doc.identity);
      for (const same of await casesWithIdentity(readModels, doc.identity)) add(same);
    }
    for (const link of await linksOf(readModels, [doc.caseId])) {
      if (link.verdict === 'rejected') {
        rejected.set(link.id, link);
        continue;
      }
      confirmed.set(link.id, link);
      for (const other of link.caseIds) {
        if (!members.has(other)) add(await partyCase(readModels, other));
      }
    }
  }
  return {
    cases: [...members.values()].sort(filingOrder),
    confirmed: [...confirmed.values()],
    rejected: [...rejected.values()],
  };
}
