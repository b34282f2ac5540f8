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

type Assessment = Omit<AssessmentRecordedData, 'caseId'>;

export interface AssessmentView extends Assessment {
  /** Earlier assessments of the same division and year (corrected survey figures), oldest first. */
  superseded: Assessment[];
}

/** The assessment that stands (the latest) and the ones it replaced; null before any. */
export function assessmentView(
  events: readonly Pick<RecordedEvent, 'type' | 'data'>[],
): AssessmentView | null {
  const all = events
    .filter((e) => e.type === 'AssessmentRecorded')
    .map((e) => {
      const { caseId: _, ...assessment } = e.data as unknown as AssessmentRecordedData;
      return assessment;
    });
  const latest = all.at(-1);
  return latest ? { ...latest, superseded: all.slice(0, -1) } : null;
}
