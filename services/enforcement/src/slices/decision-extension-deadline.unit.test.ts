import { randomUUID } from 'node:crypto';
import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import { type DeadlineScheduler, startDeadlineScheduler } from '@landcase/service-kit';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream } from '../test-harness.ts';

// The scheduler on the service's own context, its clock moved by the test: once extended, the
// 90 days pass without a DeadlineMissed, and the extension's date is missed once, at that instant.

const caseId = 'LC-141181-20260302-0000d1e5';
/** Filed 6 March 2026: the 90 days end on Thursday 4 June, 24:00 in Beijing. */
const BASE_DUE = '2026-06-04T15:59:59.999Z';
const EXTENDED_UNTIL = '2026-07-31T18:00:00+08:00';

let sys: TestSystem;
let scheduler: DeadlineScheduler;
beforeEach(async () => {
  sys = await startTestSystem(enforcementModule, '2026-03-10T02:00:00.000Z');
  scheduler = await startDeadlineScheduler(sys.ctx, {
    machine: enforcementCaseMachine,
    aggregate: 'case',
    calendar: loadCalendar(),
    runAtStart: false,
  });
});
afterEach(async () => {
  await scheduler.stop();
  await sys.stop();
});

const missed = async () =>
  (await sys.store.readStream(caseStream(caseId))).filter((e) => e.type === 'DeadlineMissed');

/** The case filed and heard, waiting for the decision (revisions 0-5; CaseFiled is 3). */
async function seedHeard(): Promise<void> {
  await sys.store.append(
    caseStream(caseId),
    afterSteps(6)(caseId).map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data,
      metadata: { caseId, actor: 'nrb:seed', division: '141181', correlationId: caseId, causationId: caseId },
    })),
    'no_stream',
  );
}

async function extend(extendedUntil: string): Promise<void> {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/enforcement/cases/${caseId}/decision-extension`,
    headers: { authorization: `Bearer ${await sys.token('nrb', ['head'])}` },
    payload: { extendedUntil, reason: 'appraisal of the buildings not yet returned' },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe('the decision deadline once the period is extended', () => {
  it('no longer misses the 90 days, and misses the extended date once, at that instant', async () => {
    await seedHeard();
    await extend(EXTENDED_UNTIL);

    sys.clock.set('2026-06-10T00:00:00.000Z');
    await scheduler.tick();
    expect(await missed()).toEqual([]);

    sys.clock.set(new Date(Date.parse(EXTENDED_UNTIL) - 1).toISOString());
    await scheduler.tick();
    expect(await missed()).toEqual([]);

    sys.clock.set(new Date(EXTENDED_UNTIL).toISOString());
    await scheduler.tick();
    await scheduler.tick();
    const [only, ...more] = await missed();
    expect(more).toEqual([]);
    expect(only!.data).toEqual({
      caseId,
      deadlineId: 'deadline.case.decide-extended@6',
      state: 'investigation',
      dueAt: new Date(EXTENDED_UNTIL).toISOString(),
      rule: 'deadline.case.decide-extended',
      source: expect.stringContaining('Administrative Penalty Law art. 60'),
    });
  });

  it('misses the 90 days when nothing was extended', async () => {
    await seedHeard();
    sys.clock.set(BASE_DUE);
    await scheduler.tick();
    expect((await missed()).map((e) => e.data.deadlineId)).toEqual(['deadline.case.decide@3']);
  });

  it('starts a new deadline with a later extension, and misses only that one', async () => {
    await seedHeard();
    await extend(EXTENDED_UNTIL);
    await extend('2026-09-30T18:00:00+08:00');
    sys.clock.set('2026-08-15T00:00:00.000Z');
    await scheduler.tick();
    expect(await missed()).toEqual([]);
    sys.clock.set('2026-09-30T10:00:00.000Z');
    await scheduler.tick();
    expect((await missed()).map((e) => e.data.deadlineId)).toEqual(['deadline.case.decide-extended@7']);
  });
});
