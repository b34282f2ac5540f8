import { loadCalendar } from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { caseFields } from '../case.ts';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { decideStopConfirmation } from './stop-confirmation.ts';

commandContract({
  path: 'stop-confirmation',
  history: afterSteps(2),
  body: { stopped: true, observedAt: '2026-03-04T10:00:00+08:00' },
  event: { type: 'StopConfirmed', data: { stopped: true, observedAt: '2026-03-04T10:00:00+08:00' } },
  state: 'stopped',
  bad: [
    ['a missing field', { observedAt: '2026-03-04T10:00:00+08:00' }, '/stopped'],
    ['a wrong type', { stopped: 'true', observedAt: '2026-03-04T10:00:00+08:00' }, '/stopped'],
    ['a time without offset', { stopped: true, observedAt: '2026-03-04T10:00:00' }, '/observedAt'],
  ],
  tooEarly: { history: afterSteps(1), state: 'opened' },
});

describe('stop confirmation', () => {
  it('records a refusal to stop, which the case keeps', () => {
    const events = decideStopConfirmation({
      caseId: 'c',
      body: { stopped: false, observedAt: '2026-03-04T10:00:00+08:00' },
      case: caseFields([{ type: 'CaseOpened', data: { caseId: 'c' } }])!,
      now: new Date('2026-03-04T11:00:00+08:00'),
      calendar: loadCalendar(),
      actor: { sub: 'nrb-user', agency: 'nrb', division: '141181', roles: ['officer'] },
    });
    expect(events).toEqual([
      {
        type: 'StopConfirmed',
        data: { caseId: 'c', stopped: false, observedAt: '2026-03-04T10:00:00+08:00' },
      },
    ]);
  });
});
