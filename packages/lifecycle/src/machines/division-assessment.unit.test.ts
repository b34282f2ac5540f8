import { describe, expect, it } from 'vitest';
import { specFor } from '../test-support.ts';
import { type AssessmentRecordedData, divisionAssessmentMachine } from './division-assessment.ts';

const { given } = specFor(divisionAssessmentMachine);

const assessed = (overrides: Partial<AssessmentRecordedData> = {}) => ({
  type: 'AssessmentRecorded' as const,
  data: {
    caseId: 'assessment-141181-2026',
    divisionCode: '141181',
    year: 2026,
    newConstructionFarmlandMu: 100,
    illegalFarmlandMu: 15,
    illegalAreaMuByLandClass: { pbf: 5, farmland: 10 },
    basis: 'statistics',
    share: 0.15,
    threshold: 0.15,
    accountable: true,
    ruleId: 'accountability.division-share',
    source: 'Order 15 of 2008 art. 3',
    ruleSetVersion: '2026.1',
    assessedAt: '2027-01-10T10:00:00+08:00',
    ...overrides,
  },
});

describe('division assessment machine', () => {
  it('is assessed once recorded, and assessed again with a corrected figure; the last stands', () => {
    given([]).when(assessed()).then('assessed');
    given([assessed()])
      .when(assessed({ newConstructionFarmlandMu: 120, share: 0.125, accountable: false }))
      .then('assessed', (s) => {
        expect(s.context.assessments.map((a) => a.newConstructionFarmlandMu)).toEqual([100, 120]);
        expect(s.context).toMatchObject({ divisionCode: '141181', year: 2026 });
      });
  });

  it('refuses an assessment under another id, division or year', () => {
    given([])
      .when(assessed({ caseId: 'assessment-141181-2025' }))
      .rejected();
    given([assessed()])
      .when(assessed({ caseId: 'assessment-141182-2026', divisionCode: '141182' }))
      .rejected();
    given([assessed()])
      .when(assessed({ caseId: 'assessment-141181-2027', year: 2027 }))
      .rejected();
  });

  it('takes an assessment made from a division above, and refuses one from the division itself or beside it', () => {
    given([])
      .when(assessed({ assessorDivisionCode: '141100' }))
      .then('assessed');
    given([assessed({ assessorDivisionCode: '141100' })])
      .when(assessed({ assessorDivisionCode: '140000', share: 0.1 }))
      .then('assessed', (s) => {
        expect(s.context.assessments.map((a) => a.assessorDivisionCode)).toEqual(['141100', '140000']);
      });
    given([])
      .when(assessed({ assessorDivisionCode: '141181' }))
      .rejected();
    given([assessed({ assessorDivisionCode: '141100' })])
      .when(assessed({ assessorDivisionCode: '141181' }))
      .rejected();
    given([assessed()])
      .when(assessed({ assessorDivisionCode: '141182' }))
      .rejected();
  });
});
