import { clueMachine, loadCalendar, RULE_SET } from '@landcase/lifecycle';
import { type DeadlineScheduler, startDeadlineScheduler } from '@landcase/service-kit';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { clueBody } from '../test-harness.ts';

// Each hop down the hierarchy has its own 5 days (seed 000 §(四)): province → city from the report
// at the province, city → county from the dispatch that reached the city. A county verifies.

const RULE = 'deadline.clue.dispatch';
let sys: TestSystem;
let scheduler: DeadlineScheduler;
beforeEach(async () => {
  // Monday 2 March 2026, 10:00 in Beijing.
  sys = await startTestSystem(detectionModule, '2026-03-02T02:00:00.000Z');
  scheduler = await startDeadlineScheduler(sys.ctx, {
    machine: clueMachine,
    aggregate: 'clue',
    calendar: loadCalendar(),
    runAtStart: false,
  });
});
afterEach(async () => {
  await scheduler.stop();
  await sys.stop();
});

const as = async (division: string) => {
  const token = await sys.token('nrb', ['officer'], division);
  return async (url: string, body: unknown) =>
    (
      await sys.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}` },
        payload: body as object,
      })
    ).json();
};
const streamOf = (caseId: string) => sys.store.readStream(`detection.clue-${caseId}`);
const missedRules = async (caseId: string) =>
  (await streamOf(caseId))
    .filter((e) => e.type === 'DeadlineMissed')
    .map((e) => ({ deadlineId: e.data.deadlineId, rule: e.data.rule, dueAt: e.data.dueAt }));

describe(`${RULE}: 5 days a hop at the province and the city`, () => {
  it('misses the province → city hop at the end of its 5th day, not a millisecond before, and escalates it', async () => {
    const province = await as('140000');
    const { caseId } = await province('/detection/clues', clueBody({ divisionCode: '140000' }));
    // 2 March + 5 days = Saturday 7 March, a rest day: the period runs to Monday 9 March, 24:00.
    sys.clock.set('2026-03-09T15:59:59.998Z');
    await scheduler.tick();
    expect(await missedRules(caseId)).toEqual([]);
    sys.clock.set('2026-03-09T15:59:59.999Z');
    const tick = await scheduler.tick();
    expect(tick.missed.map((m) => m.deadlineId)).toEqual([`${RULE}@0`]);
    expect(await missedRules(caseId)).toEqual([
      { deadlineId: `${RULE}@0`, rule: RULE, dueAt: '2026-03-09T15:59:59.999Z' },
    ]);
    const missed = (await streamOf(caseId)).find((e) => e.type === 'DeadlineMissed')!;
    expect(missed.data).toMatchObject({ state: 'reported', source: RULE_SET.rules[RULE]!.source });
    // The reminder comes with the miss, reported above the province's own level: to itself.
    expect(tick.escalated).toMatchObject([{ deadlineId: `${RULE}@0`, rung: 'reminder' }]);
  });

  it('gives the city its own 5 days from the dispatch that reached it; the province hop stops there', async () => {
    const province = await as('140000');
    const { caseId } = await province('/detection/clues', clueBody({ divisionCode: '140000' }));
    // Dispatched on Thursday 5 March, 10:00: the city's count runs to Tuesday 10 March, 24:00.
    sys.clock.set('2026-03-05T02:00:00.000Z');
    await province(`/detection/clues/${caseId}/dispatch`, { toDivisionCode: '141100' });
    sys.clock.set('2026-03-10T15:59:59.998Z');
    await scheduler.tick();
    // The province's 9 March passed, but the clue had left it: nothing is missed yet.
    expect(await missedRules(caseId)).toEqual([]);
    sys.clock.set('2026-03-10T15:59:59.999Z');
    await scheduler.tick();
    expect(await missedRules(caseId)).toEqual([
      { deadlineId: `${RULE}@1`, rule: RULE, dueAt: '2026-03-10T15:59:59.999Z' },
    ]);
    const [escalation] = (await streamOf(caseId)).filter((e) => e.type === 'EscalationRaised');
    expect(escalation!.data).toMatchObject({
      rung: 'reminder',
      divisionCode: '141100',
      escalatedToDivisionCode: '140000',
    });
  });

  it('runs no dispatch deadline once the clue reached the county, nor for a clue reported there', async () => {
    const province = await as('140000');
    const city = await as('141100');
    const county = await as('141181');
    const sent = (await province('/detection/clues', clueBody({ divisionCode: '140000' }))).caseId;
    await province(`/detection/clues/${sent}/dispatch`, { toDivisionCode: '141100' });
    await city(`/detection/clues/${sent}/dispatch`, { toDivisionCode: '141181' });
    const own = (await county('/detection/clues', clueBody({ externalRef: 'county-own' }))).caseId;
    // 29 days on: every 5-day count would have passed; the 30-day verification has not.
    sys.clock.set('2026-03-31T02:00:00.000Z');
    const tick = await scheduler.tick();
    expect(tick.missed).toEqual([]);
    expect(await missedRules(sent)).toEqual([]);
    expect(await missedRules(own)).toEqual([]);
  });

  it('ends with the verdict: a clue verified at the city misses nothing after', async () => {
    const city = await as('141100');
    const { caseId } = await city('/detection/clues', clueBody({ divisionCode: '141100' }));
    await city(`/detection/clues/${caseId}/verification`, {
      verdict: 'no_change',
      areaMu: 6.2,
      landClass: 'pbf',
      ongoing: false,
    });
    sys.clock.set('2026-03-20T02:00:00.000Z');
    expect((await scheduler.tick()).missed).toEqual([]);
    expect(await missedRules(caseId)).toEqual([]);
  });
});
