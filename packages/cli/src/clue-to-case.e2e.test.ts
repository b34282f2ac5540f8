import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, type Http, squareParcel } from './happy-path.ts';
import { fetchHttp } from './http-client.ts';
import { runSystem } from './system.ts';

// Detection's verdict travels as a CloudEvent and enforcement opens the case by itself — only for
// an illegal verdict. The services meet only on the bus.
let system: RunningService;
let dir: string;
let http: Http;
const token = (agency: string) =>
  mintToken(system.config.jwtSecret, {
    sub: `${agency}-1`,
    agency: agency as never,
    division: '141181',
    roles: ['officer'],
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-clue-case-'));
  system = await runSystem(
    {
      LANDCASE_PORT: '0',
      LANDCASE_HOST: '127.0.0.1',
      LANDCASE_EVENTSTORE: `sqlite:${join(dir, 'lc.db')}`,
      LOG_LEVEL: 'warn',
    },
    // From the morning the parcels were seen: no deadline comes due, whatever day the test runs.
    { handleSignals: false, clock: clockRunningFrom('2026-03-02T09:30:00+08:00') },
  );
  http = fetchHttp(() => system.address);
});
afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('opens an enforcement case for a clue verified illegal, and none for a false positive', async () => {
  const grid = await token('grid');
  const nrb = await token('nrb');
  const report = async (externalRef: string) => {
    const res = await http('POST', '/detection/clues', {
      token: grid,
      body: {
        source: 'satellite',
        externalRef,
        divisionCode: '141181',
        landClass: 'pbf',
        parcel: squareParcel(),
        observedAt: '2026-03-02T09:00:00+08:00',
      },
    });
    expect(res.status).toBe(201);
    return res.body.caseId as string;
  };
  const falsePositive = await report('SX-1');
  const illegal = await report('SX-2');
  const verify = (caseId: string, body: unknown) =>
    http('POST', `/detection/clues/${caseId}/verification`, { token: nrb, body });
  expect(
    (await verify(falsePositive, { verdict: 'no_change', areaMu: 0, landClass: 'pbf', ongoing: false }))
      .status,
  ).toBe(200);
  expect(
    (
      await verify(illegal, {
        verdict: 'illegal',
        areaMu: 6.2,
        landClass: 'pbf',
        ongoing: true,
        party: { name: 'Li Ming', kind: 'person' },
      })
    ).status,
  ).toBe(200);

  const opened = await eventually('the case opened', async () => {
    const res = await http('GET', `/enforcement/cases/${illegal}`, { token: nrb });
    return res.status === 200 ? res.body : undefined;
  });
  expect(opened).toMatchObject({ caseId: illegal, state: 'opened', areaMu: 6.2, clueSource: 'satellite' });
  // The false positive was verified first, so it had been handled by the time the later verdict
  // opened its case: it opened nothing.
  expect((await http('GET', `/enforcement/cases/${falsePositive}`, { token: nrb })).status).toBe(404);
  const all = await system.ports.store.readAll();
  expect(all.filter((e) => e.type === 'CaseOpened').map((e) => e.streamId)).toEqual([
    `enforcement.case-${illegal}`,
  ]);
});
