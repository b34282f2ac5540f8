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

/** The kinds every referral must carry before dispatch in the national rule set (referral.documents.*). */
export const REQUIRED_KINDS = ['referral-letter', 'investigation-report', 'evidence-list'] as const;

/** Attaches a small text document of `kind` to referral `id` as `token`: the answer. */
export function attachDocument(
  sys: TestSystem,
  id: string,
  token: string,
  kind: string,
  text = `${kind} of ${id}`,
  headers: Record<string, string> = {},
) {
  return postAs(
    sys,
    `/referrals/${id}/documents`,
    token,
    {
      name: `${kind}.txt`,
      kind,
      mediaType: 'text/plain; charset=utf-8',
      content: Buffer.from(text, 'utf8').toString('base64'),
    },
    headers,
  );
}

/** Attaches a document of each required kind; their SHA-256 in that order. */
export async function attachRequired(sys: TestSystem, id: string, token: string): Promise<string[]> {
  const hashes: string[] = [];
  for (const kind of REQUIRED_KINDS) {
    const res = await attachDocument(sys, id, token, kind);
    if (res.status !== 201)
      throw new Error(`attaching ${kind} to ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    hashes.push(res.body.documents.at(-1).sha256);
  }
  return hashes;
}

/** Attaches the required documents to an approved referral, then dispatches it: the dispatch's answer. */
export async function dispatchWithDocuments(sys: TestSystem, id: string, token: string) {
  await attachRequired(sys, id, token);
  return postAs(sys, `/referrals/${id}/dispatch`, token);
}

/** The receiver signs for referral `id`, naming every document attached to it: the answer. */
export async function receiveAll(sys: TestSystem, id: string, token: string) {
  const shown = await sys.app.inject({
    method: 'GET',
    url: `/referral/referrals/${id}`,
    headers: { authorization: `Bearer ${token}` },
  });
  const documents =
    shown.statusCode === 200
      ? (shown.json().documents as { sha256?: string; attachedAt?: string }[])
          .filter((d) => d.attachedAt)
          .map((d) => d.sha256!)
      : [];
  return postAs(sys, `/referrals/${id}/receipt`, token, { documents });
}
