import { historicalBatchMachine } from '@landcase/lifecycle';
import { executeCommand } from '@landcase/service-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { handleBatchEvent } from '../reactions/batch-historical-clues.ts';
import { clueBody, eventually, type Harness, harness, NOW } from '../test-harness.ts';

// Historical cases (遗留, seed 004 §(六)2): a ledger per parcel classed by time node, handled in
// batches with a disposition and a due date, each clue settled, the batch then recorded complete.

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

const historicalVerdict = (occupiedSince: string) => ({
  verdict: 'historical',
  areaMu: 3.2,
  landClass: 'farmland',
  ongoing: false,
  occupiedSince,
});

async function historicalClue(ref: string, occupiedSince: string, divisionCode = '141181'): Promise<string> {
  const grid = await h.token('grid', ['officer'], divisionCode);
  const reported = await h.post('/detection/clues', grid, clueBody({ externalRef: ref, divisionCode }));
  const caseId = reported.body.caseId as string;
  // The bureau of the clue's own county verifies it.
  const verified = await h.post(
    `/detection/clues/${caseId}/verification`,
    await h.token('nrb', ['officer'], divisionCode),
    historicalVerdict(occupiedSince),
  );
  expect(verified.status).toBe(200);
  return caseId;
}

const ledger = (query: string) => h.get(`/detection/historical?${query}`, nrb);
const clueState = async (caseId: string) => (await h.get(`/detection/clues/${caseId}`, nrb)).body.state;
const FUTURE = '2026-12-31T18:00:00+08:00';

describe('verification with a historical verdict', () => {
  it('records the day the occupation began', async () => {
    const caseId = await historicalClue('H-1', '1995-06-01');
    const clue = await h.get(`/detection/clues/${caseId}`, nrb);
    expect(clue.body).toMatchObject({
      state: 'verified.historical',
      verification: { verdict: 'historical', occupiedSince: '1995-06-01' },
    });
  });

  it.each([
    [{ verdict: 'historical', areaMu: 1, landClass: 'farmland', ongoing: false }, 'required'],
    [{ ...historicalVerdict('1995-02-30') }, 'not a calendar date'],
    [{ ...historicalVerdict('2026-03-06') }, 'after today'],
    [
      { verdict: 'no_change', areaMu: 1, landClass: 'farmland', ongoing: false, occupiedSince: '1995-01-01' },
      'only',
    ],
  ])('answers 400 naming /occupiedSince for %j and appends nothing', async (body, reason) => {
    const grid = await h.token('grid');
    const caseId = (await h.post('/detection/clues', grid, clueBody({ externalRef: 'H-bad' }))).body.caseId;
    const res = await h.post(`/detection/clues/${caseId}/verification`, nrb, body);
    expect(res.status).toBe(400);
    const error = res.body.errors.find((e: { path: string }) => e.path === '/occupiedSince');
    expect(error.reason).toContain(reason);
    expect(await h.store.readStream(`detection.clue-${caseId}`)).toHaveLength(1);
  });
});

describe('GET /detection/historical', () => {
  it('lists one entry per historical clue of the division with its time-node class, oldest first', async () => {
    const old = await historicalClue('H-old', '1985-04-01');
    const mid = await historicalClue('H-mid', '1990-08-15');
    const edge = await historicalClue('H-edge', '1999-01-01');
    await historicalClue('H-other', '1990-01-01', '141182');
    await eventually(async () => ((await ledger('divisionCode=141181')).body.total === 3 ? true : undefined));
    const all = await ledger('divisionCode=141181');
    expect(all.body.timeNodes).toEqual(['1987-01-01', '1999-01-01']);
    expect(all.body.items.map((e: { caseId: string; timeNode: string }) => [e.caseId, e.timeNode])).toEqual([
      [old, 'before-1987-01-01'],
      [mid, '1987-01-01-to-1999-01-01'],
      [edge, 'from-1999-01-01'],
    ]);
    expect(all.body.items[0]).toMatchObject({
      state: 'verified.historical',
      landClass: 'farmland',
      areaMu: 3.2,
      occupiedSince: '1985-04-01',
      batchId: null,
    });
    const one = await ledger('divisionCode=141181&timeNode=1987-01-01-to-1999-01-01');
    expect(one.body.items.map((e: { caseId: string }) => e.caseId)).toEqual([mid]);
  });

  it('is read within the division and those above it, by the bureau and the auditor: 403 otherwise', async () => {
    await historicalClue('H-own', '1990-01-01');
    await eventually(async () => ((await ledger('divisionCode=141181')).body.total === 1 ? true : undefined));
    for (const [agency, division] of [
      ['nrb', '141100'],
      ['nrb', '140000'],
      ['audit', '141181'],
    ] as const) {
      const res = await h.get(
        '/detection/historical?divisionCode=141181',
        await h.token(agency, ['officer'], division),
      );
      expect(res.status, `${agency} of ${division}`).toBe(200);
      expect(res.body.total).toBe(1);
    }
    for (const [agency, division] of [
      ['nrb', '141182'],
      ['nrb', '150000'],
      ['gov', '141181'],
      ['grid', '141181'],
    ] as const) {
      const res = await h.get(
        '/detection/historical?divisionCode=141181',
        await h.token(agency, ['officer'], division),
      );
      expect(res.status, `${agency} of ${division}`).toBe(403);
      expect(res.body.rule).toMatchObject({ id: 'detection.historical.ledger' });
    }
    // A county reads its own ledger, not the city's.
    const city = await ledger('divisionCode=141100');
    expect(city.status).toBe(403);
    expect(city.body.rule).toMatchObject({ id: 'detection.historical.ledger' });
  });

  it('answers 400 for an unknown time-node class', async () => {
    const res = await ledger('divisionCode=141181&timeNode=before-1950-01-01');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('/timeNode');
  });
});

