import { type FastifyPluginAsyncTypebox, type Static, Type } from '@fastify/type-provider-typebox';
import { type Actor, TIMESTAMP_REASON } from '@landcase/contracts';
import type { HealthReport } from '@landcase/messaging';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { guarded, namedDivision } from './access.ts';
import { createApp, type LandcaseApp } from './app.ts';
import { mintToken, requireAgency, requireRole, testToken } from './auth.ts';
import { loadConfig } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';

const Body = Type.Object(
  {
    source: Type.Union([Type.Literal('satellite'), Type.Literal('drone'), Type.Literal('patrol')]),
    parcel: Type.Object(
      {
        type: Type.Literal('Polygon'),
        coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }))),
      },
      { additionalProperties: false },
    ),
    observedAt: Type.String({ format: 'date-time' }),
    areaMu: Type.Optional(Type.Number({ minimum: 0 })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const SweepBody = Type.Object(
  { divisionCode: Type.String({ pattern: '^[0-9]{6}$' }), features: Type.Array(Type.String()) },
  { additionalProperties: false },
);

let boomCount = 0;
const routes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  // Named by the entry only (no check at the edge): these routes are about auth and validation.
  app.post(
    '/clues',
    { config: { access: 'detection.clue.report' }, schema: { summary: 'Report a test clue', body: Body } },
    async (request, reply) => {
      requireAgency(request.actor, 'nrb', 'grid');
      return reply
        .status(201)
        .send({ service: ctx.service, source: request.body.source, by: request.actor.sub });
    },
  );
  app.get(
    '/clues',
    {
      config: { access: 'detection.clue.list' },
      schema: {
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
      },
    },
    async (request) => ({ limit: request.query.limit ?? 10 }),
  );
  // A head's approval, as the referral approval entry says (whichever agency sent it).
  app.post('/approvals', { config: { access: 'referral.referral.approval' } }, async (request) => {
    requireRole(request.actor, 'head');
    return { approved: true };
  });
  // Under the policy and checked before the body is validated: only the bureau imports a sweep,
  // for its own division or one under it.
  app.post<{ Body: Static<typeof SweepBody> }>(
    '/sweeps',
    {
      ...guarded('detection.sweep.import', async (request) => namedDivision(request.body)),
      schema: { body: SweepBody },
    },
    async (request, reply) => reply.status(201).send({ divisionCode: request.body.divisionCode }),
  );
  // Public: the test is about the answer to an error, not about who may call.
  app.get('/boom', { config: { public: true } }, async () => {
    boomCount += 1;
    throw new Error('database password is hunter2');
  });
};

const testModule: ServiceModule = {
  name: 'detection',
  routes,
  start: async () => ({ stop: async () => {} }),
};

const nrb: Actor = { sub: 'officer-1', agency: 'nrb', division: '141181', roles: ['officer'] };
const psb: Actor = { sub: 'police-1', agency: 'psb', division: '141181', roles: ['officer', 'head'] };

const goodBody = {
  source: 'satellite',
  parcel: {
    type: 'Polygon',
    coordinates: [
      [
        [111.79, 37.26],
        [111.8, 37.26],
        [111.8, 37.27],
        [111.79, 37.26],
      ],
    ],
  },
  observedAt: '2025-03-01T08:00:00+08:00',
};

let app: LandcaseApp;
let token: string;

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  app = createApp({
    config,
    modules: [testModule],
    ctxFor: (m) => ({ service: m.name }) as ServiceContext,
    logger: pino({ level: 'silent' }),
  });
  await app.ready();
  token = await testToken(nrb);
});
afterAll(() => app.close());

const post = (url: string, body: unknown, auth: string | null = token) =>
  app.inject({
    method: 'POST',
    url,
    headers: auth ? { authorization: `Bearer ${auth}` } : {},
    payload: body as object,
  });

