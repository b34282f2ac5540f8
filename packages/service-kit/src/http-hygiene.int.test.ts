import { connect } from 'node:net';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { Actor } from '@landcase/contracts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type LandcaseApp } from './app.ts';
import { mintToken } from './auth.ts';
import { type Config, loadConfig } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';
import { API_CSP, DOCS_CSP } from './security-headers.ts';

// What an HTTP reviewer checks, over real sockets: every refusal is problem+json with the request
// id, including those of Node's HTTP parser, which answers before fastify has a request.

const routes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app) => {
  app.post(
    '/clues',
    {
      config: { access: 'detection.clue.report' },
      schema: { body: Type.Object({ note: Type.String() }, { additionalProperties: false }) },
    },
    async (request, reply) => reply.status(201).send({ note: request.body.note }),
  );
  app.get('/clues', { config: { access: 'detection.clue.list' } }, async () => ({ items: [] }));
  app.get(
    '/clues/:caseId',
    { config: { access: 'detection.clue.read' }, schema: { params: Type.Object({ caseId: Type.String() }) } },
    async (request) => ({ caseId: request.params.caseId }),
  );
};
const testModule: ServiceModule = {
  name: 'detection',
  routes,
  start: async () => ({ stop: async () => {} }),
};

const nrb: Actor = { sub: 'officer-1', agency: 'nrb', division: '141181', roles: ['officer'] };

