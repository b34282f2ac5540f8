import { assertEvent, assign, setup } from 'xstate';
import { relationOf } from '../access/divisions.ts';

/**
 * The annual assessment of a division (Order 15 of 2008 art. 3): the share of the farmland taken
 * by new construction land that was occupied illegally that year. One aggregate per division and
 * year; its events carry `caseId` = `assessment-<divisionCode>-<year>`, as every event of the
 * catalogue carries a case id.
 *
 * States: none → assessed. A corrected survey figure is assessed again (the latest stands, every
 * assessment stays in the stream); an assessment of another division or year is refused, and so
 * is one that names an assessor not strictly above the division assessed (Order 15 art. 3: the
 * superior assesses; a division never re-assesses its own year).
 */
export interface AssessmentRecordedData {
  caseId: string;
  divisionCode: string;
  year: number;
  newConstructionFarmlandMu: number;
  surveyRef?: string;
  illegalFarmlandMu: number;
  illegalAreaMuByLandClass: { pbf: number; farmland: number };
  basis: string;
  share: number;
  threshold: number;
  accountable: boolean;
  ruleId: string;
  source: string;
  ruleSetVersion: string;
  assessedAt: string;
  /** The assessing head's actor id and division; absent on assessments recorded before they were kept. */
  assessedBy?: string;
  assessorDivisionCode?: string;
}

export type DivisionAssessmentMachineEvent = { type: 'AssessmentRecorded'; data: AssessmentRecordedData };

export interface DivisionAssessmentContext {
  divisionCode: string | null;
  year: number | null;
  /** Every assessment, oldest first; the last one stands. */
  assessments: Omit<AssessmentRecordedData, 'caseId'>[];
}

/** The id the assessment's events carry in `caseId`, and its stream's id part. */
export const assessmentIdOf = (divisionCode: string, year: number): string =>
  `assessment-${divisionCode}-${year}`;

/** An assessment recorded before the assessor's division was kept is taken as it stands. */
const byASuperior = (d: AssessmentRecordedData): boolean =>
  d.assessorDivisionCode === undefined || relationOf(d.assessorDivisionCode, d.divisionCode) === 'above';

export const divisionAssessmentMachine = setup({
  types: {
    context: {} as DivisionAssessmentContext,
    events: {} as DivisionAssessmentMachineEvent,
  },
  guards: {
    ownId: ({ event }) =>
      event.data.caseId === assessmentIdOf(event.data.divisionCode, event.data.year) &&
      byASuperior(event.data),
    sameDivisionYear: ({ context, event }) =>
      event.data.divisionCode === context.divisionCode &&
      event.data.year === context.year &&
      byASuperior(event.data),
  },
  actions: {
    record: assign(({ context, event }) => {
      assertEvent(event, 'AssessmentRecorded');
      const { caseId: _, ...assessment } = event.data;
      return {
        divisionCode: assessment.divisionCode,
        year: assessment.year,
        assessments: [...context.assessments, assessment],
      };
    }),
  },
}).createMachine({
  id: 'divisionAssessment',
  initial: 'none',
  context: { divisionCode: null, year: null, assessments: [] },
  states: {
    none: { on: { AssessmentRecorded: { target: 'assessed', guard: 'ownId', actions: 'record' } } },
    assessed: { on: { AssessmentRecorded: { guard: 'sameDivisionYear', actions: 'record' } } },
  },
});

export type DivisionAssessmentMachine = typeof divisionAssessmentMachine;
