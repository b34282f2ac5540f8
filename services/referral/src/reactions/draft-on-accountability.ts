import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  parseType,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { referralMachine } from '@landcase/lifecycle';
import {
  ConcurrencyConflict,
  executeCommand,
  IllegalTransition,
  react,
  type ServiceContext,
} from '@landcase/service-kit';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { referralStreamId } from '../referral.ts';
import {
  type Draft,
  decideAssessmentDraft,
  decideIllegalApprovalDraft,
  decideInterferenceDraft,
} from './accountability-drafts.ts';

// Enforcement's records of officials' conduct (interference, illegal approvals) and its annual
// assessments of divisions become referrals to the discipline commission. Each event carries the
// division, so nothing else need have been seen first.

function checked<T>(schema: TSchema, event: CloudEvent, name: string): T {
  if (!Value.Check(schema, event.data)) {
    const first = [...Value.Errors(schema, event.data)][0];
    throw new Error(`${name} ${event.id} does not match its schema: ${first?.path} ${first?.message}`);
  }
  return event.data as T;
}

type Data = EnforcementEventData;

export function accountabilityDraftOf(event: CloudEvent): Draft | null {
  const name = parseType(event.type)?.name;
  switch (name) {
    case 'InterferenceRecorded':
      return decideInterferenceDraft(checked<Data[typeof name]>(EnforcementEvents[name], event, name));
    case 'IllegalApprovalRecorded':
      return decideIllegalApprovalDraft(checked<Data[typeof name]>(EnforcementEvents[name], event, name));
    case 'AssessmentRecorded':
      return decideAssessmentDraft(checked<Data[typeof name]>(EnforcementEvents[name], event, name));
    default:
      return null;
  }
}

export async function handleAccountability(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  const draft = accountabilityDraftOf(event);
  if (!draft) return;
  try {
    await executeCommand(ctx, {
      streamId: referralStreamId(draft.data.referralId),
      caseId: draft.data.caseId,
      machine: referralMachine,
      actor: SYSTEM_ACTOR('referral'),
      // The deterministic id makes a redelivered event find the stream already there.
      expected: 'no_stream',
      correlationId: event.correlationid,
      causationId: event.id,
      decide: () => [{ ...draft, metadata: { ruleSetVersion: draft.data.ruleSetVersion } }],
    });
  } catch (error) {
    if (error instanceof ConcurrencyConflict || error instanceof IllegalTransition) return;
    throw error;
  }
}

export function draftOnAccountability(ctx: ServiceContext) {
  return react(ctx, {
    name: 'draft-on-accountability',
    topics: [topicOf('enforcement')],
    handle: (event) => handleAccountability(ctx, event),
  });
}
