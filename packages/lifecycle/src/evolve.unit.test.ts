import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { accepts, allowedEvents, evolve, HistoryConflictError, initialOf, stateString } from './evolve.ts';
import { enforcementCaseMachine } from './machines/enforcement-case.ts';
import { caseEvents as e } from './test-events.ts';

const toHeard = [
  e.opened(),
  e.stopOrderServed(),
  e.stopConfirmed(),
  e.filed(),
  e.noticeServed(),
  e.hearing(),
];

describe('evolve', () => {
  it('starts from the initial snapshot', () => {
    expect(stateString(initialOf(enforcementCaseMachine))).toBe('none');
    expect(stateString(evolve(enforcementCaseMachine, []))).toBe('none');
  });

  it('folds stored events, ignoring their metadata', () => {
    const stored = toHeard.map((event, revision) => ({
      ...event,
      id: `ev-${revision}`,
      metadata: { actor: 'nrb:1' },
    }));
    const snapshot = evolve(enforcementCaseMachine, stored);
    expect(stateString(snapshot)).toBe('investigation.heard');
    expect(JSON.stringify(snapshot.context)).not.toContain('nrb:1');
  });

  it('continues from a snapshot without changing it', () => {
    const noticed = evolve(enforcementCaseMachine, toHeard.slice(0, 5));
    const heard = evolve(enforcementCaseMachine, [e.hearing()], noticed);
    expect(stateString(noticed)).toBe('investigation.noticed');
    expect(noticed.context.hearing).toBeNull();
    expect(stateString(heard)).toBe('investigation.heard');
  });

  it('is deterministic: the same history gives the same snapshot', () => {
    const a = evolve(enforcementCaseMachine, toHeard);
    const b = evolve(enforcementCaseMachine, toHeard);
    expect(a.value).toEqual(b.value);
    expect(a.context).toEqual(b.context);
  });

  it('throws a HistoryConflictError naming the event, its index and the state', () => {
    const history = [e.opened(), e.decided()];
    expect(() => evolve(enforcementCaseMachine, history)).toThrow(
      "enforcementCase: event #1 'PenaltyDecided' is not accepted in state 'opened'" +
        ' (accepted there: StopOrderServed, CaseFiled, DeadlineMissed, EscalationRaised,' +
        ' InterferenceRecorded, IllegalApprovalRecorded)',
    );
    try {
      evolve(enforcementCaseMachine, history);
    } catch (error) {
      expect(error).toBeInstanceOf(HistoryConflictError);
      expect(error).toMatchObject({ index: 1, eventType: 'PenaltyDecided', state: 'opened' });
    }
  });

  it('refuses an event type the machine does not know', () => {
    expect(() => evolve(enforcementCaseMachine, [e.opened(), { type: 'CaseTransferred', data: {} }])).toThrow(
      HistoryConflictError,
    );
  });
});

describe('accepts and allowedEvents', () => {
  it('accepts reads the payload; allowedEvents does not', () => {
    const heard = evolve(enforcementCaseMachine, toHeard);
    expect(accepts(heard, e.decided())).toBe(true);
    expect(accepts(heard, e.decided({ measures: ['fine'] }))).toBe(false);
    expect(allowedEvents(enforcementCaseMachine, heard)).toContain('PenaltyDecided');
  });

  it('agrees with evolve on any sequence of events: accepted ones fold, others throw', () => {
    const samples = [
      e.opened(),
      e.opened({ ongoing: false }),
      e.stopOrderServed(),
      e.stopConfirmed(),
      e.stopConfirmed({ stopped: false }),
      e.filed(),
      e.noticeServed(),
      e.hearing(),
      e.decided(),
      e.decided({ measures: ['fine'] }),
      e.compliance(),
      e.compliance({ complied: false }),
      e.courtApplied(),
      e.courtRuled(),
      e.courtRuled({ granted: false }),
      e.restored(),
      e.closed(),
      e.deadlineMissed(),
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...samples), { maxLength: 14 }), (sequence) => {
        let snapshot = initialOf(enforcementCaseMachine);
        for (const event of sequence) {
          const allowed = allowedEvents(enforcementCaseMachine, snapshot);
          if (accepts(snapshot, event)) {
            expect(allowed).toContain(event.type);
            snapshot = evolve(enforcementCaseMachine, [event], snapshot);
          } else {
            expect(() => evolve(enforcementCaseMachine, [event], snapshot)).toThrow(HistoryConflictError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('stateString', () => {
  it('writes nested states as dotted paths', () => {
    expect(stateString(evolve(enforcementCaseMachine, toHeard))).toBe('investigation.heard');
    expect(stateString(evolve(enforcementCaseMachine, toHeard.slice(0, 2)))).toBe('stopOrdered');
  });

  it('joins parallel regions with a comma', () => {
    const parallel = createMachine({
      type: 'parallel',
      states: {
        a: { initial: 'x', states: { x: { initial: 'deep', states: { deep: {} } } } },
        b: { initial: 'y', states: { y: {} } },
      },
    });
    expect(stateString(initialOf(parallel))).toBe('a.x.deep,b.y');
  });
});
