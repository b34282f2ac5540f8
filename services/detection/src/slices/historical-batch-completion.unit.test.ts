import { randomUUID } from 'node:crypto';
import { type CloudEvent, PROBLEM_BASE, sourceOf, topicOf, typeOf } from '@landcase/contracts';
import { RULE_SET } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { clueBody, eventually, type Harness, harness, illegalVerdict, NOW } from '../test-harness.ts';

// A batch completes only once every case in it is closed or accepted (seed 004 §(六)2); the clues of
// a batch to be demolished and restored are closed by the joint acceptance of their land, which the
// remediation service announces on its topic (RemediationAccepted), never by hand.

let h: Harness;
let nrb: string;
let head: string;
beforeEach(async () => {
  h = await harness([detectionModule]);
  await h.startBackground();
  nrb = await h.token('nrb');
  head = await h.token('nrb', ['officer', 'head']);
});
afterEach(() => h.close());

const FUTURE = '2026-12-31T18:00:00+08:00';
const clueStream = (caseId: string) => h.store.readStream(`detection.clue-${caseId}`);
const batchStream = (batchId: string) => h.store.readStream(`detection.historical-batch-${batchId}`);
const batchOf = async (batchId: string) =>
  (await h.get(`/detection/historical-batches/${batchId}`, nrb)).body;
const complete = (batchId: string, token = head) =>
  h.post(`/detection/historical-batches/${batchId}/completion`, token, {});

async function historicalClue(ref: string): Promise<string> {
  const caseId = (await h.post('/detection/clues', nrb, clueBody({ externalRef: ref }))).body
    .caseId as string;
  const verified = await h.post(`/detection/clues/${caseId}/verification`, nrb, {
    verdict: 'historical',
    areaMu: 3.2,
    landClass: 'farmland',
    ongoing: false,
    occupiedSince: '1995-06-01',
  });
  expect(verified.status).toBe(200);
  return caseId;
}

async function batch(clueIds: string[], disposition: string): Promise<string> {
  const opened = await h.post('/detection/historical-batches', head, {
    divisionCode: '141181',
    clueIds,
    disposition,
    dueBy: FUTURE,
  });
  expect(opened.status).toBe(201);
  for (const clueId of clueIds) {
    await eventually(`${clueId} batched`, async () =>
      (await clueStream(clueId)).at(-1)?.type === 'HistoricalBatched' ? true : undefined,
    );
  }
  return opened.body.id as string;
}

/** The remediation service's RemediationAccepted, as its relay puts it on its topic. */
async function remediationAccepted(
  caseId: string,
  acceptedAt: string,
  id = randomUUID(),
): Promise<CloudEvent> {
  const event: CloudEvent = {
    specversion: '1.0',
    id,
    source: sourceOf('remediation'),
    type: typeOf('remediation', 'RemediationAccepted'),
    subject: caseId,
    time: acceptedAt,
    datacontenttype: 'application/json',
    data: { caseId, acceptedAt },
    actor: 'agri:agri-user',
    division: '141181',
    correlationid: randomUUID(),
    causationid: randomUUID(),
  };
  await h.bus.publish(topicOf('remediation'), [{ key: caseId, event }]);
  return event;
}

describe('POST /detection/historical-batches/{batchId}/completion', () => {
  it('is refused with 422 listing every clue still open, appending nothing, until the last is closed', async () => {
    const a = await historicalClue('C-a');
    const b = await historicalClue('C-b');
    const c = await historicalClue('C-c');
    const batchId = await batch([a, b, c], 'regularise');

    const none = await complete(batchId);
    expect(none.status).toBe(422);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.body).toMatchObject({
      type: `${PROBLEM_BASE}rule-violation`,
      rule: {
        id: 'historical.batch.completion',
        source: RULE_SET.rules['historical.batch.completion']!.source,
      },
      openClues: [a, b, c],
    });

    await h.post(`/detection/clues/${a}/historical-outcome`, nrb, { note: 'formalities completed' });
    await h.post(`/detection/clues/${c}/historical-outcome`, nrb, { note: 'formalities completed' });
    await eventually(async () => ((await batchOf(batchId)).progress.settled === 2 ? true : undefined));
    const oneLeft = await complete(batchId);
    expect(oneLeft.status).toBe(422);
    expect(oneLeft.body.openClues).toEqual([b]);
    expect((await batchStream(batchId)).map((e) => e.type)).toEqual([
      'HistoricalBatchOpened',
      'HistoricalBatchClueSettled',
      'HistoricalBatchClueSettled',
    ]);

    await h.post(`/detection/clues/${b}/historical-outcome`, nrb, { note: 'formalities completed' });
    await eventually(async () => ((await batchOf(batchId)).progress.settled === 3 ? true : undefined));
    const done = await complete(batchId);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'completed', completedAt: NOW.toISOString() });
    expect((await batchStream(batchId)).at(-1)).toMatchObject({
      type: 'HistoricalBatchCompleted',
      metadata: { actor: 'nrb:nrb-user' },
    });
    // Once: a second completion is an illegal transition.
    const again = await complete(batchId);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ currentState: 'completed' });
  });

  it("is the county bureau head's: 403 to an officer and to the city, 404 to a neighbour", async () => {
    const a = await historicalClue('C-p');
    const batchId = await batch([a], 'confiscate');
    await h.post(`/detection/clues/${a}/historical-outcome`, nrb, { note: 'confiscated' });
    await eventually(async () => ((await batchOf(batchId)).progress.settled === 1 ? true : undefined));
    const officer = await complete(batchId, nrb);
    expect(officer.status).toBe(403);
    expect(officer.body.rule).toMatchObject({ id: 'detection.historical-batch.completion' });
    expect((await complete(batchId, await h.token('nrb', ['officer', 'head'], '141100'))).status).toBe(403);
    expect((await complete(batchId, await h.token('nrb', ['officer', 'head'], '141182'))).status).toBe(404);
    expect((await complete(batchId, await h.token('audit', ['auditor'], '141181'))).status).toBe(403);
    expect((await complete('HB-141181-none')).status).toBe(404);
    expect((await complete(batchId, head)).status).toBe(200);
  });

  it('refuses a body with fields it does not take: 400, appending nothing', async () => {
    const batchId = await batch([await historicalClue('C-v')], 'regularise');
    const res = await h.post(`/detection/historical-batches/${batchId}/completion`, head, { force: true });
    expect(res.status).toBe(400);
    expect((await batchStream(batchId)).map((e) => e.type)).toEqual(['HistoricalBatchOpened']);
  });
});

