import { eventually, squareParcel } from '../happy-path.ts';
import { type Driver, PathDivergence } from './replay.ts';
import type { Subject } from './routes.ts';

// A possible same party is no aggregate a model path makes by one route: the referral service
// raises it when two cases of one county name a person of the same name without an ID number.
// This files two such cases over HTTP and waits for the match, for the routes that answer it.

let parcels = 0;

async function filedCase(driver: Driver, ref: string, name: string): Promise<string> {
  parcels += 1;
  const reported = await driver.http('POST', '/detection/clues', {
    token: driver.tokens.grid,
    body: {
      source: 'patrol',
      externalRef: ref,
      divisionCode: '141181',
      landClass: 'farmland',
      parcel: squareParcel(110 + (parcels % 400) * 0.01, 36 + Math.floor(parcels / 400) * 0.01),
      observedAt: '2026-03-02T09:00:00+08:00',
    },
  });
  if (reported.status !== 201) throw new PathDivergence(`${ref}: report answered ${reported.status}`);
  const caseId = reported.body.caseId as string;
  const verified = await driver.http('POST', `/detection/clues/${caseId}/verification`, {
    token: driver.tokens.nrb,
    body: {
      verdict: 'illegal',
      areaMu: 6,
      landClass: 'farmland',
      ongoing: false,
      party: { name, kind: 'person' },
    },
  });
  if (verified.status !== 200) throw new PathDivergence(`${ref}: verification answered ${verified.status}`);
  await eventually(`${ref} filed`, async () => {
    const filed = await driver.http('POST', `/enforcement/cases/${caseId}/filing`, {
      token: driver.tokens.nrb,
      body: { filingNo: `FL-${ref}`, filedAt: '2026-03-06T10:00:00+08:00' },
    });
    return filed.status === 200 ? true : undefined;
  });
  return caseId;
}

/** Two cases of county 141181 for one person of a name of `ref`'s own, and the match raised between them. */
export async function raisePartyMatch(driver: Driver, ref: string): Promise<Subject> {
  const name = `张某-${ref}`;
  await filedCase(driver, `${ref}-a`, name);
  const caseId = await filedCase(driver, `${ref}-b`, name);
  const partyMatchId = await eventually(`the possible same party of ${ref}`, async () => {
    const res = await driver.http('GET', `/referral/party-matches?caseId=${caseId}`, {
      token: driver.tokens.nrb,
    });
    return (res.body?.items as { id: string }[] | undefined)?.[0]?.id;
  });
  return { ref, caseId, partyMatchId };
}
