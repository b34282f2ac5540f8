import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAPPY_PATH_CLOCK_START,
  type HappyPathResult,
  type Http,
  mintHappyPathTokens,
  runHappyPath,
  type Tokens,
} from '../happy-path.ts';
import { fetchHttp } from '../http-client.ts';
import { embeddedEnv } from '../model/embedded.ts';
import { runCli } from '../program.ts';
import { runSystem } from '../system.ts';
import { captureOutput } from './capture-output.ts';

// `/ops/projections` and `landcase projections` against a running embedded system over real HTTP,
// after one whole case: list, rebuild one into a new generation, and the case still listed.

let system: RunningService;
let dir: string;
let http: Http;
let tokens: Tokens;
let ops: string;
let result: HappyPathResult;

const run = (...args: string[]) => captureOutput(() => runCli(['projections', ...args]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-projections-'));
  system = await runSystem(embeddedEnv(dir), {
    handleSignals: false,
    clock: clockRunningFrom(HAPPY_PATH_CLOCK_START),
  });
  http = fetchHttp(() => system.address);
  const mint = (claims: object) => mintToken(system.config.jwtSecret, claims as never);
  tokens = await mintHappyPathTokens(mint);
  ops = await mint({ sub: 'ops-1', agency: 'nrb', division: '140000', roles: ['ops'] });
  result = await runHappyPath(http, tokens, 'sweep-2026-03/141181-projections');
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const settled = async (name: string) => {
  for (let i = 0; i < 400; i++) {
    const res = await http('GET', `/ops/projections/${name}/rebuild`, { token: ops });
    if (res.body.state !== 'running') return res;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the rebuild of ${name} did not finish`);
};

describe('/ops/projections', () => {
  it("lists each list projection with its position, its aggregate's head, the lag and the generation", async () => {
    const res = await http('GET', '/ops/projections', { token: ops });
    expect(res.status).toBe(200);
    const names = res.body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'cases',
        'clues',
        'party-matches',
        'recommendations',
        'referrals',
        'remediations',
      ]),
    );
    const cases = res.body.items.find((p: { name: string }) => p.name === 'cases');
    expect(cases).toMatchObject({ service: 'enforcement', generation: 0, rebuilding: false });
    expect(cases.head).toBeGreaterThan(0);
    expect(cases.lag).toBe(0);
    expect(cases.position).toBe(cases.head);
  });

  it('is for the ops role only, and 404 for a projection it does not know', async () => {
    expect((await http('GET', '/ops/projections', { token: tokens.nrb })).status).toBe(403);
    expect(
      (await http('POST', '/ops/projections/cases/rebuild', { token: tokens.nrb, body: {} })).status,
    ).toBe(403);
    const unknown = await http('POST', '/ops/projections/nothing/rebuild', { token: ops, body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('nothing');
    expect((await http('GET', '/ops/projections/nothing/rebuild', { token: ops })).status).toBe(404);
  });

  it('rebuilds a projection into a new generation (202), and the case stays listed', async () => {
    const before = await http('GET', '/enforcement/cases?limit=500', { token: tokens.nrb });
    expect(before.status).toBe(200);
    expect(before.body.total).toBeGreaterThan(0);
    const started = await http('POST', '/ops/projections/cases/rebuild', { token: ops, body: {} });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ name: 'cases', state: 'running' });
    const generation = started.body.generation;
    const done = await settled('cases');
    expect(done.body).toMatchObject({ state: 'done', generation, etaSeconds: null });
    expect(done.body.done).toBeGreaterThanOrEqual(done.body.total);
    const listed = await http('GET', '/ops/projections', { token: ops });
    expect(listed.body.items.find((p: { name: string }) => p.name === 'cases').generation).toBe(generation);
    const after = await http('GET', '/enforcement/cases?limit=500', { token: tokens.nrb });
    // The same documents, rebuilt from the store (each item's `due` is worked out when read).
    expect(after.body.items).toEqual(before.body.items);
    expect(JSON.stringify(after.body.items)).toContain(result.caseId);
  });
});

describe('landcase projections', () => {
  it('lists the projections as a table, and as the JSON answer with --json', async () => {
    const table = await run('list', '--url', system.address, '--token', ops);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/NAME\s+SERVICE\s+POSITION\s+HEAD\s+LAG\s+GENERATION\s+REBUILDING/);
    expect(table.out).toMatch(/referrals\s+referral\s+\d+\s+\d+\s+0\s+\d+\s+no/);
    const json = await run('list', '--url', system.address, '--token', ops, '--json');
    expect(JSON.parse(json.out).items.map((p: { name: string }) => p.name)).toContain('remediations');
  });

  it('rebuilds one and follows it to the swap, with the progress on stderr', async () => {
    const { code, out, err } = await run(
      'rebuild',
      'referrals',
      '--url',
      system.address,
      '--token',
      ops,
      '--interval',
      '50ms',
    );
    expect(code).toBe(0);
    expect(err).toMatch(/referrals \[.*\] \d+\/\d+ events \| [\d.]+ events\/s \| ETA/);
    expect(out).toMatch(/^referrals: \d+ events applied; generation \d+ serves\n$/);
  });

  it('returns at once with --detach, prints each poll as JSON with --json, and says why it fails', async () => {
    const detached = await run(
      'rebuild',
      'clues',
      '--detach',
      '--json',
      '--url',
      system.address,
      '--token',
      ops,
    );
    expect(detached.code).toBe(0);
    expect(JSON.parse(detached.out)).toMatchObject({ name: 'clues', state: 'running' });
    await settled('clues');
    const followed = await run(
      'rebuild',
      'clues',
      '--json',
      '--interval',
      '50ms',
      '--url',
      system.address,
      '--token',
      ops,
    );
    expect(followed.code).toBe(0);
    const lines = followed.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ name: 'clues', state: 'done' });
    const unknown = await run('rebuild', 'nothing', '--url', system.address, '--token', ops);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/404 no projection nothing/);
    expect((await run('rebuild')).code).toBe(2);
    expect((await run('rebuild', 'cases', '--interval', 'soon')).code).toBe(1);
  });
});
