import { PROBLEM_BASE } from '@landcase/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { derivedCaseId } from '../clue-id.ts';
import { detectionModule } from '../index.ts';
import { clueBody, eventually, type Harness, harness, pathsOf, squareParcel } from '../test-harness.ts';

let h: Harness;
let nrb: string;
beforeEach(async () => {
  h = await harness([detectionModule]);
  nrb = await h.token('nrb');
});
afterEach(() => h.close());

/** A feature carrying the clue fields of `clueBody` in its properties and the parcel as its geometry. */
const feature = (
  ref: string,
  overrides: Record<string, unknown> = {},
  geometry: unknown = squareParcel(),
) => {
  const { parcel: _, ...properties } = clueBody({ externalRef: ref, ...overrides });
  return { type: 'Feature', geometry, properties };
};

const sweep = () => ({
  type: 'FeatureCollection',
  features: [
    feature('SX-2026-03-000101'),
    feature('SX-2026-03-000102', { landClass: 'moon' }),
    feature('SX-2026-03-000103', { areaMu: 4.5 }, squareParcel(111.8, 37.27)),
    feature('SX-2026-03-000104', {}, { type: 'Point', coordinates: [111.79, 37.26] }),
    feature('SX-2026-03-000105', { source: 'drone' }),
  ],
});

const done = (sweepId: string) =>
  eventually(`sweep ${sweepId} done`, async () => {
    const res = await h.get(`/detection/sweeps/${sweepId}`, nrb);
    return res.body?.state === 'done' ? res : undefined;
  });

const clueReports = async () => (await h.all()).filter((e) => e.type === 'ClueReported');

