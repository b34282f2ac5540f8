/**
 * The Docker way to the integration-test servers, for machines with a Docker engine (and perhaps no
 * Java): starts apache/kafka:3.9.1 (KRaft, single node) and mongo:7, prints
 *
 *   LANDCASE_TEST_KAFKA=<host>:<port>
 *   LANDCASE_TEST_MONGO=mongodb://<host>:<port>
 *   READY
 *
 * on stdout, and keeps them until it receives SIGINT or SIGTERM (or its parent process is gone).
 * infra/with-servers.sh runs it when LANDCASE_USE_DOCKER=1 or when Java is missing and `docker info`
 * answers. By hand: `npx tsx infra/testcontainers.ts [kafka] [mongo]` (default both).
 */
import { createServer } from 'node:net';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';

type Server = 'kafka' | 'mongo';

/** A port that is free now on this machine (the Docker host, when Docker runs locally). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Kafka hands clients the advertised address, so it must be the one reachable from here: a fixed host
 * port, chosen before the container starts and advertised as such.
 */
async function startKafka(host: string): Promise<{ container: StartedTestContainer; env: string }> {
  const port = await freePort();
  const container = await new GenericContainer('apache/kafka:3.9.1')
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '3',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000)
    .start();
  return { container, env: `LANDCASE_TEST_KAFKA=${host}:${port}` };
}

async function startMongo(): Promise<{ container: StartedTestContainer; env: string }> {
  const container = await new GenericContainer('mongo:7')
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .withStartupTimeout(180_000)
    .start();
  return {
    container,
    env: `LANDCASE_TEST_MONGO=mongodb://${container.getHost()}:${container.getMappedPort(27017)}`,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const wanted: Server[] = args.length === 0 ? ['kafka', 'mongo'] : (args as Server[]);
  for (const name of wanted) {
    if (name !== 'kafka' && name !== 'mongo') throw new Error(`unknown server "${name}" (kafka or mongo)`);
  }
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const started = await Promise.all(
    wanted.map((name) => (name === 'kafka' ? startKafka(host) : startMongo())),
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled(started.map(({ container }) => container.stop()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Should the parent die without a signal to us, do not keep the containers forever.
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      void stop();
    }
  }, 2_000);

  for (const { env } of started) process.stdout.write(`${env}\n`);
  process.stdout.write('READY\n');
}

main().catch((error: unknown) => {
  console.error('[infra] could not start the servers in Docker:', error);
  process.exit(1);
});
