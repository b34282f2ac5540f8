import { describe, expect, it } from 'vitest';
import { activeDeadlines } from '../deadlines.ts';
import { allowedEvents } from '../evolve.ts';
import { remediationEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { remediationMachine } from './remediation.ts';

const { given } = specFor(remediationMachine);

const recultivated = e.progress({ step: 'recultivated', observedAt: '2026-08-01T10:00:00+08:00' });
const toRecultivated = [e.opened(), e.progress(), recultivated];
const nrbPassed = e.acceptance();
const agriPassed = e.acceptance({ agency: 'agri' });

describe('remediation machine', () => {
  it('is demolished, re-cultivated and accepted by both agencies', () => {
    given([]).when(e.opened()).then('opened');
    given([e.opened()]).when(e.progress()).then('demolished');
    given([e.opened(), e.progress()]).when(recultivated).then('recultivated');
    given(toRecultivated)
      .when(nrbPassed)
      .then('recultivated', (s) => expect(s.context.passedBy).toEqual(['nrb']));
    given([...toRecultivated, nrbPassed])
      .when(agriPassed)
      .then('recultivated');
    given([...toRecultivated, nrbPassed, agriPassed])
      .when(e.accepted())
      .then('accepted', (s) => {
        expect(s.status).toBe('done');
        expect(s.context.acceptedAt).toBe('2026-09-30T10:00:00+08:00');
      });
  });

  it('is accepted only when both nrb and agri passed', () => {
    given(toRecultivated).when(e.accepted()).rejected();
    given([...toRecultivated, agriPassed])
      .when(e.accepted())
      .rejected();
  });

  it('refuses an acceptance by a third agency and a second one by the same agency', () => {
    given(toRecultivated)
      .when(e.acceptance({ agency: 'gov' }))
      .rejected();
    given([...toRecultivated, nrbPassed])
      .when(nrbPassed)
      .rejected();
  });

  it('refuses acceptance before re-cultivation', () => {
    given([e.opened(), e.progress()]).when(nrbPassed).rejected();
  });

  it('sends failed land to rework, after which both agencies accept afresh', () => {
    const failed = e.acceptance({ agency: 'agri', passed: false, note: 'topsoil too thin' });
    given([...toRecultivated, nrbPassed])
      .when(failed)
      .then('rework', (s) => expect(s.context.passedBy).toEqual([]));
    const reworked = [...toRecultivated, nrbPassed, failed, recultivated];
    given(reworked.slice(0, -1)).when(recultivated).then('recultivated');
    given([...reworked, agriPassed])
      .when(e.accepted())
      .rejected();
    given([...reworked, agriPassed, nrbPassed])
      .when(e.accepted())
      .then('accepted', (s) => {
        expect(s.context.acceptances.map((a) => `${a.agency}:${a.passed}`)).toEqual([
          'nrb:true',
          'agri:false',
          'agri:true',
          'nrb:true',
        ]);
      });
  });

  it('re-cultivates straight away only when no demolition was ordered', () => {
    given([e.opened({ measures: ['restore'] })])
      .when(recultivated)
      .then('recultivated');
    given([e.opened()]).when(recultivated).rejected();
  });

  it('lists what may happen next', () => {
    expect(allowedEvents(remediationMachine, given(toRecultivated).snapshot)).toEqual([
      'QuotaDeducted',
      'PbfRedesignationRequired',
      'DeadlineMissed',
      'EscalationRaised',
      'AcceptanceRecorded',
      'RemediationAccepted',
    ]);
  });

  it('records a missed deadline once, and none after acceptance', () => {
    given([e.opened()])
      .when(e.deadlineMissed())
      .then('opened', (s) => expect(s.context.missedDeadlines).toHaveLength(1));
    given([e.opened(), e.deadlineMissed()]).when(e.deadlineMissed()).rejected();
    given([...toRecultivated, nrbPassed, agriPassed, e.accepted()])
      .when(e.deadlineMissed())
      .rejected();
  });

  it('escalates a missed due date through the work, in order, and not once accepted', () => {
    const missed = [e.opened(), e.deadlineMissed()];
    given([e.opened()]).when(e.escalated()).rejected();
    given(missed).when(e.escalated()).then('opened');
    // The due date runs through demolition and re-cultivation: so does its ladder.
    given([...missed, e.escalated(), e.progress()])
      .when(e.escalated({ rung: 'supervision' }))
      .then('demolished', (s) =>
        expect(s.context.escalations.map((x) => x.rung)).toEqual(['reminder', 'supervision']),
      );
    given([...missed, e.progress()])
      .when(e.escalated({ rung: 'supervision' }))
      .rejected();
    const [, ...afterOpening] = toRecultivated;
    given([...missed, e.escalated(), ...afterOpening, nrbPassed, agriPassed, e.accepted()])
      .when(e.escalated({ rung: 'supervision' }))
      .rejected();
  });

  describe('not restored within the year', () => {
    const farmland = e.opened({ landClass: 'farmland' });
    const deducted = e.quotaDeducted();
    const required = e.pbfRedesignationRequired();

    it('deducts the quota once, wherever restoration stands, and restoration goes on', () => {
      given([farmland])
        .when(e.quotaDeducted({ landClass: 'farmland' }))
        .then('opened', (s) =>
          expect(s.context.quotaDeduction).toEqual({
            year: 2026,
            areaMu: 6.5,
            landClass: 'farmland',
            deductedAt: '2027-01-05T10:00:00+08:00',
          }),
        );
      given(toRecultivated).when(deducted).then('recultivated');
      given([e.opened(), e.progress()]).when(deducted).then('demolished');
      given([e.opened(), deducted]).when(deducted).rejected();
      given([farmland, e.quotaDeducted({ landClass: 'farmland' })])
        .when(e.progress())
        .then('demolished');
      given([...toRecultivated, nrbPassed, agriPassed, e.accepted()])
        .when(deducted)
        .rejected();
    });

    it('requires PBF re-designation by a deadline, then returns to where restoration stood', () => {
      given([e.opened(), e.progress(), deducted])
        .when(required)
        .then('pbfRedesignation', (s) => {
          expect(s.context.pbfRedesignation).toEqual({
            dueBy: '2027-04-05T10:00:00+08:00',
            parcelRef: null,
            redesignatedAt: null,
          });
          expect(activeDeadlines(s)).toMatchObject([
            {
              rule: 'deadline.remediation.pbf-redesignation',
              startsOn: 'PbfRedesignationRequired',
              from: 'dueBy',
              duration: 0,
              source: 'seed 003 §三',
              state: 'pbfRedesignation',
            },
          ]);
        });
      given([e.opened(), e.progress(), deducted, required])
        .when(e.pbfRedesignated())
        .then('demolished', (s) =>
          expect(s.context.pbfRedesignation).toEqual({
            dueBy: '2027-04-05T10:00:00+08:00',
            parcelRef: 'PBF-141181-2027-001',
            redesignatedAt: '2027-03-01T10:00:00+08:00',
          }),
        );
      given([...toRecultivated, deducted, required])
        .when(e.pbfRedesignated())
        .then('recultivated');
    });

    it('requires re-designation only of PBF, only after the deduction, and only once', () => {
      given([e.opened()]).when(required).rejected();
      given([farmland, e.quotaDeducted({ landClass: 'farmland' })])
        .when(required)
        .rejected();
      given([e.opened(), deducted, required, e.pbfRedesignated()]).when(required).rejected();
      given([e.opened(), deducted]).when(e.pbfRedesignated()).rejected();
    });

    it('records the missed re-designation deadline and escalates it', () => {
      const missed = e.deadlineMissed({
        deadlineId: 'pbf-redesignation',
        state: 'pbfRedesignation',
        dueAt: '2027-04-05T10:00:00+08:00',
        rule: 'deadline.remediation.pbf-redesignation',
        source: 'seed 003 §三',
      });
      given([e.opened(), deducted, required])
        .when(missed)
        .then('pbfRedesignation', (s) => expect(s.context.missedDeadlines).toHaveLength(1));
      given([e.opened(), deducted, required, missed])
        .when(e.escalated({ deadlineId: 'pbf-redesignation' }))
        .then('pbfRedesignation', (s) => expect(s.context.escalations).toHaveLength(1));
    });
  });
  describe('the end of the year the remediation opened in', () => {
    const yearEndMissed = e.deadlineMissed({
      deadlineId: 'deadline.remediation.year-end@0',
      state: 'demolished',
      dueAt: '2026-12-31T23:59:59.999+08:00',
      rule: 'deadline.remediation.year-end',
      source: 'seed 003 §三',
    });

    it('runs beside the due date in every state still restoring, and stops at acceptance', () => {
      given([])
        .when(e.opened())
        .then('opened', (s) =>
          expect(activeDeadlines(s).map((d) => [d.rule, d.unit, d.duration, d.startsOn, d.from])).toEqual([
            ['deadline.remediation.due', 'calendar_days', 0, 'RemediationOpened', 'dueBy'],
            ['deadline.remediation.year-end', 'year_end', 1, 'RemediationOpened', undefined],
          ]),
        );
      for (const [events, state] of [
        [[e.opened(), e.progress()], 'demolished'],
        [toRecultivated, 'recultivated'],
        [[...toRecultivated, e.acceptance({ passed: false, note: 'stones' })], 'rework'],
      ] as const) {
        given(events.slice(0, -1))
          .when(events.at(-1)!)
          .then(state, (s) =>
            expect(activeDeadlines(s).map((d) => d.rule)).toContain('deadline.remediation.year-end'),
          );
      }
      given([...toRecultivated, nrbPassed, agriPassed])
        .when(e.accepted())
        .then('accepted', (s) => expect(activeDeadlines(s)).toEqual([]));
    });

    it('is not carried while PBF re-designation is pending (the quota is already deducted)', () => {
      given([e.opened(), e.quotaDeducted()])
        .when(e.pbfRedesignationRequired())
        .then('pbfRedesignation', (s) =>
          expect(activeDeadlines(s).map((d) => d.rule)).toEqual(['deadline.remediation.pbf-redesignation']),
        );
    });

    it('records its miss once, beside a miss of the due date, then takes the deduction', () => {
      given([e.opened(), e.progress(), e.deadlineMissed()])
        .when(yearEndMissed)
        .then('demolished', (s) =>
          expect(s.context.missedDeadlines.map((m) => m.rule)).toEqual([
            'deadline.remediation.due',
            'deadline.remediation.year-end',
          ]),
        );
      given([e.opened(), e.progress(), yearEndMissed]).when(yearEndMissed).rejected();
      given([e.opened(), e.progress(), yearEndMissed])
        .when(e.quotaDeducted())
        .then('demolished', (s) => expect(s.context.quotaDeduction?.year).toBe(2026));
    });

    it('climbs its own escalation ladder, in order', () => {
      const ladder = (rung: 'reminder' | 'supervision') =>
        e.escalated({ deadlineId: 'deadline.remediation.year-end@0', rung });
      given([e.opened(), e.progress()]).when(ladder('reminder')).rejected();
      given([e.opened(), e.progress(), yearEndMissed])
        .when(ladder('reminder'))
        .then('demolished', (s) =>
          expect(s.context.escalations.map((x) => x.deadlineId)).toEqual(['deadline.remediation.year-end@0']),
        );
      given([e.opened(), e.progress(), yearEndMissed]).when(ladder('supervision')).rejected();
    });
  });
});
