import { eventually, type TestSystem } from '@landcase/service-kit/testing';

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
