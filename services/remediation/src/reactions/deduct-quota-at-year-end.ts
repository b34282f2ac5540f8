import {
  type CloudEvent,
  parseType,
  type RemediationEvent,
  type RemediationEventData,
  RemediationEvents,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { chinaDateOf, remediationMachine } from '@landcase/lifecycle';
import { checkedData, executeCommand, react, type ServiceContext } from '@landcase/service-kit';
import { type RemediationFields, remediationFields, remediationStreamId } from '../remediation.ts';
import { decideQuotaDeduction } from '../slices/quota-deduction.ts';

// 年度内未能消除违法状态的 … 扣除该地区储备补充耕地指标 (seed 003 §三): when the scheduler records that a
// remediation missed the end of its year, the reserve quota is deducted (and PBF re-designation
// required) by the system, exactly as the head's manual command would do it. Once per case: a
// deduction already made (by hand, earlier, or by a redelivery of this event on another
// instance) leaves nothing to do, and the machine refuses a second QuotaDeducted anyway.

export const YEAR_END_RULE = 'deadline.remediation.year-end';

type Missed = RemediationEventData['DeadlineMissed'];

/** The events a missed year's end leads to: the deduction for the year that ended, or none. */
export function decideYearEndDeduction(
  missed: Missed,
  remediation: RemediationFields | null,
  now: Date,
): RemediationEvent[] {
  if (missed.rule !== YEAR_END_RULE || !remediation || remediation.quotaDeduction) return [];
  if (remediation.acceptedAt) return [];
  // The year is the China calendar year whose end was missed, not the UTC year of the instant.
  const year = Number(chinaDateOf(new Date(missed.dueAt)).slice(0, 4));
  return decideQuotaDeduction(missed.caseId, remediation, { year }, now);
}

export async function handleYearEndMissed(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  if (parseType(event.type)?.name !== 'DeadlineMissed') return;
  const missed = checkedData<Missed>(RemediationEvents.DeadlineMissed, event, 'DeadlineMissed');
  if (missed.rule !== YEAR_END_RULE) return;
  await executeCommand(ctx, {
    streamId: remediationStreamId(missed.caseId),
    caseId: missed.caseId,
    machine: remediationMachine,
    actor: SYSTEM_ACTOR('remediation'),
    correlationId: event.correlationid,
    causationId: event.id,
    decide: (_snapshot, events) => decideYearEndDeduction(missed, remediationFields(events), ctx.clock.now()),
    // Progress recorded by a user meanwhile: decided again on the fresh stream. A conflict that
    // outlasts it goes back to the consumer, and to the DLQ, rather than losing the deduction.
    retry: true,
  });
}

/** Consumes the service's own topic: the scheduler's DeadlineMissed travels like any event. */
export function deductQuotaAtYearEnd(ctx: ServiceContext) {
  return react(ctx, {
    name: 'deduct-quota-at-year-end',
    topics: [topicOf('remediation')],
    handle: (event) => handleYearEndMissed(ctx, event),
  });
}
