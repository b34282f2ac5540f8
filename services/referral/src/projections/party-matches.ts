import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  type ListStanding,
  listStanding,
  PARTY_MATCH_AUDIENCE,
  partyMatchMachine,
  stateString,
} from '@landcase/lifecycle';
import type { Doc } from '@landcase/readmodels';
import {
  type ListProjection,
  listDueFields,
  listProjection,
  type NextDueFields,
  type ServiceContext,
} from '@landcase/service-kit';
import { evolvePartyMatch, type PartyMatchFields } from '../party-match.ts';

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

// Each event is applied to the fold the document holds (service-kit's listProjection), as the
// referral documents are; the stream revision is its version.
export function partyMatchesProjection(ctx: ServiceContext): ListProjection {
  return listProjection<typeof partyMatchMachine, PartyMatchFields>(ctx, {
    name: 'party-matches',
    topics: [topicOf('referral')],
    collection: PARTY_MATCHES_COLLECTION,
    aggregate: 'party-match',
    machine: partyMatchMachine,
    evolveFields: evolvePartyMatch,
    document: ({ snapshot, fields, history }) => ({
      ...fields,
      state: stateString(snapshot),
      ...listStanding(partyMatchMachine, snapshot, history),
      ...listDueFields(ctx, partyMatchMachine, history, snapshot),
      divisionCode: fields.countyCode,
      divisionLevels: divisionLevels(fields.countyCode),
      audience: [...PARTY_MATCH_AUDIENCE],
    }),
  });
}
