import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from '@landcase/contracts';
import { mintToken } from '@landcase/service-kit';
import { HAPPY_PATH_CLOCK_START, type Http } from '../happy-path.ts';
import { fetchHttp } from '../http-client.ts';

// Services as separate processes on one Kafka and one MongoDB-protocol server, each with its own
// SQLite event store and read-model database, so that one can be killed with SIGKILL and started
// again on the same store, as a crashed container would be. Each process runs service-process.ts.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('./service-process.ts', import.meta.url));
/** Shared by every process of a cluster, so that one token is good everywhere. */
const SECRET = 'fault-injection-secret-of-at-least-32-characters';

export interface ClusterOptions {
  services: readonly ServiceName[];
  kafka: string;
  mongo: string;
  /** More environment for a service's processes (service-process.ts reads the LANDCASE_FAULT_* ones). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Seconds a process may take to answer /ready; a cold start on two busy cores is slow. */
  readyTimeoutS?: number;
}

export interface Cluster {
  http: Http;
  /** The base address of a service's process. */
  url(service: ServiceName): string;
  token(agency: string, roles: string[], division?: string): Promise<string>;
  /** SIGKILL, as the kernel's OOM killer or a pulled plug would: no shutdown hook runs. */
  kill(service: ServiceName): Promise<void>;
  /** Starts the service again on the same store, port and read models; resolves once it is ready. */
  restart(service: ServiceName): Promise<void>;
  /** The output of a service's processes so far (every start), for a failing test's message. */
  log(service: ServiceName): string;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Member {
  env: NodeJS.ProcessEnv;
  base: string;
  child?: ChildProcess;
  log: string;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'landcase-faults-'));
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const readyMs = 1000 * (options.readyTimeoutS ?? 90);
  // The audit service signs its tree heads; a key kept across restarts, as its volume keeps it.
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  const epoch = String(Date.now());
  const members = new Map<ServiceName, Member>();
  for (const service of options.services) {
    const port = await freePort();
    members.set(service, {
      base: `http://127.0.0.1:${port}`,
      log: '',
      // Nothing of the runner's environment (its loaders, NODE_OPTIONS): what a deployment sets.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        LANDCASE_SERVICES: service,
        LANDCASE_HOST: '127.0.0.1',
        LANDCASE_PORT: String(port),
        LANDCASE_EVENTSTORE: `sqlite:${join(dir, `${service}.db`)}`,
        LANDCASE_BUS: `kafka://${options.kafka}`,
        LANDCASE_READMODELS: `${options.mongo.replace(/\/+$/, '')}/lc_${run}_${service}`,
        LANDCASE_JWT_SECRET: SECRET,
        LANDCASE_AUDIT_SIGNING_KEY: String(signingKey),
        LANDCASE_FAULT_CLOCK_START: HAPPY_PATH_CLOCK_START,
        LANDCASE_FAULT_CLOCK_EPOCH: epoch,
        ...options.env?.[service],
      },
    });
  }
  const member = (service: ServiceName): Member => {
    const m = members.get(service);
    if (!m) throw new Error(`${service} is not in this cluster`);
    return m;
  };

  const launch = async (service: ServiceName): Promise<void> => {
    const m = member(service);
    const child = spawn(process.execPath, ['--import', 'tsx', LAUNCHER], {
      cwd: ROOT,
      env: m.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    m.child = child;
    m.log += `--- ${service} started (pid ${child.pid})\n`;
    const append = (chunk: Buffer) => {
      m.log += String(chunk);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const deadline = Date.now() + readyMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${service} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${m.log}`,
        );
      }
      const ready = await fetch(`${m.base}/ready`).catch(() => null);
      if (ready?.status === 200) return;
      if (Date.now() > deadline) throw new Error(`${service} not ready within ${readyMs} ms:\n${m.log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const exited = (child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    return done;
  };

  // At once: a cold start is mostly waiting for tsx and the broker.
  await Promise.all(options.services.map(launch));

  const stop = async () => {
    // SIGTERM first, so consumers leave their groups; SIGKILL whatever is still there after 20 s.
    await Promise.all(
      [...members.values()].map(async (m) => {
        const child = m.child;
        if (!child) return;
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited(child, 'SIGTERM');
        clearTimeout(timer);
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  return {
    // `/ops/dlq` is the audit service's; every other path names its service first.
    http: fetchHttp((path) => {
      const first = path.split('/')[1] as ServiceName;
      return member(members.has(first) ? first : 'audit').base;
    }),
    url: (service) => member(service).base,
    token: (agency, roles, division = '141181') =>
      mintToken(SECRET, { sub: `${agency}-fault-user`, agency, division, roles } as never),
    kill: async (service) => {
      const m = member(service);
      await exited(m.child, 'SIGKILL');
      m.log += `--- ${service} killed (SIGKILL)\n`;
    },
    restart: (service) => launch(service),
    log: (service) => member(service).log,
    stop,
  };
}
