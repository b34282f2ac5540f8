import { detectionModule } from '@landcase/detection';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import { eventually, type Harness, harness } from '../test-harness.ts';

// Both services on one in-process bus with their relays: detection's verdict travels as a
// CloudEvent and enforcement opens the case by itself. Only the modules' public surfaces meet.

let h: Harness;
beforeEach(async () => {
  h = await harness([detectionModule, enforcementModule]);
  await h.startBackground();
});
afterEach(() => h.close());

it('opens the enforcement case after a clue is verified illegal, and none for a false positive', async () => {
  const nrb = await h.token('nrb');
  const parcel = {
    type: 'Polygon',
    coordinates: [
      [
        [111.79, 37.26],
        [111.7907, 37.26],
        [111.7907, 37.2606],
        [111.79, 37.2606],
        [111.79, 37.26],
      ],
    ],
  };
  const report = async (externalRef: string) => {
    const res = await h.post('/detection/clues', await h.token('grid'), {
      source: 'satellite',
      externalRef,
      divisionCode: '141181',
      landClass: 'pbf',
      parcel,
      observedAt: '2026-03-02T09:00:00+08:00',
    });
    expect(res.status).toBe(201);
    return res.body.caseId as string;
  };
  const falsePositive = await report('SX-1');
  const illegal = await report('SX-2');
  await h.post(`/detection/clues/${falsePositive}/verification`, nrb, {
    verdict: 'no_change',
    areaMu: 0,
    landClass: 'pbf',
    ongoing: false,
  });
  await h.post(`/detection/clues/${illegal}/verification`, nrb, {
    verdict: 'illegal',
    areaMu: 6.2,
    landClass: 'pbf',
    ongoing: true,
    party: { name: 'Li Ming', kind: 'person' },
  });

  const opened = await eventually('the case opened', async () => {
    const res = await h.get(`/enforcement/cases/${illegal}`, nrb);
    return res.status === 200 ? res.body : undefined;
  });
  expect(opened).toMatchObject({
    caseId: illegal,
    state: 'opened',
    areaMu: 6.2,
    party: { name: 'Li Ming', kind: 'person' },
    clueSource: 'satellite',
    discoveredAt: '2026-03-02T09:00:00+08:00',
  });
  // The false positive was verified first; by the time the later verdict opened its case, the
  // earlier one had been handled, and it opened nothing.
  expect((await h.get(`/enforcement/cases/${falsePositive}`, nrb)).status).toBe(404);
  const caseOpened = (await h.all()).filter((e) => e.type === 'CaseOpened');
  expect(caseOpened.map((e) => e.streamId)).toEqual([`enforcement.case-${illegal}`]);
});
