import type { Actor } from '@landcase/contracts';
import { divisionLevels, PARTY_MATCH_ISSUERS, REFERRAL_ISSUERS } from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import { Forbidden } from '@landcase/service-kit';

// Who may see and act on a referral. An agency sees the referrals it is party to: as sender
// (`from`) or receiver (`to`); auditors see all. Only the natural resources bureau sends
// referrals (rule drafts are sent in its name, manual drafts need agency nrb), and it is never
// a receiver, so "party to" is a single-field filter: from = agency for senders, to = agency else.

export const SENDING_AGENCIES: readonly string[] = REFERRAL_ISSUERS.ReferralDrafted;
const READS_EVERYTHING: readonly string[] = ['audit'];

interface Parties {
  from: string;
  to: string;
}

export function canSee(actor: Actor, r: Parties): boolean {
  return READS_EVERYTHING.includes(actor.agency) || actor.agency === r.from || actor.agency === r.to;
}

export function partyFilter(actor: Actor): Filter {
  if (READS_EVERYTHING.includes(actor.agency)) return {};
  return SENDING_AGENCIES.includes(actor.agency) ? { from: actor.agency } : { to: actor.agency };
}

export function requireSender(actor: Actor, r: Parties): void {
  if (actor.agency !== r.from) throw new Forbidden(`only the sending agency (${r.from}) may do this`);
}

export function requireReceiver(actor: Actor, r: Parties): void {
  if (actor.agency !== r.to) throw new Forbidden(`only the receiving agency (${r.to}) may do this`);
}

// Procuratorial recommendations: the procuratorate issues them, the addressed agency replies.
// Issuers and addressees are disjoint, so "party to" is again a single-field filter.
export const RECOMMENDATION_ISSUERS: readonly string[] = ['proc'];

export function recommendationPartyFilter(actor: Actor): Filter {
  if (READS_EVERYTHING.includes(actor.agency)) return {};
  return RECOMMENDATION_ISSUERS.includes(actor.agency) ? { from: actor.agency } : { to: actor.agency };
}

// A possible same party is a suspicion about someone, not yet a fact of any case: the bureau that
// confirms or rejects it and the auditor see it; the partner agencies learn of it only through a
// referral it leads to.
const PARTY_MATCH_READERS: readonly string[] = [
  ...PARTY_MATCH_ISSUERS.PartyMatchConfirmed,
  ...READS_EVERYTHING,
];

export const canSeePartyMatches = (actor: Actor): boolean => PARTY_MATCH_READERS.includes(actor.agency);

/**
 * The bureau of the county the two cases are in answers a possible same party, or a bureau above it
 * (the city, the province): a county does not decide who the parties of another county's cases are.
 */
export function requireMatchScope(actor: Actor, countyCode: string): void {
  if (!divisionLevels(countyCode).includes(divisionLevels(actor.division).at(-1) ?? '-')) {
    throw new Forbidden(
      `a possible same party in ${countyCode} is answered by the bureau of that county or a division above it, not ${actor.division}`,
    );
  }
}
