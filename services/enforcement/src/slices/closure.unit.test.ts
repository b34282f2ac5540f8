import { afterSteps, commandContract } from '../command-test-kit.ts';
import { NOW } from '../test-harness.ts';

commandContract({
  path: 'closure',
  history: afterSteps(9),
  body: { summary: 'demolished, re-cultivated, accepted; fine paid' },
  event: {
    type: 'CaseClosed',
    data: { summary: 'demolished, re-cultivated, accepted; fine paid', closedAt: NOW.toISOString() },
  },
  state: 'closed',
  bad: [
    ['a missing field', {}, '/summary'],
    ['an empty summary', { summary: '' }, '/summary'],
  ],
  // Closing needs the land restored.
  tooEarly: { history: afterSteps(8), state: 'executed' },
});
