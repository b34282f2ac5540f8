import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { testToken } from './auth.ts';
import { loadConfig } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';
import { bearerMatches } from './metrics.ts';
import { type RunningService, runService } from './runtime.ts';

const silent = pino({ level: 'silent' });
const module: ServiceModule = {
  name: 'audit',
  routes: async (app) => {
    app.get('/ping', { config: { access: 'audit.ledger.tree-head' } }, async () => ({ pong: true }));
  },
  start: async () => ({ stop: async () => {} }),
};
const METRICS_TOKEN = 'scrape-token-0123456789abcdef0123456789';

const running: RunningService[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
});

describe('/metrics behind LANDCASE_METRICS_TOKEN', () => {
  it('answers the token only; a user token or none is 401 problem+json', async () => {
    const app = createApp({
      config: loadConfig({ NODE_ENV: 'test', LANDCASE_METRICS_TOKEN: METRICS_TOKEN }),
      modules: [module],
      ctxFor: (m) => ({ service: m.name }) as ServiceContext,
      logger: silent,
    });
    try {
      const user = await testToken({ sub: 'ops-1', agency: 'nrb', division: '141181', roles: ['ops'] });
      for (const authorization of [undefined, `Bearer ${user}`, `Bearer ${METRICS_TOKEN}x`, METRICS_TOKEN]) {
        const res = await app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.json().detail).toBe('/metrics needs the bearer token of LANDCASE_METRICS_TOKEN');
      }
      const ok = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await app.close();
    }
  });

  it('compares the bearer token exactly', () => {
    expect(bearerMatches(`Bearer ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(true);
    expect(bearerMatches(`bearer   ${METRICS_TOKEN} `, METRICS_TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${METRICS_TOKEN.slice(1)}`, METRICS_TOKEN)).toBe(false);
    expect(bearerMatches(undefined, METRICS_TOKEN)).toBe(false);
    expect(bearerMatches(`Basic ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(false);
  });
});

describe('/metrics on a port of its own (LANDCASE_METRICS_PORT)', () => {
  it('is served there only, counting the requests of the service port', async () => {
    const service = await runService(
      module,
      {
        NODE_ENV: 'test',
        LANDCASE_PORT: '0',
        LANDCASE_METRICS_PORT: '0',
        LANDCASE_HOST: '127.0.0.1',
        LANDCASE_EVENTSTORE: 'sqlite::memory:',
        LANDCASE_METRICS_TOKEN: METRICS_TOKEN,
      },
      { logger: silent, handleSignals: false },
    );
    running.push(service);
    expect(service.metricsAddress).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.metricsAddress).not.toBe(service.address);

    await fetch(`${service.address}/health`);
    const onService = await fetch(`${service.address}/metrics`);
    expect(onService.status).toBe(404);
    expect(onService.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const scrape = await fetch(`${service.metricsAddress}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(
      /http_requests_total\{method="GET",route="\/health",status="200"\} 1/,
    );
    const refused = await fetch(`${service.metricsAddress}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const elsewhere = await fetch(`${service.metricsAddress}/health`);
    expect(elsewhere.status).toBe(404);
    expect((await elsewhere.json()).requestId).toBe(elsewhere.headers.get('x-request-id'));

    await service.stop();
    running.length = 0;
    await expect(fetch(`${service.metricsAddress}/metrics`)).rejects.toThrow();
  });
});
