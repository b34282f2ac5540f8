import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LagMonitor, streamMetrics } from '@landcase/messaging';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { installAccessPolicy } from './access.ts';
import { trackAllowedMethods } from './allowed-methods.ts';
import { asyncApiRoute } from './asyncapi-route.ts';
import { installAuth, tokenVerifier } from './auth.ts';
import { answerClientError, installUrlLimit } from './client-errors.ts';
import type { Config } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';
import { installEmptyBody } from './empty-body.ts';
import {
  answerError,
  httpProblem,
  installErrorHandlers,
  MAX_PARAM_LENGTH,
  sendProblem,
} from './error-handler.ts';
import { installRequestMetrics, metricsRoute } from './metrics.ts';
import { documentResponses, ProblemComponent } from './openapi-responses.ts';
import { type AtRiskSources, opsAtRiskRoute, registerAtRiskGauge } from './ops-at-risk.ts';
import { opsProjectionsRoute } from './ops-projections.ts';
import { opsStreamsRoute } from './ops-streams.ts';
import { installRateLimit } from './rate-limit.ts';
import { failingChecks, Readiness } from './readiness.ts';
import { rulesRoute } from './rules-route.ts';
import { DOCS_CSP, installSecurityHeaders } from './security-headers.ts';
import { partAwareValidator } from './validator.ts';
import { refuseIllFormedBodies } from './well-formed-body.ts';

export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** Which modules have started; drives `/ready`. */
    readiness: Readiness;
    /** The app's own prom-client registry (served at `/metrics`). */
    metrics: Registry;
    /** Samples the lag of the consumer groups on the process's bus (`/ops/streams`). */
    lagMonitor: LagMonitor;
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
  checks: Type.Record(
    Type.String(),
    Type.Object({ status: Type.String(), reason: Type.Optional(Type.String()) }),
  ),
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
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    genReqId: requestIdOf,
    requestIdHeader: false,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
    schemaController: { compilersFactory: { buildValidator: partAwareValidator() as never } },
    // Errors met before a route has the request (a path parameter too long, a URL that does not
    // decode; the HTTP parser's refusals) are problems too.
    frameworkErrors: answerError,
    clientErrorHandler: answerClientError,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as LandcaseApp;

  const readiness = options.readiness ?? new Readiness(modules.map((m) => m.name));
  app.decorate('readiness', readiness);
  app.decorate('metrics', installRequestMetrics(app));
  // Every module of a process shares one bus: the first one's dead letters are everyone's.
  const first = modules[0];
  const deadLetters = () => (first ? ctxFor(first).bus?.deadLetters : undefined);
  streamMetrics.register(app.metrics, deadLetters);
  for (const module of modules) module.registerMetrics?.(app.metrics, ctxFor(module));
  const now = () => (first ? ctxFor(first).clock.now().getTime() : Date.now());
  const lagMonitor = new LagMonitor({
    bus: () => (first ? ctxFor(first).bus : undefined),
    now,
    windowSize: config.lagWindow,
    metrics: streamMetrics,
    logger: app.log as unknown as Logger,
  });
  app.decorate('lagMonitor', lagMonitor);
  app.addHook('onReady', async () => lagMonitor.start(config.lagSampleMs));
  app.addHook('onClose', async () => lagMonitor.stop());
  const atRisk: AtRiskSources = {
    contexts: () => modules.map(ctxFor),
    lagMonitor,
    now: () => new Date(now()),
    marginMs: config.atRiskMarginMs,
  };
  registerAtRiskGauge(app.metrics, atRisk);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandlers(app, trackAllowedMethods(app));
  installEmptyBody(app);
  refuseIllFormedBodies(app);
  app.addSchema(ProblemComponent);
  // Plugins load in this order, so helmet's headers are on every answer, refusals included; then
  // the URL limit, the bearer token, and the limit on writes (which counts per token).
  installSecurityHeaders(app);
  const verify = tokenVerifier(config);
  app.register(
    fp(async (scope) => {
      installUrlLimit(scope);
      installAuth(scope, verify);
    }),
  );
  installRateLimit(app, config.rateLimit);
  installAccessPolicy(app);

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
    transform: documentResponses as never,
    // Shared schemas keep their id as their component's name (`#/components/schemas/Problem`).
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP, uiConfig: { validatorUrl: null } });
  app.register(asyncApiRoute(modules, ctxFor, config.bus));

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
          summary:
            'Readiness: 200 once every module has started and no check (relays, consumers, event store) fails, else 503 problem+json naming each failing check',
          security: [],
          response: { 200: ReadyReport },
        },
      },
      async (request, reply) => {
        const report = await readiness.report();
        if (report.status === 'ready') return reply.send(report);
        const failing = failingChecks(report);
        return sendProblem(reply, request, {
          ...httpProblem(503, `not ready: ${[report.status, ...failing].join('; ')}`),
          readiness: report.status,
          modules: report.modules,
          checks: report.checks,
          ...(failing.length > 0 ? { failing } : {}),
        });
      },
    );
    // With a port of its own, /metrics is served there only (runService starts it).
    if (config.metricsPort === undefined)
      metricsRoute(ops as unknown as FastifyInstance, app.metrics, config.metricsToken);
  });

  for (const module of modules) {
    app.register(module.routes, { prefix: `/${module.name}`, ctx: ctxFor(module) });
    if (module.opsRoutes) app.register(module.opsRoutes, { prefix: '/ops', ctx: ctxFor(module) });
  }
  if (first) {
    app.register(opsStreamsRoute(deadLetters, lagMonitor, now), { prefix: '/ops' });
    app.register(opsAtRiskRoute(atRisk), { prefix: '/ops' });
    app.register(
      opsProjectionsRoute(() => modules.map(ctxFor)),
      { prefix: '/ops' },
    );
    app.register(rulesRoute(ctxFor(first), ctxFor(first).clock));
  }
  return app;
}
