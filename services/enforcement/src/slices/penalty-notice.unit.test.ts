import { afterSteps, commandContract } from '../command-test-kit.ts';

commandContract({
  path: 'penalty-notice',
  history: afterSteps(4),
  body: { measures: ['demolish', 'restore', 'fine'], noticeRef: 'FY-NOTICE-031' },
  event: {
    type: 'PenaltyNoticeServed',
    data: { measures: ['demolish', 'restore', 'fine'], noticeRef: 'FY-NOTICE-031' },
  },
  state: 'investigation.noticed',
  bad: [
    ['a missing field', { measures: ['demolish'] }, '/noticeRef'],
    ['an unknown measure', { measures: ['demolish', 'apologise'], noticeRef: 'N' }, '/measures/1'],
    ['no measure at all', { measures: [], noticeRef: 'N' }, '/measures'],
    ['a repeated measure', { measures: ['fine', 'fine'], noticeRef: 'N' }, '/measures'],
    ['a wrong type', { measures: 'demolish', noticeRef: 'N' }, '/measures'],
  ],
  tooEarly: { history: afterSteps(3), state: 'stopped' },
});