describe('a batch to be demolished and restored, settled by acceptance', () => {
  it('refuses an outcome recorded by hand with 422 historical.settled-by-acceptance, appending nothing', async () => {
    const a = await historicalClue('D-a');
    await batch([a], 'demolish_restore');
    const before = (await clueStream(a)).length;
    const res = await h.post(`/detection/clues/${a}/historical-outcome`, nrb, { note: 'demolished' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      type: `${PROBLEM_BASE}rule-violation`,
      rule: { id: 'historical.settled-by-acceptance' },
    });
    expect(await clueStream(a)).toHaveLength(before);
  });

  it('settles each clue from RemediationAccepted, once, and the batch completes after the last', async () => {
    const a = await historicalClue('D-b');
    const b = await historicalClue('D-c');
    const batchId = await batch([a, b], 'demolish_restore');
    const accepted = await remediationAccepted(a, '2026-06-20T10:00:00+08:00');
    await eventually('the clue settled', async () =>
      (await clueStream(a)).at(-1)?.type === 'HistoricalSettled' ? true : undefined,
    );
    expect((await clueStream(a)).at(-1)).toMatchObject({
      data: {
        batchId,
        disposition: 'demolish_restore',
        settledAt: '2026-06-20T10:00:00+08:00',
      },
      metadata: { actor: 'nrb:system:detection', causationId: accepted.id },
    });
    await eventually(async () => ((await batchOf(batchId)).progress.settled === 1 ? true : undefined));
    expect((await complete(batchId)).body.openClues).toEqual([b]);

    // Delivered again (another id, as a redriven copy would be): nothing more.
    await remediationAccepted(a, '2026-06-20T10:00:00+08:00');
    await remediationAccepted(b, '2026-06-21T10:00:00+08:00');
    await eventually(async () => ((await batchOf(batchId)).progress.settled === 2 ? true : undefined));
    expect((await clueStream(a)).filter((e) => e.type === 'HistoricalSettled')).toHaveLength(1);
    expect((await complete(batchId)).status).toBe(200);
  });

  it('leaves alone the acceptance of a case that is no batched historical clue', async () => {
    const illegal = (await h.post('/detection/clues', nrb, clueBody({ externalRef: 'I-1' }))).body.caseId;
    await h.post(`/detection/clues/${illegal}/verification`, nrb, illegalVerdict());
    const regularised = await historicalClue('R-1');
    await batch([regularised], 'regularise');
    const lengths = [(await clueStream(illegal)).length, (await clueStream(regularised)).length];
    await remediationAccepted(illegal, '2026-06-20T10:00:00+08:00');
    await remediationAccepted(regularised, '2026-06-20T10:00:00+08:00');
    await remediationAccepted('LC-141181-20260302-ffffffff', '2026-06-20T10:00:00+08:00');
    // A later event on the same topic is handled after them: by then they were.
    const marker = await historicalClue('D-m');
    await batch([marker], 'demolish_restore');
    await remediationAccepted(marker, '2026-06-22T10:00:00+08:00');
    await eventually(async () =>
      (await clueStream(marker)).at(-1)?.type === 'HistoricalSettled' ? true : undefined,
    );
    expect([(await clueStream(illegal)).length, (await clueStream(regularised)).length]).toEqual(lengths);
  });
});
