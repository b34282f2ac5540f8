import { describe, expect, it } from 'vitest';
import { activeDeadlines } from '../deadlines.ts';
import { allowedEvents } from '../evolve.ts';
import { RULE_SET, withOverrides } from '../rules.ts';
import { caseEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { enforcementCaseMachine, ordersRestoration, RESTORING_MEASURES } from './enforcement-case.ts';

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

  describe("the bureau's appeal against the court's refusal (Administrative Compulsion Law art. 58)", () => {
    const refused = [...toDecided, notComplied, e.courtApplied(), e.courtRuled({ granted: false })];
    const appealed = [...refused, e.courtAppealed()];
    const upheld = e.courtRuled({ granted: false, rulingRef: '(2026)晋11行审复3号' });

    it('takes a refusal to the court at the next level, which is then awaited', () => {
      given(refused)
        .when(e.courtAppealed())
        .then('courtAppeal', (s) => {
          expect(s.context.courtAppeals).toEqual([
            { appealedAt: '2026-08-25T10:00:00+08:00', courtRef: '(2026)晋11行审复3号' },
          ]);
          expect(activeDeadlines(s).map((d) => [d.rule, d.duration, d.unit, d.from])).toEqual([
            ['deadline.court.appeal-ruling', 30, 'calendar_days', 'appealedAt'],
          ]);
        });
    });

    it('executes when the higher court grants, and returns to the refusal when it does not', () => {
      given(appealed).when(e.courtRuled()).then('executed');
      given(appealed)
        .when(upheld)
        .then('courtRefused', (s) => expect(s.context.courtRulings).toHaveLength(2));
    });

    it('does not take the same refusal to appeal twice, but a new application may be refused and appealed', () => {
      given([...appealed, upheld])
        .when(e.courtAppealed())
        .rejected();
      given([...appealed, upheld])
        .when(e.courtApplied())
        .then('courtApplied');
      given([...appealed, upheld, e.courtApplied(), e.courtRuled({ granted: false })])
        .when(e.courtAppealed())
        .then('courtAppeal', (s) => expect(s.context.courtAppeals).toHaveLength(2));
    });

    it('still takes a late compliance once the appeal failed, and no appeal outside a refusal', () => {
      given([...appealed, upheld])
        .when(e.compliance())
        .then('executed');
      given([...toDecided, notComplied])
        .when(e.courtAppealed())
        .rejected();
      given([...toDecided, notComplied, e.courtApplied()])
        .when(e.courtAppealed())
        .rejected();
      given(appealed).when(e.courtAppealed()).rejected();
    });

    it("sets no deadline on the refusal itself: the 15 days to appeal are the bureau's option", () => {
      expect(activeDeadlines(given(refused).snapshot)).toEqual([]);
    });
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

  describe("the party's reconsideration and lawsuit (Administrative Compulsion Law art. 53)", () => {
    const sued = e.lawsuitFiled();
    const reconsidered = e.reconsiderationApplied();

    it('records them and their outcomes from the decision, the case staying where it is', () => {
      given(toDecided).when(reconsidered).then('decided');
      given([...toDecided, reconsidered])
        .when(e.reconsiderationDecided())
        .then('decided', (s) => {
          expect(s.context.remedies).toEqual([
            {
              kind: 'reconsideration',
              at: '2026-04-01T10:00:00+08:00',
              outcome: { decidedAt: '2026-05-30T10:00:00+08:00', upheld: true },
            },
          ]);
        });
      given([...toDecided, notComplied])
        .when(sued)
        .then('nonCompliant');
    });

    it('takes one at a time, each outcome answering its own kind, and none before the decision', () => {
      given(toHeard).when(sued).rejected();
      given([...toDecided, reconsidered])
        .when(sued)
        .rejected();
      given([...toDecided, reconsidered])
        .when(e.lawsuitDecided())
        .rejected();
      given(toDecided).when(e.reconsiderationDecided()).rejected();
      given([...toDecided, reconsidered, e.reconsiderationDecided()])
        .when(sued)
        .then('decided');
    });

    it('refuses the court application while one is pending or after one overturned the decision', () => {
      given([...toDecided, notComplied, sued])
        .when(e.courtApplied())
        .rejected();
      given([...toDecided, notComplied, sued, e.lawsuitDecided({ upheld: false })])
        .when(e.courtApplied())
        .rejected();
      given([...toDecided, notComplied, sued, e.lawsuitDecided()])
        .when(e.courtApplied())
        .then('courtApplied');
    });
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
    const rung = (name: 'reminder' | 'supervision' | 'listed_supervision' | 'summons' | 'public_notice') =>
      e.escalated({ rung: name, rule: `escalation.${name.replace('_', '-')}` });

    it('climbs reminder, supervision, listed supervision, summons, public notice, staying where it is', () => {
      const ladder = [
        rung('reminder'),
        rung('supervision'),
        rung('listed_supervision'),
        rung('summons'),
        rung('public_notice'),
      ];
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
        ['case-decide', 'public_notice'],
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
      // Nothing above the public notice.
      given([...toHeard, missedDecision, ...ladder])
        .when(rung('public_notice'))
        .rejected();
      given([...toHeard, missedDecision, ...ladder.slice(0, 3)])
        .when(rung('public_notice'))
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

  describe('facts recorded on the case: interference and illegal approvals', () => {
    const histories: [string, Parameters<typeof given>[0]][] = [
      ['opened', [e.opened()]],
      ['stopOrdered', [e.opened(), e.stopOrderServed()]],
      ['stopped', [e.opened(), e.stopOrderServed(), e.stopConfirmed()]],
      ['obstructed', [e.opened(), e.stopOrderServed(), e.stopConfirmed({ stopped: false })]],
      ['investigation.filed', toFiled],
      ['investigation.noticed', [...toFiled, e.noticeServed()]],
      ['investigation.heard', toHeard],
      ['decided', toDecided],
      ['nonCompliant', [...toDecided, notComplied]],
      ['courtApplied', [...toDecided, notComplied, e.courtApplied()]],
      ['courtRefused', [...toDecided, notComplied, e.courtApplied(), e.courtRuled({ granted: false })]],
      ['executed', [...toDecided, e.compliance()]],
      ['restored', [...toDecided, e.compliance(), e.restored()]],
    ];

    it.each(histories)('records an interference in %s and stays there', (state, history) => {
      given(history)
        .when(e.interference())
        .then(state, (s) =>
          expect(s.context.interferences).toEqual([
            expect.objectContaining({
              interferenceNo: 1,
              interferer: expect.objectContaining({ name: '李四' }),
            }),
          ]),
        );
    });

    it.each(histories)('records an illegal approval in %s and stays there', (state, history) => {
      given(history)
        .when(e.illegalApproval())
        .then(state, (s) =>
          expect(s.context.illegalApprovals).toEqual([
            expect.objectContaining({ approvalNo: 1, approvalRef: '某政地〔2025〕3号', areaMu: 6.5 }),
          ]),
        );
    });

    it('keeps every record, in order, and refuses them before opening and after closure', () => {
      given([e.opened(), e.interference()])
        .when(e.interference({ interferenceNo: 2, conduct: 'threatened the inspector' }))
        .then('opened', (s) => expect(s.context.interferences.map((i) => i.interferenceNo)).toEqual([1, 2]));
      given([]).when(e.interference()).rejected();
      given([]).when(e.illegalApproval()).rejected();
      const closed = [...toDecided, e.compliance(), e.restored(), e.closed()];
      given(closed).when(e.interference()).rejected();
      given(closed).when(e.illegalApproval()).rejected();
    });
  });

  describe('closure of a decision that leaves nothing to restore', () => {
    const confiscated = e.decided({ measures: ['confiscate', 'fine'] });
    const toConfiscated = [...toHeard, confiscated];

    it('closes once a confiscation and fine are executed, with no restoration', () => {
      given(toConfiscated).when(e.compliance()).then('executed');
      given([...toConfiscated, e.compliance()])
        .when(e.closed({ summary: 'buildings confiscated, fine paid' }))
        .then('closed', (s) => {
          expect(s.status).toBe('done');
          expect(s.context.restoredAt).toBeNull();
        });
    });

    it('closes after the court ordered execution of a confiscation', () => {
      const viaCourt = [...toConfiscated, notComplied, e.courtApplied(), e.courtRuled()];
      given(viaCourt).when(e.closed()).then('closed');
    });

    it('refuses closure before execution, and a restoration where none was ordered', () => {
      given(toConfiscated).when(e.closed()).rejected();
      given([...toConfiscated, notComplied])
        .when(e.closed())
        .rejected();
      given(toConfiscated).when(e.restored()).rejected();
      given([...toConfiscated, e.compliance()])
        .when(e.restored())
        .rejected();
    });

    it('still needs the land restored when the decision ordered restoration alone or demolition alone', () => {
      for (const measures of [['restore'], ['demolish', 'fine'], ['confiscate', 'restore']] as const) {
        const executed = [...toHeard, e.decided({ measures: [...measures] }), e.compliance()];
        given(executed).when(e.closed()).rejected();
        given(executed).when(e.restored()).then('restored');
      }
    });

    it('names the measures that leave land to restore: those a remediation opens for', () => {
      expect(RESTORING_MEASURES).toEqual(['demolish', 'restore']);
      expect(ordersRestoration(['confiscate', 'fine'])).toBe(false);
      expect(ordersRestoration(['fine', 'restore'])).toBe(true);
      expect(ordersRestoration(['demolish'])).toBe(true);
    });
  });

  describe('extension of the decision period', () => {
    const later = e.decisionExtended({ extendedUntil: '2026-09-30T18:00:00+08:00' });

    it.each([
      ['investigation.filed', toFiled],
      ['investigation.noticed', [...toFiled, e.noticeServed()]],
      ['investigation.heard', toHeard],
    ] as const)('is recorded in %s, which it leaves where it is', (state, history) => {
      given([...history])
        .when(e.decisionExtended())
        .then(state, (s) => {
          expect(s.context.decisionExtended).toBe(true);
          expect(s.context.decisionExtensions).toEqual([
            expect.objectContaining({
              extendedUntil: '2026-07-31T18:00:00+08:00',
              approvedBy: 'nrb:nrb-head',
            }),
          ]);
        });
    });

    it('runs the extended deadline instead of the 90 days, and a later extension replaces it', () => {
      const extended = given([...toHeard, e.decisionExtended()]).snapshot;
      expect(activeDeadlines(extended).map((d) => [d.rule, d.duration, d.startsOn, d.from])).toEqual([
        ['deadline.case.decide-extended', 0, 'DecisionPeriodExtended', 'extendedUntil'],
      ]);
      given([...toHeard, e.decisionExtended()])
        .when(later)
        .then('investigation.heard', (s) =>
          expect(s.context.decisionExtensions.map((x) => x.extendedUntil)).toEqual([
            '2026-07-31T18:00:00+08:00',
            '2026-09-30T18:00:00+08:00',
          ]),
        );
    });

    it('refuses an extension that does not end later than the period it replaces', () => {
      given([...toHeard, later])
        .when(e.decisionExtended())
        .rejected();
      given([...toHeard, later])
        .when(later)
        .rejected();
      given(toFiled)
        .when(e.decisionExtended({ extendedUntil: '2026-03-01T10:00:00+08:00' }))
        .rejected();
    });

    it('refuses it outside the investigation', () => {
      given([e.opened(), e.stopOrderServed(), e.stopConfirmed()]).when(e.decisionExtended()).rejected();
      given(toDecided).when(e.decisionExtended()).rejected();
    });

    it('escalates a missed extended deadline; the 90 days no longer run once extended', () => {
      const missedExtended = e.deadlineMissed({
        deadlineId: 'deadline.case.decide-extended@6',
        rule: 'deadline.case.decide-extended',
        dueAt: '2026-07-31T18:00:00+08:00',
      });
      given([...toHeard, e.decisionExtended(), missedExtended])
        .when(
          e.escalated({
            deadlineId: 'deadline.case.decide-extended@6',
            rung: 'reminder',
            rule: 'escalation.reminder',
          }),
        )
        .then('investigation.heard', (s) => expect(s.context.escalations).toHaveLength(1));
      // 90 days missed before the extension: the scheduler no longer finds them running, so it
      // raises no further rung for them.
      const late = given([...toHeard, e.deadlineMissed(), e.decisionExtended()]).snapshot;
      expect(activeDeadlines(late).map((d) => d.rule)).toEqual(['deadline.case.decide-extended']);
    });
  });

  describe("the party's statement and defence", () => {
    const toNoticed = [...toFiled, e.noticeServed()];

    it('is recorded once the notice of intended penalty is served, leaving the case where it is', () => {
      given(toNoticed)
        .when(e.defenceStated())
        .then('investigation.noticed', (s) =>
          expect(s.context.defenceStatements).toEqual([
            {
              statement: 'the shed is temporary and was built for the harvest',
              receivedAt: '2026-03-24T10:00:00+08:00',
              documentRef: '申辩书〔2026〕1号',
            },
          ]),
        );
    });

    it('is still taken after the hearing step and before the decision, each one kept in order', () => {
      given([...toHeard, e.defenceStated()])
        .when(e.defenceStated({ statement: 'the party has begun demolishing', documentRef: undefined }))
        .then('investigation.heard', (s) =>
          expect(s.context.defenceStatements.map((d) => d.statement)).toEqual([
            'the shed is temporary and was built for the harvest',
            'the party has begun demolishing',
          ]),
        );
    });

    it('does not hold up the decision, nor the hearing step', () => {
      given([...toNoticed, e.defenceStated()])
        .when(e.hearing())
        .then('investigation.heard');
      given([...toHeard, e.defenceStated()])
        .when(e.decided())
        .then('decided');
    });

    it('is refused before the notice and once the penalty is decided', () => {
      given([e.opened()]).when(e.defenceStated()).rejected();
      given(toFiled).when(e.defenceStated()).rejected();
      given(toDecided).when(e.defenceStated()).rejected();
    });
  });

  describe('the legal and collective reviews before the decision', () => {
    it('are recorded anywhere in the investigation, in order, leaving the case where it is', () => {
      given(toFiled)
        .when(e.legalReviewed({ conclusion: 'not_approved' }))
        .then('investigation.filed');
      given([...toFiled, e.noticeServed()])
        .when(e.collectiveReviewed())
        .then('investigation.noticed');
      given([...toHeard, e.legalReviewed({ conclusion: 'not_approved' })])
        .when(e.legalReviewed())
        .then('investigation.heard', (s) =>
          expect(s.context.legalReviews.map((r) => r.conclusion)).toEqual(['not_approved', 'approved']),
        );
      given([...toHeard, e.legalReviewed()])
        .when(e.collectiveReviewed())
        .then('investigation.heard', (s) =>
          expect(s.context.collectiveReviews).toEqual([
            {
              members: ['张伟（局长）', '王芳（副局长）', '赵磊（副局长）'],
              conclusion: 'approved',
              heldAt: '2026-03-23T10:00:00+08:00',
            },
          ]),
        );
    });

    it('are refused before the filing and once the penalty is decided', () => {
      given([e.opened()]).when(e.collectiveReviewed()).rejected();
      given([e.opened(), e.stopOrderServed(), e.stopConfirmed()]).when(e.legalReviewed()).rejected();
      given(toDecided).when(e.legalReviewed()).rejected();
      given(toDecided).when(e.collectiveReviewed()).rejected();
    });

    it('leave the decision to the service: the machine folds a decision stored without them', () => {
      given(toHeard).when(e.decided()).then('decided');
    });
  });

  describe('notices to refuse service to the illegal site', () => {
    const open: [string, Parameters<typeof given>[0]][] = [
      ['stopOrdered', [e.opened(), e.stopOrderServed()]],
      ['stopped', [e.opened(), e.stopOrderServed(), e.stopConfirmed()]],
      ['obstructed', [e.opened(), e.stopOrderServed(), e.stopConfirmed({ stopped: false })]],
      ['investigation.filed', toFiled],
      ['investigation.heard', toHeard],
      ['decided', toDecided],
      ['nonCompliant', [...toDecided, notComplied]],
      ['courtApplied', [...toDecided, notComplied, e.courtApplied()]],
      ['courtRefused', [...toDecided, notComplied, e.courtApplied(), e.courtRuled({ granted: false })]],
      ['executed', [...toDecided, e.compliance()]],
    ];

    it.each(open)('are recorded in %s, which they leave where it is', (state, history) => {
      given(history)
        .when(e.serviceRefusal())
        .then(state, (s) =>
          expect(s.context.serviceRefusals).toEqual([
            expect.objectContaining({ documentRef: '汾政函〔2026〕9号', recipients: [expect.anything()] }),
          ]),
        );
    });

    it('are refused before the stop order and once the land is restored', () => {
      given([]).when(e.serviceRefusal()).rejected();
      given([e.opened()]).when(e.serviceRefusal()).rejected();
      given([...toDecided, e.compliance(), e.restored()])
        .when(e.serviceRefusal())
        .rejected();
      given([...toDecided, e.compliance(), e.restored(), e.closed()])
        .when(e.serviceRefusal())
        .rejected();
    });

    it('are taken once filed when nothing was going on and no stop order was served', () => {
      given([e.opened({ ongoing: false }), e.filed()])
        .when(e.serviceRefusal())
        .then('investigation.filed');
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
      'InterferenceRecorded',
      'IllegalApprovalRecorded',
    ]);
    expect(allowed(toHeard)).toEqual([
      'DeadlineMissed',
      'EscalationRaised',
      'InterferenceRecorded',
      'IllegalApprovalRecorded',
      'ServiceRefusalNoticesSent',
      'DecisionPeriodExtended',
      'CollectiveReviewHeld',
      'LegalReviewCompleted',
      'DefenceStated',
      'PenaltyDecided',
    ]);
    expect(allowed([...toDecided, notComplied])).toEqual([
      'InterferenceRecorded',
      'IllegalApprovalRecorded',
      'ServiceRefusalNoticesSent',
      'ComplianceRecorded',
      'RestorationConfirmed',
      'ReconsiderationApplied',
      'LawsuitFiled',
      'ReconsiderationDecided',
      'LawsuitDecided',
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