describe('POST /detection/sweeps', () => {
  it('rejects a self-intersecting or oversized geometry as its own feature, naming the ring', async () => {
    const bowTie = squareParcel(111.81, 37.28);
    const [a, b, c, d] = bowTie.coordinates[0]!;
    bowTie.coordinates[0] = [a!, c!, b!, d!, a!];
    const res = await h.post('/detection/sweeps', nrb, {
      type: 'FeatureCollection',
      features: [
        feature('SX-2026-03-000201'),
        feature('SX-2026-03-000202', {}, bowTie),
        feature('SX-2026-03-000203', {}, squareParcel(100, 30, 1_320_000)),
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      {
        index: 1,
        problem: expect.objectContaining({
          errors: [
            {
              path: '/features/1/geometry/coordinates/0',
              reason: expect.stringMatching(/^crosses or touches itself/),
            },
          ],
        }),
      },
      {
        index: 2,
        problem: expect.objectContaining({
          errors: [{ path: '/features/2/geometry', reason: expect.stringMatching(/at most 1,000,000 mu$/) }],
        }),
      },
    ]);
    await done(res.body.sweepId);
    expect(await clueReports()).toHaveLength(1);
  });

  it('accepts the valid features at once, names the bad fields of the others, then reports the clues', async () => {
    const res = await h.post('/detection/sweeps', nrb, sweep());
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/detection/sweeps/${res.body.sweepId}`);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    const [landClass, geometry] = res.body.rejected;
    expect(landClass.problem.type).toBe(`${PROBLEM_BASE}validation`);
    expect(pathsOf(landClass.problem)).toEqual(['/features/1/properties/landClass']);
    expect(pathsOf(geometry.problem).every((p) => p.startsWith('/features/3/geometry'))).toBe(true);
    expect(pathsOf(geometry.problem).length).toBeGreaterThan(0);

    const progress = await done(res.body.sweepId);
    expect(progress.status).toBe(200);
    expect(progress.body).toEqual({
      id: res.body.sweepId,
      total: 5,
      accepted: 3,
      rejected: 2,
      reported: 3,
      duplicates: 0,
      failed: 0,
      state: 'done',
    });

    const reports = await clueReports();
    expect(reports).toHaveLength(3);
    for (const [source, ref] of [
      ['satellite', 'SX-2026-03-000101'],
      ['satellite', 'SX-2026-03-000103'],
      ['drone', 'SX-2026-03-000105'],
    ] as const) {
      // A clue's reference is its division's own: the clue is named after all three.
      const clue = await h.get(
        `/detection/clues/${derivedCaseId('externalRef', '141181', source, ref)}`,
        nrb,
      );
      expect(clue.status).toBe(200);
      expect(clue.body).toMatchObject({ source, externalRef: ref, state: 'reported' });
    }
    const given = await h.get(
      `/detection/clues/${derivedCaseId('externalRef', '141181', 'satellite', 'SX-2026-03-000103')}`,
      nrb,
    );
    expect(given.body.areaMu).toBe(4.5);
    expect(given.body.parcel).toEqual(squareParcel(111.8, 37.27));
  });

  it('creates nothing twice when the same sweep comes again: every clue is a duplicate', async () => {
    const first = await h.post('/detection/sweeps', nrb, sweep());
    await done(first.body.sweepId);
    const stored = (await h.all()).length;

    const again = await h.post('/detection/sweeps', nrb, sweep());
    expect(again.status).toBe(202);
    expect(again.body.sweepId).not.toBe(first.body.sweepId);
    const progress = await done(again.body.sweepId);
    expect(progress.body).toMatchObject({ reported: 0, duplicates: 3, failed: 0 });
    expect(await h.all()).toHaveLength(stored);
  });

  it('answers the same Idempotency-Key with the same sweep and its progress (200)', async () => {
    const key = { 'idempotency-key': 'sweep-2026-03-fenyang' };
    const first = await h.post('/detection/sweeps', nrb, sweep(), key);
    expect(first.status).toBe(202);
    await done(first.body.sweepId);
    const again = await h.post('/detection/sweeps', nrb, sweep(), key);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.sweepId, reported: 3, state: 'done' });
    expect(await clueReports()).toHaveLength(3);
  });

  it('refuses a grid token with 403 and stores nothing', async () => {
    const res = await h.post('/detection/sweeps', await h.token('grid'), sweep());
    expect(res.status).toBe(403);
    expect(res.body.rule).toMatchObject({ id: 'detection.sweep.import' });
    expect(await h.all()).toEqual([]);
  });

  it("rejects the features of a division outside the importer's with 403 naming it, and reports the rest", async () => {
    const res = await h.post('/detection/sweeps', nrb, {
      type: 'FeatureCollection',
      features: [
        feature('SX-2026-03-000201'),
        feature('SX-2026-03-000202', { divisionCode: '141182' }),
        feature('SX-2026-03-000203', { divisionCode: '141100' }),
        feature('SX-2026-03-000204', { divisionCode: '150102' }),
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3]);
    for (const { index, problem } of res.body.rejected) {
      expect(problem).toMatchObject({
        type: `${PROBLEM_BASE}forbidden`,
        status: 403,
        instance: `/features/${index}/properties/divisionCode`,
        rule: { id: 'detection.clue.report' },
      });
    }
    expect((await done(res.body.sweepId)).body).toMatchObject({ reported: 1, rejected: 3 });
    expect((await clueReports()).map((e) => e.data.divisionCode)).toEqual(['141181']);
  });

  it('lets the city import a sweep of its counties, and keeps the sweep within its divisions', async () => {
    const city = await h.token('nrb', ['officer'], '141100');
    const res = await h.post('/detection/sweeps', city, {
      type: 'FeatureCollection',
      features: [feature('SX-2026-03-000301'), feature('SX-2026-03-000302', { divisionCode: '141182' })],
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 2, rejected: [] });
    const url = `/detection/sweeps/${res.body.sweepId}`;
    await eventually('the city sweep done', async () => {
      const progress = await h.get(url, city);
      return progress.body?.state === 'done' ? progress : undefined;
    });
    expect((await h.get(url, await h.token('nrb', ['officer'], '140000'))).status).toBe(200);
    // A county under the city, another city's bureau and other agencies do not see the city's sweep.
    for (const [agency, division] of [
      ['nrb', '141181'],
      ['nrb', '140100'],
      ['grid', '141100'],
    ] as const) {
      const hidden = await h.get(url, await h.token(agency, ['officer'], division));
      expect(hidden.status, `${agency} of ${division}`).toBe(404);
    }
    expect((await clueReports()).map((e) => e.data.divisionCode).sort()).toEqual(['141181', '141182']);
  });

  it('refuses a body that is not a FeatureCollection with 400', async () => {
    const single = await h.post('/detection/sweeps', nrb, feature('SX-2026-03-000101'));
    expect(single.status).toBe(400);
    expect(single.body.type).toBe(`${PROBLEM_BASE}validation`);
    expect(pathsOf(single.body)).toContain('/type');
    const clue = await h.post('/detection/sweeps', nrb, clueBody());
    expect(clue.status).toBe(400);
    expect(await h.all()).toEqual([]);
  });

  it('refuses a sweep over the 1 MiB body limit with 413 and stores nothing', async () => {
    const big = sweep();
    big.features[0] = feature('SX-2026-03-000101', { description: 'x'.repeat(1024 * 1024) });
    const res = await h.post('/detection/sweeps', nrb, big);
    expect(res.status).toBe(413);
    expect(await h.all()).toEqual([]);
  });

  it('answers 404 for an unknown sweep', async () => {
    const res = await h.get('/detection/sweeps/no-such-sweep', nrb);
    expect(res.status).toBe(404);
  });
});
