import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Config } from './config.ts';
import { calendarFallbacks } from './deadlines/calendar-fallback.ts';
import { schedulerMetrics } from './deadlines/scheduler-metrics.ts';
import { installErrorHandlers } from './error-handler.ts';
import { Unauthenticated } from './problems.ts';

// Prometheus metrics of one process: default process metrics plus requests by method, route and
// status. `/metrics` is served on the app's port, or, with LANDCASE_METRICS_PORT, on that port
// alone (bound to the same host), so that a firewall or a separate listener can keep it internal.
// With LANDCASE_METRICS_TOKEN it answers only `Authorization: Bearer <that token>` (Prometheus:
// `authorization: { credentials_file: ... }`); a static token rather than a JWT, because a scraper
// cannot renew an expiring one.

/** The registry of `app` and the hooks that count its requests. */
export function installRequestMetrics(app: FastifyInstance): Registry {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [metrics],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method and route',
    labelNames: ['method', 'route'] as const,
    registers: [metrics],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: one time series per route, not per case id.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  // The process's calendar fallbacks, whichever scheduler met them.
  metrics.registerMetric(calendarFallbacks.gauge);
  // The process's deadline schedulers: ticks, missed deadlines, deadlines due soon.
  schedulerMetrics.register(metrics);
  return metrics;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when `header` is `Bearer <token>`; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** Registers `GET /metrics` on `app`, behind `token` when one is given. */
export function metricsRoute(app: FastifyInstance, metrics: Registry, token: string | undefined): void {
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      schema: { hide: true },
      ...(token
        ? {
            onRequest: async (request, reply) => {
              if (bearerMatches(request.headers.authorization, token)) return;
              reply.header('www-authenticate', 'Bearer realm="metrics"');
              throw new Unauthenticated('/metrics needs the bearer token of LANDCASE_METRICS_TOKEN');
            },
          }
        : {}),
    },
    async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()),
  );
}

/** The listener of LANDCASE_METRICS_PORT: `/metrics` and nothing else, errors as problem+json. */
export function createMetricsServer(
  metrics: Registry,
  config: Pick<Config, 'metricsToken'>,
  logger: Logger,
): FastifyInstance {
  const server = Fastify({
    loggerInstance: logger.child({ component: 'metrics' }),
    genReqId: (_req: IncomingMessage) => randomUUID(),
  });
  installErrorHandlers(server as unknown as FastifyInstance);
  metricsRoute(server as unknown as FastifyInstance, metrics, config.metricsToken);
  return server as unknown as FastifyInstance;
}
