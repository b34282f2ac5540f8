import { describe, expect, it } from 'vitest';
import { activeDeadlines } from '../deadlines.ts';
import { historicalBatchEvents as e } from '../test-events.ts';
import { specFor } from '../test-support.ts';
import { historicalBatchMachine } from './historical-batch.ts';

const { given } = specFor(historicalBatchMachine);
const second = e.clueSettled({ clueId: 'LC-141181-20260301-00000002' });

describe('historical batch machine', () => {
  it('opens with its clues, disposition and due date, which is its deadline', () => {
    given([])
      .when(e.opened())
      .then('open', (s) => {
        expect(s.context).toMatchObject({ disposition: 'regularise', timeNode: 'before-1987-01-01' });
        expect(activeDeadlines(s)).toMatchObject([
          {
            rule: 'deadline.historical.batch',
            startsOn: 'HistoricalBatchOpened',
            from: 'dueBy',
            state: 'open',
          },
        ]);
      });
    given([])
      .when(e.opened({ clueIds: [] }))
      .rejected();
  });

  it('settles each of its clues once, and completes only when all are settled', () => {
    given([e.opened()])
      .when(e.clueSettled())
      .then('underway', (s) => expect(s.context.settled).toHaveLength(1));
    given([e.opened(), e.clueSettled()]).when(e.clueSettled()).rejected();
    given([e.opened()])
      .when(e.clueSettled({ clueId: 'LC-other' }))
      .rejected();
    given([e.opened(), e.clueSettled()]).when(e.completed()).rejected();
    given([e.opened(), e.clueSettled(), second])
      .when(e.completed())
      .then('completed', (s) => {
        expect(s.status).toBe('done');
        expect(s.context.completedAt).toBe('2026-09-02T10:00:00+08:00');
      });
  });

  it('lets go of a clue another batch took first, once, and completes without it', () => {
    given([e.opened()])
      .when(e.withdrawn())
      .then('open', (s) =>
        expect(s.context.withdrawn.map((w) => w.clueId)).toEqual(['LC-141181-20260301-00000002']),
      );
    given([e.opened(), e.withdrawn()]).when(e.withdrawn()).rejected();
    given([e.opened(), e.withdrawn()]).when(second).rejected();
    given([e.opened(), e.withdrawn()]).when(e.completed()).rejected();
    given([e.opened(), e.withdrawn(), e.clueSettled()]).when(e.completed()).then('completed');
    given([e.opened(), e.withdrawn(), e.withdrawn({ clueId: 'LC-141181-20260301-00000001' })])
      .when(e.completed())
      .then('completed', (s) => expect(s.context.settled).toEqual([]));
  });

  it('records a missed due date once and climbs the ladder while open', () => {
    given([e.opened()])
      .when(e.deadlineMissed())
      .then('open', (s) => expect(s.context.missedDeadlines).toHaveLength(1));
    given([e.opened(), e.deadlineMissed()]).when(e.deadlineMissed()).rejected();
    given([e.opened()]).when(e.escalated()).rejected();
    given([e.opened(), e.deadlineMissed()])
      .when(e.escalated())
      .then('open', (s) => expect(s.context.escalations).toHaveLength(1));
    given([e.opened(), e.deadlineMissed(), e.clueSettled()])
      .when(e.escalated())
      .then('underway', (s) => expect(s.context.escalations).toHaveLength(1));
    given([e.opened(), e.clueSettled(), second, e.completed()]).when(e.deadlineMissed()).rejected();
  });
});
