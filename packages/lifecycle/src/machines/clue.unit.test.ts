import { describe, expect, it } from 'vitest';
import { activeDeadlines } from '../deadlines.ts';
import { allowedEvents } from '../evolve.ts';
import { clueEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { clueMachine } from './clue.ts';

const { given } = specFor(clueMachine);
const toCity = e.dispatched();
const toCounty = e.dispatched({ fromDivisionCode: '141100', toDivisionCode: '141181' });

describe('clue machine', () => {
  it('is reported, dispatched down the hierarchy and verified illegal', () => {
    given([])
      .when(e.reported())
      .then('reported', (s) => {
        expect(s.context).toMatchObject({
          caseId: e.reported().data.caseId,
          divisionCode: '140000',
          areaMu: 6.2,
        });
      });
    given([e.reported()]).when(toCity).then('dispatched');
    given([e.reported(), toCity])
      .when(toCounty)
      .then('dispatched', (s) => {
        expect(s.context.divisionCode).toBe('141181');
        expect(s.context.reportedDivisionCode).toBe('140000');
        expect(s.context.dispatches.map((d) => d.toDivisionCode)).toEqual(['141100', '141181']);
      });
    given([e.reported(), toCity, toCounty])
      .when(e.verified())
      .then('verified.illegal', (s) => {
        expect(s.context).toMatchObject({
          verdict: 'illegal',
          party: { name: '张三', kind: 'person' },
          ongoing: true,
          areaMu: 6.5,
          landClass: 'pbf',
          divisionCode: '141181',
        });
      });
  });

  it('takes each verdict to its final substate', () => {
    given([e.reported()])
      .when(e.verified({ verdict: 'legal', party: undefined, approvalRef: '晋政地〔2025〕9号' }))
      .then('verified.legal', (s) => expect(s.context.approvalRef).toBe('晋政地〔2025〕9号'));
    given([e.reported()])
      .when(e.verified({ verdict: 'no_change', party: undefined }))
      .then('verified.no_change');
    given([e.reported()])
      .when(e.verified({ verdict: 'historical', party: undefined }))
      .then('verified.historical');
  });

  it('refuses an illegal verdict without a party and a legal one without an approval number', () => {
    given([e.reported()])
      .when(e.verified({ party: undefined }))
      .rejected();
    given([e.reported()])
      .when(e.verified({ verdict: 'legal', approvalRef: undefined }))
      .rejected();
  });

  it('refuses a second verification', () => {
    given([e.reported(), e.verified()])
      .when(e.verified({ verdict: 'no_change' }))
      .rejected();
  });

  it('refuses anything before the report and a second report', () => {
    given([]).when(toCity).rejected();
    given([]).when(e.verified()).rejected();
    given([e.reported()]).when(e.reported()).rejected();
  });

  it('refuses a dispatch that does not leave from where the clue is', () => {
    given([e.reported()]).when(toCounty).rejected();
    given([e.reported()])
      .when(e.dispatched({ toDivisionCode: '140000' }))
      .rejected();
    given([e.reported(), toCity]).when(toCity).rejected();
  });

  it('records a missed verification deadline once, and none after verification', () => {
    given([e.reported()])
      .when(e.deadlineMissed())
      .then('reported', (s) =>
        expect(s.context.missedDeadlines.map((m) => m.deadlineId)).toEqual(['clue-verify']),
      );
    given([e.reported(), toCity]).when(e.deadlineMissed()).then('dispatched');
    given([e.reported(), e.deadlineMissed()]).when(e.deadlineMissed()).rejected();
    given([e.reported(), e.verified()]).when(e.deadlineMissed()).rejected();
  });

  it('escalates a missed verification rung by rung while unverified, dispatched or not', () => {
    const missed = [e.reported(), e.deadlineMissed()];
    given([e.reported()]).when(e.escalated()).rejected();
    given(missed)
      .when(e.escalated({ rung: 'supervision' }))
      .rejected();
    given(missed).when(e.escalated()).then('reported');
    given([...missed, e.escalated(), toCity])
      .when(e.escalated({ rung: 'supervision' }))
      .then('dispatched', (s) =>
        expect(s.context.escalations.map((x) => x.rung)).toEqual(['reminder', 'supervision']),
      );
    // The verdict ends the ladder.
    given([...missed, e.escalated(), e.verified()])
      .when(e.escalated({ rung: 'supervision' }))
      .rejected();
  });

  it('lists what may happen next, regardless of the payload guards', () => {
    expect(allowedEvents(clueMachine, given([]).snapshot)).toEqual(['ClueReported']);
    expect(allowedEvents(clueMachine, given([e.reported()]).snapshot)).toEqual([
      'ClueDispatched',
      'ClueVerified',
      'DeadlineMissed',
      'EscalationRaised',
    ]);
    expect(allowedEvents(clueMachine, given([e.reported(), e.verified()]).snapshot)).toEqual([]);
  });

  it('carries the verification deadline while unverified', () => {
    const [running] = activeDeadlines(given([e.reported(), toCity]).snapshot);
    expect(running).toMatchObject({
      rule: 'deadline.clue.verify',
      state: 'dispatched',
      startsOn: 'ClueReported',
    });
    expect(activeDeadlines(given([e.reported(), e.verified()]).snapshot)).toEqual([]);
  });

  // Seed 000 §(四): province → city within 5 days, city → county within 5 days of receipt.
  it('carries a dispatch deadline a hop while a province or a city holds the clue, none below', () => {
    const dispatchOf = (events: Parameters<typeof given>[0]) =>
      activeDeadlines(given(events).snapshot)
        .filter((d) => d.rule === 'deadline.clue.dispatch')
        .map(({ state, startsOn, from, duration, unit }) => ({ state, startsOn, from, duration, unit }));
    expect(dispatchOf([e.reported()])).toEqual([
      { state: 'reported', startsOn: 'ClueReported', from: undefined, duration: 5, unit: 'calendar_days' },
    ]);
    expect(dispatchOf([e.reported(), toCity])).toEqual([
      {
        state: 'dispatched',
        startsOn: 'ClueDispatched',
        from: 'dispatchedAt',
        duration: 5,
        unit: 'calendar_days',
      },
    ]);
    expect(dispatchOf([e.reported(), toCity, toCounty])).toEqual([]);
    expect(dispatchOf([e.reported({ divisionCode: '141100' })])).toHaveLength(1);
    expect(dispatchOf([e.reported({ divisionCode: '141181' })])).toEqual([]);
    expect(dispatchOf([e.reported({ divisionCode: '141181001' })])).toEqual([]);
    expect(dispatchOf([e.reported(), e.verified()])).toEqual([]);
    expect(given([e.reported(), toCity, toCounty]).snapshot.context.holderLevel).toBe('county');
  });

  it('escalates a missed dispatch deadline only while the province or city still holds the clue', () => {
    const missedHop = e.deadlineMissed({
      deadlineId: 'deadline.clue.dispatch@0',
      rule: 'deadline.clue.dispatch',
      state: 'reported',
    });
    const rung = e.escalated({ deadlineId: 'deadline.clue.dispatch@0', rule: 'escalation.reminder' });
    given([e.reported(), missedHop])
      .when(rung)
      .then('reported', (s) => expect(s.context.escalations).toHaveLength(1));
    // At the county the rule no longer runs: no rung for it.
    given([e.reported({ divisionCode: '141181' }), missedHop])
      .when(rung)
      .rejected();
    given([e.reported(), missedHop, toCity, toCounty]).when(rung).rejected();
  });
  describe('historical clues, handled in batches (seed 004 §(六)2)', () => {
    const historical = e.verified({
      verdict: 'historical',
      party: undefined,
      ongoing: false,
      occupiedSince: '1995-06-01',
    });
    const ledgered = [e.reported(), historical];

    it('records when the occupation began and waits in the ledger for a batch', () => {
      given([e.reported()])
        .when(historical)
        .then('verified.historical', (s) => {
          expect(s.status).toBe('active');
          expect(s.context.occupiedSince).toBe('1995-06-01');
          expect(allowedEvents(clueMachine, s)).toEqual(['HistoricalBatched']);
        });
    });

    it('is batched once, then settled by its own batch only', () => {
      given(ledgered)
        .when(e.historicalBatched())
        .then('verified.batched', (s) =>
          expect(s.context.batch).toEqual({
            batchId: 'HB-141181-0001',
            disposition: 'regularise',
            dueBy: '2026-12-31T23:59:59+08:00',
          }),
        );
      given([...ledgered, e.historicalBatched()])
        .when(e.historicalBatched({ batchId: 'HB-141181-0002' }))
        .rejected();
      given([...ledgered, e.historicalBatched()])
        .when(e.historicalSettled({ batchId: 'HB-141181-0002' }))
        .rejected();
      given([...ledgered, e.historicalBatched()])
        .when(e.historicalSettled())
        .then('verified.settled', (s) => {
          expect(allowedEvents(clueMachine, s)).toEqual([]);
          expect(s.context.settledAt).toBe('2026-09-01T10:00:00+08:00');
        });
    });

    it('takes no batch before a historical verdict, and no settlement before a batch', () => {
      given([e.reported()]).when(e.historicalBatched()).rejected();
      given([e.reported(), e.verified()]).when(e.historicalBatched()).rejected();
      given(ledgered).when(e.historicalSettled()).rejected();
    });
  });
});
