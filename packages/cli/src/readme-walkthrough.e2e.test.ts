import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningService } from '@landcase/service-kit';
import { rawRequest } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput } from './commands/capture-output.ts';
import { embeddedEnv } from './model/embedded.ts';
import { runCli } from './program.ts';
import { runWalkthrough, tokenize, type WalkthroughCall, walkthroughLines } from './readme-walkthrough.ts';
import { runSystem } from './system.ts';

// The README's curl walkthrough, line by line as written, against `landcase start` over a real
// socket: each `api` call sends the very bytes curl sends (a JSON content type on every call, a
// body only where the line gives one), and `landcase` runs as `pnpm -s landcase` would run it.

const README = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

let system: RunningService;
let dir: string;
let calls: WalkthroughCall[];
const verifyOutputs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-readme-'));
  // The tokens come from `landcase token`, which signs with this process's LANDCASE_JWT_SECRET.
  const secret = process.env.LANDCASE_JWT_SECRET;
  system = await runSystem(
    { ...embeddedEnv(dir), ...(secret ? { LANDCASE_JWT_SECRET: secret } : {}) },
    { handleSignals: false },
  );
  const written = new Map<string, string>();
  calls = await runWalkthrough(README, {
    landcase: async (argv) => {
      const result = await captureOutput(() => runCli(argv.map((a) => written.get(a) ?? a)));
      if (argv[0] === 'verify') verifyOutputs.push(result.out + result.err);
      return result;
    },
    curl: async ({ method, path, token, body }) => {
      const res = await rawRequest(`${system.address}${path}`, {
        method,
        headers: {
          'user-agent': 'curl/8.5.0',
          accept: '*/*',
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
      return { status: res.status, body: res.body };
    },
    writeFile: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      written.set(name, path);
    },
  });
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the README walkthrough, as written', () => {
  it('gets a 2xx answer to every call, or the status its comment names', () => {
    expect(calls.length).toBeGreaterThan(20);
    const wrong = calls.filter((c) =>
      c.expected === undefined ? c.status < 200 || c.status > 299 : c.status !== c.expected,
    );
    expect(wrong.map((c) => `${c.status} ${c.line.trim()}\n${c.response}`)).toEqual([]);
  });

  it('shows the decision refused before the reviews, the dispatch refused without documents, the city reading its counties, refused a command, and others not told the case exists', () => {
    const scoped = calls.filter((c) => c.expected !== undefined);
    expect(scoped.map((c) => c.status)).toEqual([422, 422, 200, 200, 403, 404, 404, 404]);
    const unreviewed = scoped.shift()!;
    expect(unreviewed.path).toMatch(/\/penalty-decision$/);
    expect(JSON.parse(unreviewed.response)).toMatchObject({
      status: 422,
      rule: { id: 'penalty.major.pbf-area' },
      missing: ['collective-review', 'legal-review'],
    });
    expect(JSON.parse(scoped[0]!.response)).toMatchObject({
      status: 422,
      rule: { id: 'referral.documents.psb' },
      missingKinds: ['referral-letter', 'investigation-report', 'evidence-list'],
    });
    const refusal = JSON.parse(scoped[3]!.response);
    expect(refusal).toMatchObject({ status: 403, rule: { id: 'enforcement.case.closure' } });
    // A 404 for a case that exists reads as one for a case that does not.
    for (const hidden of scoped.slice(4)) expect(JSON.parse(hidden.response).title).toBe('No such resource');
  });

  it('takes the case id from the first answer with jq, and the commands without a body as sent', () => {
    const first = calls[0]!;
    expect(first).toMatchObject({ method: 'POST', path: '/detection/clues', status: 201 });
    const caseId = JSON.parse(first.response).caseId as string;
    expect(caseId).toMatch(/^[\w.-]+$/);
    expect(calls[1]!.path).toBe(`/detection/clues/${caseId}/verification`);
    const bodiless = calls.filter((c) => c.method === 'POST' && c.body === undefined);
    expect(bodiless.map((c) => c.path)).toEqual([
      `/referral/referrals/${caseId}.psb/dispatch`,
      `/referral/referrals/${caseId}.psb/dispatch`,
    ]);
    expect(bodiless.map((c) => c.status)).toEqual([422, 200]);
    expect(JSON.parse(bodiless[1]!.response).state).toBe('dispatched');
  });

  it('signs for the documents by the hashes jq took from the attachments, and the police read the bytes', () => {
    const attached = calls
      .filter((c) => c.path.endsWith('/documents'))
      .map((c) => JSON.parse(c.response).documents.at(-1).sha256 as string);
    expect(attached).toHaveLength(3);
    const receipt = calls.find((c) => c.path.endsWith('/receipt'))!;
    expect(JSON.parse(receipt.body!)).toEqual({ documents: attached });
    expect(JSON.parse(receipt.response)).toMatchObject({
      state: 'received',
      receipt: { documents: attached.map((sha256) => ({ sha256 })) },
    });
    const read = calls.find((c) => c.method === 'GET' && c.path.includes('/documents/'))!;
    expect(read.path.endsWith(attached[0]!)).toBe(true);
    expect(read.response).toBe('涉嫌犯罪案件移送书 汾自然资移〔2026〕7号');
  });

  it('closes the case, and `landcase verify` accepts its audit export', () => {
    const closure = calls.find((c) => c.path.endsWith('/closure'))!;
    expect(JSON.parse(closure.response).state).toBe('closed');
    // First as the bundle stands (its signer unverified), then against the key the ledger published.
    expect(verifyOutputs).toHaveLength(2);
    for (const out of verifyOutputs) expect(out).toMatch(/^valid: .*case\.json: \d+ entries chained/);
    expect(verifyOutputs[0]).toContain('SIGNER UNVERIFIED');
    expect(verifyOutputs[1]).not.toContain('SIGNER UNVERIFIED');
    // The bundle lists the referral's documents by hash, for whoever is given the files.
    const letter = JSON.parse(calls.find((c) => c.path.endsWith('/documents'))!.response).documents.at(-1);
    expect(verifyOutputs[1]).toContain(`referral-letter "移送书.txt"`);
    expect(verifyOutputs[1]).toContain(`sha256=${letter.sha256}`);
  });
});

describe('the walkthrough reader', () => {
  it('reads the sh blocks of the walkthrough section only', () => {
    const lines = walkthroughLines(README);
    expect(lines[0]).toMatch(/^NRB=\$\(pnpm -s landcase token /);
    expect(lines.some((l) => l.includes('pnpm install'))).toBe(false);
  });

  it('splits words as sh does for the quoting the walkthrough uses', () => {
    expect(tokenize(`api GET "/a?b=$CASE" "$NRB" '{"x":1}' | jq -r .caseId`)).toEqual([
      { word: [{ literal: 'a' }, { literal: 'p' }, { literal: 'i' }] },
      { word: [{ literal: 'G' }, { literal: 'E' }, { literal: 'T' }] },
      {
        word: [{ literal: '' }, ...[...'/a?b='].map((c) => ({ literal: c })), { variable: 'CASE' }],
      },
      { word: [{ literal: '' }, { variable: 'NRB' }] },
      { word: [{ literal: '{"x":1}' }] },
      { op: '|' },
      { word: [...'jq'].map((c) => ({ literal: c })) },
      { word: [{ literal: '-' }, { literal: 'r' }] },
      { word: [...'.caseId'].map((c) => ({ literal: c })) },
    ]);
  });
});
