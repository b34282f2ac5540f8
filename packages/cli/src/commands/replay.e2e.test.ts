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
import { renderReplay } from './replay.ts';

// `landcase replay` against a running embedded system over real HTTP, after one whole case.

let system: RunningService;
let dir: string;
let http: Http;
let tokens: Tokens;
let result: HappyPathResult;

const run = (...args: string[]) => captureOutput(() => runCli(['replay', ...args]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-replay-'));
  system = await runSystem(embeddedEnv(dir), {
    handleSignals: false,
    clock: clockRunningFrom(HAPPY_PATH_CLOCK_START),
  });
  http = fetchHttp(() => system.address);
  tokens = await mintHappyPathTokens((claims) => mintToken(system.config.jwtSecret, claims as never));
  result = await runHappyPath(http, tokens, 'sweep-2026-03/141181-replay');
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('landcase replay', () => {
  it('prints each service’s state and the timeline up to the instant', async () => {
    const { caseId } = result;
    const timeline = (await http('GET', `/audit/cases/${caseId}/timeline`, { token: tokens.audit })).body;
    const decided = timeline.events.find((e: { name: string }) => e.name === 'PenaltyDecided');
    const state = (
      await http('GET', `/audit/cases/${caseId}/state?at=${encodeURIComponent(decided.time)}`, {
        token: tokens.audit,
      })
    ).body;

    const { code, out } = await run(
      caseId,
      '--at',
      decided.time,
      '--url',
      system.address,
      '--token',
      tokens.audit,
    );
    expect(code).toBe(0);
    expect(out).toBe(renderReplay(state, { ...timeline, events: timeline.events }, decided.time));
    expect(out).toContain(`Case ${caseId} as of ${decided.time}`);
    const rows = out.split('\n');
    const row = (service: string) => rows.find((l) => l.startsWith(service)) ?? '';
    expect(row('detection')).toMatch(/verified\.illegal\s+2\s+ClueVerified\s+\S+\s+nrb:nrb-user\s+-/);
    expect(row('enforcement')).toContain(state.services.enforcement.state);
    expect(row('enforcement')).toMatch(/PenaltyDecided\s+\S+\s+nrb:nrb-user\s+2026\.1/);
    expect(row('referral psb')).toMatch(
      /^referral psb\s+drafted\s+1\s+ReferralDrafted\s+\S+\s+nrb:system:referral\s+2026\.1/,
    );
    // Remediation opens in reaction to the decision: at that very instant it may or may not be open.
    expect(row('remediation')).toMatch(
      new RegExp(`^remediation\\s+${state.services.remediation?.state ?? '-'}\\s`),
    );
    expect(out).toMatch(/StopOrderServed\s+nrb:nrb-user\s+FY-STOP-2026-017/);
    expect(out).toMatch(/Timeline: \d+ entries up to the instant, \d+ later not shown/);
    expect(out).not.toContain('CaseClosed');
  });

  it('says why when the server refuses, and exits 1; wrong usage exits 2', async () => {
    const refused = await run(result.caseId, '--url', system.address, '--token', tokens.psb);
    expect(refused.code).toBe(1);
    // The police had no part in the audit record: for them it does not exist.
    expect(refused.err).toMatch(/404 no events of case/);
    const unknown = await run('LC-none', '--url', system.address, '--token', tokens.audit);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/404/);
    expect((await run()).code).toBe(2);
    expect((await run(result.caseId, '--at', 'yesterday')).code).toBe(2);
  });

  it('replays now by default, with a token of its own signed with the local secret', async () => {
    const { code, out } = await run(result.caseId, '--url', system.address);
    expect(code).toBe(0);
    expect(out).toMatch(/enforcement\s+closed/);
    expect(out).toContain('CaseClosed');
  });
});
