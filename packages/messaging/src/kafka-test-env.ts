// The broker the Kafka integration tests talk to. A missing address fails the run: these tests
// prove the adapter against a real broker, so skipping them would hide that nothing was proven.
import pino from 'pino';
import { KafkaBus, type KafkaBusOptions } from './kafka-bus.ts';

export function kafkaBrokers(): string[] {
  const address = process.env.LANDCASE_TEST_KAFKA;
  if (!address) {
    throw new Error(
      'LANDCASE_TEST_KAFKA is not set: the Kafka integration tests need a broker address such as ' +
        '127.0.0.1:19092 (`pnpm test` starts one and sets it; or run infra/kafka.sh start)',
    );
  }
  return address.split(',').map((a) => a.trim());
}

/** A bus with short timeouts, so a stopped member leaves and a new one joins quickly. */
export const testKafkaBus = (options: Partial<KafkaBusOptions> = {}): KafkaBus =>
  new KafkaBus({
    brokers: kafkaBrokers(),
    clientId: 'landcase-messaging-test',
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 500,
    maxWaitTimeMs: 200,
    redeliveryDelayMs: 20,
    ...options,
  });
