import { afterSteps, commandContract } from '../command-test-kit.ts';

commandContract({
  path: 'hearing',
  history: afterSteps(5),
  body: { requested: true, heldAt: '2026-03-20T09:30:00+08:00' },
  event: { type: 'HearingRecorded', data: { requested: true, heldAt: '2026-03-20T09:30:00+08:00' } },
  state: 'investigation.heard',
  bad: [
    ['a missing field', {}, '/requested'],
    ['a wrong type', { requested: 1 }, '/requested'],
    [
      'a date for a hearing nobody asked for',
      { requested: false, heldAt: '2026-03-20T09:30:00+08:00' },
      '/heldAt',
    ],
  ],
  tooEarly: { history: afterSteps(4), state: 'investigation.filed' },
});
