import { type ReferralEvent, type ReferralEventData, streamName } from '@landcase/contracts';
import type { StreamEvent } from '@landcase/service-kit';

// The procuratorial recommendation (检察建议) as the API shows it: its own aggregate in the referral
// service, one stream per recommendation. The state comes from the lifecycle machine; the fields
// are folded here from the event data.

export const recommendationStreamId = (recommendationId: string): string =>
  streamName('referral', 'recommendation', recommendationId);

type Issued = ReferralEventData['RecommendationIssued'];
type Replied = ReferralEventData['RecommendationReplied'];
type Missed = ReferralEventData['DeadlineMissed'];
type Raised = ReferralEventData['EscalationRaised'];

export type RecommendationFields = Issued & {
  reply: Omit<Replied, 'caseId' | 'recommendationId'> | null;
  deadlinesMissed: Omit<Missed, 'caseId' | 'referralId' | 'recommendationId'>[];
  escalations: Omit<Raised, 'caseId' | 'referralId' | 'recommendationId'>[];
};

/** Folds a recommendation's events into its fields; null before it was issued. */
export function recommendationFields(events: readonly StreamEvent[]): RecommendationFields | null {
  return events.reduce<RecommendationFields | null>(evolveRecommendation, null);
}

/** One event applied to the fields (null before it was issued). */
export function evolveRecommendation(
  prior: RecommendationFields | null,
  raw: StreamEvent,
): RecommendationFields | null {
  let f = prior;
  const event = raw as unknown as ReferralEvent;
  if (event.type === 'RecommendationIssued') {
    f = { ...event.data, reply: null, deadlinesMissed: [], escalations: [] };
    return f;
  }
  if (!f) return f;
  switch (event.type) {
    case 'RecommendationReplied': {
      const { caseId: _, recommendationId: _r, ...reply } = event.data;
      f = { ...f, reply };
      break;
    }
    case 'DeadlineMissed': {
      const { caseId: _, referralId: _f, recommendationId: _r, ...missed } = event.data;
      f = { ...f, deadlinesMissed: [...f.deadlinesMissed, missed] };
      break;
    }
    case 'EscalationRaised': {
      const { caseId: _, referralId: _f, recommendationId: _r, ...raised } = event.data;
      f = { ...f, escalations: [...f.escalations, raised] };
      break;
    }
  }
  return f;
}
