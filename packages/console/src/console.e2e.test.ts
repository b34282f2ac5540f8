import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle } from '@landcase/audit';
import { ensureConsoleBuilt, runSystem } from '@landcase/cli';
import { embeddedEnv, fetchHttp, HAPPY_PATH_CLOCK_START, type Http } from '@landcase/cli/testing';
import { typeOf } from '@landcase/contracts';
import { DLQ_HEADERS } from '@landcase/messaging';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, seedCase, signIn as signInWith, tokenOf } from './browser-testing.ts';

// The console in a real browser (Debian's chromium through playwright-core) against the embedded
// system as `landcase start` runs it: the page, its sign-in, and what each agency is shown of one
// case, which is what the API answers that agency. The system's clock starts at Monday 2 March
// 2026, 09:30 China time, so that the due dates of the seeded cases are known.

describe('web console, embedded, in chromium', () => {
  let dir: string;
  let system: RunningService;
  let http: Http;
  let browser: Browser;
  let base: string;
  let caseId: string;
  let caseState: string;
  let soonId: string;
  let lateId: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'landcase-console-'));
    system = await runSystem(embeddedEnv(dir), {
      handleSignals: false,
      clock: clockRunningFrom(HAPPY_PATH_CLOCK_START),
    });
    base = system.address;
    http = fetchHttp(() => base);
    // A clue verified illegal: the case opens by itself and waits for the bureau's stop order.
    caseId = await seedCase(system, http, 'console', '2026-03-02T09:00:00+08:00');
    caseState = (
      await http('GET', `/enforcement/cases/${caseId}`, { token: await tokenOf(system, 'nrb', ['officer']) })
    ).body.state;
    // Two more, discovered earlier: the filing deadline (10 working days from discovery) of the one
    // falls on Wednesday 4 March, two working days on, and of the other on Friday 27 February.
    soonId = await seedCase(system, http, 'console-soon', '2026-02-12T09:00:00+08:00', 3);
    lateId = await seedCase(system, http, 'console-late', '2026-02-06T09:00:00+08:00', 3);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const signIn = (
    agency: string,
    division: string,
    roles: string[],
    prepare?: (page: Page) => Promise<unknown>,
  ) => signInWith(browser, base, agency, division, roles, prepare);

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
    await checkPage(page, 'inbox');
    // The state by its name, the API's code beside it.
    expect(await row.locator('td [data-state]').getAttribute('data-state')).toBe(caseState);
    expect(await row.locator('td [data-state]').textContent()).toBe('已受理');
    expect(await row.textContent()).toContain('6.2 亩 (0.41 ha)');
    await row.locator('a').click();
    await page.locator('.map path.leaflet-interactive').waitFor();
    expect(await page.locator('.map path.leaflet-interactive').getAttribute('d')).toMatch(/^M/);
    await page.locator('.map .leaflet-control-scale').waitFor();
    expect(await page.locator('[data-part=enforcement] .state [data-state]').getAttribute('data-state')).toBe(
      caseState,
    );
    // The bureau reads the audit timeline too: the report, the verification, the opening.
    await page.locator('[data-part=timeline] tr[data-event=CaseOpened]').waitFor();
    // Dates in China time whatever the browser's zone: the clue was observed at 09:00 +08:00.
    expect(await page.locator('[data-part=parcel] p').first().textContent()).toContain('2026/03/02 09:00');
    // Each lifecycle's next deadline: the case is to be filed within ten working days of discovery.
    const due = page.locator('[data-part=enforcement] .due-line');
    expect(await due.getAttribute('data-rule')).toBe('deadline.case.file');
    expect(await due.locator('.days-left').textContent()).toMatch(/^剩 \d+ 个工作日$/);
    // The clue, verified, answers to no deadline any more.
    expect(await page.locator('[data-part=parcel] .due-line').getAttribute('data-due')).toBe('none');
    // The commands its read allows the bureau's officer now: the stop order among them, no closure.
    const allowed = page.locator('[data-part=commands] .allowed-now');
    await allowed.locator('[data-command="/enforcement/cases/{caseId}/stop-order"]').waitFor();
    expect(await allowed.locator('[data-command="/enforcement/cases/{caseId}/closure"]').count()).toBe(0);
    await checkPage(page, 'case');
    // The auditor view: the bureau reads the timeline, not who read the case (auditors only).
    await page.locator('a.small', { hasText: '审计视图' }).click();
    await page.locator('[data-part=timeline] tr[data-event=CaseOpened]').waitFor();
    const refused = page.locator('[data-part=access-log] .problem');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('403');
    expect(await refused.textContent()).toContain('audit.case.access-log');
    await page.context().close();
  });

  it('offers no command form the policy refuses: not to the ops role, not to the auditor, and the head-only extension to nobody before a decision period runs', async () => {
    for (const [agency, division, roles] of [
      ['nrb', '141181', ['ops']],
      ['audit', '141100', ['auditor']],
    ] as const) {
      const page = await signIn(agency, division, [...roles]);
      await page.goto(`${base}/#/case/${encodeURIComponent(caseId)}`);
      await page.locator('[data-part=enforcement] .state').waitFor();
      const form = page.locator('[data-part=commands] form');
      await form.locator('.allowed-now', { hasText: '无' }).waitFor();
      expect(await form.locator('select[name=command]').count(), agency).toBe(0);
      expect(await form.locator('[data-command]').count(), agency).toBe(0);
      // The API would refuse it too: 403 naming the entry.
      const refused = await http('POST', `/enforcement/cases/${caseId}/stop-order`, {
        token: await tokenOf(system, agency, [...roles], division),
        body: { servedAt: '2026-03-02T10:00:00+08:00', documentRef: 'X' },
      });
      expect(refused.status, agency).toBe(403);
      await page.context().close();
    }
    const head = await signIn('nrb', '141181', ['officer', 'head']);
    await head.goto(`${base}/#/case/${encodeURIComponent(caseId)}`);
    const form = head.locator('[data-part=commands] form');
    await form
      .locator('select[name=command] option[value="/enforcement/cases/{caseId}/stop-order"]')
      .waitFor({
        state: 'attached',
      });
    expect(
      await form
        .locator('select[name=command] option[value="/enforcement/cases/{caseId}/decision-extension"]')
        .count(),
    ).toBe(0);
    await head.context().close();
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
    await checkPage(page, 'inbox-en');
    await page.locator('button.lang').click();
    expect(await page.locator('.inbox h2').textContent()).toBe('待办');
    // The lists by keyboard: one tab stop, the arrows and End move the selection and the focus.
    const tabs = page.locator('.tabs [role=tab]');
    await tabs.first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-clues');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-remediations');
    expect(await tabs.evaluateAll((all) => all.map((t) => (t as HTMLElement).tabIndex))).toEqual([
      -1, -1, -1, 0,
    ]);
    await page.keyboard.press('Home');
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
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
    const enforcementAt = page.locator('[data-part=state-at] tr[data-service=enforcement] [data-state]');
    await enforcementAt.waitFor();
    expect(await enforcementAt.getAttribute('data-state')).toBe(caseState);
    // Before the case opened: no enforcement state yet, the clue only reported.
    await page.locator('input[name=at]').fill('2026-03-02T09:29:00');
    await page.locator('input[name=at]').dispatchEvent('change');
    await page.locator('[data-part=state-at] table[data-at="2026-03-02T01:29:00.000Z"]').waitFor();
    expect(await enforcementAt.count()).toBe(0);
    // The offline bundle, as `landcase verify` reads it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-part=verification] button').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`landcase-${caseId}.bundle.json`);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(bundle.caseId).toBe(caseId);
    expect(verifyBundle(bundle)).toMatchObject({ valid: true });
    // Read again: the access log names the reads just made, the export among them, by the auditor.
    await page.reload();
    const exported = page.locator('[data-part=access-log] tr[data-view=export]');
    await exported.waitFor();
    expect(await exported.getAttribute('data-actor')).toMatch(/^audit:/);
    expect(await exported.textContent()).toContain('141100');
    expect(await page.locator('[data-part=access-log] tr[data-view=state]').count()).toBeGreaterThan(0);
    await checkPage(page, 'audit');
    await page.context().close();
  });

  it('filters the inbox by state and by due soon, lists the nearest due date first and shows its badges, as the API answers them', async () => {
    const page = await signIn('nrb', '141181', ['officer']);
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    await page.locator('select[name=state]').selectOption('closed');
    await page.locator('.filters button[type=submit]').click();
    await page.locator('.inbox p.muted', { hasText: '没有待办事项' }).waitFor();
    expect(await page.locator('tr[data-case-id]').count()).toBe(0);
    await page.locator('select[name=state]').selectOption(caseState);
    await page.locator('.filters button[type=submit]').click();
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();

    await page.context().close();

    // The real lists, sorted by due date: the overdue case first, then the one due soon, then the
    // case discovered today; each with its due date in China time and its badge.
    const asked: URL[] = [];
    const sorted = await signIn('nrb', '141181', ['officer'], (p) =>
      p.route(
        (url) => url.pathname === '/enforcement/cases',
        async (route) => {
          asked.push(new URL(route.request().url()));
          await route.continue();
        },
      ),
    );
    await sorted.locator(`tr[data-case-id="${soonId}"] .badge.soon`, { hasText: '即将到期' }).waitFor();
    expect(await sorted.locator(`tr[data-case-id="${lateId}"] .badge.overdue`).textContent()).toBe('已逾期');
    expect(await sorted.locator(`tr[data-case-id="${soonId}"] .badge.overdue`).count()).toBe(0);
    expect(await sorted.locator(`tr[data-case-id="${caseId}"] .badge`).count()).toBe(0);
    // Due at the end of Wednesday 4 March, China time (ten working days from 12 February, the
    // Spring Festival's days off not counted), and of Friday 27 February.
    expect(await sorted.locator(`tr[data-case-id="${soonId}"]`).textContent()).toContain('2026/03/04 23:59');
    expect(await sorted.locator(`tr[data-case-id="${lateId}"]`).textContent()).toContain('2026/02/27 23:59');
    const order = await sorted
      .locator('tr[data-case-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    expect(order.filter((id) => [lateId, soonId, caseId].includes(id!))).toEqual([lateId, soonId, caseId]);
    expect(asked[0]?.searchParams.get('sort')).toBe('dueAt');
    expect(asked[0]?.searchParams.get('agency')).toBe('nrb');
    expect(asked[0]?.searchParams.has('dueSoon')).toBe(false);

    // Due soon only: the API's dueSoon=true keeps the one, not the overdue one nor the later one.
    await sorted.locator('input[name=dueSoon]').check();
    await sorted.locator(`tr[data-case-id="${lateId}"]`).waitFor({ state: 'detached' });
    await sorted.locator(`tr[data-case-id="${soonId}"]`).waitFor();
    expect(await sorted.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    expect(asked.at(-1)?.searchParams.get('dueSoon')).toBe('true');
    expect(asked.at(-1)?.searchParams.get('sort')).toBe('dueAt');

    await sorted.locator('button.lang').click();
    expect(await sorted.locator(`tr[data-case-id="${soonId}"] .badge.soon`).textContent()).toBe('due soon');
    await sorted.locator('input[name=dueSoon]').uncheck();
    await sorted.locator(`tr[data-case-id="${lateId}"] .badge.overdue`, { hasText: 'overdue' }).waitFor();
    await sorted.context().close();
  });

  it('shows operators the streams and dead letters, and others the refusal the API gives', async () => {
    const ops = await signIn('nrb', '141181', ['ops']);
    await ops.goto(`${base}/#/ops`);
    await ops.locator('[data-part=streams] table').first().waitFor();
    expect(await ops.locator('[data-part=streams]').textContent()).toContain('enforcement');
    await ops.locator('[data-part=dlq] p.muted').waitFor();
    await checkPage(ops, 'ops');
    await ops.context().close();

    const officer = await signIn('nrb', '141181', ['officer']);
    await officer.goto(`${base}/#/ops`);
    const refused = officer.locator('[data-part=streams] .problem');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('403');
    expect(await refused.textContent()).toContain('ops.streams.read');
    await officer.context().close();
  });

  it('lets operators browse the dead letters, redrive them as a dry run, discard one and redrive another, each through the API', async () => {
    // Two letters as a consumer that gave up would leave them on the detection topic's DLQ.
    const topic = 'landcase.detection.v1';
    const subject = 'LC-141181-20260302-0d1e2a3d';
    for (const n of [1, 2]) {
      await system.ports.bus.publish(`${topic}.dlq`, [
        {
          key: subject,
          event: {
            specversion: '1.0',
            id: `00000000-0000-4000-8000-00000000d1e${n}`,
            source: '/landcase/detection',
            type: typeOf('detection', 'ClueReported'),
            subject,
            time: '2026-03-02T01:00:00.000Z',
            datacontenttype: 'application/json',
            data: { caseId: subject, n },
            actor: 'grid:grid-user',
            division: '141181',
            correlationid: 'c',
            causationid: 'c',
          },
          headers: {
            [DLQ_HEADERS.error]: `parcel service down ${n}`,
            [DLQ_HEADERS.attempts]: '5',
            [DLQ_HEADERS.group]: 'console-e2e.dead',
            [DLQ_HEADERS.topic]: topic,
            [DLQ_HEADERS.partition]: '0',
            [DLQ_HEADERS.offset]: String(n),
          },
        },
      ]);
    }
    const opsToken = await tokenOf(system, 'nrb', ['ops']);
    const pending = async () =>
      (await http('GET', '/ops/dlq?group=console-e2e.dead', { token: opsToken })).body.items as {
        id: string;
      }[];
    const [first, second] = (await pending()).map((l) => l.id);
    expect(first).toBeDefined();
    expect(second).toBeDefined();

    const page = await signIn('nrb', '141181', ['ops']);
    await page.goto(`${base}/#/ops`);
    // The streams: relays, consumer groups with their status, projections with their positions.
    await page.locator('[data-part=groups] tr[data-group][data-status]').first().waitFor();
    await page.locator('[data-part=projections] tr[data-projection]').first().waitFor();
    await page.locator('[data-part=at-risk] h3').waitFor();
    expect(await page.locator('[data-part=at-risk] .problem').count()).toBe(0);
    // Paused, so that the list holds still while the letters are ticked.
    await page.locator('input[name=autoRefresh]').uncheck();
    const dlq = page.locator('[data-part=dlq]');
    await dlq.locator('input[name=group]').fill('console-e2e.dead');
    await dlq.locator('.filters button[type=submit]').click();
    const row = (id: string) => dlq.locator(`tr[data-letter-id="${id}"]`);
    await row(first!).waitFor();
    expect(await row(first!).textContent()).toContain('parcel service down 1');
    expect(await row(first!).getAttribute('data-status')).toBe('pending');
    // A letter shown whole: its CloudEvent as the API keeps it.
    await row(second!).locator('button.link').click();
    await dlq.locator('pre.letter', { hasText: '00000000-0000-4000-8000-00000000d1e2' }).waitFor();
    await checkPage(page, 'ops-dlq');

    // A dry run first (the default): the answer names the letter; nothing is done.
    await row(first!).locator('input[name=letter]').check();
    await dlq.locator('button[name=redrive]').click();
    const answer = dlq.locator('.action-answer');
    await answer.locator(`[data-acted="${first}"]`).waitFor();
    expect(await answer.getAttribute('data-dry-run')).toBe('true');
    expect(await answer.getAttribute('data-action')).toBe('redrive');
    expect((await pending()).map((l) => l.id)).toEqual([first, second]);

    // Discarded for real, with a reason: gone from the pending list, the API shows it discarded.
    await dlq.locator('input[name=dryRun]').uncheck();
    await dlq.locator('input[name=reason]').fill('test letter, nothing to redo');
    await dlq.locator('button[name=discard]').click();
    await dlq.locator('.action-answer[data-action=discard][data-dry-run=false]').waitFor();
    await row(first!).waitFor({ state: 'detached' });
    const discarded = await http('GET', `/ops/dlq/${encodeURIComponent(first!)}`, { token: opsToken });
    expect(discarded.body.status).toBe('discarded');
    expect(discarded.body.resolution).toMatchObject({ reason: 'test letter, nothing to redo' });

    // The other redriven for real: no longer pending, counted once.
    await row(second!).locator('input[name=letter]').check();
    await dlq.locator('button[name=redrive]').click();
    await dlq
      .locator(`.action-answer[data-action=redrive][data-dry-run=false] [data-acted="${second}"]`)
      .waitFor();
    const redriven = await http('GET', `/ops/dlq/${encodeURIComponent(second!)}`, { token: opsToken });
    expect(redriven.body.status).toBe('redriven');
    expect((await pending()).map((l) => l.id)).not.toContain(second);

    // An officer may not: the API's 403 on the list, naming the entry.
    const officer = await signIn('nrb', '141181', ['officer']);
    await officer.goto(`${base}/#/ops`);
    const refused = officer.locator('[data-part=dlq] .problem');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('403');
    expect(await refused.textContent()).toContain('ops.dlq.list');
    await officer.context().close();
    await page.context().close();
  });

  it('takes a pasted token instead (production has no development sign-in), and shows the 401 of one the API refuses', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('textarea[name=token]').waitFor();
    await checkPage(page, 'sign-in');
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
    // Each field named by its legend, its reason tied to it.
    expect(await form.locator('input[name=servedAt]').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('input[name=servedAt]').getAttribute('aria-describedby')).toContain(
      'field-servedAt-error',
    );
    await checkPage(page, 'case-command-errors');

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
    expect(await form.locator('.problem[data-status="412"]').textContent()).toContain('已被他人修改');
    const changed = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    expect(changed.body.stopOrder).toBeUndefined();

    // Read again from the form's own button: what was typed stays, the If-Match is the new revision,
    // and the command is recorded.
    await form.locator('button.reload').click();
    await form.locator('.if-match code', { hasText: changed.headers.etag as string }).waitFor();
    expect(changed.headers.etag).not.toBe(before.headers.etag);
    expect(await form.locator('[name=documentRef]').inputValue()).toBe('FY-STOP-2026-099');
    await form.locator('input[name=servedAt]').fill('2026-03-03T10:00:00');
    await form.locator('[name=documentRef]').fill('FY-STOP-2026-099');
    await form.locator('button[type=submit]').click();
    await form.locator('.done').waitFor();
    const after = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    expect(after.body.stopOrder).toMatchObject({ documentRef: 'FY-STOP-2026-099' });
    // Entered in China time whatever the browser's zone.
    expect(new Date(after.body.stopOrder.servedAt).toISOString()).toBe('2026-03-03T02:00:00.000Z');
    expect(after.body.state).not.toBe(caseState);
    await page.locator(`[data-part=enforcement] .state [data-state="${after.body.state}"]`).waitFor();
    await page.context().close();
  });
});
