import { createHash } from 'node:crypto';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditModule } from '../index.ts';
import { caseEntries } from '../ledger.ts';
import { tellCase } from '../test-case.ts';
import { verifyBundle } from '../verify-bundle.ts';

// The audit bundle lists the documents of the case's referrals with their SHA-256, so a court given
// the files can check each; the list is derived from the chained events and checked by deriving it
// again, so a bundle whose list was edited does not verify.

const CASE = 'LC-141181-20260302-b0d1e5aa';
const REF = `${CASE}.psb`;
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const LETTER = sha('涉嫌犯罪案件移送书');
const REPORT = sha('调查报告');

let sys: TestSystem;
let auditor: string;

beforeEach(async () => {
  sys = await startTestSystem(auditModule);
  auditor = await sys.token('audit', ['auditor']);
});
afterEach(() => sys.stop());

const attached = (kind: string, name: string, sha256: string, size: number) => ({
  caseId: CASE,
  referralId: REF,
  name,
  kind,
  mediaType: 'application/pdf',
  size,
  sha256,
  attachedAt: '2026-03-08T09:00:00+08:00',
});

async function referralWithDocuments() {
  await tellCase(sys, CASE);
  await sys.publish(
    'referral',
    'ReferralDocumentAttached',
    attached('referral-letter', '移送书.pdf', LETTER, 20_480),
  );
  await sys.publish(
    'referral',
    'ReferralDocumentAttached',
    attached('investigation-report', '调查报告.pdf', REPORT, 81_920),
  );
  await sys.publish(
    'referral',
    'ReferralReceived',
    {
      caseId: CASE,
      referralId: REF,
      receivedAt: '2026-03-08T15:00:00+08:00',
      documents: [LETTER, REPORT],
      receivedBy: 'psb:wang',
    },
    { actor: 'psb:wang' },
  );
  await eventually(async () => (await caseEntries(sys.readModels, CASE)).length === 8);
  const res = await sys.app.inject({
    method: 'GET',
    url: `/audit/cases/${CASE}/export`,
    headers: { authorization: `Bearer ${auditor}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('the documents in the audit bundle', () => {
  it('lists each referral’s documents with their hashes and ledger positions, and what was signed for', async () => {
    const bundle = await referralWithDocuments();
    expect(bundle.format).toBe('landcase-audit-bundle-v4');
    const at = (name: string, nth = 0) =>
      bundle.events.filter((e: { name: string }) => e.name === name)[nth].position as number;
    expect(bundle.documents).toEqual([
      {
        referralId: REF,
        documents: [
          {
            name: '移送书.pdf',
            kind: 'referral-letter',
            mediaType: 'application/pdf',
            size: 20_480,
            sha256: LETTER,
            attachedAt: '2026-03-08T09:00:00+08:00',
            position: at('ReferralDocumentAttached'),
          },
          expect.objectContaining({
            kind: 'investigation-report',
            sha256: REPORT,
            position: at('ReferralDocumentAttached', 1),
          }),
        ],
        receipts: [
          {
            receivedAt: '2026-03-08T15:00:00+08:00',
            receivedBy: 'psb:wang',
            sha256: [LETTER, REPORT],
            position: at('ReferralReceived'),
          },
        ],
      },
    ]);
    // Each entry shows the documents it names, by hash, as the timeline does.
    const receipt = bundle.events.find((e: { name: string }) => e.name === 'ReferralReceived');
    expect(receipt.documents).toEqual([
      { kind: 'received', ref: LETTER, sha256: LETTER },
      { kind: 'received', ref: REPORT, sha256: REPORT },
    ]);
    expect(verifyBundle(bundle)).toMatchObject({ valid: true, checked: 8 });
  });

  it('does not verify once the documents list says other than the chained events', async () => {
    const bundle = await referralWithDocuments();
    const swapped = structuredClone(bundle);
    swapped.documents[0].documents[0].sha256 = sha('a forged letter');
    expect(verifyBundle(swapped)).toMatchObject({
      valid: false,
      failed: 'bundle',
      reason: expect.stringContaining('documents list'),
    });
    const dropped = structuredClone(bundle);
    dropped.documents = [];
    expect(verifyBundle(dropped)).toMatchObject({ valid: false, failed: 'bundle' });
    const missing = structuredClone(bundle);
    delete missing.documents;
    expect(verifyBundle(missing)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('documents'),
    });
    // An edited hash inside a chained event breaks the chain itself.
    const edited = structuredClone(bundle);
    edited.events.find((e: { name: string }) => e.name === 'ReferralDocumentAttached').data.sha256 = sha('x');
    expect(verifyBundle(edited)).toMatchObject({ valid: false, failed: 'entry' });
  });

  it('still reads a v3 bundle, which has no documents list, and refuses one that carries it', async () => {
    const bundle = await referralWithDocuments();
    const v3 = structuredClone(bundle);
    v3.format = 'landcase-audit-bundle-v3';
    delete v3.documents;
    expect(verifyBundle(v3)).toMatchObject({ valid: true });
    v3.documents = bundle.documents;
    expect(verifyBundle(v3)).toMatchObject({ valid: false, failed: 'bundle' });
  });
});
