import { assertEvent, assign, setup } from 'xstate';
import type { MatchedCase, Party, PartyMatchEventData, PartyMatchMachineEvent } from '../events.ts';

/**
 * A possible same party (疑似同一当事人) between two cases: their parties carry the same kind and
 * name in one county within the accumulation window, and no identifiers settle whether they are one
 * party. Nothing adds up on a name alone; a bureau officer confirms or rejects the match.
 *
 * States (stateString):
 *   none → suspected → confirmed (final)   the occupations of both cases add up
 *   none → suspected → rejected (final)    two parties; the pair is never asked about again
 *
 * Events: PartyMatchSuspected, PartyMatchConfirmed, PartyMatchRejected.
 *
 * One aggregate per pair of cases: its id is the pair's (partyMatchIdOf), so the same two cases can
 * never be suspected twice, and a case is never matched with itself. Every event after the first
 * must name the same matchId.
 */
export interface PartyMatchContext {
  matchId: string | null;
  /** The later of the two cases, whose filing raised the match. */
  caseId: string | null;
  cases: MatchedCase[];
  kind: Party['kind'] | null;
  name: string | null;
  countyCode: string | null;
  raisedAt: string | null;
  confirmation: { basis: string; confirmedBy: string; confirmedAt: string } | null;
  rejection: { reason: string; rejectedBy: string; rejectedAt: string } | null;
}

/** The id of the match between two cases, whichever comes first: `<a>~<b>`, a and b in code-point order. */
export function partyMatchIdOf(caseA: string, caseB: string): string {
  const [first, second] = caseA < caseB ? [caseA, caseB] : [caseB, caseA];
  return `${first}~${second}`;
}

type Suspected = PartyMatchEventData['PartyMatchSuspected'];

/** Two different cases, the event's case one of them, under the pair's own id. */
function isOwnPair(data: Suspected): boolean {
  const [a, b] = data.cases;
  return (
    data.cases.length === 2 &&
    a !== undefined &&
    b !== undefined &&
    a.caseId !== b.caseId &&
    (data.caseId === a.caseId || data.caseId === b.caseId) &&
    data.matchId === partyMatchIdOf(a.caseId, b.caseId)
  );
}

export const partyMatchMachine = setup({
  types: {
    context: {} as PartyMatchContext,
    events: {} as PartyMatchMachineEvent,
  },
  guards: {
    ownPair: ({ event }) => event.type === 'PartyMatchSuspected' && isOwnPair(event.data),
    isThisMatch: ({ context, event }) => event.data.matchId === context.matchId,
  },
  actions: {
    recordSuspicion: assign(({ event }) => {
      assertEvent(event, 'PartyMatchSuspected');
      const d = event.data;
      return {
        matchId: d.matchId,
        caseId: d.caseId,
        cases: d.cases,
        kind: d.kind,
        name: d.name,
        countyCode: d.countyCode,
        raisedAt: d.raisedAt,
      };
    }),
    recordConfirmation: assign(({ event }) => {
      assertEvent(event, 'PartyMatchConfirmed');
      const { basis, confirmedBy, confirmedAt } = event.data;
      return { confirmation: { basis, confirmedBy, confirmedAt } };
    }),
    recordRejection: assign(({ event }) => {
      assertEvent(event, 'PartyMatchRejected');
      const { reason, rejectedBy, rejectedAt } = event.data;
      return { rejection: { reason, rejectedBy, rejectedAt } };
    }),
  },
}).createMachine({
  id: 'partyMatch',
  initial: 'none',
  context: {
    matchId: null,
    caseId: null,
    cases: [],
    kind: null,
    name: null,
    countyCode: null,
    raisedAt: null,
    confirmation: null,
    rejection: null,
  },
  states: {
    none: {
      on: { PartyMatchSuspected: { target: 'suspected', guard: 'ownPair', actions: 'recordSuspicion' } },
    },
    suspected: {
      on: {
        PartyMatchConfirmed: { target: 'confirmed', guard: 'isThisMatch', actions: 'recordConfirmation' },
        PartyMatchRejected: { target: 'rejected', guard: 'isThisMatch', actions: 'recordRejection' },
      },
    },
    confirmed: { type: 'final' },
    rejected: { type: 'final' },
  },
});

export type PartyMatchMachine = typeof partyMatchMachine;
