import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { eventually, type Http, squareParcel } from '@landcase/cli/testing';
import { creditCodeFor } from '@landcase/lifecycle/test-support';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

// What the browser tests share: Debian's chromium through playwright-core, the development sign-in,
// and cases seeded over the API.

const CHROMIUM = process.env.LANDCASE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser tests leave their screenshots (gitignored). */
export const ARTIFACTS_DIR = resolve(
  process.env.LANDCASE_TEST_ARTIFACTS ??
    join(dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts'),
);

/** What axe-core reports of a page, as `impact rule-id: target …` lines. */
export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Leaves a full-page screenshot of the page as it stands at `<artifacts>/<name>.png`, then checks
 * it with axe-core (WCAG 2.x A and AA rules and best practices): no serious or critical violation.
 * Every finding goes to `<artifacts>/<name>.axe.json`; the minor and moderate ones are returned.
 */
export async function checkPage(page: Page, name: string): Promise<AxeFinding[]> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const findings = violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  writeFileSync(join(ARTIFACTS_DIR, `${name}.axe.json`), `${JSON.stringify(findings, null, 2)}\n`);
  const blocking = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  expect(blocking, `${name}: serious or critical accessibility violations`).toEqual([]);
  return findings.filter((f) => !blocking.includes(f));
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/** A fresh browser context (its own sessionStorage), signed in through the development form. */
export async function signIn(
  browser: Browser,
  base: string,
  agency: string,
  division: string,
  roles: string[],
  prepare?: (page: Page) => Promise<unknown>,
): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto(`${base}/`);
  const form = page.locator('form').first();
  await form.locator('select[name=agency]').selectOption(agency);
  await form.locator('input[name=division]').fill(division);
  for (const box of await form.locator('input[name=roles]').all()) {
    await box.setChecked(roles.includes(await box.inputValue()));
  }
  await form.locator('button[type=submit]').click();
  await page.locator('.claims').waitFor();
  expect(await page.locator('.claims').textContent()).toContain(`${agency} · ${division}`);
  return page;
}

/** A token of `agency` in Fenyang (141181) unless told otherwise. */
export const tokenOf = (system: RunningService, agency: string, roles: string[], division = '141181') =>
  mintToken(system.config, { sub: `${agency}-seed`, agency, division, roles } as never);

/**
 * A satellite clue observed at `observedAt`, verified illegal: the county bureau's case opens by
 * itself, discovered then. Its caseId once the case reads.
 */
export async function seedCase(
  system: RunningService,
  http: Http,
  ref: string,
  observedAt: string,
  areaMu = 6.2,
): Promise<string> {
  const clue = await http('POST', '/detection/clues', {
    token: await tokenOf(system, 'grid', ['officer']),
    body: {
      source: 'satellite',
      externalRef: `sweep-2026-03/141181-${ref}`,
      divisionCode: '141181',
      landClass: 'pbf',
      parcel: squareParcel(),
      observedAt,
      evidence: [{ uri: `https://sweep.example/2026-03/${ref}.tif`, sha256: 'c'.repeat(64) }],
    },
  });
  expect(clue.status).toBe(201);
  const caseId = clue.body.caseId as string;
  const nrb = await tokenOf(system, 'nrb', ['officer']);
  const verified = await http('POST', `/detection/clues/${caseId}/verification`, {
    token: nrb,
    body: {
      verdict: 'illegal',
      areaMu,
      landClass: 'pbf',
      ongoing: true,
      party: { name: `${ref} Brick Works Ltd`, kind: 'organization', idNumber: creditCodeFor(ref) },
    },
  });
  expect(verified.status).toBe(200);
  await eventually(`case ${ref} opened`, async () => {
    const res = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    return res.status === 200 ? true : undefined;
  });
  return caseId;
}
