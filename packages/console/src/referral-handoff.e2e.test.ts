import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureConsoleBuilt, runSystem } from '@landcase/cli';
import {
  embeddedEnv,
  fetchHttp,
  HAPPY_PATH_CLOCK_START,
  HAPPY_PATH_DOCUMENTS,
  type Http,
} from '@landcase/cli/testing';
import type { RunningService } from '@landcase/service-kit';
import { clockRunningFrom } from '@landcase/service-kit/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, seedCase, signIn as signInWith, tokenOf } from './browser-testing.ts';

// The hand-off of a case between agencies in the browser: the county bureau refers a case to the
// county police with the documents Order 310 requires; the police find it among what they
// received, open it, see its documents by SHA-256 and its Order 310 clock, and sign for it, naming
// the documents by hash, through the form the API offers them; the bureau attaches a document to a
// draft through its form; the bureau finds it among what it sent; the
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
  let hashes: string[];

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
    // The documents a referral to the police must carry, attached before dispatch.
    hashes = [];
    for (const doc of HAPPY_PATH_DOCUMENTS) {
      const attached = await http('POST', `/referral/referrals/${sentId}/documents`, {
        token: officer,
        body: {
          name: doc.name,
          kind: doc.kind,
          mediaType: 'text/plain; charset=utf-8',
          content: Buffer.from(doc.text, 'utf8').toString('base64'),
        },
      });
      expect(attached.status, JSON.stringify(attached.body)).toBe(201);
      hashes.push(createHash('sha256').update(doc.text, 'utf8').digest('hex'));
    }
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
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('dispatched');
    expect(await row.locator('[data-state]').textContent()).toBe('已送达');
    // Nothing the police sent, and the draft not at all: it is the bureau's until sent.
    await page.locator('[data-part=sent] p.muted').waitFor();
    expect(await page.locator(`tr[data-referral-id="${draftId}"]`).count()).toBe(0);
    await checkPage(page, 'referrals');

    await row.locator('a').click();
    await page.locator('[data-part=referral] .state').waitFor();
    expect(await page.locator('[data-part=referral] .parties').textContent()).toBe('nrb → psb');
    // Its documents, each with its SHA-256, none signed for yet.
    const docs = page.locator('[data-part=documents]');
    for (const hash of hashes) {
      expect(await docs.locator(`tr[data-sha256="${hash}"] code.sha256`).textContent()).toBe(hash);
    }
    expect(await docs.textContent()).toContain('调查报告.txt');
    expect(await docs.locator('td.receipt', { hasText: '✓' }).count()).toBe(0);
    // The bytes, read through the API with the police's token, are those attached.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      docs.locator(`tr[data-sha256="${hashes[1]}"] button.link`).click(),
    ]);
    expect(download.suggestedFilename()).toBe('调查报告.txt');
    expect(
      createHash('sha256')
        .update(readFileSync((await download.path())!))
        .digest('hex'),
    ).toBe(hashes[1]);
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
    await checkPage(page, 'referral');

    // Allowed now: the receipt, and nothing of the sender's.
    const form = page.locator('[data-part=commands] form');
    await form.locator('.allowed-now [data-command="/referral/referrals/{id}/receipt"]').waitFor();
    expect(
      await form.locator('select[name=command] option[value="/referral/referrals/{id}/dispatch"]').count(),
    ).toBe(0);
    await form.locator('select[name=command]').selectOption('/referral/referrals/{id}/receipt');
    // The receipt names the documents received by hash: one box per document the referral lists.
    const boxes = form.locator('[data-field=documents] input[type=checkbox]');
    expect(await boxes.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(
      hashes,
    );
    await checkPage(page, 'referral-receipt-form');
    for (const hash of hashes) await form.locator(`[data-field=documents] input[value="${hash}"]`).check();
    await form.locator('button[type=submit]').click();
    await form.locator('.done').waitFor();
    await docs.locator('.receipt-line').waitFor();
    expect(await docs.locator('td.receipt', { hasText: '✓' }).count()).toBe(3);
    // Received: the decision falls due three days on, and the clock shows it at its step.
    await page.locator('[data-part=clock] li[data-step=received][data-done=true]').waitFor();
    await page.locator('[data-part=clock] li[data-step=decided][data-due]').waitFor();
    const read = await http('GET', `/referral/referrals/${sentId}`, {
      token: await tokenOf(system, 'psb', ['officer']),
    });
    expect(read.body.state).toBe('received');
    expect(read.body.receipt.documents.map((d: { sha256: string }) => d.sha256)).toEqual(hashes);
    expect(await step('decided').getAttribute('data-due')).toBe(read.body.due.at);
    expect(read.body.due.rule).toBe('deadline.referral.decide');
    // The decision is next for the police: its form, with the fields the API's schema names.
    await form.locator('.allowed-now [data-command="/referral/referrals/{id}/decision"]').waitFor();
    await form.locator('select[name=command]').selectOption('/referral/referrals/{id}/decision');
    await form.locator('[data-field=accepted]').waitFor();
    await page.context().close();
  });

  it('lets the police ask for supplementary material through the form; both sides see the request waiting, the bureau is offered the supply', async () => {
    const supplement = '/referral/referrals/{id}/supplement-request';
    const police = await signIn('psb', '141181', ['officer']);
    await police.goto(`${base}/#/referral/${encodeURIComponent(sentId)}`);
    await police.locator('[data-part=follow-up] p.muted').waitFor();
    const form = police.locator('[data-part=commands] form');
    await form.locator(`select[name=command] option[value="${supplement}"]`).waitFor({ state: 'attached' });
    await form.locator('select[name=command]').selectOption(supplement);
    await form.locator('[name=what]').fill('现场勘验笔录（补充）');
    await form.locator('button[type=submit]').click();
    await form.locator('.done').waitFor();
    const request = police.locator('[data-part=follow-up] ol.supplements li[data-provided=false]');
    await request.waitFor();
    expect(await request.textContent()).toContain('现场勘验笔录（补充）');
    await police.locator('[data-part=referral] .state [data-state=awaitingSupplement]').waitFor();
    // On the clock, after the receipt: the request, the decision period standing still.
    await police
      .locator('[data-part=clock] li[data-step=received] + li[data-step=supplement][data-provided=false]')
      .waitFor();
    expect(await police.locator('[data-part=referral] .state').textContent()).toBe('待补充材料');
    await checkPage(police, 'referral-supplement');
    await police.context().close();

    const bureau = await signIn('nrb', '141181', ['officer']);
    await bureau.goto(`${base}/#/referral/${encodeURIComponent(sentId)}`);
    await bureau.locator('[data-part=follow-up] ol.supplements li[data-provided=false]').waitFor();
    await bureau
      .locator('[data-part=commands] option[value="/referral/referrals/{id}/supplement"]')
      .waitFor({ state: 'attached' });
    await bureau.context().close();
  });

  it('shows a procuratorial recommendation to its addressee with the reply form, and to no agency outside it', async () => {
    const issued = await http('POST', '/referral/recommendations', {
      token: await tokenOf(system, 'proc', ['officer']),
      body: {
        caseId,
        to: 'nrb',
        divisionCode: '141181',
        content: '建议依法拆除违法建筑、恢复耕地',
        harmGrowing: true,
        documents: [{ kind: 'recommendation', ref: '汾检建〔2026〕2号' }],
      },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const id = (issued.body.id ?? issued.body.recommendationId) as string;

    const bureau = await signIn('nrb', '141181', ['officer']);
    await bureau.goto(`${base}/#/recommendations`);
    const row = bureau.locator(`tr[data-recommendation-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('awaitingUrgentReply');
    expect(await row.textContent()).toContain('proc → nrb');
    await row.locator('a').first().click();
    await bureau.locator('[data-part=recommendation] .content').waitFor();
    expect(await bureau.locator('[data-part=recommendation] .content').textContent()).toBe(
      '建议依法拆除违法建筑、恢复耕地',
    );
    // Fifteen days for a growing harm: the reply's deadline by its name.
    await bureau
      .locator('[data-part=recommendation] .due-line [data-rule="deadline.recommendation.reply-urgent"]')
      .waitFor();
    await bureau
      .locator('[data-part=commands] .allowed-now [data-command="/referral/recommendations/{id}/reply"]')
      .waitFor();
    await checkPage(bureau, 'recommendation');
    await bureau.context().close();

    // The police are no party to it: not listed, not found.
    const police = await signIn('psb', '141181', ['officer']);
    await police.goto(`${base}/#/recommendations`);
    await police.locator('[data-part=recommendations] p.muted').waitFor();
    await police.goto(`${base}/#/recommendation/${encodeURIComponent(id)}`);
    const refused = police.locator('[data-part=recommendation] .problem');
    await refused.waitFor();
    expect(['403', '404']).toContain(await refused.getAttribute('data-status'));
    await police.context().close();
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

  it('lets the bureau attach a document to its draft through the form, read back with its SHA-256', async () => {
    const page = await signIn('nrb', '141181', ['officer']);
    await page.goto(`${base}/#/referral/${encodeURIComponent(draftId)}`);
    const form = page.locator('[data-part=commands] form');
    const attach = '/referral/referrals/{id}/documents';
    await form.locator(`select[name=command] option[value="${attach}"]`).waitFor({ state: 'attached' });
    await form.locator('select[name=command]').selectOption(attach);
    const text = '涉嫌犯罪案件移送书 汾自然资移〔2026〕8号';
    await form.locator('input[type=file][name=content]').setInputFiles({
      name: '移送书.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(text, 'utf8'),
    });
    // The file's name and type fill the fields left empty.
    await form.locator('[name=name]').waitFor();
    expect(await form.locator('[name=name]').inputValue()).toBe('移送书.txt');
    await form.locator('[data-field=kind] select').selectOption('referral-letter');
    await form.locator('button[type=submit]').click();
    await form.locator('.done').waitFor();
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    await page.locator(`[data-part=documents] tr[data-sha256="${hash}"]`).waitFor();
    const read = await http('GET', `/referral/referrals/${draftId}`, {
      token: await tokenOf(system, 'nrb', ['officer']),
    });
    expect(read.body.documents).toContainEqual(
      expect.objectContaining({ sha256: hash, name: '移送书.txt', kind: 'referral-letter' }),
    );
    await page.context().close();
  });

  it("offers the draft's approval to the bureau's head only: not to its officer, whom the policy refuses", async () => {
    const approval = '/referral/referrals/{id}/approval';
    const officer = await signIn('nrb', '141181', ['officer']);
    await officer.goto(`${base}/#/referral/${encodeURIComponent(draftId)}`);
    await officer.locator('[data-part=referral] .state').waitFor();
    // The officer may attach documents to the draft, not approve it.
    await officer
      .locator('[data-part=commands] .allowed-now [data-command="/referral/referrals/{id}/documents"]')
      .waitFor();
    expect(await officer.locator(`[data-part=commands] option[value="${approval}"]`).count()).toBe(0);
    expect(await officer.locator(`[data-part=commands] [data-command="${approval}"]`).count()).toBe(0);
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
