import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../evolve.ts';
import { partyMatchEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { partyMatchIdOf, partyMatchMachine } from './party-match.ts';

const { given } = specFor(partyMatchMachine);
const [earlier, later] = e.suspected().data.cases;

describe('party match machine', () => {
  it('is suspected, then confirmed with who confirmed it and on what basis', () => {
    given([]).when(e.suspected()).then('suspected');
    const confirmed = given([e.suspected()])
      .when(e.confirmed())
      .then('confirmed', (s) =>
        expect(s.context).toMatchObject({
          matchId: e.suspected().data.matchId,
          caseId: later!.caseId,
          confirmation: { confirmedBy: 'nrb:officer-1', basis: expect.any(String) },
          rejection: null,
        }),
      );
    expect(confirmed.status).toBe('done');
  });

  it('is suspected, then rejected for good: neither a confirmation nor a second rejection follows', () => {
    given([e.suspected()]).when(e.rejected()).then('rejected');
    given([e.suspected(), e.rejected()]).when(e.confirmed()).rejected();
    given([e.suspected(), e.rejected()]).when(e.rejected()).rejected();
    given([e.suspected(), e.confirmed()]).when(e.rejected()).rejected();
    expect(allowedEvents(partyMatchMachine, given([e.suspected(), e.rejected()]).snapshot)).toEqual([]);
  });

  it('waits in suspected for the bureau to confirm or reject', () => {
    expect(allowedEvents(partyMatchMachine, given([e.suspected()]).snapshot)).toEqual([
      'PartyMatchConfirmed',
      'PartyMatchRejected',
    ]);
  });

  it('never matches a case with itself', () => {
    given([])
      .when(
        e.suspected({
          caseId: later!.caseId,
          matchId: partyMatchIdOf(later!.caseId, later!.caseId),
          cases: [later!, later!],
        }),
      )
      .rejected();
  });

  it("is raised only under the pair's own id, on one of its two cases", () => {
    given([])
      .when(e.suspected({ matchId: `${later!.caseId}~${earlier!.caseId}` }))
      .rejected();
    given([])
      .when(e.suspected({ caseId: 'LC-other' }))
      .rejected();
    given([])
      .when(e.suspected({ cases: [earlier!] }))
      .rejected();
    expect(partyMatchIdOf('B', 'A')).toBe('A~B');
    expect(partyMatchIdOf('A', 'B')).toBe('A~B');
  });

  it('takes a confirmation or rejection only of the same match', () => {
    given([e.suspected()])
      .when(e.confirmed({ matchId: 'X~Y' }))
      .rejected();
    given([e.suspected()])
      .when(e.rejected({ matchId: 'X~Y' }))
      .rejected();
  });
});
