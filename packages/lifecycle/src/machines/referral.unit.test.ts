import { describe, expect, it } from 'vitest';
import { activeDeadlines } from '../deadlines.ts';
import { allowedEvents } from '../evolve.ts';
import { referralEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { referralMachine } from './referral.ts';

const { given } = specFor(referralMachine);

const toReceived = [e.drafted(), e.approvalDecided(), e.dispatched(), e.received()];
const refusal = e.decided({ accepted: false, reason: '不符合立案标准', filingNo: undefined });
const toReconsideration = [...toReceived, refusal, e.reconsideration()];

describe('referral machine', () => {
  it('runs from draft to feedback', () => {
    const path = [
      [e.drafted(), 'drafted'],
      [e.approvalDecided(), 'approved'],
      [e.dispatched(), 'dispatched'],
      [e.received(), 'received'],
      [e.decided(), 'accepted'],
      [e.feedback(), 'concluded'],
    ] as const;
    path.forEach(([event, state], i) => {
      given(path.slice(0, i).map(([earlier]) => earlier))
        .when(event)
        .then(state);
    });
    const concluded = given(path.map(([event]) => event)).snapshot;
    expect(concluded.status).toBe('done');
    expect(concluded.context).toMatchObject({
      to: 'psb',
      ruleId: 'referral.psb.pbf',
      filingNo: '公立〔2026〕88号',
      feedback: { outcome: 'prosecuted' },
    });
  });

  it('takes documents while drafted or approved, keeps them in order, and none once dispatched', () => {
    const letter = e.documentAttached();
    const report = e.documentAttached({ kind: 'investigation-report', sha256: 'e'.repeat(64) });
    given([e.drafted()]).when(letter).then('drafted');
    const approved = given([e.drafted(), letter, e.approvalDecided()]).when(report).then('approved');
    expect(approved.context.attached).toEqual([
      { kind: 'referral-letter', sha256: 'd'.repeat(64) },
      { kind: 'investigation-report', sha256: 'e'.repeat(64) },
    ]);
    given([e.drafted(), e.approvalDecided(), e.dispatched()]).when(letter).rejected();
    given(toReceived).when(letter).rejected();
    given([e.drafted({ to: 'disc' })])
      .when(e.documentAttached({ referralId: 'another' }))
      .rejected();
  });

  it('records what the receipt names, and takes receipts recorded before they named any', () => {
    const named = e.received({ documents: ['d'.repeat(64)], receivedBy: 'psb:wang' });
    const signed = given([e.drafted(), e.documentAttached(), e.approvalDecided(), e.dispatched()])
      .when(named)
      .then('received');
    expect(signed.context.received).toEqual(['d'.repeat(64)]);
    expect(given(toReceived).snapshot.context.received).toEqual([]);
  });

  it('stops the clock while supplementary material is awaited, and takes documents for it', () => {
    const asked = e.supplementRequested();
    const waiting = given(toReceived).when(asked).then('awaitingSupplement');
    expect(activeDeadlines(waiting)).toEqual([]);
    expect(waiting.context.supplements).toEqual([{ what: '补充勘测定界图', provided: null }]);
    given([...toReceived, asked])
      .when(e.documentAttached({ kind: 'survey' }))
      .then('awaitingSupplement');
    given([...toReceived, asked])
      .when(e.decided())
      .rejected();
    const supplied = given([...toReceived, asked])
      .when(e.supplementProvided())
      .then('received');
    expect(supplied.context.supplements).toEqual([{ what: '补充勘测定界图', provided: ['d'.repeat(64)] }]);
    expect(activeDeadlines(supplied)).toEqual([
      expect.objectContaining({
        rule: 'deadline.referral.decide',
        pauses: expect.objectContaining({ on: 'SupplementRequested' }),
      }),
    ]);
    // Nothing to supply before it was asked for; nothing asked once decided.
    given(toReceived).when(e.supplementProvided()).rejected();
    given([...toReceived, e.decided()])
      .when(asked)
      .rejected();
  });

  it('ends when the head does not approve', () => {
    given([e.drafted()])
      .when(e.approvalDecided({ approved: false, note: 'evidence incomplete' }))
      .then('rejected', (s) => expect(s.status).toBe('done'));
    given([e.drafted(), e.approvalDecided({ approved: false })])
      .when(e.dispatched())
      .rejected();
  });

  it('refuses a dispatch before approval and a receipt before dispatch', () => {
    given([e.drafted()]).when(e.dispatched()).rejected();
    given([e.drafted(), e.approvalDecided()]).when(e.received()).rejected();
  });

  it('asks reconsideration of a refusal once; the answer accepts or upholds the refusal', () => {
    given(toReceived).when(refusal).then('refused');
    given([...toReceived, refusal])
      .when(e.reconsideration())
      .then('reconsideration');
    given(toReconsideration).when(e.decided()).then('accepted');
    given(toReconsideration)
      .when(refusal)
      .then('refusalUpheld', (s) => {
        expect(s.status).toBe('done');
        expect(s.context.decisions.map((d) => d.accepted)).toEqual([false, false]);
      });
    given([...toReconsideration, refusal])
      .when(e.reconsideration())
      .rejected();
  });

  it('refuses feedback before acceptance and events for another referral', () => {
    given(toReceived).when(e.feedback()).rejected();
    given([e.drafted()])
      .when(e.approvalDecided({ referralId: 'LC-other.psb' }))
      .rejected();
    given(toReceived)
      .when(e.decided({ referralId: 'LC-other.psb' }))
      .rejected();
  });

  it('is sent back by the receiving agency on receipt or after filing (Order 310 art. 13)', () => {
    given(toReceived)
      .when(e.returned())
      .then('returned', (s) => {
        expect(s.status).toBe('done');
        expect(s.context.returnReason).toBe('不构成犯罪，仅需行政处罚');
        expect(activeDeadlines(s)).toEqual([]);
      });
    given([...toReceived, e.decided()])
      .when(e.returned())
      .then('returned', (s) => expect(s.context.filingNo).toBe('公立〔2026〕88号'));
  });

  it('refuses a return before receipt, after a refusal, after feedback, for another referral, and twice', () => {
    given([e.drafted(), e.approvalDecided(), e.dispatched()]).when(e.returned()).rejected();
    given([e.drafted()]).when(e.returned()).rejected();
    given([...toReceived, refusal])
      .when(e.returned())
      .rejected();
    given([...toReceived, e.decided(), e.feedback()])
      .when(e.returned())
      .rejected();
    given(toReceived)
      .when(e.returned({ referralId: 'LC-other.psb' }))
      .rejected();
    given([...toReceived, e.returned()])
      .when(e.returned())
      .rejected();
    given([...toReceived, e.returned()])
      .when(e.feedback())
      .rejected();
  });

  it('lists what may happen next', () => {
    expect(allowedEvents(referralMachine, given([e.drafted()]).snapshot)).toEqual([
      'ReferralApprovalDecided',
      'ReferralDocumentAttached',
      'DeadlineMissed',
      'EscalationRaised',
    ]);
    expect(allowedEvents(referralMachine, given([...toReceived, refusal]).snapshot)).toEqual([
      'DeadlineMissed',
      'EscalationRaised',
      'ReconsiderationRequested',
    ]);
  });

  it('runs the Order 310 deadlines for police referrals only', () => {
    expect(activeDeadlines(given([e.drafted()]).snapshot)).toEqual([
      expect.objectContaining({ rule: 'deadline.referral.approve', duration: 3, unit: 'calendar_days' }),
    ]);
    expect(activeDeadlines(given([e.drafted(), e.approvalDecided()]).snapshot)).toEqual([
      expect.objectContaining({ rule: 'deadline.referral.send', duration: 24, unit: 'hours' }),
    ]);
    expect(activeDeadlines(given(toReceived).snapshot)).toEqual([
      expect.objectContaining({ rule: 'deadline.referral.decide', from: 'receivedAt' }),
    ]);
    expect(activeDeadlines(given([e.drafted({ to: 'disc' })]).snapshot)).toEqual([]);
  });

  it('takes no escalation rung for a deadline that does not run for the referral (`when` to psb)', () => {
    const toDisc = e.drafted({ to: 'disc' });
    given([toDisc, e.deadlineMissed()]).when(e.escalated()).rejected();
  });

  it('records a missed deadline once', () => {
    given([e.drafted()])
      .when(e.deadlineMissed())
      .then('drafted', (s) => expect(s.context.missedDeadlines).toHaveLength(1));
    given([e.drafted(), e.deadlineMissed()]).when(e.deadlineMissed()).rejected();
  });

  it('takes only the scheduler events of its own referral, and those that name none', () => {
    const other = { referralId: 'LC-141181-20260301-0a1b2c3d.disc' };
    given([e.drafted()]).when(e.deadlineMissed(other)).rejected();
    given([e.drafted()])
      .when(e.deadlineMissed({ referralId: e.drafted().data.referralId }))
      .then('drafted', (s) => expect(s.context.missedDeadlines).toHaveLength(1));
    const missed = [e.drafted(), e.deadlineMissed()];
    given(missed).when(e.escalated(other)).rejected();
    given(missed)
      .when(e.escalated({ referralId: e.drafted().data.referralId }))
      .then('drafted', (s) => expect(s.context.escalations).toHaveLength(1));
  });

  it('escalates a missed approval step by step while undecided, and stops once decided', () => {
    const missed = [e.drafted(), e.deadlineMissed()];
    given([e.drafted()]).when(e.escalated()).rejected();
    given(missed)
      .when(e.escalated())
      .then('drafted', (s) => expect(s.context.escalations.map((x) => x.rung)).toEqual(['reminder']));
    given([...missed, e.escalated()])
      .when(e.escalated({ rung: 'supervision' }))
      .then('drafted', (s) => expect(s.context.escalations).toHaveLength(2));
    given([...missed, e.escalated()])
      .when(e.escalated())
      .rejected();
    given([...missed, e.escalated(), e.approvalDecided()])
      .when(e.escalated({ rung: 'supervision' }))
      .rejected();
    given([...missed, e.escalated(), e.approvalDecided({ approved: false })])
      .when(e.escalated({ rung: 'supervision' }))
      .rejected();
  });
});
