import { eventually, type TestSystem } from '@landcase/service-kit/testing';

// The case the quota tests run: a penalty decision orders demolition and restoration of land in
// division 141181, due 30 June 2026, and the land may be left unrestored past the year's end.

export const RESTORATION_CASE = 'LC-141181-20260302-0a1b2c3d';
export const RESTORATION_STREAM = `remediation.remediation-${RESTORATION_CASE}`;

/** Photo evidence the remediation tests attach to progress and acceptance. */
export const PROOF = [{ uri: 'https://field.example/photo-1.jpg', sha256: 'b'.repeat(64) }];

/** POSTs a command below the case's remediation with `token`; the status and the JSON answer. */
export async function postOnCase(sys: TestSystem, token: string | undefined, url: string, body: unknown) {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/remediation/cases/${RESTORATION_CASE}${url}`,
    headers: { authorization: `Bearer ${token}` },
    payload: body as object,
  });
  return { status: res.statusCode, body: res.json() };
}

/** Enforcement decides the penalty; resolves once the case's remediation is open. */
export async function openRestoration(sys: TestSystem, landClass: 'pbf' | 'farmland'): Promise<void> {
  await sys.publish('enforcement', 'PenaltyDecided', {
    caseId: RESTORATION_CASE,
    measures: ['demolish', 'restore'],
    complyBy: '2026-06-30T18:00:00+08:00',
    decisionRef: 'FY-DECISION-1',
    divisionCode: '141181',
    landClass,
    areaMu: 6.2,
  });
  await eventually(
    'the remediation opened',
    async () => (await sys.store.readStream(RESTORATION_STREAM)).length > 0,
  );
}
