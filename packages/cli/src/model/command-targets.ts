import { evolve, initialOf } from '@landcase/lifecycle';
import type { AnyMachineSnapshot } from 'xstate';
import { alphabet, MACHINES, type MachineName, type ModelEvent } from './alphabet.ts';
import { type BatchSubject, settledBatch } from './historical-batch-setup.ts';
import { raisePartyMatch } from './party-match-setup.ts';
import { type ModelPath, modelPaths } from './paths.ts';
import type { Driver } from './replay.ts';
import { type Agency, type HttpCommand, productionOf, type Subject } from './routes.ts';

// Where a request to each command route of the API must go for the service to take its command:
// the aggregate brought (by a model path over HTTP) to a state whose machine accepts the route's
// event, the agency that may send it, and the body the model sends there (so that at least one
// request per route is known to be taken). One entry per POST route of the OpenAPI document: a
// route without one fails the test that reads this table.

/** A subject the prefix path made, with the division its aggregate stands in. */
export type Prepared = Subject & { divisionCode?: string };

export interface CommandTarget {
  /** The route as the OpenAPI document names it, e.g. `/enforcement/cases/{caseId}/stop-order`. */
  route: string;
  /** The machine and event the route appends to; the path that brings a fresh aggregate there. */
  machine?: MachineName;
  event?: string;
  prefix?: ModelPath;
  /** The request the model sends there: its path, agency and a body the service takes. */
  request(subject: Prepared): HttpCommand;
  /** Makes the subject where no model path does (a possible same party, raised by a reaction). */
  setUp?(driver: Driver, ref: string): Promise<Prepared>;
  /** Points a drawn body at what exists (the case the path made, the clue waiting for a batch). */
  adjust?(body: Record<string, unknown>, subject: Prepared): Record<string, unknown>;
}

const shortestPaths = new Map<MachineName, ModelPath[]>();
const shortest = (machine: MachineName): ModelPath[] => {
  if (!shortestPaths.has(machine)) shortestPaths.set(machine, modelPaths(machine, 'none'));
  return shortestPaths.get(machine)!;
};

/**
 * The shortest model path to a state where `machine` accepts `event`, as a route produces it (or
 * in any way, with `byRoute` false: a batch takes a clue by a reaction).
 */
function pathTo(
  machine: MachineName,
  event: string,
  byRoute = true,
): { prefix?: ModelPath; taken: ModelEvent } {
  const takes = (state: AnyMachineSnapshot) =>
    alphabet(machine, state).find(
      (e) => e.type === event && (!byRoute || productionOf(machine, e).kind === 'route'),
    );
  const initial = takes(initialOf(MACHINES[machine]));
  if (initial) return { taken: initial };
  // Every state on the way counts: some are reached only as a step towards another. The
  // snapshots are folded here from the path's events rather than read off its steps, whose
  // contexts the traversal shares between paths.
  let best: { prefix: ModelPath; taken: ModelEvent } | undefined;
  for (const path of shortest(machine)) {
    let snapshot = initialOf(MACHINES[machine]);
    for (let k = 1; k <= path.steps.length && (!best || k < best.prefix.steps.length); k++) {
      snapshot = evolve(MACHINES[machine], [path.steps[k - 1]!.event], snapshot);
      const taken = takes(snapshot);
      if (taken) best = { prefix: { ...path, steps: path.steps.slice(0, k) }, taken };
    }
  }
  if (!best) throw new Error(`${machine}: no model path reaches a state that takes ${event}`);
  return best;
}

/** A route whose command the machine takes once the path brought the aggregate there. */
function onAggregate(route: string, machine: MachineName, event: string): CommandTarget {
  const { prefix, taken } = pathTo(machine, event);
  const production = productionOf(machine, taken);
  if (production.kind !== 'route') throw new Error(`${machine}: ${event} has no route`);
  return {
    route,
    machine,
    event,
    ...(prefix ? { prefix } : {}),
    request: (subject) => production.request(taken as never, subject),
  };
}

const DIVISION = '141181';

/** The enforcement case the referral and recommendation bodies name: one the path opened. */
const onCase = (route: string, machine: MachineName, event: string): CommandTarget => {
  const creating = onAggregate(route, machine, event);
  const { prefix } = pathTo('enforcementCase', 'StopOrderServed');
  return {
    ...creating,
    ...(prefix ? { prefix } : {}),
    adjust: (body, subject) => ({ ...body, caseId: subject.caseId }),
  };
};

const clueTarget = onAggregate('/detection/clues', 'clue', 'ClueReported');

const command = (path: string, agency: Agency, body: Record<string, unknown>): HttpCommand => ({
  method: 'POST',
  path,
  agency,
  body,
});