describe('routes and auth', () => {
  it('mounts module routes under /<name> and passes them the module context', async () => {
    const res = await post('/detection/clues', goodBody);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ service: 'detection', source: 'satellite', by: 'officer-1' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers 401 problem without a token, with a bad one, and with one signed by another secret', async () => {
    for (const auth of [null, 'not-a-jwt', await mintToken('y'.repeat(32), nrb)]) {
      const res = await post('/detection/clues', goodBody, auth);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        type: 'https://landcase.org/problems/unauthenticated',
        status: 401,
      });
    }
  });

  it('answers 401 for an expired token', async () => {
    const expired = await mintToken(loadConfig({ NODE_ENV: 'test' }).jwtSecret, nrb, -60);
    const res = await post('/detection/clues', goodBody, expired);
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('the bearer token has expired');
  });

  it('answers 403 when requireAgency or requireRole refuses the actor', async () => {
    const res = await post('/detection/clues', goodBody, await testToken(psb));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: 'https://landcase.org/problems/forbidden', status: 403 });
    expect(res.json().detail).toContain('psb');
    const role = await post('/detection/approvals', {}, token);
    expect(role.statusCode).toBe(403);
    expect(role.json().detail).toContain('head');
    expect((await post('/detection/approvals', {}, await testToken(psb))).statusCode).toBe(200);
  });
});

describe('the access policy at the edge', () => {
  const sweep = { divisionCode: '141181', features: [] };
  const as = (agency: Actor['agency'], division: string, roles: string[] = ['officer']) =>
    testToken({ sub: `${agency}-${division}`, agency, division, roles });

  it('lets the bureau act for its own division and those under it', async () => {
    expect((await post('/detection/sweeps', sweep)).statusCode).toBe(201);
    const city = await post('/detection/sweeps', sweep, await as('nrb', '141100'));
    expect(city.statusCode).toBe(201);
    expect(city.json()).toEqual({ divisionCode: '141181' });
  });

  it('refuses another agency, a role that does not act and a division outside its own with 403 naming the entry', async () => {
    for (const [auth, body, words] of [
      [await testToken(psb), sweep, 'psb'],
      [await as('nrb', '141181', ['auditor']), sweep, 'officer or head'],
      [token, { ...sweep, divisionCode: '141182' }, '141182'],
      [await as('nrb', '150000'), sweep, '141181'],
    ] as const) {
      const res = await post('/detection/sweeps', body, auth);
      expect(res.statusCode, words).toBe(403);
      expect(res.json()).toMatchObject({
        type: 'https://landcase.org/problems/forbidden',
        rule: { id: 'detection.sweep.import' },
      });
      expect(res.json().detail).toContain(words);
    }
  });

  it('checks before the body is validated, so a caller who may not act learns nothing from its errors', async () => {
    const refused = await post('/detection/sweeps', { divisionCode: 42 }, await testToken(psb));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).not.toHaveProperty('errors');
    const invalid = await post('/detection/sweeps', { divisionCode: 42 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors).toEqual(
      expect.arrayContaining([{ path: '/divisionCode', reason: 'must be string' }]),
    );
  });

  it('refuses to start an app with a route that names no entry of the policy, or an unknown one', async () => {
    for (const [config, message] of [
      [{}, /GET \/detection\/loose has no entry in the access policy \(config.access\)$/],
      [{ access: 'detection.clue.erase' }, /config.access 'detection.clue.erase' is unknown/],
    ] as const) {
      const loose = createApp({
        config: loadConfig({ NODE_ENV: 'test' }),
        modules: [
          {
            name: 'detection',
            routes: async (app) => {
              // biome-ignore lint/suspicious/noExplicitAny: an unknown key is what is tested
              app.get('/loose', { config: config as any }, async () => ({}));
            },
            start: async () => ({ stop: async () => {} }),
          },
        ],
        ctxFor: (m) => ({ service: m.name }) as ServiceContext,
        logger: pino({ level: 'silent' }),
      });
      await expect(loose.ready()).rejects.toThrow(message);
      await loose.close().catch(() => {});
    }
  });
});

