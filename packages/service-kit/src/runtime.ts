import { streamPrefixOf, topicOf } from '@landcase/contracts';
import { startRelay } from '@landcase/messaging';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createApp, type LandcaseApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import {
  type Clock,
  createContext,
  type Running,
  type ServiceContext,
  type ServiceModule,
} from './context.ts';
import { createMetricsServer } from './metrics.ts';
import { connectPorts, type Ports } from './ports.ts';
import type { Readiness } from './readiness.ts';
import { entriesNotApplied, loadRuleBook } from './rule-overlay-files.ts';

/** Stops each in reverse order; one that fails is logged and the rest still stop. */
async function stopAll(running: { name: string; handle: Running }[], log: Logger): Promise<void> {
  const failures: unknown[] = [];
  for (const { name, handle } of [...running].reverse()) {
    try {
      await handle.stop();
    } catch (error) {
      log.error({ err: error, part: name }, 'failed to stop');
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'some parts failed to stop');
}

/**
 * Starts each module's background work: first the relay from its streams (`<name>.`) to its topic
 * (`landcase.<name>.v1`, checkpoint `relay:<name>` in its read models), then `module.start(ctx)`.
 * The context of a module is the one whose `service` is the module's name. Stops in reverse order.
 * If a start fails, what had started is stopped again and the error is thrown.
 */
export async function startServices(
  ctxs: readonly ServiceContext[],
  modules: readonly ServiceModule[],
  options: { readiness?: Readiness; relayBatchSize?: number } = {},
): Promise<Running> {
  const running: { name: string; handle: Running }[] = [];
  const log = ctxs[0]?.log ?? pino({ level: 'silent' });
  try {
    for (const module of modules) {
      const ctx = ctxs.find((c) => c.service === module.name);
      if (!ctx) throw new Error(`no context for the ${module.name} module`);
      const relay = await startRelay({
        store: ctx.store,
        bus: ctx.bus,
        service: module.name,
        checkpoints: ctx.readModels.checkpoints,
        logger: ctx.log.child({ component: 'relay' }),
        ...(options.relayBatchSize ? { batchSize: options.relayBatchSize } : {}),
      });
      running.push({ name: `${module.name} relay`, handle: relay });
      options.readiness?.addCheck(`${module.name} relay`, () => relay.health());
      ctx.log.info(
        { streams: `${streamPrefixOf(module.name)}*`, topic: topicOf(module.name) },
        'relay started',
      );
      running.push({ name: module.name, handle: await module.start(ctx) });
      options.readiness?.markStarted(module.name);
      ctx.log.info('module started');
    }
  } catch (error) {
    await stopAll(running, log).catch(() => {});
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= stopAll(running, log);
      return stopping;
    },
  };
}

export interface RunningService {
  app: LandcaseApp;
  config: Config;
  ports: Ports;
  /** The address the server listens on, e.g. `http://127.0.0.1:8080`. */
  address: string;
  /** Where `/metrics` is served when LANDCASE_METRICS_PORT gives it a port of its own. */
  metricsAddress?: string;
  /** Graceful stop: refuse readiness, close the server, stop the modules and relays, close the ports. */
  stop(): Promise<void>;
}

export interface RunServiceOptions {
  logger?: Logger;
  clock?: Clock;
  /** Stop gracefully on SIGTERM and SIGINT, then exit (default true). */
  handleSignals?: boolean;
  /**
   * Adds to the app before it loads (more routes or plugins beside the modules'): `landcase start`
   * serves the web console this way.
   */
  extendApp?: (app: LandcaseApp, config: Config) => void;
}

/**
 * The whole life of a process: load the configuration, connect the ports, build the app, start
 * the modules that LANDCASE_SERVICES selects among `modules`, listen. Each service's `main.ts`
 * calls it with its module; `landcase start` with all of them.
 */
