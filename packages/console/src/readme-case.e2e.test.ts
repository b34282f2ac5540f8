import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureConsoleBuilt, runSystem } from '@landcase/cli';
import {
  embeddedEnv,
  fetchHttp,
  HAPPY_PATH_CLOCK_START,
  type Http,
  mintHappyPathTokens,
  runHappyPath,
  type Tokens,
} from '@landcase/cli/testing';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, signIn as signInWith } from './browser-testing.ts';

// The README's case, from the satellite clue to closure (cli's runHappyPath, over the API), then
// read in the browser by the county bureau's officer, the county police who received the referral,
// the city auditor and the neighbouring county's police: each page part shows what the API answers
// that reader, the state where it answers 200 and its refusal where it does not, so what each can
// and cannot see is the access policy's and nothing the console decides.

describe("the README's case in the console, by each reader", () => {
  let dir: string;
  let system: RunningService;
  let http: Http;
  let browser: Browser;
  let base: string;
  let tokens: Tokens;
  let caseId: string;
  let referralId: string;
  let hashes: string[];

  beforeAll(async () => {
    ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'landcase-console-readme-'));
    system = await runSystem(embeddedEnv(dir), {
      handleSignals: false,
      clock: clockRunningFrom(HAPPY_PATH_CLOCK_START),
    });
    base = system.address;
    http = fetchHttp(() => base);
    tokens = await mintHappyPathTokens((claims) => mintToken(system.config, claims as never));
    const result = await runHappyPath(http, tokens, 'sweep-2026-03/141181-0017');
    caseId = result.caseId;
    referralId = result.psbReferralId;
    hashes = result.documentHashes;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const signIn = (agency: string, division: string, roles: string[]): Promise<Page> =>
    signInWith(browser, base, agency, division, roles);

  const tokenFor = (agency: string, division: string, roles: string[]) =>
    mintToken(system.config, { sub: `${agency}-reader`, agency, division, roles } as never);

  /**
   * The case page's parts as the API answers `token`: a part the API reads shows its state by
   * name with the API's code; a part it refuses shows the refusal with the API's status.
   */
  async function expectCasePageAsApi(page: Page, token: string): Promise<Record<string, number>> {
    await page.goto(`${base}/#/case/${encodeURIComponent(caseId)}`);
    const statuses: Record<string, number> = {};
    for (const [part, url] of [
      ['enforcement', `/enforcement/cases/${caseId}`],
      ['parcel', `/detection/clues/${caseId}`],
      ['remediation', `/remediation/cases/${caseId}`],
    ] as const) {
      const res = await http('GET', url, { token });
      statuses[part] = res.status;
      const card = page.locator(`[data-part=${part}]`);
      if (res.status === 200) {
        await card.locator(`[data-state="${res.body.state}"]`).first().waitFor();
        expect(await card.locator('.problem').count(), part).toBe(0);
      } else {
        await card.locator(`.problem[data-status="${res.status}"]`).waitFor();
      }
    }
    return statuses;
  }

  it("shows the bureau's officer the whole case: closed, its referral to the police and its remediation in the states the API reads; not who read it, nor the streams", async () => {
    const page = await signIn('nrb', '141181', ['officer']);
    const statuses = await expectCasePageAsApi(page, await tokenFor('nrb', '141181', ['officer']));
    expect(statuses).toEqual({ enforcement: 200, parcel: 200, remediation: 200 });
    expect(await page.locator('[data-part=enforcement] .state [data-state]').getAttribute('data-state')).toBe(
      'closed',
    );
    expect(await page.locator('[data-part=enforcement] .state').textContent()).toBe('已结案');
    // Closed: nothing is due, and the officer may do nothing more to it.
    expect(await page.locator('[data-part=enforcement] .due-line').getAttribute('data-due')).toBe('none');
    const referral = page.locator(`[data-part=referrals] li[data-referral-id="${referralId}"]`);
    await referral.waitFor();
    expect(await referral.locator('[data-state]').getAttribute('data-state')).toBe(
      (await http('GET', `/referral/referrals/${referralId}`, { token: tokens.nrb })).body.state,
    );
    await page.locator('[data-part=timeline] tr[data-event=ReferralReceived]').waitFor();
    await checkPage(page, 'readme-case-bureau');
    // Who read the case is for the audit office alone.
    await page.goto(`${base}/#/audit/${encodeURIComponent(caseId)}`);
    await page.locator('[data-part=access-log] .problem[data-status="403"]').waitFor();
    await page.goto(`${base}/#/ops`);
    await page.locator('[data-part=streams] .problem[data-status="403"]').waitFor();
    await page.context().close();
  });

  it('shows the county police the referral they received, every document signed for and the Order 310 clock run to its decision; of the case what the policy lets them read', async () => {
    const page = await signIn('psb', '141181', ['officer']);
    await page.goto(`${base}/#/referrals`);
    await page.locator(`[data-part=received] tr[data-referral-id="${referralId}"] a`).click();
    await page.locator('[data-part=referral] .state [data-state]').waitFor();
    const docs = page.locator('[data-part=documents]');
    for (const hash of hashes) {
      expect(await docs.locator(`tr[data-sha256="${hash}"] td.receipt`).textContent(), hash).toBe('✓');
    }
    for (const step of ['drafted', 'approved', 'dispatched', 'received', 'decided']) {
      expect(
        await page.locator(`[data-part=clock] li[data-step=${step}]`).getAttribute('data-done'),
        step,
      ).toBe('true');
    }
    await checkPage(page, 'readme-case-police');
    // The case itself: each part as the API answers the police, the refusals included.
    await expectCasePageAsApi(page, await tokenFor('psb', '141181', ['officer']));
    await page.context().close();
  });

  it("shows the city auditor the police's receipt with who took it, the verification, and the bureau's and police's reads in the access log", async () => {
    const page = await signIn('audit', '141100', ['auditor']);
    await page.goto(`${base}/#/audit/${encodeURIComponent(caseId)}`);
    const received = page.locator('[data-part=timeline] tr[data-event=ReferralReceived]');
    await received.waitFor();
    expect(await received.textContent()).toContain('psb');
    await page.locator('[data-part=verification] .badge.ok').waitFor();
    // Who read the case's audit data: the bureau's officer and the police, on their case pages.
    const log = page.locator('[data-part=access-log] table.access-log');
    await log.waitFor();
    const readers = await log
      .locator('tr[data-actor]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-actor')?.split(':')[0]));
    expect(readers).toContain('nrb');
    const policeReadTimeline = await http('GET', `/audit/cases/${caseId}/timeline`, {
      token: await tokenFor('psb', '141181', ['officer']),
    });
    if (policeReadTimeline.status === 200) expect(readers).toContain('psb');
    else expect(readers).not.toContain('psb');
    await checkPage(page, 'readme-case-auditor');
    await page.context().close();
  });

  it("shows the neighbouring county's police nothing of it", async () => {
    const page = await signIn('psb', '141182', ['officer']);
    await page.goto(`${base}/#/referrals`);
    await page.locator('[data-part=received] p.muted').waitFor();
    expect(await page.locator(`tr[data-referral-id="${referralId}"]`).count()).toBe(0);
    const statuses = await expectCasePageAsApi(page, await tokenFor('psb', '141182', ['officer']));
    expect(Object.values(statuses).every((s) => s === 404 || s === 403)).toBe(true);
    await page.goto(`${base}/#/referral/${encodeURIComponent(referralId)}`);
    await page.locator('[data-part=referral] .problem[data-status="404"]').waitFor();
    await page.context().close();
  });
});
