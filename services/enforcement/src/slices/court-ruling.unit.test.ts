import { afterSteps, commandContract, refusedByCourt } from '../command-test-kit.ts';

const applied = (caseId: string) => [
  ...afterSteps(7)(caseId),
  { type: 'ComplianceRecorded', data: { caseId, complied: false, observedAt: '2026-07-01T10:00:00+08:00' } },
  {
    type: 'CourtApplicationFiled',
    data: { caseId, reminderServedAt: '2026-07-02T10:00:00+08:00', appliedAt: '2026-07-20T10:00:00+08:00' },
  },
];

commandContract({
  path: 'court-ruling',
  agency: 'court',
  history: applied,
  body: { granted: true, rulingRef: 'FY-COURT-2026-9' },
  event: { type: 'CourtRuled', data: { granted: true, rulingRef: 'FY-COURT-2026-9' } },
  state: 'executed',
  bad: [
    ['a missing field', { granted: true }, '/rulingRef'],
    ['a wrong type', { granted: 'granted', rulingRef: 'R' }, '/granted'],
  ],
  // Once it has refused, the court sees the case but has no application before it.
  tooEarly: { history: refusedByCourt, state: 'courtRefused' },
});

commandContract({
  path: 'court-ruling',
  agency: 'court',
  history: applied,
  body: { granted: false, rulingRef: 'FY-COURT-2026-9' },
  event: { type: 'CourtRuled', data: { granted: false, rulingRef: 'FY-COURT-2026-9' } },
  state: 'courtRefused',
  bad: [],
  tooEarly: { history: refusedByCourt, state: 'courtRefused' },
});
