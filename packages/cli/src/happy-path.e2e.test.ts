import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAPPY_PATH_CLOCK_START,
  HAPPY_PATH_DOCUMENTS,
  type Http,
  mintHappyPathTokens,
  readOutcome,
  runHappyPath,
  type Tokens,
} from './happy-path.ts';
import { fetchHttp } from './http-client.ts';
import { embeddedEnv } from './model/embedded.ts';
import { expectHappyPathOutcome } from './outcome-assertions.ts';
import { runSystem } from './system.ts';

// The embedded default, as `landcase start` runs it: one server, SQLite file, in-process bus,
// in-memory read models; driven over real HTTP.
describe('happy path, embedded', () => {
  let system: RunningService;
  let dir: string;
  let http: Http;
  let tokens: Tokens;
  const clock = clockRunningFrom(HAPPY_PATH_CLOCK_START);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'landcase-e2e-'));
    system = await runSystem(embeddedEnv(dir), { handleSignals: false, clock });
    http = fetchHttp(() => system.address);
    tokens = await mintHappyPathTokens((claims) => mintToken(system.config.jwtSecret, claims as never));
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes one case from clue to closure through all five services, and audit shows it all', async () => {
    const result = await runHappyPath(http, tokens, 'sweep-2026-03/141181-0017');
    expectHappyPathOutcome(await readOutcome(http, tokens, result), result.caseId);
    // The police read the bytes they signed for, and they hash to what the referral lists; the
    // police of the neighbouring county get nothing.
    const neighbour = await mintToken(system.config.jwtSecret, {
      sub: 'psb-neighbour',
      agency: 'psb',
      division: '141182',
      roles: ['officer'],
    });
    for (const [i, sha256] of result.documentHashes.entries()) {
      const url = `/referral/referrals/${result.psbReferralId}/documents/${sha256}`;
      const res = await fetch(`${system.address}${url}`, {
        headers: { authorization: `Bearer ${tokens.psb}` },
      });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
      expect(bytes.toString('utf8')).toBe(HAPPY_PATH_DOCUMENTS[i]!.text);
      expect((await http('GET', url, { token: neighbour })).status).toBe(404);
    }
  });

  it('keeps what it stored across a restart: the same case reads the same after the system restarts', async () => {
    const result = await runHappyPath(http, tokens, 'sweep-2026-03/141181-0018');
    const before = await http('GET', `/enforcement/cases/${result.caseId}`, { token: tokens.nrb });
    await system.stop();
    system = await runSystem(embeddedEnv(dir), { handleSignals: false, clock });
    http = fetchHttp(() => system.address);
    const after = await http('GET', `/enforcement/cases/${result.caseId}`, { token: tokens.nrb });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    // Read models are rebuilt from the store at start: the ledger holds the case again, and once.
    expectHappyPathOutcome(await readOutcome(http, tokens, result), result.caseId);
  });
});
