import {
  type CloudEvent,
  type DetectionEventData,
  type EnforcementEvent,
  parseType,
  SYSTEM_ACTOR,
  TOPICS,
} from '@landcase/contracts';
import { react, rulesOf, type ServiceContext } from '@landcase/service-kit';
import { runCaseCommand } from '../case-view.ts';

type ClueVerified = DetectionEventData['ClueVerified'];

/**
 * A clue verified illegal opens the enforcement case under the same case id. Other verdicts
 * open nothing. The rule-set version in force is recorded, since later rules depend on it.
 */
export function decideOpenCase(clue: ClueVerified, ruleSetVersion: string): EnforcementEvent[] {
  if (clue.verdict !== 'illegal') return [];
  if (!clue.party) throw new Error(`ClueVerified ${clue.caseId}: an illegal verdict without a party`);
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId: clue.caseId,
        divisionCode: clue.divisionCode,
        landClass: clue.landClass,
        areaMu: clue.areaMu,
        party: clue.party,
        ongoing: clue.ongoing,
        clueSource: clue.source,
        discoveredAt: clue.observedAt,
        ruleSetVersion,
      },
    },
  ];
}

/**
 * The rule set in force for the clue's division when it was verified (the CloudEvent's time, so a
 * redelivery records the same): its province's and city's overlays then in force over the base.
 */
export function ruleSetVersionAt(
  ctx: ServiceContext,
  divisionCode: string,
  event: Pick<CloudEvent, 'time'>,
): string {
  const at = event.time ? new Date(event.time) : ctx.clock.now();
  return rulesOf(ctx).effectiveFor(divisionCode, Number.isNaN(at.getTime()) ? ctx.clock.now() : at).version;
}

export function reactOpenCase(ctx: ServiceContext) {
  return react(ctx, {
    name: 'open-case',
    topics: [TOPICS.detection],
    handle: async (event: CloudEvent) => {
      if (parseType(event.type)?.name !== 'ClueVerified') return;
      const clue = event.data as ClueVerified;
      const ruleSetVersion = ruleSetVersionAt(ctx, clue.divisionCode, event);
      const events = decideOpenCase(clue, ruleSetVersion);
      if (events.length === 0) return;
      const caseId = event.subject;
      // Expected no_stream: a redelivered verdict meets the case it opened and is done.
      await runCaseCommand(ctx, {
        caseId,
        actor: SYSTEM_ACTOR('enforcement'),
        expected: 'no_stream',
        correlationId: event.correlationid,
        causationId: event.id,
        decide: () => events.map((e) => ({ ...e, metadata: { ruleSetVersion } })),
      });
    },
  });
}
