import { asyncApiDocument } from '@landcase/contracts';
import type { FastifyInstance } from 'fastify';
import { subscriptionsOf } from './consumers.ts';
import type { ServiceContext, ServiceModule } from './context.ts';

// `GET /docs/asyncapi.json`: the AsyncAPI 3.0 document of the topics, public like the OpenAPI
// document at /docs/json. Generated on each request from the catalogue and from the consumer
// groups this process's modules started (a process running one service documents that service's
// receive operations; the embedded system documents them all).

/** The Kafka bootstrap server of `LANDCASE_BUS=kafka://host:port`, when the bus is Kafka. */
export function kafkaHostOf(bus: string): string | undefined {
  const m = /^kafka:\/\/([^/,]+)/.exec(bus);
  return m?.[1];
}

export function asyncApiRoute(
  modules: readonly ServiceModule[],
  ctxFor: (module: ServiceModule) => ServiceContext,
  bus: string,
) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/docs/asyncapi.json', { schema: { hide: true } }, async () => {
      const kafkaHost = kafkaHostOf(bus);
      return asyncApiDocument({
        subscriptions: modules.flatMap((m) => subscriptionsOf(ctxFor(m))),
        ...(kafkaHost ? { kafkaHost } : {}),
      });
    });
  };
}