describe('problem+json for bad requests', () => {
  const problemOf = async (body: unknown) => {
    const res = await post('/detection/clues', body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({ type: 'https://landcase.org/problems/validation', status: 400 });
    return p.errors as { path: string; reason: string }[];
  };

  it('names a missing field by its pointer', async () => {
    const { observedAt: _, ...body } = goodBody;
    expect(await problemOf(body)).toEqual([{ path: '/observedAt', reason: 'is required' }]);
    expect(await problemOf({ ...goodBody, parcel: { type: 'Polygon' } })).toEqual([
      { path: '/parcel/coordinates', reason: 'is required' },
    ]);
  });

  it('names a field of the wrong type', async () => {
    expect(await problemOf({ ...goodBody, areaMu: '6.2' })).toEqual([
      { path: '/areaMu', reason: 'must be number' },
    ]);
    expect(
      await problemOf({ ...goodBody, parcel: { ...goodBody.parcel, coordinates: [[['a', 1]]] } }),
    ).toEqual([{ path: '/parcel/coordinates/0/0/0', reason: 'must be number' }]);
  });

  it('lists the allowed values for an unknown enum value', async () => {
    expect(await problemOf({ ...goodBody, source: 'rumour' })).toEqual([
      { path: '/source', reason: 'must be one of "satellite", "drone", "patrol"' },
    ]);
    expect(await problemOf({ ...goodBody, parcel: { ...goodBody.parcel, type: 'Point' } })).toEqual([
      { path: '/parcel/type', reason: 'must be "Polygon"' },
    ]);
  });

  it('names an extra field', async () => {
    expect(
      await problemOf({ ...goodBody, parcel: { ...goodBody.parcel, crs: 'EPSG:4326' }, colour: 'red' }),
    ).toEqual(
      expect.arrayContaining([
        { path: '/parcel/crs', reason: 'is not allowed' },
        { path: '/colour', reason: 'is not allowed' },
      ]),
    );
  });

  it('enforces format date-time as the event catalogue means it (RFC 3339 with offset, no leap second)', async () => {
    for (const observedAt of [
      'yesterday',
      '2025-03-01T08:00:00',
      '2025-13-01T08:00:00Z',
      '2025-12-31T23:59:60Z',
      '2025-03-01T08:00:00+08',
      '2025-03-01 08:00:00Z',
    ]) {
      expect(await problemOf({ ...goodBody, observedAt })).toEqual([
        { path: '/observedAt', reason: TIMESTAMP_REASON },
      ]);
    }
  });

  it('reports every bad field at once', async () => {
    const errors = await problemOf({ source: 'rumour', parcel: goodBody.parcel, observedAt: 'now', x: 1 });
    expect(errors.map((e) => e.path).sort()).toEqual(['/observedAt', '/source', '/x']);
  });

  it('answers 400 for malformed JSON and for an empty JSON body', async () => {
    for (const payload of ['{"source": "satellite",', '']) {
      const res = await app.inject({
        method: 'POST',
        url: '/detection/clues',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().type).toBe('https://landcase.org/problems/validation');
    }
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await post('/detection/clues', { ...goodBody, note: 'x'.repeat(1.5 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: 'https://landcase.org/problems/payload-too-large',
      status: 413,
    });
  });

  it('coerces query strings but validates them', async () => {
    const ok = await app.inject({
      url: '/detection/clues?limit=5',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.json()).toEqual({ limit: 5 });
    const bad = await app.inject({
      url: '/detection/clues?limit=500',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: '/limit', reason: 'must be <= 100' }]);
    expect(bad.json().detail).toBe('the query string is not valid');
  });

  it('answers 404 problem for an unknown route', async () => {
    const res = await app.inject({
      url: '/detection/nothing',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ type: 'https://landcase.org/problems/not-found' });
  });

  it('answers 500 without leaking the error', async () => {
    const before = boomCount;
    const res = await app.inject({ url: '/detection/boom', headers: { authorization: `Bearer ${token}` } });
    expect(boomCount).toBe(before + 1);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ type: 'https://landcase.org/problems/internal', status: 500 });
    expect(res.body).not.toContain('hunter2');
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });
});

describe('operations endpoints', () => {
  it('/health is live without a token', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/ready is 503 until every module started, 200 after, 503 again while stopping', async () => {
    const before = await app.inject({ url: '/ready' });
    expect(before.statusCode).toBe(503);
    // Refusals are problems, this one too; the report rides along.
    expect(before.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(before.json()).toMatchObject({
      type: 'about:blank',
      status: 503,
      detail: 'not ready: starting',
      readiness: 'starting',
      modules: { detection: 'starting' },
      requestId: before.headers['x-request-id'],
    });
    app.readiness.markStarted('detection');
    const after = await app.inject({ url: '/ready' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ status: 'ready', modules: { detection: 'started' }, checks: {} });
    app.readiness.markStopping();
    const stopping = await app.inject({ url: '/ready' });
    expect(stopping.statusCode).toBe(503);
    expect(stopping.json()).toMatchObject({ readiness: 'stopping' });
  });

  it('/ready is 503 naming each failing check, and 200 with a degraded one', async () => {
    // An app of its own: the one above has begun stopping.
    const app = createApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      modules: [testModule],
      ctxFor: (m) => ({ service: m.name }) as ServiceContext,
      logger: pino({ level: 'silent' }),
    });
    onTestFinished(() => app.close());
    app.readiness.markStarted('detection');
    let consumer: HealthReport = { status: 'degraded', reason: 'consumer g crashed and is restarting: x' };
    app.readiness.addCheck('bus', () => consumer);
    app.readiness.addCheck('detection relay', () => ({
      status: 'failing',
      reason: 'publish to landcase.detection.v1 failed (attempt 3): broker unavailable',
    }));
    const failing = await app.inject({ url: '/ready' });
    expect(failing.statusCode).toBe(503);
    expect(failing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failing.json()).toMatchObject({
      status: 503,
      detail:
        'not ready: failing; detection relay: publish to landcase.detection.v1 failed (attempt 3): broker unavailable',
      readiness: 'failing',
      failing: ['detection relay: publish to landcase.detection.v1 failed (attempt 3): broker unavailable'],
      checks: { bus: { status: 'degraded' }, 'detection relay': { status: 'failing' } },
    });
    app.readiness.addCheck('detection relay', () => ({ status: 'ok' }));
    const degraded = await app.inject({ url: '/ready' });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json().checks.bus).toEqual(consumer);
    consumer = { status: 'failing', reason: 'consumer g crashed and was not restarted: y' };
    const crashed = await app.inject({ url: '/ready' });
    expect(crashed.statusCode).toBe(503);
    expect(crashed.json().detail).toBe(
      'not ready: failing; bus: consumer g crashed and was not restarted: y',
    );
  });

  it('/metrics counts requests by route and status', async () => {
    await app.inject({ url: '/health' });
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('/docs/json is an OpenAPI document with the module routes and bearer security', async () => {
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('landcase');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/detection/clues'].post.summary).toBe('Report a test clue');
    expect(doc.paths['/detection/clues'].post.description).toMatch(
      /^Access \(detection\.clue\.report\): .*nrb.*; scope own-or-above\.$/,
    );
    expect(
      doc.paths['/detection/clues'].post.requestBody.content['application/json'].schema.required,
    ).toContain('observedAt');
    expect(doc.paths['/health'].get.security).toEqual([]);
    const ui = await app.inject({ url: '/docs' });
    expect(ui.statusCode).toBeLessThan(400);
  });
});
