import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, happyHistory, harness, seedCase } from '../test-harness.ts';

const body = {
  recipients: [
    { name: 'State Grid Fenyang power supply company', service: 'power' },
    { name: 'Fenyang market regulation bureau', service: 'registration' },
  ],
  documentRef: 'FY-GOV-NOTICE-2026-9',
  sentAt: '2026-03-04T16:00:00+08:00',
};

commandContract({
  path: 'service-refusal',
  history: afterSteps(2),
  body,
  agency: 'gov',
  event: { type: 'ServiceRefusalNoticesSent', data: body },
  // Recorded without moving the case.
  state: 'stopOrdered',
  bad: [
    ['no recipient', { ...body, recipients: [] }, '/recipients'],
    [
      'an unknown service',
      { ...body, recipients: [{ name: 'x', service: 'heating' }] },
      '/recipients/0/service',
    ],
    ['a recipient without name', { ...body, recipients: [{ service: 'water' }] }, '/recipients/0/name'],
    ['an empty document number', { ...body, documentRef: '' }, '/documentRef'],
    ['a time without offset', { ...body, sentAt: '2026-03-04T16:00:00' }, '/sentAt'],
  ],
  // Before the stop order the site is not yet found illegal by an act of the bureau.
  tooEarly: { history: afterSteps(1), state: 'opened' },
});

describe('notices to refuse service to the illegal site', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-00005e4f';
  const url = `/enforcement/cases/${caseId}/service-refusal`;
  const stream = () => h.store.readStream(caseStream(caseId));
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(() => h.close());

  it('keeps each notice on the case, in order, wherever it stands', async () => {
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 4));
    const gov = await h.token('gov');
    expect((await h.post(url, gov, body)).status).toBe(200);
    const second = await h.post(url, gov, {
      recipients: [{ name: 'Fenyang rural commercial bank', service: 'finance' }],
      documentRef: 'FY-GOV-NOTICE-2026-12',
      sentAt: '2026-03-09T16:00:00+08:00',
    });
    expect(second.body).toMatchObject({ state: 'investigation.filed', revision: 5 });
    expect(second.body.serviceRefusals.map((r: { documentRef: string }) => r.documentRef)).toEqual([
      'FY-GOV-NOTICE-2026-9',
      'FY-GOV-NOTICE-2026-12',
    ]);
  });

  it('is refused with 409 once the land is restored, appending nothing', async () => {
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 9));
    const res = await h.post(url, await h.token('gov'), body);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ currentState: 'restored', attempted: 'ServiceRefusalNoticesSent' });
    expect(await stream()).toHaveLength(9);
  });
});
