import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { allowedEvents, stateString } from '../evolve.ts';
import {
  caseEvents,
  clueEvents,
  historicalBatchEvents,
  recommendationEvents,
  referralEvents,
  remediationEvents,
} from '../test-events.ts';
import { clueMachine } from './clue.ts';
import { enforcementCaseMachine } from './enforcement-case.ts';
import { historicalBatchMachine } from './historical-batch.ts';
import { recommendationMachine } from './recommendation.ts';
import { referralMachine } from './referral.ts';
import { remediationMachine } from './remediation.ts';

// Every state a machine declares can be reached from `none` with valid events, and a final
// state accepts nothing: no dead corners in the workflow.

function leafPaths(node: AnyStateNode, prefix = ''): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return [prefix];
  return children.flatMap((child) => leafPaths(child, prefix ? `${prefix}.${child.key}` : child.key));
}

// Arrays only grow; their length (capped) is enough to tell states apart for the search.
const serialize = (snapshot: AnyMachineSnapshot): string =>
  `${stateString(snapshot)} ${JSON.stringify(snapshot.context, (_key, value) =>
    Array.isArray(value) ? Math.min(value.length, 2) : value,
  )}`;

function reachable(machine: AnyStateMachine, events: { type: string; data: unknown }[]) {
  const paths = getShortestPaths(machine, { events, serializeState: serialize });
  return paths.map((path) => path.state);
}

const cases: [string, AnyStateMachine, { type: string; data: unknown }[]][] = [
  [
    'clue',
    clueMachine,
    [
      clueEvents.reported(),
      clueEvents.dispatched(),
      clueEvents.verified(),
      clueEvents.verified({ verdict: 'legal', approvalRef: 'approval' }),
      clueEvents.verified({ verdict: 'no_change' }),
      clueEvents.verified({ verdict: 'historical' }),
      clueEvents.historicalBatched(),
      clueEvents.historicalSettled(),
      clueEvents.deadlineMissed(),
    ],
  ],
  [
    'historicalBatch',
    historicalBatchMachine,
    [
      historicalBatchEvents.opened(),
      historicalBatchEvents.clueSettled(),
      historicalBatchEvents.clueSettled({ clueId: 'LC-141181-20260301-00000002' }),
      historicalBatchEvents.withdrawn(),
      historicalBatchEvents.completed(),
    ],
  ],
  [
    'enforcementCase',
    enforcementCaseMachine,
    [
      caseEvents.opened(),
      caseEvents.stopOrderServed(),
      caseEvents.stopConfirmed(),
      caseEvents.stopConfirmed({ stopped: false }),
      caseEvents.filed(),
      caseEvents.noticeServed(),
      caseEvents.hearing(),
      caseEvents.decided(),
      caseEvents.compliance(),
      caseEvents.compliance({ complied: false }),
      caseEvents.courtApplied(),
      caseEvents.courtRuled(),
      caseEvents.courtRuled({ granted: false }),
      caseEvents.courtAppealed(),
      caseEvents.restored(),
      caseEvents.closed(),
    ],
  ],
  [
    'referral',
    referralMachine,
    [
      referralEvents.drafted(),
      referralEvents.approvalDecided(),
      referralEvents.approvalDecided({ approved: false }),
      referralEvents.dispatched(),
      referralEvents.received(),
      referralEvents.decided(),
      referralEvents.decided({ accepted: false }),
      referralEvents.reconsideration(),
      referralEvents.documentAttached(),
      referralEvents.supplementRequested(),
      referralEvents.supplementProvided(),
      referralEvents.feedback(),
      referralEvents.returned(),
    ],
  ],
  [
    'recommendation',
    recommendationMachine,
    [
      recommendationEvents.issued(),
      recommendationEvents.issued({ harmGrowing: true }),
      recommendationEvents.replied(),
      recommendationEvents.deadlineMissed(),
    ],
  ],
  [
    'remediation',
    remediationMachine,
    [
      remediationEvents.opened(),
      remediationEvents.progress(),
      remediationEvents.progress({ step: 'recultivated' }),
      remediationEvents.acceptance(),
      remediationEvents.acceptance({ agency: 'agri' }),
      remediationEvents.acceptance({ agency: 'agri', passed: false }),
      remediationEvents.accepted(),
      remediationEvents.quotaDeducted(),
      remediationEvents.pbfRedesignationRequired(),
      remediationEvents.pbfRedesignated(),
    ],
  ],
];

describe.each(cases)('%s machine', (_name, machine, events) => {
  const states = reachable(machine, events);

  it('reaches every state it declares', () => {
    const reached = new Set(states.map(stateString));
    expect([...reached].sort()).toEqual(leafPaths(machine.root).sort());
  });

  it('accepts nothing once done', () => {
    for (const snapshot of states.filter((s) => s.status === 'done')) {
      expect(allowedEvents(machine, snapshot)).toEqual([]);
    }
  });
});
