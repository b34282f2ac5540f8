import { CLUE_SOURCES, type CloudEvent, LAND_CLASSES, type ServiceName } from '@landcase/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import {
  cloudEvent,
  type Harness,
  happyHistory,
  harness,
  PARTY,
  pathsOf,
  publish,
  seedCase,
} from '../test-harness.ts';

// GET /enforcement/statistics over the embedded service: the other services' events are published
// to the bus as their relays would; the enforcement events come from this service's own store.

const FENYANG = '141181';
const XIAOYI = '141182';
const OTHER_CITY = '141002';

let h: Harness;
let nrb: string;
beforeEach(async () => {
  h = await harness([enforcementModule]);
  await h.startBackground();
  // The province's bureau: it reads the figures of every city and county of Shanxi.
  nrb = await h.token('nrb', ['officer'], '140000');
});
afterEach(() => h.close());

const event = (
  service: ServiceName,
  type: string,
  caseId: string,
  data: Record<string, unknown>,
  extra: Partial<CloudEvent> = {},
): CloudEvent => ({ ...cloudEvent(service, type, caseId, { caseId, ...data }), ...extra });

const PARCEL = {
  type: 'Polygon',
  coordinates: [
    [
      [111.7, 37.2],
      [111.71, 37.2],
      [111.71, 37.21],
      [111.7, 37.2],
    ],
  ],
};

const reported = (caseId: string, divisionCode: string, source: string, time = '2026-03-03T02:00:00Z') =>
  event(
    'detection',
    'ClueReported',
    caseId,
    {
      source,
      divisionCode,
      landClass: 'pbf',
      parcel: PARCEL,
      areaMu: 3,
      observedAt: '2026-03-01T09:00:00+08:00',
      evidence: [],
    },
    { time },
  );

const verified = (caseId: string, divisionCode: string, verdict: string, landClass: string, areaMu: number) =>
  event('detection', 'ClueVerified', caseId, {
    verdict,
    divisionCode,
    areaMu,
    landClass,
    ongoing: true,
    ...(verdict === 'illegal' ? { party: PARTY } : {}),
    source: 'satellite',
    observedAt: '2026-03-01T09:00:00+08:00',
    verifiedAt: '2026-03-04T09:00:00+08:00',
  });

const deadlineMissed = (service: ServiceName, caseId: string) =>
  event(
    service,
    'DeadlineMissed',
    caseId,
    {
      deadlineId: `${caseId}.${service}`,
      state: 'some-state',
      dueAt: '2026-03-20T18:00:00+08:00',
      rule: 'a-rule',
      source: 'a source',
    },
    { division: '000000' },
  );

/** A case's history up to its filing (or its stop), in `divisionCode`, detected at `discoveredAt`. */
async function seedStoppedCase(caseId: string, divisionCode: string, discoveredAt: string, filed: boolean) {
  const history = happyHistory(caseId, { divisionCode, discoveredAt })
    .slice(0, filed ? 4 : 3)
    .map((e) => ('divisionCode' in e.data ? { ...e, data: { ...e.data, divisionCode } } : e));
  await seedCase(h, caseId, history);
}

const statistics = (query: string, token = nrb) => h.get(`/enforcement/statistics?${query}`, token);

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0]));
const noReferrals = { drafted: 0, accepted: 0, refused: 0 };

/** The figures of a month in which nothing happened. */
const EMPTY = {
  cluesBySource: zeros(CLUE_SOURCES),
  cluesReported: 0,
  cluesVerified: 0,
  verifiedShare: null,
  verdicts: { illegal: 0, legal: 0, no_change: 0, historical: 0 },
  illegalAreaMuByLandClass: zeros(LAND_CLASSES),
  casesStopped: 0,
  medianHoursToStop: null,
  casesOpened: 0,
  casesFiled: 0,
  filingRate: null,
  referrals: {
    ...noReferrals,
    byTarget: { psb: noReferrals, proc: noReferrals, disc: noReferrals, court: noReferrals },
  },
  remediationsOpened: 0,
  remediationsAccepted: 0,
  restorationRate: null,
  overdue: { detection: 0, enforcement: 0, referral: 0, remediation: 0 },
};

