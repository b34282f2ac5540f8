import { eventually, squareParcel } from '../happy-path.ts';
import { type Driver, PathDivergence } from './replay.ts';
import type { Subject } from './routes.ts';

// A historical batch is no aggregate of the model's machines: the bureau opens it over clues that
// wait in the ledger, and it may be recorded complete once each of them is closed. This verifies a
// clue historical, takes it into a batch to regularise, settles it, and waits for the batch to count
// it, for the route that completes the batch.

let parcels = 0;

export type BatchSubject = Subject & { batchId?: string };

export async function settledBatch(driver: Driver, ref: string): Promise<BatchSubject> {
  parcels += 1;
  const reported = await driver.http('POST', '/detection/clues', {
    token: driver.tokens.grid,
    body: {
      source: 'patrol',
      externalRef: ref,
      divisionCode: '141181',
      landClass: 'farmland',
      parcel: squareParcel(112 + (parcels % 400) * 0.01, 38 + Math.floor(parcels / 400) * 0.01),
      observedAt: '2026-03-02T09:00:00+08:00',
    },
  });
  if (reported.status !== 201) throw new PathDivergence(`${ref}: report answered ${reported.status}`);
  const caseId = reported.body.caseId as string;
  const verified = await driver.http('POST', `/detection/clues/${caseId}/verification`, {
    token: driver.tokens.nrb,
    body: {
      verdict: 'historical',
      areaMu: 1.5,
      landClass: 'farmland',
      ongoing: false,
      occupiedSince: '1995-01-01',
    },
  });
  if (verified.status !== 200) throw new PathDivergence(`${ref}: verification answered ${verified.status}`);
  const opened = await driver.http('POST', '/detection/historical-batches', {
    token: driver.tokens.nrb,
    body: {
      divisionCode: '141181',
      clueIds: [caseId],
      disposition: 'regularise',
      dueBy: '2099-12-31T10:00:00.000Z',
    },
  });
  if (opened.status !== 201) throw new PathDivergence(`${ref}: the batch answered ${opened.status}`);
  const batchId = opened.body.id as string;
  await eventually(`${ref} settled`, async () => {
    const settled = await driver.http('POST', `/detection/clues/${caseId}/historical-outcome`, {
      token: driver.tokens.nrb,
      body: { note: 'formalities completed' },
    });
    return settled.status === 200 ? true : undefined;
  });
  await eventually(`the batch of ${ref} counts its clue`, async () => {
    const batch = await driver.http('GET', `/detection/historical-batches/${batchId}`, {
      token: driver.tokens.nrb,
    });
    return batch.body?.progress?.settled === 1 ? true : undefined;
  });
  return { ref, caseId, batchId };
}