interface Served {
  app: LandcaseApp;
  config: Config;
  base: string;
  token(actor?: Actor): Promise<string>;
}
const started: LandcaseApp[] = [];
async function serve(env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const app = createApp({
    config,
    modules: [testModule],
    ctxFor: (m) => ({ service: m.name }) as ServiceContext,
    logger: pino({ level: 'silent' }),
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  started.push(app);
  return { app, config, base, token: (actor = nrb) => mintToken(config, actor) };
}
afterAll(async () => {
  for (const app of started) await app.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` byte for byte on a socket and reads the answer until the server closes. */
function raw(base: string, request: string): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server closes as soon as it has answered, possibly before reading all we sent.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(split + 4) });
    });
    socket.write(request);
  });
}

/** Checks that `res` is a problem of `status` that carries its request id; answers the problem. */
async function problemOf(
  res: Response | RawResponse,
  status: number,
): Promise<Record<string, unknown> & { detail?: string }> {
  const headers = res instanceof Response ? Object.fromEntries(res.headers.entries()) : res.headers;
  const body = JSON.parse(res instanceof Response ? await res.text() : res.body);
  expect(res.status).toBe(status);
  expect(headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.requestId).toMatch(/^[A-Za-z0-9._:-]+$/);
  expect(headers['x-request-id']).toBe(body.requestId);
  return body;
}

describe('refusals by fastify and by the routes', () => {
  let s: Served;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await serve();
    auth = { authorization: `Bearer ${await s.token()}` };
  });

  it('401 without a token, 404 for an unknown route, both with the request id the client sent', async () => {
    const unauthenticated = await fetch(`${s.base}/detection/clues`, {
      headers: { 'x-request-id': 'trace-42' },
    });
    expect((await problemOf(unauthenticated, 401)).requestId).toBe('trace-42');
    const unknown = await fetch(`${s.base}/detection/nothing`, { headers: auth });
    expect(await problemOf(unknown, 404)).toMatchObject({
      type: 'https://landcase.org/problems/not-found',
      detail: 'no route GET /detection/nothing',
      instance: '/detection/nothing',
    });
  });

  it('405 with Allow for a known path asked with another method', async () => {
    const res = await fetch(`${s.base}/detection/clues`, { method: 'DELETE', headers: auth });
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await problemOf(res, 405)).toMatchObject({
      type: 'about:blank',
      title: 'Method Not Allowed',
      detail: 'DELETE is not served at /detection/clues; allowed: GET, HEAD, POST',
    });
    const put = await fetch(`${s.base}/detection/clues/C-1`, { method: 'PUT', headers: auth, body: '{}' });
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    await problemOf(put, 405);
  });

  it('400 for a body that is not JSON, 415 for a body of another media type', async () => {
    const post = (contentType: string, body: string) =>
      fetch(`${s.base}/detection/clues`, {
        method: 'POST',
        headers: { ...auth, 'content-type': contentType },
        body,
      });
    expect(await problemOf(await post('application/json', '{"note": '), 400)).toMatchObject({
      type: 'https://landcase.org/problems/validation',
      errors: [{ path: '', reason: 'is not valid JSON' }],
    });
    expect(
      await problemOf(await post('application/json', '{"__proto__": {"admin": true}}'), 400),
    ).toMatchObject({
      type: 'https://landcase.org/problems/validation',
    });
    expect(await problemOf(await post('application/xml', '<note/>'), 415)).toMatchObject({
      type: 'about:blank',
      title: 'Unsupported Media Type',
      detail: 'the body must be application/json',
    });
    const ok = await post('application/json; charset=utf-8', '{"note":"x"}');
    expect(ok.status).toBe(201);
  });

  it('413 for a body over 1 MiB, whether its length is announced or not', async () => {
    const big = JSON.stringify({ note: 'x'.repeat(1.5 * 1024 * 1024) });
    // Announced: refused on the headers alone, before any of the body is sent.
    const announced = await raw(
      s.base,
      `POST /detection/clues HTTP/1.1\r\nhost: x\r\n${Object.entries(auth)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\ncontent-type: application/json\r\ncontent-length: ${big.length}\r\n\r\n`,
    );
    expect(await problemOf(announced, 413)).toMatchObject({
      type: 'https://landcase.org/problems/payload-too-large',
    });
    const chunked = await raw(
      s.base,
      `POST /detection/clues HTTP/1.1\r\nhost: x\r\n${Object.entries(auth)
        .map(([k, v]) => `${k}: ${v}`)
        .join(
          '\r\n',
        )}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
    );
    await problemOf(chunked, 413);
  });

  it('414 for a path parameter over 100 characters, and for a URL over 8 KiB', async () => {
    const longId = await fetch(`${s.base}/detection/clues/${'c'.repeat(101)}`, { headers: auth });
    expect(await problemOf(longId, 414)).toMatchObject({
      type: 'about:blank',
      title: 'URI Too Long',
      detail: 'a path segment is longer than 100 characters',
    });
    expect((await fetch(`${s.base}/detection/clues/${'c'.repeat(100)}`, { headers: auth })).status).toBe(200);
    const longQuery = await fetch(`${s.base}/detection/clues?q=${'q'.repeat(9000)}`, { headers: auth });
    expect((await problemOf(longQuery, 414)).detail).toBe(
      'the URL is 9019 characters long; at most 8192 are served',
    );
  });

  it("414 for a request line longer than Node's header limit, answered by the parser", async () => {
    const res = await raw(s.base, `GET /detection/clues?q=${'q'.repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`);
    expect(await problemOf(res, 414)).toMatchObject({
      type: 'about:blank',
      title: 'URI Too Long',
      detail: 'the request line is longer than 16384 bytes',
    });
  });

  it('431 for headers over 16 KiB, in one header or in many', async () => {
    const one = await raw(s.base, `GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expect(await problemOf(one, 431)).toMatchObject({
      type: 'about:blank',
      title: 'Request Header Fields Too Large',
      detail: 'the request line and headers are larger than 16384 bytes',
    });
    const many = Array.from({ length: 2000 }, (_, i) => `x-h${i}: value`).join('\r\n');
    await problemOf(await raw(s.base, `GET /health HTTP/1.1\r\nhost: x\r\n${many}\r\n\r\n`), 431);
  });

  it('400 for what is not HTTP at all', async () => {
    const res = await raw(s.base, 'HELLO THERE\r\n\r\n');
    expect((await problemOf(res, 400)).detail).toMatch(/^the request is not valid HTTP\/1\.1 \(HPE_/);
  });
});

describe('security headers (helmet)', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve();
  });

  const expectHelmet = (res: Response) => {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  };

  it("are on the API's answers, refusals included, with a policy that loads nothing", async () => {
    const apiCsp = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";
    expect(Object.keys(API_CSP)).toHaveLength(4);
    for (const res of [
      await fetch(`${s.base}/health`),
      await fetch(`${s.base}/detection/clues`),
      await fetch(`${s.base}/detection/clues`, { headers: { authorization: `Bearer ${await s.token()}` } }),
      await fetch(`${s.base}/nothing`, { headers: { authorization: `Bearer ${await s.token()}` } }),
    ]) {
      expectHelmet(res);
      expect(res.headers.get('content-security-policy')).toBe(apiCsp);
    }
  });

  it('let /docs load: the page, every script and stylesheet it names and the OpenAPI document, under the docs policy', async () => {
    const page = await fetch(`${s.base}/docs/`);
    expect(page.status).toBe(200);
    expectHelmet(page);
    expect(page.headers.get('content-security-policy')).toBe(DOCS_CSP);
    const html = await page.text();
    // The page runs no inline script or style (the policy would block them).
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>[^<\s]/);
    expect(html).not.toMatch(/<style/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      const res = await fetch(new URL(asset, `${s.base}/docs/`));
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-security-policy'), asset).toBe(DOCS_CSP);
    }
    const initializer = await (await fetch(`${s.base}/docs/static/swagger-initializer.js`)).text();
    // The UI fetches the document from this server (connect-src 'self'), and no external validator.
    const json = await fetch(`${s.base}/docs/json`);
    expect(json.status).toBe(200);
    expect((await json.json()).openapi).toMatch(/^3\./);
    expect(initializer).toContain('"validatorUrl":null');
  });
});

describe('rate limit on writes (LANDCASE_RATE_LIMIT)', () => {
  const post = (s: Served, token: string) =>
    fetch(`${s.base}/detection/clues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"note":"x"}',
    });

  it('is off unless configured', async () => {
    const s = await serve();
    const token = await s.token();
    for (let i = 0; i < 30; i++) expect((await post(s, token)).status).toBe(201);
  });

  it('answers 429 problem+json with Retry-After beyond the limit, per token, on writes only', async () => {
    const s = await serve({ LANDCASE_RATE_LIMIT: '3/minute' });
    const token = await s.token();
    for (let i = 0; i < 3; i++) expect((await post(s, token)).status).toBe(201);
    const refused = await post(s, token);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await problemOf(refused, 429)).toMatchObject({
      type: 'https://landcase.org/problems/rate-limited',
      detail: `at most 3 writes per minute per caller; retry in ${retryAfter} s`,
      retryAfter,
    });
    // Another caller of the same agency has a budget of its own; reads are not counted.
    expect((await post(s, await s.token({ ...nrb, sub: 'officer-2' }))).status).toBe(201);
    const read = await fetch(`${s.base}/detection/clues`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    // A refused write changes nothing: the body was never read.
    expect((await post(s, token)).status).toBe(429);
  });
});
