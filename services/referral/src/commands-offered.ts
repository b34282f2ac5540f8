import type { AccessKey } from '@landcase/lifecycle';
import type { CommandOffer } from '@landcase/service-kit';

// The commands on a referral and on a recommendation, for `commandsAllowed` on their reads.

const REFERRAL_EVENTS = {
  documents: 'ReferralDocumentAttached',
  approval: 'ReferralApprovalDecided',
  dispatch: 'ReferralDispatched',
  reconsideration: 'ReconsiderationRequested',
  receipt: 'ReferralReceived',
  'supplement-request': 'SupplementRequested',
  supplement: 'SupplementProvided',
  decision: 'ReferralDecided',
  feedback: 'FeedbackGiven',
  return: 'ReferralReturned',
} as const;

export const REFERRAL_COMMANDS: readonly CommandOffer[] = Object.entries(REFERRAL_EVENTS).map(
  ([name, event]) => ({
    path: `/referral/referrals/{id}/${name}`,
    access: `referral.referral.${name}` as AccessKey,
    event,
  }),
);

export const RECOMMENDATION_COMMANDS: readonly CommandOffer[] = [
  {
    path: '/referral/recommendations/{id}/reply',
    access: 'referral.recommendation.reply',
    event: 'RecommendationReplied',
  },
];
