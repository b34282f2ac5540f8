import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import {
  ensureListIndexes,
  escalationsRoute,
  type ServiceModule,
  startDeadlineScheduler,
} from '@landcase/service-kit';
import { CASE_ADDRESSEES_COLLECTION } from './case-addressees.ts';
import { CASES_COLLECTION } from './case-view.ts';
import { DISCLOSURES_COLLECTION, projectDisclosures } from './disclosures/projection.ts';
import { disclosuresRoute } from './disclosures/route.ts';
import { ensurePartyMatchIndexes, projectPartyMatches } from './party-matches.ts';
import { projectCaseAddressees } from './projections/case-addressees.ts';
import { projectCases } from './projections/cases.ts';
import { reactConfirmRestoration } from './reactions/confirm-restoration.ts';
import { reactOpenCase } from './reactions/open-case.ts';
import { closureRoute } from './slices/closure.ts';
import { complianceRoute } from './slices/compliance.ts';
import { courtAppealRoute } from './slices/court-appeal.ts';
import { courtApplicationRoute } from './slices/court-application.ts';
import { courtRulingRoute } from './slices/court-ruling.ts';
import { decisionExtensionRoute } from './slices/decision-extension.ts';
import { collectiveReviewRoute, legalReviewRoute } from './slices/decision-reviews.ts';
import { defenceRoute } from './slices/defence.ts';
import { filingRoute } from './slices/filing.ts';
import { getAssessmentRoute } from './slices/get-assessment.ts';
import { getCaseRoute } from './slices/get-case.ts';
import { hearingRoute } from './slices/hearing.ts';
import { illegalApprovalRoute } from './slices/illegal-approval.ts';
import { interferenceRoute } from './slices/interference.ts';
import { listCasesRoute } from './slices/list-cases.ts';
import {
  lawsuitJudgmentRoute,
  lawsuitRoute,
  reconsiderationDecisionRoute,
  reconsiderationRoute,
} from './slices/party-remedies.ts';
import { penaltyDecisionRoute } from './slices/penalty-decision.ts';
import { penaltyNoticeRoute } from './slices/penalty-notice.ts';
import { recordAssessmentRoute } from './slices/record-assessment.ts';
import { serviceRefusalRoute } from './slices/service-refusal.ts';
import { stopConfirmationRoute } from './slices/stop-confirmation.ts';
import { stopOrderRoute } from './slices/stop-order.ts';
import { STATISTICS_COLLECTION } from './statistics/documents.ts';
import { projectStatistics } from './statistics/projection.ts';
import { statisticsRoute } from './statistics/route.ts';

export { type CaseFields, caseFields, caseStreamId } from './case.ts';
export { CASES_COLLECTION } from './case-view.ts';
export { CASE_COMMANDS } from './commands-offered.ts';
export { decisionDueAt } from './slices/decision-extension.ts';

const COMMANDS = [
  stopOrderRoute,
  stopConfirmationRoute,
  filingRoute,
  penaltyNoticeRoute,
  hearingRoute,
  legalReviewRoute,
  collectiveReviewRoute,
  penaltyDecisionRoute,
  complianceRoute,
  courtApplicationRoute,
  courtRulingRoute,
  closureRoute,
  interferenceRoute,
  illegalApprovalRoute,
  decisionExtensionRoute,
  serviceRefusalRoute,
  defenceRoute,
  courtAppealRoute,
  reconsiderationRoute,
  reconsiderationDecisionRoute,
  lawsuitRoute,
  lawsuitJudgmentRoute,
];

/**
 * Enforcement (早制止, 严查处): a case opens by itself when a clue is verified illegal; stop order,
 * filing, penalty, execution, closure. Restoration is confirmed when remediation's joint
 * acceptance passes.
 */
export const enforcementModule: ServiceModule = {
  name: 'enforcement',
  routes: async (app, { ctx }) => {
    for (const route of COMMANDS) await route(app, ctx);
    await getCaseRoute(app, ctx);
    await listCasesRoute(app, ctx);
    await statisticsRoute(app, ctx);
    await recordAssessmentRoute(app, ctx);
    await getAssessmentRoute(app, ctx);
    await escalationsRoute(app, ctx);
    await disclosuresRoute(app, ctx);
  },
  async start(ctx) {
    await ctx.readModels.collection(CASES_COLLECTION).ensureIndex(['divisionCode', 'state']);
    await ensureListIndexes(ctx.readModels.collection(CASES_COLLECTION));
    await ctx.readModels.collection(CASE_ADDRESSEES_COLLECTION).ensureIndex(['addressed']);
    await ctx.readModels.collection(STATISTICS_COLLECTION).ensureIndex(['divisionLevels', 'month']);
    await ensurePartyMatchIndexes(ctx.readModels);
    await ctx.readModels.collection(DISCLOSURES_COLLECTION).ensureIndex(['published', 'decidedOrder']);
    await ctx.readModels.collection(DISCLOSURES_COLLECTION).ensureIndex(['divisionLevels']);
    const running = [
      await projectCases(ctx),
      await projectCaseAddressees(ctx),
      await projectStatistics(ctx),
      // The public record of each penalty decision (执法公示).
      await projectDisclosures(ctx),
      // The referral service's possible same parties, shown on both cases.
      await projectPartyMatches(ctx),
      await reactOpenCase(ctx),
      await reactConfirmRestoration(ctx),
      // Filing within 10 working days, decision within 90 days (or as extended), hearing requests,
      // court deadlines.
      await startDeadlineScheduler(ctx, {
        machine: enforcementCaseMachine,
        aggregate: 'case',
        calendar: loadCalendar(),
      }),
    ];
    return {
      stop: async () => {
        for (const r of running.reverse()) await r.stop();
      },
    };
  },
};
