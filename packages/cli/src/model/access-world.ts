import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import {
  eventually,
  HAPPY_PATH_CLOCK_START,
  type Http,
  type HttpResponse,
  mintHappyPathTokens,
  runHappyPath,
  squareParcel,
} from '../happy-path.ts';
import { fetchHttp } from '../http-client.ts';
import { runSystem } from '../system.ts';
import { embeddedEnv } from './embedded.ts';

// One of each resource the access policy guards, all in one county: a case taken down the happy
// path (its police referral sent, restoration ordered), a procuratorial recommendation, a sweep, a
// historical batch, the city's assessment of the county and a possible same party. The
// authorization matrix and the out-of-scope property both aim their callers at it.

export const COUNTY = '141181';

export interface AccessWorld {
  caseId: string;
  referralId: string;
  recommendationId: string;
  sweepId: string;
  batchId: string;
  partyMatchId: string;
  /** A document attached to the referral (its SHA-256). */
  documentSha256: string;
}

export interface RunningWorld {
  system: RunningService;
  http: Http;
  world: AccessWorld;
  stop(): Promise<void>;
}

function must(res: HttpResponse, status: number): void {
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** The system started embedded in a temp dir, and the world made in it through HTTP. */
export async function startAccessWorld(name: string): Promise<RunningWorld> {
  const dir = mkdtempSync(join(tmpdir(), `landcase-${name}-`));
  const system = await runSystem(embeddedEnv(dir, 'error'), {
    handleSignals: false,
    clock: clockRunningFrom(HAPPY_PATH_CLOCK_START),
  });
  const http = fetchHttp(() => system.address);
  const mint = (claims: { sub: string; agency: string; division: string; roles: string[] }) =>
    mintToken(system.config.jwtSecret, claims as never);
  const tokens = await mintHappyPathTokens(mint);
  const { caseId, psbReferralId, documentHashes } = await runHappyPath(http, tokens, `${name}/141181-0001`);
  const as = (agency: string, division = COUNTY, roles = ['officer', 'head']) =>
    mint({ sub: `${agency}-${name}`, agency, division, roles });

  const recommendation = await http('POST', '/referral/recommendations', {
    token: await as('proc'),
    body: {
      caseId,
      to: 'nrb',
      divisionCode: COUNTY,
      content: 'restore the farmland and hold the officials to account',
      harmGrowing: false,
      documents: [{ kind: 'procuratorial-recommendation', ref: 'FY-JJ-2026-5' }],
    },
  });
  must(recommendation, 201);

  const sweep = await http('POST', '/detection/sweeps', {
    token: tokens.nrb,
    body: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: squareParcel(111.8, 37.3),
          properties: {
            source: 'satellite',
            externalRef: `${name}/sweep-1`,
            divisionCode: COUNTY,
            landClass: 'farmland',
            observedAt: '2026-03-02T09:00:00+08:00',
          },
        },
      ],
    },
  });
  must(sweep, 202);

  // A historical clue, taken into a batch.
  const old = await http('POST', '/detection/clues', {
    token: tokens.grid,
    body: {
      source: 'patrol',
      externalRef: `${name}/historical-1`,
      divisionCode: COUNTY,
      landClass: 'farmland',
      parcel: squareParcel(111.81, 37.31),
      observedAt: '2026-03-02T09:00:00+08:00',
    },
  });
  must(old, 201);
  const verified = await http('POST', `/detection/clues/${old.body.caseId}/verification`, {
    token: tokens.nrb,
    body: {
      verdict: 'historical',
      areaMu: 3,
      landClass: 'farmland',
      ongoing: false,
      occupiedSince: '1995-06-01',
    },
  });
  must(verified, 200);
  const batch = await eventually('the historical batch opened', async () => {
    const res = await http('POST', '/detection/historical-batches', {
      token: tokens.nrb,
      body: {
        divisionCode: COUNTY,
        clueIds: [old.body.caseId],
        disposition: 'regularise',
        dueBy: '2026-12-31T18:00:00+08:00',
      },
    });
    return res.status === 201 ? res.body : undefined;
  });

  // The city assesses its county's year.
  const assessed = await http('POST', '/enforcement/assessments', {
    token: await as('nrb', '141100'),
    body: { divisionCode: COUNTY, year: 2026, newConstructionFarmlandMu: 100 },
  });
  must(assessed, 201);

  // Two cases of one county whose party, a person without an ID number, shares a name: a possible
  // same party for the county's bureau to answer.
  const filedCaseOf = async (ref: string, lng: number) => {
    const clue = await http('POST', '/detection/clues', {
      token: tokens.grid,
      body: {
        source: 'patrol',
        externalRef: ref,
        divisionCode: COUNTY,
        landClass: 'farmland',
        parcel: squareParcel(lng, 37.32),
        observedAt: '2026-03-02T09:00:00+08:00',
      },
    });
    must(clue, 201);
    const id = clue.body.caseId as string;
    const verdict = await http('POST', `/detection/clues/${id}/verification`, {
      token: tokens.nrb,
      body: {
        verdict: 'illegal',
        areaMu: 6,
        landClass: 'farmland',
        ongoing: false,
        party: { name: '张某', kind: 'person' },
      },
    });
    must(verdict, 200);
    await eventually(`case ${ref} filed`, async () => {
      const res = await http('POST', `/enforcement/cases/${id}/filing`, {
        token: tokens.nrb,
        body: { filingNo: `FL-${ref}`, filedAt: '2026-03-02T09:40:00+08:00' },
      });
      return res.status === 200 ? true : undefined;
    });
    return id;
  };
  await filedCaseOf(`${name}/same-party-1`, 111.83);
  const second = await filedCaseOf(`${name}/same-party-2`, 111.84);
  const partyMatchId = await eventually('the possible same party raised', async () => {
    const res = await http('GET', `/referral/party-matches?caseId=${second}`, { token: tokens.nrb });
    return (res.body.items as { id: string }[] | undefined)?.[0]?.id;
  });

  const world: AccessWorld = {
    partyMatchId,
    caseId,
    referralId: psbReferralId,
    documentSha256: documentHashes[0]!,
    recommendationId: recommendation.body.id,
    sweepId: sweep.body.sweepId,
    batchId: batch.id,
  };
  // Everything the partners see comes from other services' events: wait until the police see the case.
  await eventually('the police see the case', async () => {
    const res = await http('GET', `/enforcement/cases/${caseId}`, { token: tokens.psb });
    return res.status === 200 ? true : undefined;
  });
  return {
    system,
    http,
    world,
    stop: async () => {
      await system.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A route's URL with the world's ids in place of its parameters. */
export function fillRoute(url: string, world: AccessWorld): string {
  return url
    .replace(':caseId', world.caseId)
    .replace(':sweepId', world.sweepId)
    .replace(':batchId', world.batchId)
    .replace(':divisionCode', COUNTY)
    .replace(':year', '2026')
    .replace(':sha256', world.documentSha256)
    .replace('/projections/:name', '/projections/cases')
    .replace(/\/referrals\/:id/, `/referrals/${world.referralId}`)
    .replace(/\/recommendations\/:id/, `/recommendations/${world.recommendationId}`)
    .replace(/\/party-matches\/:id/, `/party-matches/${world.partyMatchId}`);
}
