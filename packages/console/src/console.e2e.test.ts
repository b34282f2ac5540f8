import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle } from '@landcase/audit';
import { ensureConsoleBuilt, runSystem } from '@landcase/cli';
import {
  embeddedEnv,
  eventually,
  fetchHttp,
  HAPPY_PATH_CLOCK_START,
  type Http,
  squareParcel,
} from '@landcase/cli/testing';
import { creditCodeFor } from '@landcase/lifecycle/test-support';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The console in a real browser (Debian's chromium through playwright-core) against the embedded
// system as `landcase start` runs it: the page, its sign-in, and what each agency is shown of one
// case, which is what the API answers that agency.

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

describe('web console, embedded, in chromium', () => {
  let dir: string;
  let system: RunningService;
  let http: Http;
  let browser: Browser;
  let base: string;
  let caseId: string;
  let caseState: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'landcase-console-'));
    system = await runSystem(embeddedEnv(dir), {
      handleSignals: false,
      clock: clockRunningFrom(HAPPY_PATH_CLOCK_START),
    });
    base = system.address;
    http = fetchHttp(() => base);
    const mint = (agency: string, roles: string[]) =>
      mintToken(system.config, { sub: `${agency}-seed`, agency, division: '141181', roles } as never);
    // A clue verified illegal: the case opens by itself and waits for the bureau's stop order.
    const clue = await http('POST', '/detection/clues', {
      token: await mint('grid', ['officer']),
      body: {
        source: 'satellite',
        externalRef: 'sweep-2026-03/141181-console',
        divisionCode: '141181',
        landClass: 'pbf',
        parcel: squareParcel(),
        observedAt: '2026-03-02T09:00:00+08:00',
        evidence: [{ uri: 'https://sweep.example/2026-03/tile-9.tif', sha256: 'c'.repeat(64) }],
      },
    });
    expect(clue.status).toBe(201);
    caseId = clue.body.caseId;
    const nrb = await mint('nrb', ['officer']);
    const verified = await http('POST', `/detection/clues/${caseId}/verification`, {
      token: nrb,
      body: {
        verdict: 'illegal',
        areaMu: 6.2,
        landClass: 'pbf',
        ongoing: true,
        party: { name: 'Fenyang Brick Works Ltd', kind: 'organization', idNumber: creditCodeFor('console') },
      },
    });
    expect(verified.status).toBe(200);
    caseState = await eventually('enforcement case opened', async () => {
      const res = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
      return res.status === 200 ? (res.body.state as string) : undefined;
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh browser context (its own sessionStorage), signed in through the development form. */
  async function signIn(
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

  it('serves the page at / without a token, and leaves the API, docs and health as they were', async () => {
    const page = await http('GET', '/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.body as string)?.[1];
    expect(script).toBeDefined();
    expect((await http('GET', script!)).status).toBe(200);
    expect((await http('GET', '/console/assets/nothing-here.js')).status).toBe(404);
    expect((await http('GET', '/console/../package.json')).status).not.toBe(200);
    // The API still asks for a token; what is public stays public.
    const unauthenticated = await http('GET', '/enforcement/cases');
    expect(unauthenticated.status).toBe(401);
    expect(String(unauthenticated.headers['content-type'])).toContain('application/problem+json');
    expect((await http('GET', '/health')).status).toBe(200);
    expect((await http('GET', '/docs/json')).status).toBe(200);
    expect((await http('GET', '/metrics')).status).toBe(200);
  });

  it('signs the county bureau in; its inbox holds the case; the case page draws the parcel and the state', async () => {
    const page = await signIn('nrb', '141181', ['officer']);
    const row = page.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe(caseState);
    expect(await row.textContent()).toContain('6.2 亩 (0.41 ha)');
    await row.locator('a').click();
    await page.locator('.map path.leaflet-interactive').waitFor();
    expect(await page.locator('.map path.leaflet-interactive').getAttribute('d')).toMatch(/^M/);
    await page.locator('.map .leaflet-control-scale').waitFor();
    expect(await page.locator('[data-part=enforcement] .state').textContent()).toBe(caseState);
    // The bureau reads the audit timeline too: the report, the verification, the opening.
    await page.locator('[data-part=timeline] tr[data-event=CaseOpened]').waitFor();
    // Dates in China time whatever the browser's zone: the clue was observed at 09:00 +08:00.
    expect(await page.locator('[data-part=parcel] p').textContent()).toContain('2026/03/02 09:00');
    await page.context().close();
  });

  it('switches the labels to English and back', async () => {
    const page = await signIn('nrb', '141181', ['officer']);
    await page.locator('tr[data-case-id]').first().waitFor();
    expect(await page.locator('.inbox h2').textContent()).toBe('待办');
    expect(await page.locator('.tabs button').first().textContent()).toBe('执法案件');
    await page.locator('button.lang').click();
    expect(await page.locator('.inbox h2').textContent()).toBe('Inbox');
    expect(await page.locator('.tabs button').first().textContent()).toBe('Enforcement cases');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator(`tr[data-case-id="${caseId}"]`).textContent()).toContain('6.2 mu (0.41 ha)');
    await page.locator('button.lang').click();
    expect(await page.locator('.inbox h2').textContent()).toBe('待办');
    await page.context().close();
  });

  it("shows a city auditor the case's timeline with actor, agency and division, the state as of an instant and the verification", async () => {
    const page = await signIn('audit', '141100', ['auditor']);
    await page.goto(`${base}/#/audit/${encodeURIComponent(caseId)}`);
    const opened = page.locator('[data-part=timeline] tr[data-event=CaseOpened]');
    await opened.waitFor();
    const reported = page.locator('[data-part=timeline] tr[data-event=ClueReported]');
    expect(await reported.textContent()).toContain('grid');
    expect(await reported.textContent()).toContain('141181');
    await page.locator('[data-part=verification] .badge.ok').waitFor();
    await page.locator('[data-part=state-at] tr[data-service=enforcement] code').waitFor();
    expect(await page.locator('[data-part=state-at] tr[data-service=enforcement] code').textContent()).toBe(
      caseState,
    );
    // Before the case opened: no enforcement state yet, the clue only reported.
    await page.locator('input[name=at]').fill('2026-03-02T09:29:00');
    await page.locator('input[name=at]').dispatchEvent('change');
    await page.locator('[data-part=state-at] table[data-at="2026-03-02T01:29:00.000Z"]').waitFor();
    expect(await page.locator('[data-part=state-at] tr[data-service=enforcement] code').count()).toBe(0);
    // The offline bundle, as `landcase verify` reads it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-part=verification] button').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`landcase-${caseId}.bundle.json`);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(bundle.caseId).toBe(caseId);
    expect(verifyBundle(bundle)).toMatchObject({ valid: true });
    await page.context().close();
  });

  it('filters the inbox by state, and asks for the nearest due date first and shows its badges where the list carries them', async () => {
    const page = await signIn('nrb', '141181', ['officer']);
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    await page.locator('input[name=state]').fill('closed');
    await page.locator('.filters button[type=submit]').click();
    await page.locator('.inbox p.muted', { hasText: '没有待办事项' }).waitFor();
    expect(await page.locator('tr[data-case-id]').count()).toBe(0);
    await page.locator('input[name=state]').fill(caseState);
    await page.locator('.filters button[type=submit]').click();
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();

    // Today's lists take no `sort` (400): the console asked without it, and shows `overdue` alone.
    expect(await page.locator(`tr[data-case-id="${caseId}"] .badge`).count()).toBe(0);
    await page.context().close();

    // The lists' `due` and `sort=dueAt`, as the API is to answer them: the console asks for the
    // order and shows the badges of each item's due date.
    const asked: URL[] = [];
    const item = (id: string, due: object) => ({
      caseId: id,
      state: caseState,
      divisionCode: '141181',
      areaMu: 3,
      awaiting: ['nrb'],
      overdue: false,
      overdueSince: null,
      missedDeadlineCount: 0,
      due: { at: '2026-03-16T16:00:00.000Z', rule: 'deadline.case.file', workingDaysLeft: 2, ...due },
    });
    const later = await signIn('nrb', '141181', ['officer'], (p) =>
      p.route(
        (url) => url.pathname === '/enforcement/cases',
        async (route) => {
          asked.push(new URL(route.request().url()));
          await route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({
              items: [
                item('soon-1', { soon: true, overdue: false }),
                item('late-1', { soon: false, overdue: true }),
              ],
              total: 2,
              limit: 20,
              offset: 0,
            }),
          });
        },
      ),
    );
    await later.locator('tr[data-case-id="soon-1"] .badge.soon', { hasText: '即将到期' }).waitFor();
    expect(await later.locator('tr[data-case-id="late-1"] .badge.overdue').textContent()).toBe('已逾期');
    expect(await later.locator('tr[data-case-id="soon-1"] .badge.overdue').count()).toBe(0);
    // Due at 24:00 China time on 16 March.
    expect(await later.locator('tr[data-case-id="soon-1"]').textContent()).toContain('2026/03/17 00:00');
    expect(asked[0]?.searchParams.get('sort')).toBe('dueAt');
    expect(asked[0]?.searchParams.get('agency')).toBe('nrb');
    await later.locator('button.lang').click();
    expect(await later.locator('tr[data-case-id="soon-1"] .badge.soon').textContent()).toBe('due soon');
    expect(await later.locator('tr[data-case-id="late-1"] .badge.overdue').textContent()).toBe('overdue');
    await later.context().close();
  });

  it('shows operators the streams and dead letters, and others the refusal the API gives', async () => {
    const ops = await signIn('nrb', '141181', ['ops']);
    await ops.goto(`${base}/#/ops`);
    await ops.locator('[data-part=streams] table').first().waitFor();
    expect(await ops.locator('[data-part=streams]').textContent()).toContain('enforcement');
    await ops.locator('[data-part=dlq] p.muted').waitFor();
    await ops.context().close();

    const officer = await signIn('nrb', '141181', ['officer']);
    await officer.goto(`${base}/#/ops`);
    const refused = officer.locator('[data-part=streams] .problem');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('403');
    expect(await refused.textContent()).toContain('ops.streams.read');
    await officer.context().close();
  });

  it('takes a pasted token instead (production has no development sign-in), and shows the 401 of one the API refuses', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const token = await mintToken(system.config, {
      sub: 'auditor-1',
      agency: 'audit',
      division: '141100',
      roles: ['auditor'],
    } as never);
    await page.locator('textarea[name=token]').fill(`Bearer ${token}`);
    await page.locator('form').nth(1).locator('button[type=submit]').click();
    expect(await page.locator('.claims').textContent()).toContain('audit · 141100 · auditor');
    await page.locator('button', { hasText: '退出' }).click();
    // Claims that read well under a signature that is not the server's: the API's 401, as it says it.
    const [header, payload] = token.split('.');
    await page.locator('textarea[name=token]').fill(`${header}.${payload}.${'A'.repeat(43)}`);
    await page.locator('form').nth(1).locator('button[type=submit]').click();
    const refused = page.locator('.inbox .problem');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('401');
    expect(await refused.textContent()).toContain('未登录或令牌无效');
    await page.locator('button', { hasText: '退出' }).click();
    // No JWT at all: the console cannot say who it would be, and says so.
    await page.locator('textarea[name=token]').fill('not-a-token');
    await page.locator('form').nth(1).locator('button[type=submit]').click();
    expect(await page.locator('main > .problem').textContent()).toContain('令牌无法读取');
    await context.close();
  });

  it('shows the neighbouring county nothing of the case: not in its inbox, and not found on its page', async () => {
    const page = await signIn('nrb', '141182', ['officer', 'head']);
    await page.locator('.inbox p.muted', { hasText: '没有待办事项' }).waitFor();
    expect(await page.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    await page.goto(`${base}/#/case/${encodeURIComponent(caseId)}`);
    const refused = page.locator('[data-part=enforcement] .problem');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('404');
    expect(await refused.textContent()).toContain('未找到');
    expect(await page.locator('[data-part=parcel] .problem').getAttribute('data-status')).toBe('404');
    expect(await page.locator('.map').count()).toBe(0);
    await page.context().close();
  });

  it('issues a command through the form the OpenAPI document gives: field errors by field, a 412 on a case changed meanwhile, then recorded', async () => {
    const nrb = await mintToken(system.config, {
      sub: 'nrb-seed',
      agency: 'nrb',
      division: '141181',
      roles: ['officer'],
    } as never);
    const page = await signIn('nrb', '141181', ['officer']);
    await page.goto(`${base}/#/case/${encodeURIComponent(caseId)}`);
    await page.locator('[data-part=enforcement] .state').waitFor();
    const form = page.locator('[data-part=commands] form');
    await form
      .locator('select[name=command] option[value="/enforcement/cases/{caseId}/stop-order"]')
      .waitFor({
        state: 'attached',
      });
    await form.locator('select[name=command]').selectOption('/enforcement/cases/{caseId}/stop-order');
    const before = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    expect(await form.locator('.if-match code').textContent()).toBe(before.headers.etag);

    // Nothing filled in: the API's 400, each reason beside its field.
    await form.locator('button[type=submit]').click();
    await form.locator('[data-field=servedAt] .field-error').waitFor();
    expect(await form.locator('[data-field=documentRef] .field-error').count()).toBe(1);
    expect(await form.locator('.problem').getAttribute('data-status')).toBe('400');

    // Someone else records on the case meanwhile: the revision the form read is no longer the case's.
    const meanwhile = await http('POST', `/enforcement/cases/${caseId}/interference`, {
      token: nrb,
      body: {
        interferer: { name: 'Wang', position: 'deputy head', organization: 'township' },
        conduct: 'asked the bureau to drop the case',
        occurredAt: '2026-03-02T11:00:00+08:00',
      },
    });
    expect(meanwhile.status).toBe(200);
    await form.locator('input[name=servedAt]').fill('2026-03-03T10:00:00');
    await form.locator('[name=documentRef]').fill('FY-STOP-2026-099');
    await form.locator('button[type=submit]').click();
    await form.locator('.problem[data-status="412"]').waitFor();
    expect(
      (await http('GET', `/enforcement/cases/${caseId}`, { token: nrb })).body.stopOrder,
    ).toBeUndefined();

    // Read again: the form sends the new revision and the command is recorded.
    await page.reload();
    await page.locator('[data-part=enforcement] .state').waitFor();
    await form
      .locator('select[name=command] option[value="/enforcement/cases/{caseId}/stop-order"]')
      .waitFor({
        state: 'attached',
      });
    await form.locator('select[name=command]').selectOption('/enforcement/cases/{caseId}/stop-order');
    await form.locator('input[name=servedAt]').fill('2026-03-03T10:00:00');
    await form.locator('[name=documentRef]').fill('FY-STOP-2026-099');
    await form.locator('button[type=submit]').click();
    await form.locator('.done').waitFor();
    const after = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    expect(after.body.stopOrder).toMatchObject({ documentRef: 'FY-STOP-2026-099' });
    // Entered in China time whatever the browser's zone.
    expect(new Date(after.body.stopOrder.servedAt).toISOString()).toBe('2026-03-03T02:00:00.000Z');
    expect(after.body.state).not.toBe(caseState);
    await page.locator('[data-part=enforcement] .state', { hasText: after.body.state }).waitFor();
    await page.context().close();
  });
});
