import type { Doc, ReadModelStore } from '@landcase/readmodels';

// The bureau's answers to possible same parties, as the same-party rules read them: a confirmed
// pair joins the two cases' parties, a rejected one keeps them apart for good. Written by the
// reaction to the confirmation or rejection before it reads the parties' cases, for the same reason
// the filed cases are written by the CaseFiled reaction (party-cases.ts).

export const PARTY_LINKS_COLLECTION = 'referral.party-links';

/** One document per answered match, `id` = the match id; written once (an answer is final). */
export interface PartyLinkDoc extends Doc {
  caseIds: string[];
  verdict: 'confirmed' | 'rejected';
  /** The officer, as `<agency>:<user>`, and when. */
  by: string;
  at: string;
}

const links = (readModels: ReadModelStore) => readModels.collection<PartyLinkDoc>(PARTY_LINKS_COLLECTION);

export async function recordPartyLink(readModels: ReadModelStore, link: PartyLinkDoc): Promise<void> {
  await links(readModels).upsert(link, 1);
}

/** The answered matches either of whose cases is one of `caseIds`. */
export const linksOf = (readModels: ReadModelStore, caseIds: string[]): Promise<PartyLinkDoc[]> =>
  caseIds.length === 0 ? Promise.resolve([]) : links(readModels).find({ caseIds });

export async function ensurePartyLinkIndexes(readModels: ReadModelStore): Promise<void> {
  await links(readModels).ensureIndex(['caseIds']);
}
