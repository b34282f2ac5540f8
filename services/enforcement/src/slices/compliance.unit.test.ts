import { afterSteps, commandContract } from '../command-test-kit.ts';

commandContract({
  path: 'compliance',
  history: afterSteps(7),
  body: { complied: true, observedAt: '2026-05-20T10:00:00+08:00' },
  event: { type: 'ComplianceRecorded', data: { complied: true, observedAt: '2026-05-20T10:00:00+08:00' } },
  state: 'executed',
  bad: [
    ['a missing field', { complied: true }, '/observedAt'],
    ['a wrong type', { complied: 'no', observedAt: '2026-05-20T10:00:00+08:00' }, '/complied'],
  ],
  tooEarly: { history: afterSteps(6), state: 'investigation.heard' },
});

commandContract({
  path: 'compliance',
  history: afterSteps(7),
  body: { complied: false, observedAt: '2026-07-01T10:00:00+08:00' },
  event: { type: 'ComplianceRecorded', data: { complied: false, observedAt: '2026-07-01T10:00:00+08:00' } },
  state: 'nonCompliant',
  bad: [],
  tooEarly: { history: afterSteps(8), state: 'executed' },
});