describe('historical batches', () => {
  it('takes a time-node class into a batch, settles each clue, and is recorded complete after the last', async () => {
    const a = await historicalClue('H-a', '1990-01-01');
    const b = await historicalClue('H-b', '1995-01-01');
    const newer = await historicalClue('H-c', '2005-01-01');
    await eventually(async () => ((await ledger('divisionCode=141181')).body.total === 3 ? true : undefined));

    const opened = await h.post('/detection/historical-batches', head, {
      divisionCode: '141181',
      timeNode: '1987-01-01-to-1999-01-01',
      disposition: 'regularise',
      dueBy: FUTURE,
    });
    expect(opened.status).toBe(201);
    const batchId = opened.body.id as string;
    expect(opened.body).toMatchObject({
      state: 'open',
      clueIds: [a, b],
      disposition: 'regularise',
      timeNode: '1987-01-01-to-1999-01-01',
      dueBy: '2026-12-31T10:00:00.000Z',
      openedAt: NOW.toISOString(),
      progress: { clues: 2, settled: 0, withdrawn: 0 },
    });

    // The clues learn of their batch by themselves; the one of another class stays in the ledger.
    await eventually(async () => ((await clueState(b)) === 'verified.batched' ? true : undefined));
    expect(await clueState(a)).toBe('verified.batched');
    expect(await clueState(newer)).toBe('verified.historical');
    const batched = (await h.store.readStream(`detection.clue-${a}`)).at(-1)!;
    expect(batched).toMatchObject({
      type: 'HistoricalBatched',
      data: {
        batchId,
        disposition: 'regularise',
        divisionCode: '141181',
        landClass: 'farmland',
        areaMu: 3.2,
      },
      metadata: { actor: 'nrb:system:detection' },
    });

    const settled = await h.post(`/detection/clues/${a}/historical-outcome`, nrb, {
      note: 'land-use formalities completed',
      documentRef: '晋政地〔2026〕31号',
    });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({
      state: 'verified.settled',
      historical: {
        batchId,
        settled: { note: 'land-use formalities completed', documentRef: '晋政地〔2026〕31号' },
      },
    });
    await eventually(async () => {
      const batch = await h.get(`/detection/historical-batches/${batchId}`, nrb);
      return batch.body.progress.settled === 1 ? true : undefined;
    });
    expect((await h.get(`/detection/historical-batches/${batchId}`, nrb)).body.state).toBe('underway');

    // One clue still open: the head may not record the batch complete (422 naming it).
    const early = await h.post(`/detection/historical-batches/${batchId}/completion`, head, {});
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: { id: 'historical.batch.completion' }, openClues: [b] });

    await h.post(`/detection/clues/${b}/historical-outcome`, nrb, { note: 'done' });
    await eventually(async () => {
      const batch = await h.get(`/detection/historical-batches/${batchId}`, nrb);
      return batch.body.progress.settled === 2 ? batch : undefined;
    });
    // Every clue closed: the batch waits for the head, not completing by itself.
    expect((await h.get(`/detection/historical-batches/${batchId}`, nrb)).body.state).toBe('underway');
    const completed = await h.post(`/detection/historical-batches/${batchId}/completion`, head, {});
    expect(completed.status).toBe(200);
    const batch = await h.get(`/detection/historical-batches/${batchId}`, nrb);
    expect(batch.body).toMatchObject({
      state: 'completed',
      progress: { clues: 2, settled: 2, withdrawn: 0 },
      completedAt: NOW.toISOString(),
    });
    expect((await ledger('divisionCode=141181&timeNode=1987-01-01-to-1999-01-01')).body.items).toMatchObject([
      { caseId: a, state: 'verified.settled', batchId },
      { caseId: b, state: 'verified.settled', batchId },
    ]);
  });

  it('is idempotent under redelivery: each clue batched once, each settlement counted once', async () => {
    const a = await historicalClue('H-r1', '1990-01-01');
    const opened = await h.post('/detection/historical-batches', head, {
      divisionCode: '141181',
      clueIds: [a],
      disposition: 'confiscate',
      dueBy: FUTURE,
    });
    const batchId = opened.body.id as string;
    await eventually(async () => ((await clueState(a)) === 'verified.batched' ? true : undefined));
    await h.post(`/detection/clues/${a}/historical-outcome`, nrb, { note: 'confiscated' });
    await eventually(async () =>
      (await h.get(`/detection/historical-batches/${batchId}`, nrb)).body.progress.settled === 1
        ? true
        : undefined,
    );
    // The same facts delivered again.
    const [batchOpened] = await h.store.readStream(`detection.historical-batch-${batchId}`);
    const settledEvent = (await h.store.readStream(`detection.clue-${a}`)).at(-1)!;
    for (const stored of [batchOpened!, settledEvent]) {
      await handleBatchEvent(h.ctx('detection'), {
        id: stored.id,
        type: `landcase.detection.${stored.type}.v1`,
        data: stored.data,
      } as never);
    }
    expect((await h.store.readStream(`detection.clue-${a}`)).map((e) => e.type)).toEqual([
      'ClueReported',
      'ClueVerified',
      'HistoricalBatched',
      'HistoricalSettled',
    ]);
    expect((await h.store.readStream(`detection.historical-batch-${batchId}`)).map((e) => e.type)).toEqual([
      'HistoricalBatchOpened',
      'HistoricalBatchClueSettled',
    ]);
  });

  it('lets go of a clue that a batch opened at the same moment took first, and is completed without it', async () => {
    const shared = await historicalClue('H-s1', '1990-01-01');
    const own = await historicalClue('H-s2', '1990-01-01');
    const first = await h.post('/detection/historical-batches', head, {
      divisionCode: '141181',
      clueIds: [shared],
      disposition: 'regularise',
      dueBy: FUTURE,
    });
    await eventually(async () => ((await clueState(shared)) === 'verified.batched' ? true : undefined));
    // A second batch whose check ran before the first took the clue: written as the route would.
    const second = 'HB-141181-raced';
    await executeCommand(h.ctx('detection'), {
      streamId: `detection.historical-batch-${second}`,
      caseId: second,
      machine: historicalBatchMachine,
      actor: { sub: 'nrb-user', agency: 'nrb', division: '141181', roles: ['officer', 'head'] },
      expected: 'no_stream',
      decide: () => [
        {
          type: 'HistoricalBatchOpened',
          data: {
            caseId: second,
            batchId: second,
            divisionCode: '141181',
            clueIds: [shared, own],
            disposition: 'confiscate',
            dueBy: '2026-12-31T10:00:00.000Z',
            openedAt: NOW.toISOString(),
          },
        },
      ],
    });
    const withdrawn = await eventually(async () => {
      const batch = await h.get(`/detection/historical-batches/${second}`, nrb);
      return batch.body.progress.withdrawn === 1 ? batch.body : undefined;
    });
    expect(withdrawn.withdrawn).toMatchObject([
      { clueId: shared, reason: `taken by batch ${first.body.id}` },
    ]);
    await eventually(async () => ((await clueState(own)) === 'verified.batched' ? true : undefined));
    // The shared clue stays with the batch that took it.
    const sharedClue = await h.get(`/detection/clues/${shared}`, nrb);
    expect(sharedClue.body.historical.batchId).toBe(first.body.id);
    await h.post(`/detection/clues/${own}/historical-outcome`, nrb, { note: 'confiscated' });
    await eventually(async () =>
      (await h.get(`/detection/historical-batches/${second}`, nrb)).body.progress.settled === 1
        ? true
        : undefined,
    );
    // The withdrawn clue is no longer the batch's: settled and withdrawn, it may be completed.
    const completed = await h.post(`/detection/historical-batches/${second}/completion`, head, {});
    expect(completed.status).toBe(200);
    expect(completed.body.state).toBe('completed');
    expect((await h.get(`/detection/historical-batches/${second}`, nrb)).body.progress).toEqual({
      clues: 2,
      settled: 1,
      withdrawn: 1,
    });
  });

  it('refuses clues that are not waiting in the ledger of the division, naming each, and writes nothing', async () => {
    const ok = await historicalClue('H-ok', '1990-01-01');
    const elsewhere = await historicalClue('H-else', '1990-01-01', '141182');
    const grid = await h.token('grid');
    const illegal = (await h.post('/detection/clues', grid, clueBody({ externalRef: 'H-ill' }))).body.caseId;
    const before = (await h.all()).length;
    const res = await h.post('/detection/historical-batches', head, {
      divisionCode: '141181',
      clueIds: [ok, elsewhere, illegal, 'LC-none'],
      disposition: 'demolish_restore',
      dueBy: FUTURE,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '/clueIds/1',
      '/clueIds/2',
      '/clueIds/3',
    ]);
    expect((await h.all()).length).toBe(before);
  });

  it.each([
    [{ divisionCode: '141181', disposition: 'regularise', dueBy: FUTURE }, '/clueIds'],
    [
      {
        divisionCode: '141181',
        clueIds: ['x'],
        timeNode: 'from-1999-01-01',
        disposition: 'regularise',
        dueBy: FUTURE,
      },
      '/clueIds',
    ],
    [
      {
        divisionCode: '141181',
        clueIds: ['x'],
        disposition: 'regularise',
        dueBy: '2026-03-01T00:00:00+08:00',
      },
      '/dueBy',
    ],
    [
      {
        divisionCode: '141181',
        clueIds: ['x'],
        disposition: 'regularise',
        // 10000-01-01T23:58:59Z: the body's offset is valid, its instant in UTC has no RFC 3339 year.
        dueBy: '9999-12-31T23:59:59-23:59',
      },
      '/dueBy',
    ],
    [{ divisionCode: '141181', clueIds: ['x'], disposition: 'pardon', dueBy: FUTURE }, '/disposition'],
    [
      { divisionCode: '141181', timeNode: 'from-1999-01-01', disposition: 'regularise', dueBy: FUTURE },
      '/timeNode',
    ],
  ])('answers 400 for %j naming %s', async (body, path) => {
    const res = await h.post('/detection/historical-batches', head, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('is opened by the bureau head only, and the same Idempotency-Key gives the same batch', async () => {
    const a = await historicalClue('H-k', '1990-01-01');
    const body = { divisionCode: '141181', clueIds: [a], disposition: 'regularise', dueBy: FUTURE };
    expect((await h.post('/detection/historical-batches', nrb, body)).status).toBe(403);
    expect(
      (await h.post('/detection/historical-batches', await h.token('gov', ['officer', 'head']), body)).status,
    ).toBe(403);
    const first = await h.post('/detection/historical-batches', head, body, {
      'idempotency-key': 'batch-2026-1',
    });
    const again = await h.post('/detection/historical-batches', head, body, {
      'idempotency-key': 'batch-2026-1',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
  });

  it('is opened by the head of the county itself: 403 to the city above and a neighbour, and hidden from them once open', async () => {
    const a = await historicalClue('H-s', '1990-01-01');
    const body = { divisionCode: '141181', clueIds: [a], disposition: 'regularise', dueBy: FUTURE };
    for (const division of ['141100', '141182', '150000']) {
      const res = await h.post(
        '/detection/historical-batches',
        await h.token('nrb', ['officer', 'head'], division),
        body,
      );
      expect(res.status, division).toBe(403);
      expect(res.body.rule).toMatchObject({ id: 'detection.historical-batch.open' });
    }
    const opened = await h.post('/detection/historical-batches', head, body);
    expect(opened.status).toBe(201);
    const url = `/detection/historical-batches/${opened.body.id}`;
    // The city above reads it; a neighbour, another province and other agencies do not see it.
    expect((await h.get(url, await h.token('nrb', ['officer'], '141100'))).status).toBe(200);
    expect((await h.get(url, await h.token('audit', ['auditor'], '141181'))).status).toBe(200);
    for (const [agency, division] of [
      ['nrb', '141182'],
      ['nrb', '150000'],
      ['gov', '141181'],
    ] as const) {
      const res = await h.get(url, await h.token(agency, ['officer'], division));
      expect(res.status, `${agency} of ${division}`).toBe(404);
      expect(res.body.detail).toBe(`no historical batch ${opened.body.id}`);
    }
    // Its clues' outcomes are the county's to record.
    const outcome = await h.post(
      `/detection/clues/${a}/historical-outcome`,
      await h.token('nrb', ['officer'], '141100'),
      { note: 'done' },
    );
    expect(outcome.status).toBe(403);
    expect(outcome.body.rule).toMatchObject({ id: 'detection.clue.historical-outcome' });
  });

  it('refuses an outcome for a clue in no batch with 409', async () => {
    const a = await historicalClue('H-nb', '1990-01-01');
    const res = await h.post(`/detection/clues/${a}/historical-outcome`, nrb, { note: 'done' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      currentState: 'verified.historical',
      allowedEvents: ['HistoricalBatched'],
    });
  });
});
