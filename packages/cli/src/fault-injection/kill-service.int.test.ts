import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster.ts';
import {
  type CaseFacts,
  driveCase,
  driveCases,
  logFigures,
  Progress,
  referenceCase,
  settle,
  type Tokens,
  workloadTokens,
} from './workload.ts';

// SIGKILL mid-stream: while cases move, the referral process (a consumer of enforcement's topic,
// a relay of its own) and then the audit process (the ledger's consumer of every topic) are
// killed without warning and started again on their stores. No event may be lost and no effect
// doubled: every case ends as a case run undisturbed does, each reaction's event once.

const kafka = process.env.LANDCASE_TEST_KAFKA;
const mongo = process.env.LANDCASE_TEST_MONGO;
const CASES = Number(process.env.LANDCASE_FAULT_CASES ?? 200);

describe('a service killed with SIGKILL mid-stream and restarted', () => {
  let cluster: Cluster;
  let tokens: Tokens;
  let reference: CaseFacts;

  beforeAll(async () => {
    if (!kafka || !mongo) {
      throw new Error(
        'LANDCASE_TEST_KAFKA and LANDCASE_TEST_MONGO must point to running servers: run the tests with `pnpm test`, which starts them',
      );
    }
    cluster = await startCluster({ services: ['detection', 'enforcement', 'referral', 'audit'], kafka, mongo });
    tokens = await workloadTokens(cluster.token);
    // The reference: one case run with nothing disturbed, read once everything reached it.
    const caseId = await driveCase(cluster.http, tokens, `undisturbed-${Date.now()}`);
    reference = await referenceCase(cluster.http, tokens, caseId);
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it(
    'loses no event and doubles no effect',
    async () => {
      const started = performance.now();
      const progress = new Progress();
      let faults = 0;
      // Each fault kills a process once a share of the cases is filed, keeps it down while some
      // more are filed (their reactions pile up on the broker), and starts it again.
      const killAndRestart = async (service: 'referral' | 'audit', at: number) => {
        await progress.reached(at);
        await cluster.kill(service);
        faults++;
        await progress.reached(at + Math.ceil(CASES / 10));
        await cluster.restart(service);
      };
      const schedule = [
        killAndRestart('referral', Math.floor(CASES * 0.2)),
        killAndRestart('audit', Math.floor(CASES * 0.55)),
      ];
      const caseIds = await driveCases(cluster.http, tokens, {
        count: CASES,
        tag: `kill-${Date.now()}`,
        progress,
      });
      await Promise.all(schedule);
      const tally = await settle(cluster.http, tokens, caseIds, reference, { timeoutMs: 150_000 });
      const seconds = (performance.now() - started) / 1000;
      logFigures({ test: 'kill -9 referral, audit', cases: CASES, faults, lost: tally.lost, doubled: tally.doubled, seconds });

      expect(faults).toBe(2);
      expect(tally.differing).toEqual({});
      expect(tally.lost).toBe(0);
      expect(tally.doubled).toBe(0);
    },
    420_000,
  );
});