export const COMMAND_TARGETS: CommandTarget[] = [
  clueTarget,
  onAggregate('/detection/clues/{caseId}/dispatch', 'clue', 'ClueDispatched'),
  onAggregate('/detection/clues/{caseId}/verification', 'clue', 'ClueVerified'),
  onAggregate('/detection/clues/{caseId}/historical-outcome', 'clue', 'HistoricalSettled'),
  {
    route: '/detection/sweeps',
    request: (subject) => {
      const { parcel, ...properties } = clueTarget.request(subject).body;
      return command('/detection/sweeps', 'nrb', {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: parcel, properties }],
      });
    },
  },
  {
    route: '/detection/historical-batches',
    // A batch of the historical clue the path verified, in the division it waits in.
    ...(({ prefix }) => (prefix ? { prefix } : {}))(pathTo('clue', 'HistoricalBatched', false)),
    request: (subject) =>
      command('/detection/historical-batches', 'nrb', {
        divisionCode: subject.divisionCode ?? DIVISION,
        clueIds: [subject.caseId],
        disposition: 'regularise',
        dueBy: '2099-12-31T10:00:00.000Z',
      }),
    adjust: (body, subject) => ({
      ...body,
      ...(Array.isArray(body.clueIds) ? { clueIds: [subject.caseId, ...body.clueIds.slice(1)] } : {}),
      ...(body.divisionCode === DIVISION ? { divisionCode: subject.divisionCode ?? DIVISION } : {}),
    }),
  },
  {
    route: '/detection/historical-batches/{batchId}/completion',
    setUp: settledBatch,
    request: (subject) =>
      command(`/detection/historical-batches/${(subject as BatchSubject).batchId}/completion`, 'nrb', {}),
  },
  ...[
    ['stop-order', 'StopOrderServed'],
    ['stop-confirmation', 'StopConfirmed'],
    ['filing', 'CaseFiled'],
    ['penalty-notice', 'PenaltyNoticeServed'],
    ['hearing', 'HearingRecorded'],
    ['legal-review', 'LegalReviewCompleted'],
    ['collective-review', 'CollectiveReviewHeld'],
    ['penalty-decision', 'PenaltyDecided'],
    ['compliance', 'ComplianceRecorded'],
    ['court-application', 'CourtApplicationFiled'],
    ['court-ruling', 'CourtRuled'],
    ['closure', 'CaseClosed'],
    ['interference', 'InterferenceRecorded'],
    ['illegal-approval', 'IllegalApprovalRecorded'],
    ['decision-extension', 'DecisionPeriodExtended'],
    ['service-refusal', 'ServiceRefusalNoticesSent'],
    ['defence', 'DefenceStated'],
    ['court-appeal', 'CourtRulingAppealed'],
    ['reconsideration', 'ReconsiderationApplied'],
    ['reconsideration-decision', 'ReconsiderationDecided'],
    ['lawsuit', 'LawsuitFiled'],
    ['lawsuit-judgment', 'LawsuitDecided'],
  ].map(([path, event]) => onAggregate(`/enforcement/cases/{caseId}/${path}`, 'enforcementCase', event!)),
  {
    route: '/enforcement/assessments',
    request: () =>
      // Assessed by the division above: the city.
      ({
        ...command('/enforcement/assessments', 'nrb', {
          divisionCode: DIVISION,
          year: 2026,
          newConstructionFarmlandMu: 1200,
        }),
        division: '141100',
      }),
  },
  onCase('/referral/referrals', 'referral', 'ReferralDrafted'),
  ...[
    ['approval', 'ReferralApprovalDecided'],
    ['documents', 'ReferralDocumentAttached'],
    ['dispatch', 'ReferralDispatched'],
    ['receipt', 'ReferralReceived'],
    ['decision', 'ReferralDecided'],
    ['reconsideration', 'ReconsiderationRequested'],
    ['feedback', 'FeedbackGiven'],
    ['return', 'ReferralReturned'],
    ['supplement-request', 'SupplementRequested'],
    ['supplement', 'SupplementProvided'],
  ].map(([path, event]) => onAggregate(`/referral/referrals/{id}/${path}`, 'referral', event!)),
  onCase('/referral/recommendations', 'recommendation', 'RecommendationIssued'),
  onAggregate('/referral/recommendations/{id}/reply', 'recommendation', 'RecommendationReplied'),
  ...[
    ['progress', 'ProgressRecorded'],
    ['acceptance', 'AcceptanceRecorded'],
    ['quota-deduction', 'QuotaDeducted'],
    ['pbf-redesignation', 'PbfRedesignated'],
  ].map(([path, event]) => onAggregate(`/remediation/cases/{caseId}/${path}`, 'remediation', event!)),
  ...['confirmation', 'rejection'].map(
    (path): CommandTarget => ({
      route: `/referral/party-matches/{id}/${path}`,
      setUp: raisePartyMatch,
      request: (subject) =>
        command(
          `/referral/party-matches/${subject.partyMatchId}/${path}`,
          'nrb',
          path === 'confirmation' ? { basis: '户籍核查：同一人' } : { reason: '年龄、住址均不同' },
        ),
    }),
  ),
];
