import { type DetectionEvent, type DetectionEventData, streamName } from '@landcase/contracts';

// The clue aggregate as the API shows it. The state comes from the lifecycle machine; the fields
// are folded here from the event data, so the view does not depend on the machine's context shape.

export const clueStreamId = (caseId: string): string => streamName('detection', 'clue', caseId);

type Reported = DetectionEventData['ClueReported'];
type Dispatched = DetectionEventData['ClueDispatched'];
type Verified = DetectionEventData['ClueVerified'];
type Missed = DetectionEventData['DeadlineMissed'];
type Batched = DetectionEventData['HistoricalBatched'];
type Settled = DetectionEventData['HistoricalSettled'];

/** A historical clue's way through its batch (seed 004 §(六)2). */
export interface HistoricalHandling {
  batchId: string;
  disposition: Batched['disposition'];
  dueBy: string;
  batchedAt: string;
  settled: Omit<Settled, 'caseId' | 'batchId' | 'disposition'> | null;
}

export interface ClueFields extends Omit<Reported, 'caseId'> {
  /** The division the clue was reported for; `divisionCode` follows it down on dispatch. */
  reportedDivisionCode: string;
  dispatches: Omit<Dispatched, 'caseId'>[];
  verification?: Omit<Verified, 'caseId' | 'divisionCode' | 'source' | 'observedAt'>;
  deadlinesMissed: Omit<Missed, 'caseId'>[];
  /** Present once a batch took the (historical) clue. */
  historical?: HistoricalHandling;
}

/** One event applied to the clue's fields (null before it was reported). */
export function evolveClue(
  fields: ClueFields | null,
  raw: { type: string; data: unknown },
): ClueFields | null {
  const event = raw as DetectionEvent;
  if (event.type === 'ClueReported') {
    const { caseId: _, ...reported } = event.data;
    return { ...reported, reportedDivisionCode: reported.divisionCode, dispatches: [], deadlinesMissed: [] };
  }
  if (!fields) return null;
  switch (event.type) {
    case 'ClueDispatched': {
      const { caseId: _, ...dispatch } = event.data;
      return {
        ...fields,
        divisionCode: dispatch.toDivisionCode,
        dispatches: [...fields.dispatches, dispatch],
      };
    }
    case 'ClueVerified': {
      const { caseId: _, divisionCode: _d, source: _s, observedAt: _o, ...verification } = event.data;
      return { ...fields, verification };
    }
    case 'HistoricalBatched': {
      const { batchId, disposition, dueBy, batchedAt } = event.data;
      return { ...fields, historical: { batchId, disposition, dueBy, batchedAt, settled: null } };
    }
    case 'HistoricalSettled': {
      if (!fields.historical) return fields;
      const { caseId: _, batchId: _b, disposition: _d, ...settled } = event.data;
      return { ...fields, historical: { ...fields.historical, settled } };
    }
    case 'DeadlineMissed': {
      const { caseId: _, ...missed } = event.data;
      return { ...fields, deadlinesMissed: [...fields.deadlinesMissed, missed] };
    }
    default:
      return fields;
  }
}

/** Folds the clue's events into its fields; null before it was reported. */
export function clueFields(events: readonly { type: string; data: unknown }[]): ClueFields | null {
  return events.reduce<ClueFields | null>(evolveClue, null);
}
