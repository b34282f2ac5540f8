import type { Agency } from '@landcase/contracts';
import { eventually, type TestSystem } from '@landcase/service-kit/testing';
import { recordCaseDivision } from './case-divisions.ts';

/**
 * Records `caseId` as opened in `divisionCode`, as the service does when it hears the case's
 * CaseOpened: referrals and recommendations may then name it.
 */
export function openCase(sys: TestSystem, caseId: string, divisionCode = '141181'): Promise<void> {
  return recordCaseDivision(sys.readModels, caseId, divisionCode);
}

/**
 * A bearer token for `who`: an agency of 141181 (`psb`), or of the division after `@`
 * (`nrb@141182`, `proc@140000`). An officer; the bureau's officer is its head too.
 */
export function tokenFor(sys: TestSystem, who: string): Promise<string> {
  const [agency, division = '141181'] = who.split('@') as [Agency, string?];
  return sys.token(agency, agency === 'nrb' ? ['officer', 'head'] : ['officer'], division);
}

/**
 * POSTs to the referral service with `token`: status, JSON answer and headers. Without a body
 * the request carries none at all (no content type either), as a command without data may.
 */
export async function postAs(
  sys: TestSystem,
  url: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/referral${url}`,
    headers: { authorization: `Bearer ${token}`, ...headers },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

/** The referral `id` as `token` reads it, once a reaction has drafted it. */
export function draftedReferral(sys: TestSystem, id: string, token: string) {
  return eventually(async () => {
    const res = await sys.app.inject({
      method: 'GET',
      url: `/referral/referrals/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    return res.statusCode === 200 ? res.json() : undefined;
  });
}
