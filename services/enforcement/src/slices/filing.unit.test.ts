import { afterSteps, commandContract } from '../command-test-kit.ts';
import { PARTY } from '../test-harness.ts';

commandContract({
  path: 'filing',
  history: afterSteps(3),
  body: { filingNo: 'FY-LA-031', filedAt: '2026-03-06T10:00:00+08:00' },
  // Carries what referral needs to apply its thresholds, from the case.
  event: {
    type: 'CaseFiled',
    data: {
      filingNo: 'FY-LA-031',
      filedAt: '2026-03-06T10:00:00+08:00',
      divisionCode: '141181',
      landClass: 'pbf',
      areaMu: 6.2,
      party: PARTY,
    },
  },
  state: 'investigation.filed',
  bad: [
    ['a missing field', { filedAt: '2026-03-06T10:00:00+08:00' }, '/filingNo'],
    ['a wrong type', { filingNo: 31, filedAt: '2026-03-06T10:00:00+08:00' }, '/filingNo'],
  ],
  // An ongoing violation is filed once the stop is confirmed or refused, not while a stop order is out.
  tooEarly: { history: afterSteps(2), state: 'stopOrdered' },
});
