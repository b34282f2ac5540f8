import {
  type CloudEvent,
  parseType,
  type ReferralEventData,
  ReferralEvents,
  topicOf,
} from '@landcase/contracts';
import { checkedData, react, type ServiceContext } from '@landcase/service-kit';
import { recordPartyLink } from '../party-links.ts';
import { samePartyOf } from '../same-party.ts';
import { draftForParty } from './party-drafts.ts';

// The bureau answered a possible same party. Confirmed: the two cases' parties are one, so their
// occupations add up and the rule runs again over the party's cases, the referral naming who
// confirmed it. Rejected: recorded, so that no later match joins what the bureau held apart.

type Confirmed = ReferralEventData['PartyMatchConfirmed'];
type Rejected = ReferralEventData['PartyMatchRejected'];

export async function handlePartyMatchAnswer(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  const name = parseType(event.type)?.name;
  if (name === 'PartyMatchConfirmed') {
    const confirmed = checkedData<Confirmed>(ReferralEvents.PartyMatchConfirmed, event, name);
    // The link is written before the party is read, as the filed cases are (party-cases.ts).
    await recordPartyLink(ctx.readModels, {
      id: confirmed.matchId,
      caseIds: confirmed.caseIds,
      verdict: 'confirmed',
      by: confirmed.confirmedBy,
      at: confirmed.confirmedAt,
    });
    await draftForParty(ctx, event, await samePartyOf(ctx.readModels, confirmed.caseIds), null);
  } else if (name === 'PartyMatchRejected') {
    const rejected = checkedData<Rejected>(ReferralEvents.PartyMatchRejected, event, name);
    await recordPartyLink(ctx.readModels, {
      id: rejected.matchId,
      caseIds: rejected.caseIds,
      verdict: 'rejected',
      by: rejected.rejectedBy,
      at: rejected.rejectedAt,
    });
  }
}

export function addUpOnPartyMatch(ctx: ServiceContext) {
  return react(ctx, {
    name: 'add-up-on-party-match',
    topics: [topicOf('referral')],
    handle: (event) => handlePartyMatchAnswer(ctx, event),
  });
}
