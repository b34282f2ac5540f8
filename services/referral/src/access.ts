import type { Agency } from '@landcase/contracts';
import { partiesAudience, type ResourceFacts } from '@landcase/lifecycle';

// A referral and a recommendation as the access policy sees them (packages/lifecycle/src/access):
// the case's division, the sender, the addressee and who may see them (the sender, the auditor
// and, once sent, the addressee).

interface Parties {
  from: Agency | string;
  to: Agency | string;
  divisionCode: string;
  /** A referral's dispatch: until then its addressee does not see it. Recommendations have none. */
  dispatchedAt?: string | null;
}

/** Whether the addressee has it: a referral once dispatched, a recommendation from its issue. */
export const sentTo = (parties: Parties): boolean => parties.dispatchedAt !== null;

export const partiesFacts = (parties: Parties): ResourceFacts => ({
  divisionCode: parties.divisionCode,
  audience: partiesAudience(parties.from as Agency, parties.to as Agency, sentTo(parties)),
  sender: parties.from as Agency,
  receiver: parties.to as Agency,
});
