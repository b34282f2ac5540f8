import { loadCalendar, recommendationMachine, referralMachine } from '@landcase/lifecycle';
import {
  ensureListIndexes,
  escalationsRoute,
  type ServiceContext,
  type ServiceModule,
  startDeadlineScheduler,
} from '@landcase/service-kit';
import { ensurePartyCaseIndexes } from './party-cases.ts';
import { ensurePartyLinkIndexes } from './party-links.ts';
import { PARTY_MATCHES_COLLECTION, partyMatchesProjection } from './projections/party-matches.ts';
import { RECOMMENDATIONS_COLLECTION, recommendationsProjection } from './projections/recommendations.ts';
import { REFERRALS_COLLECTION, referralsProjection } from './projections/referrals.ts';
import { addUpOnPartyMatch } from './reactions/add-up-on-party-match.ts';
import { draftOnAccountability } from './reactions/draft-on-accountability.ts';
import { draftOnCaseFiled } from './reactions/draft-on-case-filed.ts';
import { draftOnObstruction } from './reactions/draft-on-obstruction.ts';
import { draftOnRefusalUpheld } from './reactions/draft-on-refusal-upheld.ts';
import { acknowledgeReceiptRoute } from './slices/acknowledge-receipt.ts';
import { approveReferralRoute } from './slices/approve-referral.ts';
import { attachDocumentRoute } from './slices/attach-document.ts';
import { confirmPartyMatchRoute } from './slices/confirm-party-match.ts';
import { decideFilingRoute } from './slices/decide-filing.ts';
import { dispatchReferralRoute } from './slices/dispatch-referral.ts';
import { draftReferralRoute } from './slices/draft-referral.ts';
import { getDocumentRoute } from './slices/get-document.ts';
import { getPartyMatchRoute } from './slices/get-party-match.ts';
import { getRecommendationRoute } from './slices/get-recommendation.ts';
import { getReferralRoute } from './slices/get-referral.ts';
import { giveFeedbackRoute } from './slices/give-feedback.ts';
import { issueRecommendationRoute } from './slices/issue-recommendation.ts';
import { listPartyMatchesRoute } from './slices/list-party-matches.ts';
import { listRecommendationsRoute } from './slices/list-recommendations.ts';
import { listReferralsRoute } from './slices/list-referrals.ts';
import { rejectPartyMatchRoute } from './slices/reject-party-match.ts';
import { replyRecommendationRoute } from './slices/reply-recommendation.ts';
import { requestReconsiderationRoute } from './slices/request-reconsideration.ts';
import { returnReferralRoute } from './slices/return-referral.ts';
import { supplementRoutes } from './slices/supplement.ts';

export { CASE_DIVISIONS_COLLECTION, type CaseDivisionDoc } from './case-divisions.ts';
export { RECOMMENDATION_COMMANDS, REFERRAL_COMMANDS } from './commands-offered.ts';
export { PARTY_CASES_COLLECTION, type PartyCaseDoc } from './party-cases.ts';
export { PARTY_LINKS_COLLECTION, type PartyLinkDoc } from './party-links.ts';
export { type PartyMatchFields, partyMatchStreamId } from './party-match.ts';
export { PARTY_MATCHES_COLLECTION, type PartyMatchDoc } from './projections/party-matches.ts';
export {
  RECOMMENDATIONS_COLLECTION,
  type RecommendationDoc,
} from './projections/recommendations.ts';
export { REFERRALS_COLLECTION, type ReferralDoc } from './projections/referrals.ts';
export {
  decideObstructionDraft,
  OBSTRUCTION_REASON,
  OBSTRUCTION_RULE,
  obstructionReferralId,
} from './reactions/draft-on-obstruction.ts';
export { decideRuleDrafts } from './reactions/rule-drafts.ts';
export { type RecommendationFields, recommendationFields, recommendationStreamId } from './recommendation.ts';
export { type ReferralFields, referralFields, referralStreamId, ruleReferralId } from './referral.ts';

export const referralModule: ServiceModule = {
  name: 'referral',
  routes: async (app, { ctx }: { ctx: ServiceContext }) => {
    await draftReferralRoute(app, ctx);
    await getReferralRoute(app, ctx);
    await listReferralsRoute(app, ctx);
    await attachDocumentRoute(app, ctx);
    await getDocumentRoute(app, ctx);
    await approveReferralRoute(app, ctx);
    await dispatchReferralRoute(app, ctx);
    await acknowledgeReceiptRoute(app, ctx);
    await decideFilingRoute(app, ctx);
    await requestReconsiderationRoute(app, ctx);
    await giveFeedbackRoute(app, ctx);
    await returnReferralRoute(app, ctx);
    await supplementRoutes(app, ctx);
    await issueRecommendationRoute(app, ctx);
    await getRecommendationRoute(app, ctx);
    await listRecommendationsRoute(app, ctx);
    await replyRecommendationRoute(app, ctx);
    await listPartyMatchesRoute(app, ctx);
    await getPartyMatchRoute(app, ctx);
    await confirmPartyMatchRoute(app, ctx);
    await rejectPartyMatchRoute(app, ctx);
    await escalationsRoute(app, ctx);
  },
  async start(ctx) {
    await ensureListIndexes(ctx.readModels.collection(REFERRALS_COLLECTION));
    await ensureListIndexes(ctx.readModels.collection(RECOMMENDATIONS_COLLECTION));
    await ensureListIndexes(ctx.readModels.collection(PARTY_MATCHES_COLLECTION));
    await ctx.readModels.collection(PARTY_MATCHES_COLLECTION).ensureIndex(['caseIds']);
    await ensurePartyCaseIndexes(ctx.readModels);
    await ensurePartyLinkIndexes(ctx.readModels);
    const running = [
      await referralsProjection(ctx).start(),
      await draftOnCaseFiled(ctx),
      await draftOnObstruction(ctx),
      // Interference, illegal approvals and division assessments: referrals to the discipline commission.
      await draftOnAccountability(ctx),
      // The police upheld their refusal to file: the bureau asks the procuratorate for filing supervision.
      await draftOnRefusalUpheld(ctx),
      // Possible same parties: the bureau's list, and what a confirmation adds up.
      await partyMatchesProjection(ctx).start(),
      await addUpOnPartyMatch(ctx),
      // Order 310: the head decides within 3 days, the referral leaves within 24 hours, the police decide in 3 days.
      await startDeadlineScheduler(ctx, {
        machine: referralMachine,
        aggregate: 'referral',
        idField: 'referralId',
        calendar: loadCalendar(),
      }),
      await recommendationsProjection(ctx).start(),
      // A recommendation is replied to within 2 months, or 15 days where the harm is growing.
      await startDeadlineScheduler(ctx, {
        machine: recommendationMachine,
        aggregate: 'recommendation',
        idField: 'recommendationId',
        calendar: loadCalendar(),
      }),
    ];
    return {
      async stop() {
        for (const r of running.reverse()) await r.stop();
      },
    };
  },
};
