import { afterSteps, commandContract } from '../command-test-kit.ts';

commandContract({
  path: 'stop-order',
  history: afterSteps(1),
  body: { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-017' },
  event: {
    type: 'StopOrderServed',
    data: { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-017' },
  },
  state: 'stopOrdered',
  bad: [
    ['a missing field', { servedAt: '2026-03-03T10:00:00+08:00' }, '/documentRef'],
    ['a wrong type', { servedAt: 20260303, documentRef: 'FY-STOP-017' }, '/servedAt'],
    ['a time that is not RFC 3339', { servedAt: 'yesterday', documentRef: 'FY-STOP-017' }, '/servedAt'],
    ['an empty document number', { servedAt: '2026-03-03T10:00:00+08:00', documentRef: '' }, '/documentRef'],
    ['an unknown field', { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'x', extra: 1 }, '/extra'],
  ],
  tooEarly: { history: afterSteps(4), state: 'investigation.filed' },
});
