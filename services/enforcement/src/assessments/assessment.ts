import { streamName } from '@landcase/contracts';
import type { RecordedEvent } from '@landcase/eventstore';
import { type AssessmentRecordedData, assessmentIdOf } from '@landcase/lifecycle';

// The annual assessment of a division (Order 15 of 2008 art. 3) is an aggregate of its own, one
// stream per division and year: `enforcement.assessment-<divisionCode>-<year>`. Its events carry
// `caseId` = `assessment-<divisionCode>-<year>` because every event of the catalogue names a case;
// the audit ledger and the referral it may call for are keyed by that id.

export { assessmentIdOf };

export const assessmentStreamId = (divisionCode: string, year: number): string =>
  streamName('enforcement', 'assessment', `${divisionCode}-${year}`);

/** One assessment as shown: who made it (never null) and whether it is the one that stands. */
type Assessment = Omit<AssessmentRecordedData, 'caseId' | 'assessedBy' | 'assessorDivisionCode'> & {
  assessedBy: string;
  /** Null for an assessment recorded before the assessor's division was kept. */
  assessorDivisionCode: string | null;
  current: boolean;
};

export interface AssessmentView extends Assessment {
  /**
   * Earlier assessments of the same division and year, oldest first: a later one never hides them
   * (a figure replaced by another division's head stays on record with that head's name).
   */
  superseded: Assessment[];
}

/** The assessment that stands (the latest, `current`) and the ones it replaced; null before any. */
export function assessmentView(
  events: readonly (Pick<RecordedEvent, 'type' | 'data'> & { metadata?: { actor?: unknown } })[],
): AssessmentView | null {
  const recorded = events.filter((e) => e.type === 'AssessmentRecorded');
  const all = recorded.map((e, i): Assessment => {
    const {
      caseId: _,
      assessedBy,
      assessorDivisionCode,
      ...assessment
    } = e.data as unknown as AssessmentRecordedData;
    // Before the event kept it, the author is the one its metadata names.
    const actor = typeof e.metadata?.actor === 'string' ? e.metadata.actor : 'unknown';
    return {
      ...assessment,
      assessedBy: assessedBy ?? actor,
      assessorDivisionCode: assessorDivisionCode ?? null,
      current: i === recorded.length - 1,
    };
  });
  const latest = all.at(-1);
  return latest ? { ...latest, superseded: all.slice(0, -1) } : null;
}
