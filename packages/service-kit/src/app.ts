import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { installAuth } from './auth.ts';
import type { Config } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';
import { installErrorHandlers } from './error-handler.ts';
import { Readiness } from './readiness.ts';
import { partAwareValidator } from './validator.ts';
import { refuseIllFormedBodies } from './well-formed-body.ts';

export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** Which modules have started; drives `/ready`. */
    readiness: Readiness;
    /** The app's own prom-client registry (served at `/metrics`). */
    metrics: Registry;
  }
}

export type LandcaseApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface CreateAppOptions {
  config: Config;
  modules: ServiceModule[];
  /** The context each module's routes receive as `opts.ctx`. */
  ctxFor(module: ServiceModule): ServiceContext;
  /** Defaults to a pino logger at `config.logLevel`. */
  logger?: Logger;
  /** Defaults to one that expects every module in `modules`. */
  readiness?: Readiness;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller-supplied `x-request-id` is kept (it carries a correlation across systems) if it is sane. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

const Health = Type.Object({ status: Type.Literal('ok') });
const ReadyReport = Type.Object({
  status: Type.String(),
  modules: Type.Record(Type.String(), Type.String()),
});

/**
 * The HTTP server of one process: every module's routes under `/<name>`, plus health, readiness,
 * metrics, OpenAPI docs, bearer auth and problem+json errors. Plugins load on `ready()`/`listen()`
 * (or the first `inject()`).
 */
export function createApp(options: CreateAppOptions): LandcaseApp {
  const { config, modules, ctxFor } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: { level: config.logLevel } }),
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdOf,
    requestIdHeader: false,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
    schemaController: { compilersFactory: { buildValidator: partAwareValidator() as never } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as LandcaseApp;

  const readiness = options.readiness ?? new Readiness(modules.map((m) => m.name));
  app.decorate('readiness', readiness);

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
  app.decorate('metrics', metrics);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: one time series per route, not per case id.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  installErrorHandlers(app);
  installAuth(app, config.jwtSecret);
  refuseIllFormedBodies(app);

  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'landcase',
        version: '1',
        description: 'Farmland-protection enforcement case workflow. Errors are RFC 9457 problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  app.register(swaggerUi, { routePrefix: '/docs' });

  // Probes and scrapes log only failures. Inside a plugin so that they load after swagger and
  // appear in the OpenAPI document.
  app.register(async (ops) => {
    ops.get(
      '/health',
      {
        logLevel: 'warn',
        schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: Health } },
      },
      async () => ({ status: 'ok' as const }),
    );
    ops.get(
      '/ready',
      {
        logLevel: 'warn',
        schema: {
          tags: ['operations'],
          summary: 'Readiness: 200 once every module has started',
          security: [],
          response: { 200: ReadyReport, 503: ReadyReport },
        },
      },
      async (_request, reply) => reply.status(readiness.ready ? 200 : 503).send(readiness.report()),
    );
    ops.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (_request, reply) =>
      reply.type(metrics.contentType).send(await metrics.metrics()),
    );
  });

  for (const module of modules) {
    app.register(module.routes, { prefix: `/${module.name}`, ctx: ctxFor(module) });
  }
  return app;
}
