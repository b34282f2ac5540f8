import {
  type EnforcementCaseContext,
  initialOf,
  type RemediationContext,
  stateString,
} from '@landcase/lifecycle';
import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import { alphabet, MACHINES, type MachineName, type ModelEvent, serializeModelState } from './alphabet.ts';

// The paths of each machine that the model-based test replays: the shortest path to every model
// state; the simple paths (no model state twice) to every state or only to the final ones,
// whichever keeps the count reasonable; and the shortest paths to the final states that go round
// each loop (a second stop refusal, a second court application, acceptance after rework) once or
// twice, which simple paths cannot.
//
// Left out, because nothing over HTTP can produce them:
// - every path with DeadlineMissed or EscalationRaised: only the deadline scheduler appends them,
//   once time passes (they have their own tests with an injected clock); the alphabet never
//   offers them;
// - remediation paths ending right after the second passed acceptance of a round: the service
//   appends RemediationAccepted in the same command, so that state is never observable;
// - paths ending right after a PBF quota deduction: the service requires re-designation in the
//   same command;

export interface ModelStep {
  event: ModelEvent;
  /** The machine's snapshot after the event. */
  state: AnyMachineSnapshot;
}

export interface ModelPath {
  machine: MachineName;
  /** `ClueReported → ClueVerified(verdict=legal)`: what the path does, for the test's name. */
  name: string;
  steps: ModelStep[];
}

export type SimplePathScope = 'all' | 'final' | 'none';

const DISCRIMINATORS = [
  'verdict',
  'ongoing',
  'stopped',
  'requested',
  'complied',
  'granted',
  'approved',
  'accepted',
  'step',
  'agency',
  'passed',
  'harmGrowing',
] as const;

/** `StopConfirmed(stopped=false)`: the type and the fields that choose the branch. */
function describeEvent(event: ModelEvent): string {
  const parts = DISCRIMINATORS.filter((key) => key in event.data).map((key) => `${key}=${event.data[key]}`);
  if (event.type === 'RemediationOpened' || event.type === 'PenaltyDecided')
    parts.push(`measures=${(event.data.measures as string[]).join('+')}`);
  if (event.type === 'ClueDispatched') parts.push(`to=${event.data.toDivisionCode}`);
  return parts.length > 0 ? `${event.type}(${parts.join(',')})` : event.type;
}

/** A state no request can leave the aggregate in (see the list at the top). */
function unobservable(machine: MachineName, state: AnyMachineSnapshot): boolean {
  if (machine !== 'remediation') return false;
  const context = state.context as RemediationContext;
  if (context.quotaDeduction && context.landClass === 'pbf' && !context.pbfRedesignation) return true;
  if (stateString(state) !== 'recultivated') return false;
  return context.passedBy.includes('nrb') && context.passedBy.includes('agri');
}

const isFinal = (snapshot: AnyMachineSnapshot) => snapshot.status === 'done';
const allOnRecord = (snapshot: AnyMachineSnapshot) => {
  const c = snapshot.context as EnforcementCaseContext;
  return (
    c.interferences.length > 0 &&
    c.illegalApprovals.length > 0 &&
    c.decisionExtended &&
    c.serviceRefusals.length > 0 &&
    c.defenceStatements.length > 0
  );
};

export function modelPaths(machine: MachineName, simple: SimplePathScope): ModelPath[] {
  const logic = MACHINES[machine];
  const events = (snapshot: AnyMachineSnapshot) => alphabet(machine, snapshot);
  const options = {
    events,
    serializeState: (snapshot: AnyMachineSnapshot) => serializeModelState(machine, snapshot),
  };
  const found = [
    ...getShortestPaths(logic, {
      events,
      serializeState: (snapshot: AnyMachineSnapshot) =>
        serializeModelState(machine, snapshot, { pending: true }),
    } as never),
    ...(simple === 'none'
      ? []
      : getSimplePaths(logic, { ...options, ...(simple === 'final' ? { toState: isFinal } : {}) } as never)),
    ...getShortestPaths(logic, {
      events,
      serializeState: (snapshot: AnyMachineSnapshot) =>
        serializeModelState(machine, snapshot, { loops: true }),
      toState: isFinal,
    } as never),
    // Interference, illegal approvals, an extension of the decision period, notices to refuse
    // service and the party's defence leave the case where it is, so none of the paths above takes
    // them: the shortest ways to each closure that record all five on the way.
    ...(machine === 'enforcementCase'
      ? getShortestPaths(logic, {
          events,
          serializeState: (snapshot: AnyMachineSnapshot) =>
            serializeModelState(machine, snapshot, { facts: true }),
          toState: (snapshot: AnyMachineSnapshot) => isFinal(snapshot) && allOnRecord(snapshot),
        } as never)
      : []),
  ];
  const paths = new Map<string, ModelPath>();
  for (const path of found) {
    // Every path starts with xstate's own init step into `none`; the model starts there.
    const steps = (path.steps as ModelStep[]).filter((step) => step.event.type !== 'xstate.init');
    if (steps.length === 0 || unobservable(machine, steps.at(-1)!.state)) continue;
    const name = steps.map((step) => describeEvent(step.event)).join(' → ');
    paths.set(name, { machine, name, steps });
  }
  return [...paths.values()];
}

/** Every state (stateString) the model reaches from `none`, `none` included. */
export function reachableStates(machine: MachineName): Set<string> {
  const logic = MACHINES[machine];
  const paths = getShortestPaths(logic, {
    events: (snapshot: AnyMachineSnapshot) => alphabet(machine, snapshot),
    serializeState: (snapshot: AnyMachineSnapshot) => serializeModelState(machine, snapshot),
  } as never);
  return new Set([stateString(initialOf(logic)), ...paths.map((p) => stateString(p.state))]);
}
