import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  parseType,
  topicOf,
} from '@landcase/contracts';
import { checkedData, react, type ServiceContext } from '@landcase/service-kit';
import {
  type Draft,
  decideAssessmentDraft,
  decideIllegalApprovalDraft,
  decideInterferenceDraft,
} from './accountability-drafts.ts';
import { draftReferralOnce } from './draft-referral-once.ts';

// Enforcement's records of officials' conduct (interference, illegal approvals) and its annual
// assessments of divisions become referrals to the discipline commission. Each event carries the
// division, so nothing else need have been seen first.

type Data = EnforcementEventData;

export function accountabilityDraftOf(event: CloudEvent): Draft | null {
  const name = parseType(event.type)?.name;
  switch (name) {
    case 'InterferenceRecorded':
      return decideInterferenceDraft(checkedData<Data[typeof name]>(EnforcementEvents[name], event, name));
    case 'IllegalApprovalRecorded':
      return decideIllegalApprovalDraft(checkedData<Data[typeof name]>(EnforcementEvents[name], event, name));
    case 'AssessmentRecorded':
      return decideAssessmentDraft(checkedData<Data[typeof name]>(EnforcementEvents[name], event, name));
    default:
      return null;
  }
}

export async function handleAccountability(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  const draft = accountabilityDraftOf(event);
  if (!draft) return;
  await draftReferralOnce(ctx, event, draft, { ruleSetVersion: draft.data.ruleSetVersion });
}

export function draftOnAccountability(ctx: ServiceContext) {
  return react(ctx, {
    name: 'draft-on-accountability',
    topics: [topicOf('enforcement')],
    handle: (event) => handleAccountability(ctx, event),
  });
}
