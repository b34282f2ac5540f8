import { NonEmpty, Timestamp } from '@landcase/contracts';
import { checkFilingAfterDiscovery, checkLimitation } from '@landcase/lifecycle';
import { RuleViolation } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// 立案. The event carries the case's division, land class, area and party, so referral can apply
// its thresholds (PBF ≥ 5 mu, farmland ≥ 10 mu) from this event alone. A case is filed on a
// violation already discovered: the rule set refuses a filing dated before the discovery, and one
// of a violation discovered more than 2 years after it ended (case.limitation, Administrative
// Penalty Law art. 36). The end is given with the filing, as the investigation establishes it.

export const FilingBody = Type.Object(
  {
    filingNo: NonEmpty('case filing number'),
    filedAt: Timestamp,
    violationEndedAt: Type.Optional({
      ...Timestamp,
      description:
        'when a continuing violation ended, or the day an act that did not continue was done; absent while it goes on (the 2-year limitation then does not run)',
    }),
  },
  { additionalProperties: false },
);

export const decideFiling = ({ caseId, body, case: c, ruleSet }: CaseCommand<Static<typeof FilingBody>>) => {
  const refusal = checkFilingAfterDiscovery({ filedAt: body.filedAt, discoveredAt: c.discoveredAt }, ruleSet);
  if (refusal) throw new RuleViolation(refusal);
  const limitation = checkLimitation({
    discoveredAt: c.discoveredAt,
    violationEndedAt: body.violationEndedAt,
  });
  if (limitation) {
    throw new RuleViolation(limitation, {
      errors: [{ path: '/violationEndedAt', reason: limitation.detail }],
    });
  }
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
        ...(body.violationEndedAt === undefined ? {} : { violationEndedAt: body.violationEndedAt }),
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
