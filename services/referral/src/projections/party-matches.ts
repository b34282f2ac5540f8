import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  evolve,
  type ListStanding,
  listStanding,
  PARTY_MATCH_AUDIENCE,
  partyMatchMachine,
  stateString,
} from '@landcase/lifecycle';
import type { Doc } from '@landcase/readmodels';
import { listDueFields, type NextDueFields, project, type ServiceContext } from '@landcase/service-kit';
import { type PartyMatchFields, partyMatchFields, partyMatchStreamId } from '../party-match.ts';

/** The read model behind the bureau's list of possible same parties: one document per match. */
export const PARTY_MATCHES_COLLECTION = 'referral.party-matches';

/**
 * Beside the match's fields, what the list filters on as the other lists do: the bureau while the
 * match waits for its answer (`awaiting`), the county's levels (`divisionLevels`), and its
 * `divisionCode`, the county, and who may see it (`audience`). A match runs no deadline, so it is never overdue.
 */
export type PartyMatchDoc = Doc &
  PartyMatchFields &
  ListStanding &
  NextDueFields & {
    state: string;
    revision: number;
    divisionCode: string;
    divisionLevels: string[];
    audience: string[];
  };

// Rebuilt from the match's own stream, as the referral documents are: the document is a function
// of the stream, so redelivered or out-of-order messages cannot leave it wrong.
export async function rebuildPartyMatchDoc(ctx: ServiceContext, matchId: string): Promise<void> {
  const events = await ctx.store.readStream(partyMatchStreamId(matchId));
  const fields = partyMatchFields(events);
  const last = events[events.length - 1];
  if (!fields || !last) return;
  const snapshot = evolve(
    partyMatchMachine,
    events.map((e) => ({ type: e.type, data: e.data })),
  );
  const doc: PartyMatchDoc = {
    ...fields,
    id: matchId,
    state: stateString(snapshot),
    revision: last.revision,
    ...listStanding(partyMatchMachine, snapshot, events),
    ...listDueFields(ctx, partyMatchMachine, events, snapshot),
    divisionCode: fields.countyCode,
    divisionLevels: divisionLevels(fields.countyCode),
    audience: [...PARTY_MATCH_AUDIENCE],
  };
  await ctx.readModels.collection<PartyMatchDoc>(PARTY_MATCHES_COLLECTION).upsert(doc, last.revision + 1);
}

export function partyMatchesProjection(ctx: ServiceContext) {
  return project(ctx, {
    name: 'party-matches',
    topics: [topicOf('referral')],
    apply: async (event) => {
      const id = (event.data as { matchId?: unknown } | null)?.matchId;
      if (typeof id === 'string') await rebuildPartyMatchDoc(ctx, id);
    },
  });
}
