import type { TestSystem } from '@landcase/service-kit/testing';

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
