import { randomUUID } from 'node:crypto';
import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import { type DeadlineScheduler, startDeadlineScheduler } from '@landcase/service-kit';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusedByCourt } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream } from '../test-harness.ts';

// The scheduler on the service's own context, its clock moved by the test: the refusal itself
// runs no deadline; the appeal gives the higher court 30 days from appealedAt, missed once.

const caseId = 'LC-141181-20260302-0000a9eb';
const APPEALED_AT = '2026-08-25T10:00:00+08:00';

let sys: TestSystem;
let scheduler: DeadlineScheduler;
beforeEach(async () => {
  sys = await startTestSystem(enforcementModule, '2026-08-21T02:00:00.000Z');
  scheduler = await startDeadlineScheduler(sys.ctx, {
    machine: enforcementCaseMachine,
    aggregate: 'case',
    calendar: loadCalendar(),
    runAtStart: false,
  });
  await sys.store.append(
    caseStream(caseId),
    refusedByCourt(caseId).map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data,
      metadata: { caseId, actor: 'nrb:seed', division: '141181', correlationId: caseId, causationId: caseId },
    })),
    'no_stream',
  );
});
afterEach(async () => {
  await scheduler.stop();
  await sys.stop();
});

const missed = async () =>
  (await sys.store.readStream(caseStream(caseId))).filter((e) => e.type === 'DeadlineMissed');

async function appeal(): Promise<void> {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/enforcement/cases/${caseId}/court-appeal`,
    headers: { authorization: `Bearer ${await sys.token('nrb')}` },
    payload: { appealedAt: APPEALED_AT },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe("the higher court's 30 days on the bureau's appeal", () => {
  it('raises nothing while the refusal stands unappealed, past its 15 days', async () => {
    sys.clock.set('2026-10-01T00:00:00.000Z');
    await scheduler.tick();
    expect(await missed()).toEqual([]);
  });

  it('is missed once, at the end of the 30th day after the appeal, and not before', async () => {
    await appeal();
    // 30 calendar days from 25 August: to the end of 24 September in Beijing.
    sys.clock.set('2026-09-24T15:59:59.000Z');
    await scheduler.tick();
    expect(await missed()).toEqual([]);

    sys.clock.set('2026-09-24T16:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    const [only, ...more] = await missed();
    expect(more).toEqual([]);
    expect(only!.data).toMatchObject({
      caseId,
      deadlineId: 'deadline.court.appeal-ruling@10',
      state: 'courtAppeal',
      dueAt: '2026-09-24T15:59:59.999Z',
      rule: 'deadline.court.appeal-ruling',
      source: 'Administrative Compulsion Law art. 58',
    });
  });
});
