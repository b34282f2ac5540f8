import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureConsoleBuilt, runSystem } from '@landcase/cli';
import { embeddedEnv, fetchHttp, HAPPY_PATH_CLOCK_START, type Http } from '@landcase/cli/testing';
import type { RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seedCase, signIn as signInWith, tokenOf } from './browser-testing.ts';

// The hand-off of a case between agencies in the browser: the county bureau refers a case to the
// county police; the police find it among what they received, open it, see its Order 310 clock and
// sign for it through the form the API offers them; the bureau finds it among what it sent; the
// neighbouring county's police do not see it at all; and a form is offered only to whom the policy
// lets issue its command.

describe('referral hand-off in the console, embedded, in chromium', () => {
  let dir: string;
  let system: RunningService;
  let http: Http;
  let browser: Browser;
  let base: string;
  let caseId: string;
  let sentId: string;
  let draftId: string;

  const signIn = (agency: string, division: string, roles: string[]): Promise<Page> =>
    signInWith(browser, base, agency, division, roles);

  beforeAll(async () => {
    ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'landcase-console-referral-'));
    system = await runSystem(embeddedEnv(dir), {
      handleSignals: false,
      clock: clockRunningFrom(HAPPY_PATH_CLOCK_START),
    });
    base = system.address;
    http = fetchHttp(() => base);
    caseId = await seedCase(system, http, 'handoff', '2026-03-02T09:00:00+08:00');
    const officer = await tokenOf(system, 'nrb', ['officer']);
    const head = await tokenOf(system, 'nrb', ['head']);
    const draft = async (reason: string) => {
      const res = await http('POST', '/referral/referrals', {
        token: officer,
        body: { caseId, to: 'psb', reason, documents: [{ kind: 'letter', ref: '移〔2026〕3号' }] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    sentId = await draft('pbf occupied: 6.2 mu ≥ 5 mu');
    const approved = await http('POST', `/referral/referrals/${sentId}/approval`, {
      token: head,
      body: { approved: true, note: '同意移送' },
    });
    expect(approved.status).toBe(200);
    const dispatched = await http('POST', `/referral/referrals/${sentId}/dispatch`, {
      token: officer,
      body: {},
    });
    expect(dispatched.status).toBe(200);
    // A second one, still a draft: the bureau's head approves it, nobody else.
    draftId = await draft('a second look at the same parcel');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the county police the referral among what it received; its page shows the clock, and the police sign for it through the form', async () => {
    const page = await signIn('psb', '141181', ['officer']);
    await page.goto(`${base}/#/referrals`);
    const row = page.locator(`[data-part=received] tr[data-referral-id="${sentId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('nrb → psb');
    expect(await row.textContent()).toContain('dispatched');
    // Nothing the police sent, and the draft not at all: it is the bureau's until sent.
    await page.locator('[data-part=sent] p.muted').waitFor();
    expect(await page.locator(`tr[data-referral-id="${draftId}"]`).count()).toBe(0);

    await row.locator('a').click();
    await page.locator('[data-part=referral] .state').waitFor();
    expect(await page.locator('[data-part=referral] .parties').textContent()).toBe('nrb → psb');
    expect(await page.locator('[data-part=referral] .documents').textContent()).toContain('移〔2026〕3号');
    // The clock: drafted, approved and dispatched are done, each approval and dispatch with the due
    // date Order 310 set it (3 days from the draft, 24 hours from the approval); receipt waits.
    const step = (name: string) => page.locator(`[data-part=clock] li[data-step=${name}]`);
    for (const done of ['drafted', 'approved', 'dispatched']) {
      expect(await step(done).getAttribute('data-done'), done).toBe('true');
    }
    expect(await step('received').getAttribute('data-done')).toBe('false');
    const approveDue = await step('approved').getAttribute('data-due');
    const sendDue = await step('dispatched').getAttribute('data-due');
    expect(approveDue).not.toBeNull();
    expect(sendDue).not.toBeNull();
    expect(await step('approved').locator('.step-due').textContent()).toContain('2026/03/0');
    expect(await step('decided').getAttribute('data-due')).toBeNull();
    expect(await step('approved').locator('.badge.overdue').count()).toBe(0);

    // Allowed now: the receipt, and nothing of the sender's.
    const form = page.locator('[data-part=commands] form');
    await form.locator('.allowed-now [data-command="/referral/referrals/{id}/receipt"]').waitFor();
    expect(
      await form.locator('select[name=command] option[value="/referral/referrals/{id}/dispatch"]').count(),
    ).toBe(0);
    await form.locator('select[name=command]').selectOption('/referral/referrals/{id}/receipt');
    await form.locator('button[type=submit]').click();
    await form.locator('.done').waitFor();
    // Received: the decision falls due three days on, and the clock shows it at its step.
    await page.locator('[data-part=clock] li[data-step=received][data-done=true]').waitFor();
    await page.locator('[data-part=clock] li[data-step=decided][data-due]').waitFor();
    const read = await http('GET', `/referral/referrals/${sentId}`, {
      token: await tokenOf(system, 'psb', ['officer']),
    });
    expect(read.body.state).toBe('received');
    expect(await step('decided').getAttribute('data-due')).toBe(read.body.due.at);
    expect(read.body.due.rule).toBe('deadline.referral.decide');
    // The decision is next for the police: its form, with the fields the API's schema names.
    await form.locator('.allowed-now [data-command="/referral/referrals/{id}/decision"]').waitFor();
    await form.locator('select[name=command]').selectOption('/referral/referrals/{id}/decision');
    await form.locator('[data-field=accepted]').waitFor();
    await page.context().close();
  });

  it('shows the bureau the referral among what it sent, not among what it received', async () => {
    const page = await signIn('nrb', '141181', ['officer']);
    await page.goto(`${base}/#/referrals`);
    await page.locator(`[data-part=sent] tr[data-referral-id="${sentId}"]`).waitFor();
    await page.locator(`[data-part=sent] tr[data-referral-id="${draftId}"]`).waitFor();
    await page.locator('[data-part=received] p.muted').waitFor();
    expect(await page.locator(`[data-part=received] tr[data-referral-id="${sentId}"]`).count()).toBe(0);
    // From the case page too, with its due date.
    await page.goto(`${base}/#/case/${encodeURIComponent(caseId)}`);
    await page.locator(`[data-part=referrals] li[data-referral-id="${sentId}"] a`).click();
    await page.locator('[data-part=referral] .state').waitFor();
    expect(await page.locator('[data-part=referral] .parties').textContent()).toBe('nrb → psb');
    await page.context().close();
  });

  it("shows the neighbouring county's police nothing: not in its received list, and not found on its page", async () => {
    const page = await signIn('psb', '141182', ['officer', 'head']);
    await page.goto(`${base}/#/referrals`);
    await page.locator('[data-part=received] p.muted').waitFor();
    expect(await page.locator(`tr[data-referral-id="${sentId}"]`).count()).toBe(0);
    await page.goto(`${base}/#/referral/${encodeURIComponent(sentId)}`);
    const refused = page.locator('[data-part=referral] .problem');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('404');
    expect(await page.locator('[data-part=clock] li').count()).toBe(0);
    expect(await page.locator('[data-part=commands] select[name=command]').count()).toBe(0);
    await page.context().close();
  });

  it("offers the draft's approval to the bureau's head only: not to its officer, whom the policy refuses", async () => {
    const approval = '/referral/referrals/{id}/approval';
    const officer = await signIn('nrb', '141181', ['officer']);
    await officer.goto(`${base}/#/referral/${encodeURIComponent(draftId)}`);
    await officer.locator('[data-part=referral] .state').waitFor();
    await officer.locator('[data-part=commands] .allowed-now', { hasText: '无' }).waitFor();
    expect(await officer.locator(`[data-part=commands] option[value="${approval}"]`).count()).toBe(0);
    // The API refuses the officer the same: 403 naming the entry.
    const refused = await http('POST', `/referral/referrals/${draftId}/approval`, {
      token: await tokenOf(system, 'nrb', ['officer']),
      body: { approved: true, note: 'x' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.rule.id).toBe('referral.referral.approval');
    await officer.context().close();

    const head = await signIn('nrb', '141181', ['head']);
    await head.goto(`${base}/#/referral/${encodeURIComponent(draftId)}`);
    await head.locator(`[data-part=commands] option[value="${approval}"]`).waitFor({ state: 'attached' });
    // The approval deadline runs: three days from the draft, shown at its step.
    expect(await head.locator('[data-part=clock] li[data-step=approved]').getAttribute('data-done')).toBe(
      'false',
    );
    expect(
      await head.locator('[data-part=clock] li[data-step=approved]').getAttribute('data-due'),
    ).not.toBeNull();
    await head.context().close();
  });
});
