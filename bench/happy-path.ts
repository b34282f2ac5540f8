// Whole cases per second in the embedded mode: all five services in this process over one SQLite
// file, the in-process bus and in-memory read models, built as the embedded e2e test builds it
// (runSystem) and driven with the e2e test's own happy-path driver through `app.inject` — no
// sockets, so the figure is the system's, not the HTTP stack's. One path at a time first (its
// latency), then several in flight (throughput).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  HAPPY_PATH_EVENT_COUNT,
  type Http,
  mintHappyPathTokens,
  runHappyPath,
  type Tokens,
} from '../packages/cli/src/happy-path.ts';
import { runSystem } from '../packages/cli/src/system.ts';
import { type LandcaseApp, mintToken } from '../packages/service-kit/src/index.ts';
import { type Figure, isMain, now, printResults, stopwatch } from './figures.ts';

export interface HappyPathBenchOptions {
  /** Paths run one after another. */
  sequential?: number;
  /** Paths run with `concurrency` in flight. */
  concurrent?: number;
  concurrency?: number;
  /** Longest each phase runs; paths in flight when it ends are finished and counted. */
  budgetMs?: number;
}

const PART = 'happy-path';

/** The driver's `Http` over fastify's in-process injection. */
export function injectHttp(app: LandcaseApp): Http {
  return async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await app.inject({
      method,
      url,
      headers,
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const responseHeaders = Object.fromEntries(
      Object.entries(res.headers).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
    );
    return { status: res.statusCode, headers: responseHeaders, body };
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Runs up to `total` paths, `concurrency` at a time, until the budget is spent. */
async function runPaths(
  http: Http,
  tokens: Tokens,
  run: string,
  { total, concurrency, budgetMs }: { total: number; concurrency: number; budgetMs: number },
): Promise<{ count: number; elapsedMs: number; cpuMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = now();
  const read = stopwatch();
  const worker = async () => {
    while (next < total && now() - start < budgetMs) {
      const i = next++;
      const began = now();
      await runHappyPath(http, tokens, `bench-${run}-${i}`);
      latencies.push(now() - began);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { count: latencies.length, ...read(), latencies };
}

export async function benchHappyPath(options: HappyPathBenchOptions = {}): Promise<Figure[]> {
  const sequential = options.sequential ?? 10;
  const concurrent = options.concurrent ?? 64;
  const concurrency = options.concurrency ?? 8;
  const budgetMs = options.budgetMs ?? 15_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'landcase-bench-'));
  const system = await runSystem(
    {
      LANDCASE_PORT: '0',
      LANDCASE_HOST: '127.0.0.1',
      LANDCASE_EVENTSTORE: `sqlite:${path.join(dir, 'landcase.db')}`,
      LANDCASE_BUS: 'memory',
      LANDCASE_READMODELS: 'memory',
      LANDCASE_JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    },
    { handleSignals: false },
  );
  const figures: Figure[] = [];
  try {
    const http = injectHttp(system.app);
    const tokens = await mintHappyPathTokens((claims) => mintToken(system.config.jwtSecret, claims as never));
    const run = randomUUID().slice(0, 8);
    // One path first, untimed: route compilation and the first projections are set-up.
    await runHappyPath(http, tokens, `bench-${run}-warm-up`);

    const one = await runPaths(http, tokens, `${run}-seq`, { total: sequential, concurrency: 1, budgetMs });
    figures.push({
      part: PART,
      what: 'happy path, embedded, one at a time',
      count: one.count,
      unit: 'paths',
      elapsedMs: one.elapsedMs,
      cpuMs: one.cpuMs,
      note: `median ${Math.round(median(one.latencies))} ms per path (${HAPPY_PATH_EVENT_COUNT} stored events, 4 waits for reactions polled every 25 ms)`,
    });

    const many = await runPaths(http, tokens, `${run}-par`, { total: concurrent, concurrency, budgetMs });
    figures.push({
      part: PART,
      what: `happy path, embedded, ${concurrency} in flight`,
      count: many.count,
      unit: 'paths',
      elapsedMs: many.elapsedMs,
      cpuMs: many.cpuMs,
      note: `median ${Math.round(median(many.latencies))} ms per path; ${Math.round(many.cpuMs / Math.max(1, many.count))} ms CPU per path; ≈${Math.round(((many.count * HAPPY_PATH_EVENT_COUNT) / many.elapsedMs) * 1000).toLocaleString('en-US')} domain events/s`,
    });
  } finally {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (isMain(import.meta.url)) {
  console.log('happy path (embedded: SQLite, in-process bus, in-memory read models, app.inject)');
  printResults(await benchHappyPath());
}
