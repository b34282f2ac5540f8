import type { Agency } from '@landcase/contracts';
import { partiesAudience, type ResourceFacts } from '@landcase/lifecycle';

// A referral and a recommendation as the access policy sees them (packages/lifecycle/src/access):
// the case's division, the sender, the addressee and who may see them (those two and the auditor).

interface Parties {
  from: Agency | string;
  to: Agency | string;
  divisionCode: string;
}

export const partiesFacts = (parties: Parties): ResourceFacts => ({
  divisionCode: parties.divisionCode,
  audience: partiesAudience(parties.from as Agency, parties.to as Agency),
  sender: parties.from as Agency,
  receiver: parties.to as Agency,
});