/** Polls the route until its body has `expected` figures; the bound only guards against a hang. */
const settled = (query: string, pick: (body: never) => unknown, expected: unknown) =>
  expect
    .poll(async () => pick((await statistics(query)).body as never), { timeout: 4_000, interval: 20 })
    .toEqual(expected);

describe('GET /enforcement/statistics', () => {
  it('gives the figures of a scripted month, per county and for their city', async () => {
    // Fenyang: four clues reported, three verified (two illegal), each illegal verdict opening a case.
    await publish(h, reported('CL-1', FENYANG, 'satellite'));
    await publish(h, reported('CL-2', FENYANG, 'satellite'));
    await publish(h, reported('CL-3', FENYANG, 'drone'));
    await publish(h, reported('CL-4', FENYANG, 'report'));
    await publish(h, verified('CL-1', FENYANG, 'illegal', 'pbf', 2.5));
    await publish(h, verified('CL-2', FENYANG, 'illegal', 'farmland', 10.25));
    await publish(h, verified('CL-3', FENYANG, 'legal', 'pbf', 1));
    // Xiaoyi: one clue, verified illegal.
    await publish(h, reported('CL-5', XIAOYI, 'patrol'));
    await publish(h, verified('CL-5', XIAOYI, 'illegal', 'pbf', 1.25));
    // Another city: never part of 1411.
    await publish(h, reported('CL-9', OTHER_CITY, 'video'));

    // Stops 48, 72 and 6 hours after detection in Fenyang, 24 in Xiaoyi; three of the four filed.
    await seedStoppedCase('LC-1', FENYANG, '2026-03-02T10:00:00+08:00', true);
    await seedStoppedCase('LC-2', FENYANG, '2026-03-01T10:00:00+08:00', true);
    await seedStoppedCase('LC-3', FENYANG, '2026-03-04T04:00:00+08:00', false);
    await seedStoppedCase('LC-4', XIAOYI, '2026-03-03T10:00:00+08:00', true);

    // Referrals: R-1 refused, and the refusal upheld on reconsideration; R-2 accepted; R-3 pending.
    const drafted = (referralId: string, caseId: string, to: string, divisionCode: string) =>
      event('referral', 'ReferralDrafted', caseId, {
        referralId,
        from: 'nrb',
        to,
        divisionCode,
        reason: 'occupation of farmland',
        documents: [],
      });
    const decided = (referralId: string, caseId: string, accepted: boolean) =>
      event('referral', 'ReferralDecided', caseId, { referralId, accepted, reason: 'decided' });
    await publish(h, drafted('R-1', 'LC-1', 'psb', FENYANG));
    await publish(h, decided('R-1', 'LC-1', false));
    await publish(
      h,
      event('referral', 'ReconsiderationRequested', 'LC-1', { referralId: 'R-1', reason: 'r' }),
    );
    await publish(h, decided('R-1', 'LC-1', false));
    await publish(h, drafted('R-2', 'LC-2', 'disc', FENYANG));
    await publish(h, decided('R-2', 'LC-2', true));
    await publish(h, drafted('R-3', 'LC-4', 'psb', XIAOYI));

    // Remediation: two opened in Fenyang, one accepted.
    const remediationOpened = (caseId: string) =>
      event('remediation', 'RemediationOpened', caseId, {
        divisionCode: FENYANG,
        landClass: 'pbf',
        areaMu: 6.2,
        measures: ['restore'],
        dueBy: '2026-06-30T18:00:00+08:00',
      });
    await publish(h, remediationOpened('LC-1'));
    await publish(h, remediationOpened('LC-2'));
    await publish(
      h,
      event('remediation', 'RemediationAccepted', 'LC-1', { acceptedAt: '2026-03-25T10:00:00+08:00' }),
    );

    // One deadline missed on each topic, all by the scheduler (division 000000), all Fenyang cases.
    // Enforcement's own comes after the case's history on its topic, as its relay would publish it.
    await settled(
      `divisionCode=${FENYANG}&from=2026-03&to=2026-03`,
      (body: { total: { casesStopped: number } }) => body.total.casesStopped,
      3,
    );
    await publish(h, deadlineMissed('detection', 'CL-4'));
    await publish(h, deadlineMissed('enforcement', 'LC-3'));
    await publish(h, deadlineMissed('referral', 'LC-1'));
    await publish(h, deadlineMissed('remediation', 'LC-2'));

    const fenyang = {
      ...EMPTY,
      cluesBySource: { ...zeros(CLUE_SOURCES), satellite: 2, drone: 1, report: 1 },
      cluesReported: 4,
      cluesVerified: 3,
      verifiedShare: 0.75,
      verdicts: { illegal: 2, legal: 1, no_change: 0, historical: 0 },
      illegalAreaMuByLandClass: { ...zeros(LAND_CLASSES), pbf: 2.5, farmland: 10.25 },
      casesStopped: 3,
      medianHoursToStop: 48,
      // LC-1, LC-2, LC-3, and the cases the verdicts on CL-1 and CL-2 opened.
      casesOpened: 5,
      casesFiled: 2,
      filingRate: 0.4,
      referrals: {
        drafted: 2,
        accepted: 1,
        refused: 1,
        byTarget: {
          ...EMPTY.referrals.byTarget,
          psb: { drafted: 1, accepted: 0, refused: 1 },
          disc: { drafted: 1, accepted: 1, refused: 0 },
        },
      },
      remediationsOpened: 2,
      remediationsAccepted: 1,
      restorationRate: 0.5,
      overdue: { detection: 1, enforcement: 1, referral: 1, remediation: 1 },
    };
    const city = {
      ...fenyang,
      cluesBySource: { ...fenyang.cluesBySource, patrol: 1 },
      cluesReported: 5,
      cluesVerified: 4,
      verifiedShare: 0.8,
      verdicts: { ...fenyang.verdicts, illegal: 3 },
      illegalAreaMuByLandClass: { ...fenyang.illegalAreaMuByLandClass, pbf: 3.75 },
      casesStopped: 4,
      // 6, 24, 48, 72: an even count, the mean of the middle two.
      medianHoursToStop: 36,
      casesOpened: 7,
      casesFiled: 3,
      filingRate: 0.4286,
      referrals: {
        ...fenyang.referrals,
        drafted: 3,
        byTarget: { ...fenyang.referrals.byTarget, psb: { drafted: 2, accepted: 0, refused: 1 } },
      },
    };

    const monthsOf = (body: { months: unknown[] }) => body.months;
    await settled(`divisionCode=${FENYANG}&from=2026-02&to=2026-04`, monthsOf, [
      { month: '2026-02', ...EMPTY },
      { month: '2026-03', ...fenyang },
      { month: '2026-04', ...EMPTY },
    ]);
    const res = await statistics(`divisionCode=${FENYANG}&from=2026-02&to=2026-04`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ divisionCode: FENYANG, from: '2026-02', to: '2026-04', total: fenyang });

    // The city, by its 4-digit prefix or its zero-padded code: both counties, not the other city.
    for (const code of ['1411', '141100']) {
      const cityRes = await statistics(`divisionCode=${code}&from=2026-03&to=2026-03`);
      expect(cityRes.body).toEqual({
        divisionCode: code,
        from: '2026-03',
        to: '2026-03',
        months: [{ month: '2026-03', ...city }],
        total: city,
      });
    }
    const province = await statistics('divisionCode=14&from=2026-03&to=2026-03');
    expect(province.body.total.cluesReported).toBe(6);
    expect(province.body.total.cluesBySource.video).toBe(1);
    const xiaoyi = await statistics(`divisionCode=${XIAOYI}&from=2026-03&to=2026-03`);
    expect(xiaoyi.body.total).toMatchObject({ casesStopped: 1, medianHoursToStop: 24, casesOpened: 2 });
  });

  it('counts an event by its month in China time: 2026-03-31T17:00Z is in April', async () => {
    await publish(h, reported('CL-A', FENYANG, 'satellite', '2026-03-31T15:59:59Z'));
    await publish(h, reported('CL-B', FENYANG, 'drone', '2026-03-31T17:00:00Z'));
    await settled(
      `divisionCode=${FENYANG}&from=2026-03&to=2026-04`,
      (body: { months: { month: string; cluesReported: number; cluesBySource: Record<string, number> }[] }) =>
        body.months.map((m) => [m.month, m.cluesReported, m.cluesBySource.satellite, m.cluesBySource.drone]),
      [
        ['2026-03', 1, 1, 0],
        ['2026-04', 1, 0, 1],
      ],
    );
    const res = await statistics(`divisionCode=${FENYANG}&from=2026-03&to=2026-04`);
    expect(res.body.total).toMatchObject({ cluesReported: 2, cluesBySource: { satellite: 1, drone: 1 } });
  });

  it('does not count a redelivered event twice', async () => {
    const once = reported('CL-R', FENYANG, 'satellite');
    await publish(h, once);
    await publish(h, once);
    await publish(h, once);
    // Published after the redeliveries on the same bus: once it is counted, they were all handled.
    await publish(h, reported('CL-M', XIAOYI, 'drone'));
    await settled(
      `divisionCode=${XIAOYI}&from=2026-03&to=2026-03`,
      (body: { total: { cluesReported: number } }) => body.total.cluesReported,
      1,
    );
    const res = await statistics(`divisionCode=${FENYANG}&from=2026-03&to=2026-03`);
    expect(res.body.total).toMatchObject({ cluesReported: 1, cluesBySource: { satellite: 1 } });
  });

  it('answers audit and gov as well as nrb', async () => {
    for (const agency of ['audit', 'gov'] as const) {
      const res = await statistics(`divisionCode=${FENYANG}&from=2026-03&to=2026-03`, await h.token(agency));
      expect(res.status).toBe(200);
      expect(res.body.months).toHaveLength(1);
    }
  });

  it('forbids divisions the caller does not stand above: a county reads its own, not its city', async () => {
    const county = await h.token('nrb', ['officer'], FENYANG);
    expect((await statistics(`divisionCode=${FENYANG}&from=2026-03&to=2026-03`, county)).status).toBe(200);
    for (const [division, query] of [
      [FENYANG, 'divisionCode=1411'],
      [FENYANG, 'divisionCode=141182'],
      ['330000', 'divisionCode=14'],
    ] as const) {
      const res = await statistics(
        `${query}&from=2026-03&to=2026-03`,
        await h.token('audit', ['auditor'], division),
      );
      expect(res.status, `${division} reading ${query}`).toBe(403);
      expect(res.body.rule).toMatchObject({ id: 'enforcement.statistics' });
    }
  });

  it('forbids the other agencies, before looking at the query', async () => {
    for (const agency of ['psb', 'grid', 'court'] as const) {
      const token = await h.token(agency);
      const res = await statistics(`divisionCode=${FENYANG}&from=2026-03&to=2026-03`, token);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await statistics('from=2026-13', token)).status).toBe(403);
    }
  });

  it('refuses a bad month, a range that runs backwards and a missing or empty division', async () => {
    const cases: [string, string][] = [
      [`divisionCode=${FENYANG}&from=2026-13&to=2026-12`, '/from'],
      [`divisionCode=${FENYANG}&from=2026-01&to=2026-3`, '/to'],
      [`divisionCode=${FENYANG}&from=2026-01-01&to=2026-03`, '/from'],
      [`divisionCode=${FENYANG}&from=2026-04&to=2026-03`, '/from'],
      [`divisionCode=${FENYANG}&from=2016-01&to=2026-03`, '/to'],
      ['from=2026-01&to=2026-03', '/divisionCode'],
      ['divisionCode=14118&from=2026-01&to=2026-03', '/divisionCode'],
      ['divisionCode=000000&from=2026-01&to=2026-03', '/divisionCode'],
    ];
    for (const [query, path] of cases) {
      const res = await statistics(query);
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(pathsOf(res.body), query).toContain(path);
    }
  });
});
