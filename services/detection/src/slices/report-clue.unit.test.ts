import { areaMu, PROBLEM_BASE } from '@landcase/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { clueBody, eventually, type Harness, harness, pathsOf, squareParcel } from '../test-harness.ts';

let h: Harness;
let grid: string;
beforeEach(async () => {
  h = await harness([detectionModule]);
  grid = await h.token('grid');
});
afterEach(() => h.close());

describe('POST /detection/clues', () => {
  it('reports a clue: 201 with the clue, its computed area and an ETag; one ClueReported stored', async () => {
    const res = await h.post('/detection/clues', grid, clueBody());
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"0"');
    expect(res.headers.location).toBe(`/detection/clues/${res.body.caseId}`);
    expect(res.body).toMatchObject({
      id: res.body.caseId,
      state: 'reported',
      revision: 0,
      source: 'satellite',
      externalRef: 'SX-2026-03-000017',
      divisionCode: '141181',
      landClass: 'pbf',
      areaMu: areaMu(squareParcel()),
      evidence: [{ uri: 'https://sweep.example/2026-03/tile-17.tif', sha256: 'a'.repeat(64) }],
    });
    expect(res.body.areaMu).toBeGreaterThan(6);
    expect(res.body.areaMu).toBeLessThan(6.4);

    const events = await h.all();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      streamId: `detection.clue-${res.body.caseId}`,
      type: 'ClueReported',
      data: { caseId: res.body.caseId, areaMu: res.body.areaMu },
      metadata: { caseId: res.body.caseId, actor: 'grid:grid-user', division: '141181' },
    });

    const read = await h.get(`/detection/clues/${res.body.caseId}`, grid);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"0"');
    // The read is the reply, and says what its reader may issue now: the grid, nothing more on it.
    const { commandsAllowed, ...clue } = read.body;
    expect(clue).toEqual(res.body);
    expect(commandsAllowed).toEqual([]);
    // Both carry the next deadline as of the read: the clue's verification.
    expect(res.body.due).toMatchObject({ rule: 'deadline.clue.verify', overdue: false, soon: false });
  });

  it('keeps an area given in the request', async () => {
    const res = await h.post('/detection/clues', grid, clueBody({ areaMu: 7.5 }));
    expect(res.status).toBe(201);
    expect(res.body.areaMu).toBe(7.5);
  });

  it('accepts a MultiPolygon and sums its parts', async () => {
    const a = squareParcel();
    const b = squareParcel(111.8, 37.27);
    const res = await h.post(
      '/detection/clues',
      grid,
      clueBody({ parcel: { type: 'MultiPolygon', coordinates: [a.coordinates, b.coordinates] } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.areaMu).toBeCloseTo(areaMu(a) + areaMu(b), 1);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['a missing field', { source: undefined }, '/source'],
    ['a wrong type', { areaMu: 'six' }, '/areaMu'],
    ['an unknown enum value', { landClass: 'moon' }, '/landClass'],
    ['a malformed polygon', { parcel: { type: 'Polygon', coordinates: [[[111.79, 37.26]]] } }, '/parcel'],
    ['a polygon that is not one', { parcel: { type: 'Point', coordinates: [111.79, 37.26] } }, '/parcel'],
    ['a negative area', { areaMu: -1 }, '/areaMu'],
    ['a bad division code', { divisionCode: '14118' }, '/divisionCode'],
    ['a time without offset', { observedAt: '2026-03-02 09:00' }, '/observedAt'],
    ['an unknown field', { colour: 'red' }, '/colour'],
    ['a bad evidence hash', { evidence: [{ uri: 'x', sha256: 'nope' }] }, '/evidence/0/sha256'],
  ];
  it.each(bad)(
    'refuses %s with a problem naming the field, and stores nothing',
    async (_what, change, path) => {
      const res = await h.post('/detection/clues', grid, clueBody(change));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(`${PROBLEM_BASE}validation`);
      expect(pathsOf(res.body).some((p) => p === path || p.startsWith(`${path}/`))).toBe(true);
      expect(await h.all()).toEqual([]);
    },
  );

  it('refuses an open ring, naming /parcel/coordinates/0, and stores nothing', async () => {
    const open = squareParcel();
    open.coordinates[0]![4] = [111.7901, 37.2601];
    const res = await h.post('/detection/clues', grid, clueBody({ parcel: open }));
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM_BASE}validation`);
    expect(pathsOf(res.body)).toEqual(['/parcel/coordinates/0']);
    expect(await h.all()).toEqual([]);
  });

  const bowTie = () => {
    const p = squareParcel();
    const [a, b, c, d] = p.coordinates[0]!;
    p.coordinates[0] = [a!, c!, b!, d!, a!];
    return p;
  };
  const degenerate: [string, () => ReturnType<typeof squareParcel>, RegExp][] = [
    ['a bow-tie', bowTie, /^crosses or touches itself: the edge from position 0 to 1 meets/],
    [
      'a repeated position',
      () => {
        const p = squareParcel();
        const [a, b, c, d] = p.coordinates[0]!;
        p.coordinates[0] = [a!, b!, b!, c!, d!, a!];
        return p;
      },
      /^repeats the position/,
    ],
    [
      'positions on one line, as near as doubles go (no area)',
      () => ({
        type: 'Polygon' as const,
        coordinates: [
          [
            [111.79, 37.26],
            [111.791, 37.261],
            [111.792, 37.262],
            [111.79, 37.26],
          ],
        ],
      }),
      /^encloses no (measurable )?area/,
    ],
    [
      'a ring that doubles back on itself',
      () => ({
        type: 'Polygon' as const,
        coordinates: [
          [
            [111.79, 37.26],
            [111.792, 37.26],
            [111.791, 37.26],
            [111.791, 37.261],
            [111.79, 37.26],
          ],
        ],
      }),
      /^doubles back on itself at position 1/,
    ],
  ];
  it.each(degenerate)(
    'refuses %s with 400 naming the ring, and stores nothing',
    async (_what, parcel, reason) => {
      for (const [body, path] of [
        [clueBody({ parcel: parcel() }), '/parcel/coordinates/0'],
        [
          clueBody({
            parcel: {
              type: 'MultiPolygon',
              coordinates: [squareParcel(111.8).coordinates, parcel().coordinates],
            },
          }),
          '/parcel/coordinates/1/0',
        ],
      ] as const) {
        const res = await h.post('/detection/clues', grid, body);
        expect(res.status).toBe(400);
        expect(res.body.type).toBe(`${PROBLEM_BASE}validation`);
        expect(res.body.errors).toEqual([{ path, reason: expect.stringMatching(reason) }]);
      }
      expect(await h.all()).toEqual([]);
    },
  );

  it('refuses a parcel of more than 1,000,000 mu when no area is given, and takes it with a surveyed area', async () => {
    // About 1,320 km by 1,320 km: some 2.6 billion mu.
    const huge = squareParcel(100, 30, 1_320_000);
    const res = await h.post('/detection/clues', grid, clueBody({ parcel: huge }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: '/parcel', reason: expect.stringMatching(/ mu; a parcel may have at most 1,000,000 mu$/) },
    ]);
    expect(await h.all()).toEqual([]);
    const surveyed = await h.post('/detection/clues', grid, clueBody({ parcel: huge, areaMu: 1_000_000 }));
    expect(surveyed.status).toBe(201);
    expect(surveyed.body.areaMu).toBe(1_000_000);
  });

  it('refuses an observation time with a leap second, which the catalogue cannot record', async () => {
    const res = await h.post('/detection/clues', grid, clueBody({ observedAt: '2026-12-31T23:59:60Z' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: '/observedAt', reason: expect.stringMatching(/no leap second/) },
    ]);
    expect(await h.all()).toEqual([]);
  });

  it('refuses a body over 1 MiB with 413 and stores nothing', async () => {
    const res = await h.post(
      '/detection/clues',
      grid,
      clueBody({ description: 'x'.repeat(1024 * 1024 + 1) }),
    );
    expect(res.status).toBe(413);
    expect(res.body.type).toBe(`${PROBLEM_BASE}payload-too-large`);
    expect(await h.all()).toEqual([]);
  });

  it('needs a bearer token and the officer role', async () => {
    const anonymous = await h.app.inject({ method: 'POST', url: '/detection/clues', payload: clueBody() });
    expect(anonymous.statusCode).toBe(401);
    const auditor = await h.post('/detection/clues', await h.token('audit', ['auditor']), clueBody());
    expect(auditor.status).toBe(403);
    expect(await h.all()).toEqual([]);
  });

  it('returns the same clue with 200 for the same (division, source, externalRef)', async () => {
    const first = await h.post('/detection/clues', grid, clueBody());
    const again = await h.post('/detection/clues', await h.token('nrb'), clueBody({ areaMu: 9 }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(again.body.areaMu).toBe(first.body.areaMu);
    expect(await h.all()).toHaveLength(1);
  });

  it('makes its own clue for a neighbouring county that reuses the reference (201), and each county sees only its own', async () => {
    const first = await h.post('/detection/clues', grid, clueBody());
    const neighbour = await h.token('grid', ['officer'], '141182');
    const theirs = await h.post('/detection/clues', neighbour, clueBody({ divisionCode: '141182' }));
    expect(theirs.status).toBe(201);
    expect(theirs.body.caseId).not.toBe(first.body.caseId);
    expect(theirs.body).toMatchObject({ divisionCode: '141182', externalRef: 'SX-2026-03-000017' });
    // Reported again in either county: each finds its own.
    const again = await h.post('/detection/clues', neighbour, clueBody({ divisionCode: '141182' }));
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(theirs.body.caseId);
    const ours = await h.post('/detection/clues', await h.token('nrb'), clueBody());
    expect(ours.status).toBe(200);
    expect(ours.body.caseId).toBe(first.body.caseId);
    expect(await h.all()).toHaveLength(2);
    const nrbOf = (division: string) => h.token('nrb', ['officer'], division);
    expect((await h.get(`/detection/clues/${theirs.body.caseId}`, await nrbOf('141181'))).status).toBe(404);
    expect((await h.get(`/detection/clues/${first.body.caseId}`, await nrbOf('141182'))).status).toBe(404);
  });

  it("refuses a report for a division outside the caller's with 403 naming the rule, and stores nothing", async () => {
    for (const divisionCode of ['141182', '141100', '150102']) {
      const res = await h.post('/detection/clues', grid, clueBody({ divisionCode }));
      expect(res.status, divisionCode).toBe(403);
      expect(res.body.rule).toMatchObject({ id: 'detection.clue.report' });
    }
    // The city reports for its counties.
    const city = await h.post('/detection/clues', await h.token('nrb', ['officer'], '141100'), clueBody());
    expect(city.status).toBe(201);
    expect(await h.all()).toHaveLength(1);
  });

  it('makes another clue for the same externalRef from another source', async () => {
    const first = await h.post('/detection/clues', grid, clueBody());
    const other = await h.post('/detection/clues', grid, clueBody({ source: 'drone' }));
    expect(other.status).toBe(201);
    expect(other.body.caseId).not.toBe(first.body.caseId);
  });

  it('lets only one of two racing duplicates create the clue; the other gets 200 and the same clue', async () => {
    h.holdAppends(2);
    const [a, b] = await Promise.all([
      h.post('/detection/clues', grid, clueBody()),
      h.post('/detection/clues', grid, clueBody()),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.caseId).toBe(b.body.caseId);
    expect(await h.all()).toHaveLength(1);
  });

  it('finds a duplicate through the read model, whatever the id of the clue it names', async () => {
    await h.startBackground();
    // A clue stored under an id not derived from its externalRef (as a bulk import may do).
    const { caseId: _, ...reported } = (await h.post('/detection/clues', grid, clueBody())).body;
    const legacyId = 'LC-141181-20260302-0000beef';
    await h.store.append(
      `detection.clue-${legacyId}`,
      [
        {
          id: '7d1c0c1e-3b1a-4c55-9d0e-2f8f4f2b9a01',
          type: 'ClueReported',
          data: {
            caseId: legacyId,
            source: 'drone',
            externalRef: 'UAV-0042',
            divisionCode: reported.divisionCode,
            landClass: reported.landClass,
            parcel: reported.parcel,
            areaMu: reported.areaMu,
            observedAt: reported.observedAt,
            evidence: [],
          },
          metadata: {
            caseId: legacyId,
            actor: 'nrb:importer',
            division: '141181',
            correlationId: 'c',
            causationId: 'c',
          },
        },
      ],
      'no_stream',
    );
    const clues = h.ctx('detection').readModels.collection('clues');
    await eventually('the legacy clue projected', async () => (await clues.get(legacyId)) ?? undefined);

    const again = await h.post(
      '/detection/clues',
      grid,
      clueBody({ source: 'drone', externalRef: 'UAV-0042' }),
    );
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(legacyId);
    expect(await h.all()).toHaveLength(2);
  });

  it('honours Idempotency-Key for clues without externalRef', async () => {
    const body = clueBody({ externalRef: undefined, source: 'patrol' });
    const key = { 'idempotency-key': 'patrol-7f3a' };
    const first = await h.post('/detection/clues', grid, body, key);
    const again = await h.post('/detection/clues', grid, body, key);
    const other = await h.post('/detection/clues', grid, body, { 'idempotency-key': 'patrol-7f3b' });
    const unkeyed = await h.post('/detection/clues', grid, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(other.status).toBe(201);
    expect(unkeyed.status).toBe(201);
    expect(new Set([first.body.caseId, other.body.caseId, unkeyed.body.caseId]).size).toBe(3);
    expect(await h.all()).toHaveLength(3);
  });
});
