import { describe, expect, it } from 'vitest';
import { activeDeadlines } from '../deadlines.ts';
import { allowedEvents } from '../evolve.ts';
import { RULE_SET, withOverrides } from '../rules.ts';
import { caseEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { enforcementCaseMachine } from './enforcement-case.ts';

const { given } = specFor(enforcementCaseMachine);

const toFiled = [e.opened(), e.stopOrderServed(), e.stopConfirmed(), e.filed()];
const toHeard = [...toFiled, e.noticeServed(), e.hearing()];
const toDecided = [...toHeard, e.decided()];
const notComplied = e.compliance({ complied: false });

describe('enforcement case machine', () => {
  it('runs the happy path from opening to closure', () => {
    const path = [
      [e.opened(), 'opened'],
      [e.stopOrderServed(), 'stopOrdered'],
      [e.stopConfirmed(), 'stopped'],
      [e.filed(), 'investigation.filed'],
      [e.noticeServed(), 'investigation.noticed'],
      [e.hearing({ requested: true, heldAt: '2026-04-20T09:00:00+08:00' }), 'investigation.heard'],
      [e.decided(), 'decided'],
      [e.compliance(), 'executed'],
      [e.restored(), 'restored'],
      [e.closed(), 'closed'],
    ] as const;
    path.forEach(([event, state], i) => {
      given(path.slice(0, i).map(([earlier]) => earlier))
        .when(event)
        .then(state);
    });
    const closed = given(path.map(([event]) => event)).snapshot;
    expect(closed.status).toBe('done');
    expect(closed.context).toMatchObject({
      stopOrder: { documentRef: '责停〔2026〕12号' },
      filing: { filingNo: '立〔2026〕34号' },
      hearing: { requested: true, heldAt: '2026-04-20T09:00:00+08:00' },
      decision: { decisionRef: '罚〔2026〕7号', fineYuan: 65_000 },
      restoredAt: '2026-10-01T10:00:00+08:00',
      closure: { summary: 'demolished and re-cultivated' },
    });
  });

  it('goes to court when the decision is not complied with, and executes when the court grants', () => {
    given(toDecided).when(notComplied).then('nonCompliant');
    given([...toDecided, notComplied])
      .when(e.courtApplied())
      .then('courtApplied');
    given([...toDecided, notComplied, e.courtApplied()])
      .when(e.courtRuled())
      .then('executed', (s) => {
        expect(s.context.courtRulings).toEqual([{ granted: true, rulingRef: '(2026)晋1181行审12号' }]);
      });
  });

  it('may apply to the court again after a refusal, and a late compliance still executes', () => {
    const refused = [...toDecided, notComplied, e.courtApplied(), e.courtRuled({ granted: false })];
    given(refused.slice(0, -1)).when(refused.at(-1)!).then('courtRefused');
    given(refused).when(e.courtApplied()).then('courtApplied');
    given(refused).when(e.compliance()).then('executed');
    given([...toDecided, notComplied])
      .when(e.compliance())
      .then('executed');
  });

  it('records an obstructed stop, which may still be filed or found stopped later', () => {
    const refusal = e.stopConfirmed({ stopped: false });
    given([e.opened(), e.stopOrderServed()])
      .when(refusal)
      .then('obstructed', (s) => expect(s.context.stopRefusals).toEqual(['2026-03-11T09:00:00+08:00']));
    const obstructed = [e.opened(), e.stopOrderServed(), refusal];
    given(obstructed)
      .when(e.stopConfirmed({ stopped: false, observedAt: '2026-03-12T09:00:00+08:00' }))
      .then('obstructed', (s) => expect(s.context.stopRefusals).toHaveLength(2));
    given(obstructed)
      .when(e.filed())
      .then('investigation.filed', (s) => expect(s.context.stopRefusals).toHaveLength(1));
    given(obstructed).when(e.stopConfirmed()).then('stopped');
  });

  it('files straight away only when nothing was going on', () => {
    given([e.opened({ ongoing: false })])
      .when(e.filed())
      .then('investigation.filed');
    given([e.opened({ ongoing: false }), e.stopOrderServed()])
      .when(e.filed())
      .then('investigation.filed');
    given([e.opened()]).when(e.filed()).rejected();
    given([e.opened(), e.stopOrderServed()]).when(e.filed()).rejected();
  });

  it('refuses a stop order before the case is opened', () => {
    given([]).when(e.stopOrderServed()).rejected();
  });

  it('refuses a decision before filing, notice and hearing', () => {
    given([e.opened()]).when(e.decided()).rejected();
    given(toFiled).when(e.decided()).rejected();
    given([...toFiled, e.noticeServed()])
      .when(e.decided())
      .rejected();
  });

  it('refuses a fine alone on protected land, and allows it elsewhere', () => {
    given(toHeard)
      .when(e.decided({ measures: ['fine'] }))
      .rejected();
    given(toHeard)
      .when(e.decided({ measures: ['fine'], landClass: 'farmland' }))
      .rejected();
    given(toHeard)
      .when(e.decided({ measures: ['fine'], landClass: 'construction' }))
      .then('decided');
  });

  it('keeps a joint acceptance that comes before compliance, and goes on to restored once complied', () => {
    given([...toDecided, e.restored()])
      .when(e.closed())
      .rejected();
    given([...toDecided, e.restored()])
      .when(e.compliance())
      .then('restored');
    given([...toDecided, e.restored(), e.compliance()])
      .when(e.closed())
      .then('closed');
  });

  it('refuses closing before restoration, and anything after closure', () => {
    given([...toDecided, e.compliance()])
      .when(e.closed())
      .rejected();
    given(toDecided).when(e.closed()).rejected();
    given([...toDecided, e.compliance(), e.restored(), e.closed()])
      .when(e.closed())
      .rejected();
  });

  it('records a missed deadline in any investigation substate, once', () => {
    given(toHeard)
      .when(e.deadlineMissed())
      .then('investigation.heard', (s) => expect(s.context.missedDeadlines).toHaveLength(1));
    given([...toHeard, e.deadlineMissed()])
      .when(e.deadlineMissed())
      .rejected();
    given([...toDecided, e.compliance()])
      .when(e.deadlineMissed())
      .rejected();
  });

  describe('escalation after a missed deadline', () => {
    const missedDecision = e.deadlineMissed();
    const rung = (name: 'reminder' | 'supervision' | 'listed_supervision' | 'summons') =>
      e.escalated({ rung: name, rule: `escalation.${name.replace('_', '-')}` });

    it('climbs reminder, supervision, listed supervision, summons, staying where it is', () => {
      const ladder = [rung('reminder'), rung('supervision'), rung('listed_supervision'), rung('summons')];
      ladder.forEach((event, i) => {
        given([...toHeard, missedDecision, ...ladder.slice(0, i)])
          .when(event)
          .then('investigation.heard');
      });
      const top = given([...toHeard, missedDecision, ...ladder]).snapshot;
      expect(top.context.escalations.map((x) => [x.deadlineId, x.rung])).toEqual([
        ['case-decide', 'reminder'],
        ['case-decide', 'supervision'],
        ['case-decide', 'listed_supervision'],
        ['case-decide', 'summons'],
      ]);
      expect(top.context.escalations[0]).toEqual({
        deadlineId: 'case-decide',
        rung: 'reminder',
        raisedAt: '2026-07-01T00:00:00+08:00',
        divisionCode: '141181',
        escalatedToDivisionCode: '141100',
        rule: 'escalation.reminder',
        source: 'seed 000 §(四)',
      });
      // Nothing above the summons.
      given([...toHeard, missedDecision, ...ladder])
        .when(rung('summons'))
        .rejected();
    });

    it('takes no rung before the DeadlineMissed, none twice and none out of order', () => {
      given(toHeard).when(rung('reminder')).rejected();
      given([...toHeard, missedDecision])
        .when(rung('supervision'))
        .rejected();
      given([...toHeard, missedDecision, rung('reminder')])
        .when(rung('reminder'))
        .rejected();
      given([...toHeard, missedDecision, rung('reminder')])
        .when(rung('listed_supervision'))
        .rejected();
      given([...toHeard, missedDecision])
        .when(rung('reminder'))
        .then('investigation.heard');
      // Another deadline's ladder is its own: a reminder for an unmissed deadline is refused.
      given([...toHeard, missedDecision])
        .when(e.escalated({ deadlineId: 'case-hearing' }))
        .rejected();
    });

    it('stops once the case leaves the state that carries the missed deadline', () => {
      const missedAndReminded = [...toHeard, missedDecision, rung('reminder')];
      given([...missedAndReminded, e.decided()])
        .when(rung('supervision'))
        .rejected();
      // The filing ladder ends with the filing.
      const missedFiling = e.deadlineMissed({
        deadlineId: 'case-file',
        state: 'opened',
        rule: 'deadline.case.file',
      });
      given([e.opened(), missedFiling])
        .when(e.escalated({ deadlineId: 'case-file' }))
        .then('opened');
      given([e.opened(), missedFiling, e.stopOrderServed()])
        .when(e.escalated({ deadlineId: 'case-file' }))
        .then('stopOrdered');
      given([e.opened(), missedFiling, e.stopOrderServed(), e.stopConfirmed(), e.filed()])
        .when(e.escalated({ deadlineId: 'case-file' }))
        .rejected();
      // A final state takes nothing.
      given([...toDecided, e.compliance(), e.restored(), e.closed()])
        .when(rung('reminder'))
        .rejected();
    });

    it('escalates a nested deadline in its substate, and the parent deadline there too', () => {
      const noticed = [...toFiled, e.noticeServed()];
      const missedHearing = e.deadlineMissed({
        deadlineId: 'case-hearing',
        state: 'investigation.noticed',
        rule: 'deadline.case.hearing-request',
      });
      given([...noticed, missedHearing])
        .when(e.escalated({ deadlineId: 'case-hearing' }))
        .then('investigation.noticed');
      given([...noticed, missedDecision])
        .when(rung('reminder'))
        .then('investigation.noticed', (s) => expect(s.context.escalations).toHaveLength(1));
      // Once heard, the hearing-request deadline no longer runs; the decision's still does.
      given([...noticed, missedHearing, missedDecision, e.hearing()])
        .when(e.escalated({ deadlineId: 'case-hearing' }))
        .rejected();
      given([...noticed, missedHearing, missedDecision, e.hearing()])
        .when(rung('reminder'))
        .then('investigation.heard');
    });
  });

  it('lists the events each state has a transition for', () => {
    const allowed = (history: Parameters<typeof given>[0]) =>
      allowedEvents(enforcementCaseMachine, given(history).snapshot);
    expect(allowed([])).toEqual(['CaseOpened']);
    // CaseFiled is listed although its guard refuses it for an ongoing violation.
    expect(allowed([e.opened()])).toEqual([
      'StopOrderServed',
      'CaseFiled',
      'DeadlineMissed',
      'EscalationRaised',
    ]);
    expect(allowed(toHeard)).toEqual(['DeadlineMissed', 'EscalationRaised', 'PenaltyDecided']);
    expect(allowed([...toDecided, notComplied])).toEqual([
      'ComplianceRecorded',
      'RestorationConfirmed',
      'CourtApplicationFiled',
    ]);
    expect(allowed([...toDecided, e.compliance(), e.restored(), e.closed()])).toEqual([]);
  });

  it('carries the statutory deadlines in the state meta, nested ones included', () => {
    expect(activeDeadlines(given([e.opened()]).snapshot)).toEqual([
      expect.objectContaining({
        rule: 'deadline.case.file',
        duration: 10,
        unit: 'working_days',
        startsOn: 'CaseOpened',
        from: 'discoveredAt',
        state: 'opened',
      }),
    ]);
    const noticed = given([...toFiled, e.noticeServed()]).snapshot;
    expect(activeDeadlines(noticed).map((d) => [d.state, d.rule, d.duration, d.unit])).toEqual([
      ['investigation', 'deadline.case.decide', 90, 'calendar_days'],
      ['investigation.noticed', 'deadline.case.hearing-request', 5, 'working_days'],
    ]);
    const province = withOverrides(RULE_SET, {
      version: 'sx-2026.1',
      rules: { 'deadline.case.decide': { value: 60, source: 'provincial rule' } },
    });
    expect(activeDeadlines(noticed, province)[0]).toMatchObject({ duration: 60, source: 'provincial rule' });
    expect(activeDeadlines(given([...toDecided, e.compliance()]).snapshot)).toEqual([]);
  });
});
