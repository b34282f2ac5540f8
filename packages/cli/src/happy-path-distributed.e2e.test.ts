import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '@landcase/contracts';
import { mintToken, type RunningService, runService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  HAPPY_PATH_CLOCK_START,
  type Http,
  mintHappyPathTokens,
  readOutcome,
  runHappyPath,
  type Tokens,
} from './happy-path.ts';
import { fetchHttp } from './http-client.ts';
import { expectHappyPathOutcome } from './outcome-assertions.ts';
import { ALL_MODULES } from './system.ts';

const kafka = process.env.LANDCASE_TEST_KAFKA;
const mongo = process.env.LANDCASE_TEST_MONGO;

// Distributed: five services, each with its own event store, its own MongoDB-protocol read-model
// database and its own Kafka client. They share this process but nothing else: every message
// between them crosses the real broker.
describe('happy path, five services on real Kafka and MongoDB-protocol read models', () => {
  const running = new Map<string, RunningService>();
  let dir: string;
  let http: Http;
  let tokens: Tokens;

  beforeAll(async () => {
    if (!kafka || !mongo) {
      throw new Error(
        'LANDCASE_TEST_KAFKA and LANDCASE_TEST_MONGO must point to running servers: run the tests with `pnpm test`, which starts them',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'landcase-dist-'));
    const run = Date.now().toString(36);
    // One clock for the five services, as one wall clock would be.
    const clock = clockRunningFrom(HAPPY_PATH_CLOCK_START);
    for (const service of SERVICES) {
      running.set(
        service,
        await runService(
          ALL_MODULES,
          {
            LANDCASE_SERVICES: service,
            LANDCASE_PORT: '0',
            LANDCASE_HOST: '127.0.0.1',
            LANDCASE_EVENTSTORE: `sqlite:${join(dir, `${service}.db`)}`,
            LANDCASE_BUS: `kafka://${kafka}`,
            LANDCASE_READMODELS: `${mongo.replace(/\/+$/, '')}/lc_${run}_${service}`,
            LOG_LEVEL: 'warn',
            NODE_ENV: 'test',
          },
          { handleSignals: false, clock },
        ),
      );
    }
    const route = (path: string) => running.get(path.split('/')[1]!)!.address;
    http = fetchHttp(route);
    const secret = running.get('detection')!.config.jwtSecret;
    tokens = await mintHappyPathTokens((claims) => mintToken(secret, claims as never));
  });

  afterAll(async () => {
    for (const service of [...running.values()].reverse()) await service.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes one case from clue to closure across the broker, and audit shows it all', async () => {
    const result = await runHappyPath(http, tokens, `sweep-2026-03/141181-${Date.now()}`);
    expectHappyPathOutcome(await readOutcome(http, tokens, result), result.caseId);
  });
});
