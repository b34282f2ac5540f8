import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './cluster.ts';

// A Kafka broker of the fault-injection tests' own, started, stopped and started again by
// infra/kafka.sh in a scratch LANDCASE_INFRA_DIR of its own. Not the broker `pnpm test` started
// for every test file: stopping that one would fail whatever other file runs at the same time.
// The restart keeps the log (LANDCASE_KAFKA_KEEP_DATA=1): topics, offsets, committed positions.

const KAFKA_SH = fileURLToPath(new URL('../../../../infra/kafka.sh', import.meta.url));
const run = promisify(execFile);

export interface Broker {
  /** host:port, the same across restarts. */
  address: string;
  /** SIGTERM to the broker, as `infra/kafka.sh stop` does; resolves once it is gone. */
  stop(): Promise<void>;
  /** SIGKILL to the broker's process group, as a crash would; resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the kept storage; resolves once it answers metadata requests. */
  start(): Promise<void>;
  /** Stops it and removes its storage. */
  close(): Promise<void>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function startBroker(): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'landcase-faults-kafka-'));
  const env = { ...process.env, LANDCASE_INFRA_DIR: dir };
  const kafkaSh = (command: string, more: Record<string, string> = {}) =>
    run('bash', [KAFKA_SH, command], { env: { ...env, ...more }, maxBuffer: 1 << 20 });
  const { stdout } = await kafkaSh('start', {
    LANDCASE_KAFKA_PORT: String(await freePort()),
    LANDCASE_KAFKA_CONTROLLER_PORT: String(await freePort()),
  });
  const address = /LANDCASE_TEST_KAFKA=(\S+)/.exec(stdout)?.[1];
  if (!address) throw new Error(`infra/kafka.sh start printed no address: ${stdout}`);
  return {
    address,
    stop: async () => {
      await kafkaSh('stop');
    },
    kill: async () => {
      const pidFile = join(dir, 'kafka', 'pid');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      // kafka.sh started it as the leader of its own process group (lc_spawn).
      process.kill(-pid, 'SIGKILL');
      while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
      rmSync(pidFile, { force: true });
    },
    start: async () => {
      await kafkaSh('start', { LANDCASE_KAFKA_KEEP_DATA: '1' });
    },
    close: async () => {
      await kafkaSh('stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
