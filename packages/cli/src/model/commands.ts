import fc from 'fast-check';
import type { AnyMachineSnapshot } from 'xstate';
import { alphabet, MACHINE_NAMES, type MachineName, type ModelEvent } from './alphabet.ts';
import { productionOf } from './routes.ts';

// Commands for the property test: any event a route produces, with random bodies that are valid
// JSON for the route but may well be refused (a state that does not take them, a verdict without
// its party, a fine alone on protected land, an agency that may not act). Guided steps pick among
// the events the machines take where the aggregates stand, so that sequences get deep enough to
// reach remediation and closure.

export interface TargetedEvent {
  machine: MachineName;
  event: ModelEvent;
}

export type CommandStep = { guided: true; pick: number } | { guided: false; command: TargetedEvent };

/** Events that create an aggregate: the property run sends them once, at its start. */
const CREATING = new Set(['ClueReported', 'ReferralDrafted', 'RecommendationIssued']);

const when = fc
  .integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());
const text = fc.string({ minLength: 1, maxLength: 24 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const measures = fc.subarray(['demolish', 'confiscate', 'restore', 'fine'], { minLength: 1 });
const landClass = fc.constantFrom('pbf', 'farmland', 'other_agricultural', 'forest', 'construction');
const party = fc.record({ name: text, kind: fc.constantFrom('person', 'organization') });

const event = <D extends Record<string, unknown>>(
  machine: MachineName,
  type: string,
  data: fc.Arbitrary<D>,
) => data.map((d): TargetedEvent => ({ machine, event: { type, data: d } }));

const verification = {
  verdict: fc.constantFrom('illegal', 'legal', 'no_change', 'historical'),
  areaMu: fc.integer({ min: 0, max: 400 }).map((tenths) => tenths / 10),
  landClass,
  ongoing: fc.boolean(),
  party: optional(party),
  approvalRef: optional(text),
};

/** A clue verified illegal (random land, area, party): where a case, referrals and remediation begin. */
const illegalVerification: fc.Arbitrary<TargetedEvent> = event(
  'clue',
  'ClueVerified',
  fc.record({ ...verification, verdict: fc.constant('illegal'), party }),
);

const RANDOM_EVENTS: fc.Arbitrary<TargetedEvent>[] = [
  event(
    'clue',
    'ClueDispatched',
    fc.record({ toDivisionCode: fc.constantFrom('140000', '141100', '141181') }),
  ),
  event('clue', 'ClueVerified', fc.record(verification)),
  event('enforcementCase', 'StopOrderServed', fc.record({ servedAt: when, documentRef: text })),
  event('enforcementCase', 'StopConfirmed', fc.record({ stopped: fc.boolean(), observedAt: when })),
  event('enforcementCase', 'CaseFiled', fc.record({ filingNo: text, filedAt: when })),
  event('enforcementCase', 'PenaltyNoticeServed', fc.record({ measures, noticeRef: text })),
  event('enforcementCase', 'HearingRecorded', fc.record({ requested: fc.boolean(), heldAt: optional(when) })),
  event(
    'enforcementCase',
    'PenaltyDecided',
    fc.record({ measures, fineYuan: optional(fc.nat(500_000)), complyBy: when, decisionRef: text }),
  ),
  event('enforcementCase', 'ComplianceRecorded', fc.record({ complied: fc.boolean(), observedAt: when })),
  event('enforcementCase', 'CourtApplicationFiled', fc.record({ reminderServedAt: when, appliedAt: when })),
  event('enforcementCase', 'CourtRuled', fc.record({ granted: fc.boolean(), rulingRef: text })),
  event('enforcementCase', 'CaseClosed', fc.record({ summary: text })),
  event(
    'referral',
    'ReferralApprovalDecided',
    fc.record({ approved: fc.boolean(), note: fc.string({ maxLength: 24 }) }),
  ),
  event('referral', 'ReferralDispatched', fc.constant({})),
  event('referral', 'ReferralReceived', fc.constant({})),
  event(
    'referral',
    'ReferralDecided',
    fc.record({ accepted: fc.boolean(), reason: text, filingNo: optional(text) }),
  ),
  event('referral', 'ReconsiderationRequested', fc.record({ reason: text })),
  event('referral', 'FeedbackGiven', fc.record({ outcome: text, documents: fc.constant([]) })),
  event('referral', 'ReferralReturned', fc.record({ reason: text })),
  event(
    'remediation',
    'ProgressRecorded',
    fc.record({
      step: fc.constantFrom('demolished', 'recultivated'),
      observedAt: when,
      evidence: fc.constant([]),
    }),
  ),
  event(
    'remediation',
    'AcceptanceRecorded',
    fc.record({
      agency: fc.constantFrom('nrb', 'agri', 'gov'),
      passed: fc.boolean(),
      note: fc.string({ maxLength: 24 }),
    }),
  ),
  event('remediation', 'QuotaDeducted', fc.record({ year: fc.integer({ min: 2026, max: 2027 }) })),
  event('remediation', 'PbfRedesignated', fc.record({ parcelRef: text })),
];

/** A random command from the route table. */
const randomCommand: fc.Arbitrary<TargetedEvent> = fc.oneof(...RANDOM_EVENTS);

/** Three guided steps for each random one. */
const commandStep: fc.Arbitrary<CommandStep> = fc.oneof(
  { arbitrary: fc.record({ guided: fc.constant(true as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ guided: fc.constant(false as const), command: randomCommand }), weight: 1 },
);

/**
 * A sequence of steps; three in four begin with an illegal verdict, since only those go on to a
 * case (the other verdicts are still reached by the steps themselves).
 */
export const commandSequence: fc.Arbitrary<CommandStep[]> = fc
  .tuple(
    fc.option(illegalVerification, { nil: undefined, freq: 4 }),
    fc.array(commandStep, { minLength: 20, maxLength: 60 }),
  )
  .map(([opening, steps]) => (opening ? [{ guided: false as const, command: opening }, ...steps] : steps));

/** The events a route produces that the machines take where the aggregates stand. */
export function guidedCandidates(snapshots: Record<MachineName, AnyMachineSnapshot>): TargetedEvent[] {
  return MACHINE_NAMES.flatMap((machine) =>
    alphabet(machine, snapshots[machine])
      .filter((e) => !CREATING.has(e.type) && productionOf(machine, e).kind === 'route')
      .map((e) => ({ machine, event: e })),
  );
}
