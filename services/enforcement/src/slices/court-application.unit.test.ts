import { afterSteps, commandContract } from '../command-test-kit.ts';

const nonCompliant = (caseId: string) => [
  ...afterSteps(7)(caseId),
  { type: 'ComplianceRecorded', data: { caseId, complied: false, observedAt: '2026-07-01T10:00:00+08:00' } },
];

commandContract({
  path: 'court-application',
  history: nonCompliant,
  body: { reminderServedAt: '2026-07-02T10:00:00+08:00', appliedAt: '2026-07-20T10:00:00+08:00' },
  event: {
    type: 'CourtApplicationFiled',
    data: { reminderServedAt: '2026-07-02T10:00:00+08:00', appliedAt: '2026-07-20T10:00:00+08:00' },
  },
  state: 'courtApplied',
  bad: [
    ['a missing field', { appliedAt: '2026-07-20T10:00:00+08:00' }, '/reminderServedAt'],
    ['a wrong type', { reminderServedAt: true, appliedAt: '2026-07-20T10:00:00+08:00' }, '/reminderServedAt'],
    [
      'an application before the reminder',
      { reminderServedAt: '2026-07-20T10:00:00+08:00', appliedAt: '2026-07-02T10:00:00+08:00' },
      '/appliedAt',
    ],
    [
      'a reminder in a year the business calendar cannot count',
      { reminderServedAt: '0001-01-01T00:00:00Z', appliedAt: '1900-01-01T00:00:00Z' },
      '/reminderServedAt',
    ],
  ],
  tooEarly: { history: afterSteps(7), state: 'decided' },
});
