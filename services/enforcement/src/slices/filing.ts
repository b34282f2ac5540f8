import { NonEmpty, Timestamp } from '@landcase/contracts';
import { checkFilingAfterDiscovery } from '@landcase/lifecycle';
import { RuleViolation } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// 立案. The event carries the case's division, land class, area and party, so referral can apply
// its thresholds (PBF ≥ 5 mu, farmland ≥ 10 mu) from this event alone. A case is filed on a
// violation already discovered: the rule set refuses a filing dated before the discovery.

export const FilingBody = Type.Object(
  { filingNo: NonEmpty('case filing number'), filedAt: Timestamp },
  { additionalProperties: false },
);

export const decideFiling = ({ caseId, body, case: c, ruleSet }: CaseCommand<Static<typeof FilingBody>>) => {
  const refusal = checkFilingAfterDiscovery({ filedAt: body.filedAt, discoveredAt: c.discoveredAt }, ruleSet);
  if (refusal) throw new RuleViolation(refusal);
  return [
    {
      type: 'CaseFiled' as const,
      data: {
        caseId,
        filingNo: body.filingNo,
        filedAt: body.filedAt,
        divisionCode: c.divisionCode,
        landClass: c.landClass,
        areaMu: c.areaMu,
        party: c.party,
      },
    },
  ];
};

export const filingRoute = caseCommandRoute({
  path: '/filing',
  summary: 'File the case (立案)',
  body: FilingBody,
  decide: decideFiling,
});
