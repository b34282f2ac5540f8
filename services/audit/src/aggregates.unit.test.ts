import { EVENT_CATALOGUE } from '@landcase/contracts';
import { describe, expect, it } from 'vitest';
import { AGGREGATES, aggregateOfEvent } from './aggregates.ts';

// The audit fold picks its machine by the aggregate an event names; the table is read off the
// lifecycle machines, so it must cover every event the services publish.

describe('the aggregate of an event', () => {
  it.each([
    ['ClueReported', 'clue'],
    ['HistoricalBatched', 'clue'],
    ['HistoricalBatchOpened', 'historicalBatch'],
    ['HistoricalBatchCompleted', 'historicalBatch'],
    ['CaseOpened', 'enforcementCase'],
    ['InterferenceRecorded', 'enforcementCase'],
    ['AssessmentRecorded', 'divisionAssessment'],
    ['ReferralDrafted', 'referral'],
    ['RecommendationIssued', 'recommendation'],
    ['PartyMatchSuspected', 'partyMatch'],
    ['PartyMatchConfirmed', 'partyMatch'],
    ['PartyMatchRejected', 'partyMatch'],
    ['QuotaDeducted', 'remediation'],
  ])('%s belongs to %s', (event, aggregate) => {
    expect(aggregateOfEvent(event)?.name).toBe(aggregate);
  });

  it('names none for the schedulers’ events, which several machines take', () => {
    expect([...AGGREGATES.shared].sort()).toEqual(['DeadlineMissed', 'EscalationRaised']);
    expect(aggregateOfEvent('DeadlineMissed')).toBeUndefined();
  });

  it('covers every event of the catalogue', () => {
    // The audit service's own events (what operators did to dead letters) belong to no case machine.
    const { audit: _own, ...services } = EVENT_CATALOGUE;
    const uncovered = Object.entries(services).flatMap(([service, events]) =>
      Object.keys(events)
        .filter((name) => !AGGREGATES.owned.has(name) && !AGGREGATES.shared.has(name))
        .map((name) => `${service}.${name}`),
    );
    expect(uncovered).toEqual([]);
  });
});
