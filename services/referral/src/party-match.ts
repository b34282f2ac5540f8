import { type ReferralEvent, type ReferralEventData, streamName } from '@landcase/contracts';
import type { StreamEvent } from '@landcase/service-kit';

// A possible same party as the API shows it: its own aggregate in the referral service (the
// service that owns the accumulation rule), one stream per pair of cases. The state comes from
// the lifecycle machine; the fields are folded here from the event data.

export const partyMatchStreamId = (matchId: string): string => streamName('referral', 'party-match', matchId);

type Suspected = ReferralEventData['PartyMatchSuspected'];
type Confirmed = ReferralEventData['PartyMatchConfirmed'];
type Rejected = ReferralEventData['PartyMatchRejected'];

export type PartyMatchFields = Suspected & {
  /** The two cases, the earlier filed first. */
  caseIds: string[];
  confirmation: Omit<Confirmed, 'caseId' | 'matchId' | 'caseIds'> | null;
  rejection: Omit<Rejected, 'caseId' | 'matchId' | 'caseIds'> | null;
};

/** Folds a match's events into its fields; null before it was raised. */
export function partyMatchFields(events: readonly StreamEvent[]): PartyMatchFields | null {
  return events.reduce<PartyMatchFields | null>(evolvePartyMatch, null);
}

/** One event applied to the fields (null before it was raised). */
export function evolvePartyMatch(prior: PartyMatchFields | null, raw: StreamEvent): PartyMatchFields | null {
  let f = prior;
  const event = raw as unknown as ReferralEvent;
  if (event.type === 'PartyMatchSuspected') {
    f = {
      ...event.data,
      caseIds: event.data.cases.map((c) => c.caseId),
      confirmation: null,
      rejection: null,
    };
    return f;
  }
  if (!f) return f;
  if (event.type === 'PartyMatchConfirmed') {
    const { basis, confirmedBy, confirmedAt } = event.data;
    f = { ...f, confirmation: { basis, confirmedBy, confirmedAt } };
  } else if (event.type === 'PartyMatchRejected') {
    const { reason, rejectedBy, rejectedAt } = event.data;
    f = { ...f, rejection: { reason, rejectedBy, rejectedAt } };
  }
  return f;
}
