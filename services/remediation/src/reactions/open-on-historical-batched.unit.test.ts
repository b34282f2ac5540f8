import type { CloudEvent } from '@landcase/contracts';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remediationModule } from '../index.ts';
import { handleHistoricalBatched } from './open-on-historical-batched.ts';

// A historical clue batched for demolition and restoration gets a remediation of its own.

let sys: TestSystem;
beforeEach(async () => {
  sys = await startTestSystem(remediationModule);
});
afterEach(() => sys.stop());

const CLUE = 'LC-141181-19950601-0a1b2c3d';
const batched = (disposition: string, caseId = CLUE) => ({
  caseId,
  batchId: 'HB-141181-0001',
  disposition,
  dueBy: '2026-10-31T10:00:00.000Z',
  divisionCode: '141181',
  landClass: 'farmland',
  areaMu: 3.2,
  batchedAt: '2026-03-10T02:00:00.000Z',
});
const stream = (caseId: string) => sys.store.readStream(`remediation.remediation-${caseId}`);

describe('remediation of historical cases batched for demolition', () => {
  it('opens one remediation due by the batch date, once under redelivery', async () => {
    const event = await sys.publish('detection', 'HistoricalBatched', batched('demolish_restore'));
    await eventually(async () => ((await stream(CLUE)).length > 0 ? true : undefined));
    await handleHistoricalBatched(sys.ctx, event as CloudEvent);
    const events = await stream(CLUE);
    expect(events.map((e) => e.type)).toEqual(['RemediationOpened']);
    expect(events[0]!.data).toEqual({
      caseId: CLUE,
      divisionCode: '141181',
      landClass: 'farmland',
      areaMu: 3.2,
      measures: ['demolish', 'restore'],
      dueBy: '2026-10-31T10:00:00.000Z',
    });
    expect(events[0]!.metadata).toMatchObject({ actor: 'nrb:system:remediation', causationId: event.id });
  });

  it('opens nothing for regularisation or confiscation', async () => {
    for (const [i, disposition] of ['regularise', 'confiscate'].entries()) {
      const event = await sys.publish('detection', 'HistoricalBatched', batched(disposition, `${CLUE}-${i}`));
      await handleHistoricalBatched(sys.ctx, event as CloudEvent);
      expect(await stream(`${CLUE}-${i}`)).toEqual([]);
    }
  });
});