export async function runService(
  modules: ServiceModule | readonly ServiceModule[],
  env: NodeJS.ProcessEnv = process.env,
  options: RunServiceOptions = {},
): Promise<RunningService> {
  const given = Array.isArray(modules) ? modules : [modules as ServiceModule];
  const config = loadConfig(env, options.logger);
  const logger = options.logger ?? pino({ level: config.logLevel });
  // A bad overlay stops the start before anything is connected.
  const rules = loadRuleBook(config.ruleOverlays);
  const notApplied = entriesNotApplied(rules);
  if (notApplied.length > 0) {
    logger.warn(
      { entries: notApplied },
      'rule overlays set entries that clues, referral periods and remediation do not apply yet: they still use the base rule set',
    );
  }
  const selected = given.filter((m) => config.services.includes(m.name));
  if (selected.length === 0) {
    throw new Error(
      `LANDCASE_SERVICES (${config.services.join(',')}) selects none of the modules here: ${given.map((m) => m.name).join(', ')}`,
    );
  }

  const ports = await connectPorts(config, {
    logger,
    clientId: `landcase-${selected.map((m) => m.name).join('-')}`,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const ctxs = selected.map((m) =>
    createContext(m.name, ports, {
      log: logger,
      dueSoonWorkingDays: config.dueSoonWorkingDays,
      rules,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  const app = createApp({
    config,
    modules: selected,
    ctxFor: (m) => ctxs.find((c) => c.service === m.name)!,
    logger,
  });
  addPortChecks(app.readiness, ports);
  options.extendApp?.(app, config);
  let services: Running | undefined;
  let address: string;
  let metricsServer: FastifyInstance | undefined;
  let metricsAddress: string | undefined;
  try {
    await app.ready();
    services = await startServices(ctxs, selected, { readiness: app.readiness });
    address = await app.listen({ port: config.port, host: config.host });
    if (config.metricsPort !== undefined) {
      metricsServer = createMetricsServer(app.metrics, config, logger);
      metricsAddress = await metricsServer.listen({ port: config.metricsPort, host: config.host });
    }
  } catch (error) {
    await metricsServer?.close().catch(() => {});
    await app.close().catch(() => {});
    await services?.stop().catch(() => {});
    await ports.close().catch(() => {});
    throw error;
  }
  logger.info(
    {
      address,
      ...(metricsAddress ? { metricsAddress } : {}),
      services: selected.map((m) => m.name),
      config: describe(config),
      ruleSets: [
        rules.base.version,
        ...rules.overlays.map((o) => `${o.divisionPrefix}@${o.version} from ${o.effectiveFrom}`),
      ],
    },
    'landcase listening',
  );
  if (config.nodeEnv === 'production' && config.metricsPort === undefined && !config.metricsToken) {
    logger.warn('/metrics is open on the service port: set LANDCASE_METRICS_PORT or LANDCASE_METRICS_TOKEN');
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      app.readiness.markStopping();
      try {
        await metricsServer?.close();
        await app.close();
        await services!.stop();
      } finally {
        await ports.close();
      }
      logger.info('landcase stopped');
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopped with errors');
        process.exit(1);
      },
    );
  };
  if (options.handleSignals !== false) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { app, config, ports, address, ...(metricsAddress ? { metricsAddress } : {}), stop };
}

/**
 * The checks of the ports every module shares: the bus's consumers (a crashed one is only logged by
 * kafkajs) and the event store, read once per probe (the relays and reactions read it all the time).
 */
export function addPortChecks(readiness: Readiness, ports: Pick<Ports, 'store' | 'bus'>): void {
  const { bus, store } = ports;
  if (bus.health) readiness.addCheck('bus', () => bus.health!());
  readiness.addCheck('event store', async () => {
    try {
      await store.readAll({ maxCount: 1 });
      return { status: 'ok' };
    } catch (error) {
      return {
        status: 'failing',
        reason: `cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  });
}

/** What the log may say about the configuration: the adapters, never the secret. */
function describe(config: Config) {
  return {
    eventStore: config.eventStore.replace(/\/\/[^@/]*@/, '//***@'),
    bus: config.bus,
    readModels: config.readModels.replace(/\/\/[^@/]*@/, '//***@'),
    jwtSecret: config.jwtSecretIsDefault ? 'development default' : 'set',
    jwtIssuer: config.jwtIssuer,
    ...(config.jwtAudience ? { jwtAudience: config.jwtAudience } : {}),
    jwtMaxTtlSeconds: config.jwtMaxTtlSeconds,
    ...(config.jwtPublicKey ? { jwtPublicKey: 'set' } : {}),
    ...(config.jwtJwksUrl ? { jwtJwksUrl: config.jwtJwksUrl } : {}),
    rateLimit: config.rateLimit?.text ?? 'off',
    metrics: config.metricsPort !== undefined ? `port ${config.metricsPort}` : 'service port',
    metricsToken: config.metricsToken ? 'set' : 'unset',
  };
}
