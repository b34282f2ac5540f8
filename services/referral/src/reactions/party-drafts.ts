import type { CloudEvent } from '@landcase/contracts';
import { rulesOf, type ServiceContext } from '@landcase/service-kit';
import { type PartyGraph, priorOccupationsOf } from '../party-graph.ts';
import { draftReferralOnce } from './draft-referral-once.ts';
import { decideRuleDrafts } from './rule-drafts.ts';

/**
 * Drafts, for each case of one party, what the rules call for with the party's occupations filed
 * before it. `own` is the case whose filing this is: it drafts whatever its rules call for. The
 * others draft only what a sum calls for: a case filed later than them, or a confirmation, may have
 * added an occupation to theirs (a case filed late with an earlier filing time, a name match the
 * bureau confirmed). Referral ids are the case's and the receiver's, so what was drafted before is
 * found there and nothing is drafted twice, whichever event comes again.
 */
export async function draftForParty(
  ctx: ServiceContext,
  cause: CloudEvent,
  graph: PartyGraph,
  own: string | null,
): Promise<void> {
  for (const filed of graph.cases) {
    // Each case's thresholds are those of the rule set it recorded when it opened.
    const ruleSet = rulesOf(ctx).byVersion(filed.ruleSetVersion);
    for (const draft of decideRuleDrafts(filed, priorOccupationsOf(graph, filed.caseId), ruleSet)) {
      if (filed.caseId !== own && !draft.accumulated) continue;
      await draftReferralOnce(ctx, cause, draft.event, {
        ruleSetVersion: ruleSet.version,
        ...(draft.accumulated ? { accumulated: draft.accumulated } : {}),
      });
    }
  }
}
