import { describe, expect, it } from 'vitest';
import { activeDeadlines } from '../deadlines.ts';
import { allowedEvents } from '../evolve.ts';
import { recommendationEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { recommendationMachine } from './recommendation.ts';

const { given } = specFor(recommendationMachine);

const urgent = e.issued({ harmGrowing: true });
const urgentMissed = e.deadlineMissed({
  deadlineId: 'deadline.recommendation.reply-urgent@0',
  state: 'awaitingUrgentReply',
  rule: 'deadline.recommendation.reply-urgent',
});
const urgentRung = (rung: 'reminder' | 'supervision') =>
  e.escalated({ deadlineId: 'deadline.recommendation.reply-urgent@0', rung });

describe('recommendation machine', () => {
  it('is issued, then replied to', () => {
    given([]).when(e.issued()).then('awaitingReply');
    const replied = given([e.issued()])
      .when(e.replied())
      .then('replied', (s) =>
        expect(s.context).toMatchObject({
          from: 'proc',
          to: 'nrb',
          harmGrowing: false,
          issuedAt: '2026-04-01T10:00:00+08:00',
          reply: { measures: '已下达限期拆除决定，组织复垦' },
        }),
      );
    expect(replied.status).toBe('done');
  });

  it('awaits an urgent reply when the harm is growing', () => {
    given([]).when(urgent).then('awaitingUrgentReply');
    given([urgent]).when(e.replied()).then('replied');
  });

  it('runs a 2-month reply deadline, or 15 days where harm is growing, from issuedAt', () => {
    expect(activeDeadlines(given([e.issued()]).snapshot)).toEqual([
      expect.objectContaining({
        rule: 'deadline.recommendation.reply',
        duration: 2,
        unit: 'calendar_months',
        startsOn: 'RecommendationIssued',
        from: 'issuedAt',
        state: 'awaitingReply',
      }),
    ]);
    expect(activeDeadlines(given([urgent]).snapshot)).toEqual([
      expect.objectContaining({
        rule: 'deadline.recommendation.reply-urgent',
        duration: 15,
        unit: 'calendar_days',
        state: 'awaitingUrgentReply',
      }),
    ]);
    expect(activeDeadlines(given([e.issued(), e.replied()]).snapshot)).toEqual([]);
  });

  it('refuses a reply that names another recommendation, a second issue and a second reply', () => {
    given([e.issued()])
      .when(e.replied({ recommendationId: 'LC-other.proc-9' }))
      .rejected();
    given([e.issued()]).when(e.issued()).rejected();
    given([e.issued(), e.replied()]).when(e.replied()).rejected();
    given([]).when(e.replied()).rejected();
  });

  it('records a missed deadline once, and only its own', () => {
    given([e.issued()])
      .when(e.deadlineMissed())
      .then('awaitingReply', (s) => expect(s.context.missedDeadlines).toHaveLength(1));
    given([e.issued(), e.deadlineMissed()]).when(e.deadlineMissed()).rejected();
    given([e.issued()])
      .when(e.deadlineMissed({ recommendationId: 'LC-other.proc-9' }))
      .rejected();
    // Recorded before scheduler events named their aggregate: the stream's own.
    given([e.issued()])
      .when(e.deadlineMissed({ recommendationId: undefined }))
      .then('awaitingReply');
  });

  it('takes a late reply, keeping the missed deadline on record', () => {
    given([e.issued(), e.deadlineMissed(), e.escalated()])
      .when(e.replied())
      .then('replied', (s) => {
        expect(s.context.missedDeadlines.map((m) => m.rule)).toEqual(['deadline.recommendation.reply']);
        expect(s.context.escalations.map((x) => x.rung)).toEqual(['reminder']);
      });
  });

  it('climbs the escalation ladder rung by rung while the reply is outstanding, and stops on reply', () => {
    const missed = [e.issued(), e.deadlineMissed()];
    given([e.issued()]).when(e.escalated()).rejected();
    given(missed)
      .when(e.escalated())
      .then('awaitingReply', (s) => expect(s.context.escalations.map((x) => x.rung)).toEqual(['reminder']));
    given([...missed, e.escalated()])
      .when(e.escalated({ rung: 'supervision' }))
      .then('awaitingReply', (s) => expect(s.context.escalations).toHaveLength(2));
    given([...missed, e.escalated()])
      .when(e.escalated())
      .rejected();
    given(missed)
      .when(e.escalated({ recommendationId: 'LC-other.proc-9' }))
      .rejected();
    given([...missed, e.escalated(), e.replied()])
      .when(e.escalated({ rung: 'supervision' }))
      .rejected();
  });

  it('escalates the urgent deadline by its own rule', () => {
    given([urgent, urgentMissed]).when(urgentRung('reminder')).then('awaitingUrgentReply');
    given([urgent, urgentMissed, urgentRung('reminder')])
      .when(urgentRung('supervision'))
      .then('awaitingUrgentReply', (s) => expect(s.context.escalations).toHaveLength(2));
    // A rung of the 2-month rule does not apply where the 15-day one runs.
    given([urgent, e.deadlineMissed()]).when(e.escalated()).rejected();
  });

  it('allows only the reply and the scheduler events while awaiting it', () => {
    expect(allowedEvents(recommendationMachine, given([e.issued()]).snapshot).sort()).toEqual([
      'DeadlineMissed',
      'EscalationRaised',
      'RecommendationReplied',
    ]);
    expect(allowedEvents(recommendationMachine, given([e.issued(), e.replied()]).snapshot)).toEqual([]);
  });
});
