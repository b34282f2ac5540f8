// Requests per second over a real socket on loopback, measured with autocannon: a bare fastify
// route (the JSON body parsed, a small JSON reply) beside landcase's HTTP command path in the
// embedded system (token checked, access policy, body validated, the case's stream read and
// folded, decided, appended with its revision, the case sent back). The command records service
// refusal notices on enforcement cases, a fact each open case takes again and again; requests go
// round the cases so each grows by a few events only. Client and server share this process.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { eventually, mintHappyPathTokens, squareParcel } from '../packages/cli/src/happy-path.ts';
import { runSystem } from '../packages/cli/src/system.ts';
import { mintToken } from '../packages/service-kit/src/index.ts';
import { type Figure, isMain, printResults, stopwatch } from './figures.ts';
import { injectHttp } from './happy-path.ts';

const PART = 'http';

export interface HttpBenchOptions {
  /** Seconds each autocannon run lasts. */
  seconds?: number;
  connections?: number;
  /** Enforcement cases the command path goes round. */
  cases?: number;
}

const REFUSAL = {
  recipients: [{ name: '国网汾阳市供电公司', service: 'power' }],
  documentRef: '汾政函〔2026〕9号',
  sentAt: '2026-03-10T10:00:00+08:00',
};

interface Run {
  count: number;
  elapsedMs: number;
  cpuMs: number;
  p50: number;
  p99: number;
}

async function cannon(options: autocannon.Options): Promise<Run> {
  const read = stopwatch();
  const result = await autocannon(options);
  const measured = read();
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0)
    throw new Error(
      `${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} answers other than 2xx`,
    );
  return {
    count: result.requests.total,
    ...measured,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

export async function benchHttp(options: HttpBenchOptions = {}): Promise<Figure[]> {
  const seconds = options.seconds ?? 5;
  const connections = options.connections ?? 8;
  const caseCount = options.cases ?? 40;
  const body = JSON.stringify(REFUSAL);
  const figures: Figure[] = [];
  const note = (r: Run) =>
    `${connections} connections for ${seconds} s, median ${r.p50} ms, p99 ${r.p99} ms; ${((r.cpuMs / r.count) * 1000).toFixed(0)} µs CPU per request (server and client in one process)`;

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
  try {
    const http = injectHttp(system.app);
    const tokens = await mintHappyPathTokens((claims) => mintToken(system.config.jwtSecret, claims as never));
    const run = randomUUID().slice(0, 8);
    // The cases, as the happy path opens them: a clue, its verification, the case the enforcement
    // service opens in reaction, a stop order (from which a case takes service refusal notices).
    const caseIds: string[] = [];
    for (let i = 0; i < caseCount; i++) {
      const clue = await http('POST', '/detection/clues', {
        token: tokens.grid,
        body: {
          source: 'satellite',
          externalRef: `bench-http-${run}-${i}`,
          divisionCode: '141181',
          landClass: 'pbf',
          parcel: squareParcel(111.79 + i * 0.01),
          observedAt: '2026-03-02T09:00:00+08:00',
          evidence: [{ uri: 'https://sweep.example/2026-03/tile-17.tif', sha256: 'a'.repeat(64) }],
        },
      });
      const caseId = (clue.body as { caseId: string }).caseId;
      await http('POST', `/detection/clues/${caseId}/verification`, {
        token: tokens.nrb,
        body: {
          verdict: 'illegal',
          areaMu: 6.2,
          landClass: 'pbf',
          ongoing: true,
          party: { name: `Bench Works ${i}`, kind: 'organization' },
        },
      });
      await eventually('enforcement case opened', async () => {
        const res = await http('GET', `/enforcement/cases/${caseId}`, { token: tokens.nrb });
        return res.status === 200 ? res.body : undefined;
      });
      const stop = await http('POST', `/enforcement/cases/${caseId}/stop-order`, {
        token: tokens.nrb,
        body: { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-2026-017' },
      });
      if (stop.status !== 200) throw new Error(`stop order: ${stop.status} ${JSON.stringify(stop.body)}`);
      caseIds.push(caseId);
    }

    let next = 0;
    const command = await cannon({
      url: system.address,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.gov}` },
          body,
          setupRequest: (request) => ({
            ...request,
            path: `/enforcement/cases/${caseIds[next++ % caseIds.length]}/service-refusal`,
          }),
        },
      ],
    });
    figures.push({
      part: PART,
      what: 'HTTP command path, embedded system',
      unit: 'requests',
      count: command.count,
      elapsedMs: command.elapsedMs,
      cpuMs: command.cpuMs,
      note: `POST /enforcement/cases/{id}/service-refusal round ${caseCount} cases (~${Math.round(command.count / caseCount)} events added to each); ${note(command)}`,
    });
  } finally {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const bare = Fastify({ logger: false });
  bare.post('/cases/:caseId/service-refusal', async (request) => ({
    caseId: (request.params as { caseId: string }).caseId,
    received: (request.body as { documentRef?: string }).documentRef,
  }));
  const address = await bare.listen({ host: '127.0.0.1', port: 0 });
  try {
    const raw = await cannon({
      url: `${address}/cases/LC-1/service-refusal`,
      connections,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    figures.push({
      part: PART,
      what: 'raw fastify route, same body',
      unit: 'requests',
      count: raw.count,
      elapsedMs: raw.elapsedMs,
      cpuMs: raw.cpuMs,
      note: `a bare fastify POST route parsing the same JSON and answering a small JSON; ${note(raw)}`,
      baselineFor: 'HTTP command path, embedded system',
    });
  } finally {
    await bare.close();
  }
  return figures;
}

if (isMain(import.meta.url)) {
  console.log('http (autocannon on loopback)');
  printResults(await benchHttp());
}
