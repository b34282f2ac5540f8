import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  parseType,
  type ReferralEventData,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { RULE_SET, referralMachine } from '@landcase/lifecycle';
import {
  ConcurrencyConflict,
  executeCommand,
  IllegalTransition,
  react,
  type ServiceContext,
} from '@landcase/service-kit';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { caseDivision, recordCaseDivision } from '../case-divisions.ts';
import { referralStreamId } from '../referral.ts';

// A party that refuses to stop, or obstructs enforcement, is referred to public security at once
// (seed 002, duties of the public security bureau; 33号文 §四: cases meeting resistance are
// reported at once). Enforcement records it as StopConfirmed with `stopped: false`; the referral is
// drafted in the bureau's name for the head to approve, like the rule drafts on CaseFiled.
//
// The same consumer records each case's division from CaseOpened: both travel on the enforcement
// topic keyed by case id, so the case's CaseOpened is always handled before its StopConfirmed.

export const OBSTRUCTION_RULE = {
  id: 'referral.psb.obstruction',
  source: 'seed 002 公安局 duties; 33号文 §四',
} as const;

export const OBSTRUCTION_REASON = 'refusal to stop / obstruction of enforcement';

type StopConfirmed = EnforcementEventData['StopConfirmed'];

/** One per case: a second refusal in the same case is already on the police's desk. */
export const obstructionReferralId = (caseId: string): string => `${caseId}.psb-obstruction`;

export function decideObstructionDraft(
  stop: StopConfirmed,
  divisionCode: string,
): { type: 'ReferralDrafted'; data: ReferralEventData['ReferralDrafted'] } | null {
  if (stop.stopped) return null;
  const referralId = obstructionReferralId(stop.caseId);
  return {
    type: 'ReferralDrafted',
    data: {
      caseId: stop.caseId,
      referralId,
      from: 'nrb',
      to: 'psb',
      divisionCode,
      reason: OBSTRUCTION_REASON,
      // Placeholders the bureau replaces with the signed documents before dispatch.
      documents: [
        { kind: 'referral-letter', ref: `pending:${referralId}/referral-letter` },
        { kind: 'stop-order-record', ref: `pending:${stop.caseId}/stop-order-record` },
      ],
      ruleId: OBSTRUCTION_RULE.id,
      ruleSetVersion: RULE_SET.version,
    },
  };
}

function checked<T>(schema: TSchema, event: CloudEvent, name: string): T {
  if (!Value.Check(schema, event.data)) {
    const first = [...Value.Errors(schema, event.data)][0];
    throw new Error(`${name} ${event.id} does not match its schema: ${first?.path} ${first?.message}`);
  }
  return event.data as T;
}

export async function handleObstruction(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  const name = parseType(event.type)?.name;
  if (name === 'CaseOpened') {
    const opened = checked<EnforcementEventData['CaseOpened']>(EnforcementEvents.CaseOpened, event, name);
    await recordCaseDivision(ctx.readModels, opened.caseId, opened.divisionCode);
    return;
  }
  if (name !== 'StopConfirmed') return;
  const stop = checked<StopConfirmed>(EnforcementEvents.StopConfirmed, event, name);
  if (stop.stopped) return;
  const divisionCode = await caseDivision(ctx.readModels, stop.caseId);
  // Retried, then parked on the DLQ: a referral is never drafted without its division.
  if (!divisionCode) throw new Error(`StopConfirmed ${event.id}: no CaseOpened seen for case ${stop.caseId}`);
  const draft = decideObstructionDraft(stop, divisionCode);
  if (!draft) return;
  try {
    await executeCommand(ctx, {
      streamId: referralStreamId(draft.data.referralId),
      caseId: stop.caseId,
      machine: referralMachine,
      actor: SYSTEM_ACTOR('referral'),
      // The deterministic id makes a redelivered StopConfirmed find the stream already there.
      expected: 'no_stream',
      correlationId: event.correlationid,
      causationId: event.id,
      decide: () => [{ ...draft, metadata: { ruleSetVersion: RULE_SET.version } }],
    });
  } catch (error) {
    // Already drafted by an earlier delivery or an earlier refusal in the same case.
    if (error instanceof ConcurrencyConflict || error instanceof IllegalTransition) return;
    throw error;
  }
}

export function draftOnObstruction(ctx: ServiceContext) {
  return react(ctx, {
    name: 'draft-on-obstruction',
    topics: [topicOf('enforcement')],
    handle: (event) => handleObstruction(ctx, event),
  });
}
