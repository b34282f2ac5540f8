import { type ReferralEvent, type ReferralEventData, streamName } from '@landcase/contracts';
import type { StreamEvent } from '@landcase/service-kit';

// The referral aggregate as the API shows it. The state comes from the lifecycle machine; the
// fields are folded here from the event data, so views do not depend on the machine's context.

export const referralStreamId = (referralId: string): string =>
  streamName('referral', 'referral', referralId);

/** Referrals drafted by a rule get a deterministic id, so a redelivered trigger drafts nothing new. */
export const ruleReferralId = (caseId: string, to: string): string => `${caseId}.${to}`;

type Drafted = ReferralEventData['ReferralDrafted'];
type Decided = ReferralEventData['ReferralDecided'];
type Feedback = ReferralEventData['FeedbackGiven'];
type Missed = ReferralEventData['DeadlineMissed'];

export type ReferralFields = Drafted & {
  draftedAt: string | null;
  approval: { approved: boolean; note: string; decidedAt: string | null } | null;
  dispatchedAt: string | null;
  receivedAt: string | null;
  /** Every filing decision of the receiving agency, the one after a reconsideration included. */
  decisions: (Omit<Decided, 'caseId' | 'referralId'> & { decidedAt: string | null })[];
  reconsiderations: { reason: string; requestedAt: string | null }[];
  feedback: (Omit<Feedback, 'caseId' | 'referralId'> & { givenAt: string | null }) | null;
  /** The case sent back by the receiving agency (Order 310 art. 13). */
  returned: { reason: string; returnedAt: string } | null;
  deadlinesMissed: Omit<Missed, 'caseId'>[];
};

/** Folds a referral's events into its fields; null before it was drafted. */
export function referralFields(events: readonly StreamEvent[]): ReferralFields | null {
  let f: ReferralFields | null = null;
  for (const raw of events) {
    const event = raw as unknown as ReferralEvent;
    const at = raw.recordedAt;
    if (event.type === 'ReferralDrafted') {
      f = {
        ...event.data,
        draftedAt: at,
        approval: null,
        dispatchedAt: null,
        receivedAt: null,
        decisions: [],
        reconsiderations: [],
        feedback: null,
        returned: null,
        deadlinesMissed: [],
      };
      continue;
    }
    if (!f) continue;
    switch (event.type) {
      case 'ReferralApprovalDecided':
        f = { ...f, approval: { approved: event.data.approved, note: event.data.note, decidedAt: at } };
        break;
      case 'ReferralDispatched':
        f = { ...f, dispatchedAt: event.data.dispatchedAt };
        break;
      case 'ReferralReceived':
        f = { ...f, receivedAt: event.data.receivedAt };
        break;
      case 'ReferralDecided': {
        const { caseId: _, referralId: _r, ...decision } = event.data;
        f = { ...f, decisions: [...f.decisions, { ...decision, decidedAt: at }] };
        break;
      }
      case 'ReconsiderationRequested':
        f = {
          ...f,
          reconsiderations: [...f.reconsiderations, { reason: event.data.reason, requestedAt: at }],
        };
        break;
      case 'FeedbackGiven': {
        const { caseId: _, referralId: _r, ...feedback } = event.data;
        f = { ...f, feedback: { ...feedback, givenAt: at } };
        break;
      }
      case 'ReferralReturned':
        f = { ...f, returned: { reason: event.data.reason, returnedAt: event.data.returnedAt } };
        break;
      case 'DeadlineMissed': {
        const { caseId: _, ...missed } = event.data;
        f = { ...f, deadlinesMissed: [...f.deadlinesMissed, missed] };
        break;
      }
    }
  }
  return f;
}
