import type { Running } from '@landcase/service-kit';
import { interleavingStore } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import {
  caseStream,
  cloudEvent,
  eventually,
  type Harness,
  happyHistory,
  harness,
  publish,
  seedCase,
} from '../test-harness.ts';
import { reactConfirmRestoration } from './confirm-restoration.ts';

const accepted = (caseId: string) =>
  cloudEvent('remediation', 'RemediationAccepted', caseId, {
    caseId,
    acceptedAt: '2026-06-12T10:00:00+08:00',
  });

/** The ids dead-lettered on the remediation topic, as they arrive. */
async function deadLetters(h: Harness): Promise<string[]> {
  const dead: string[] = [];
  await h.bus.subscribe({
    groupId: 'test.dlq',
    topics: ['landcase.remediation.v1.dlq'],
    fromBeginning: true,
    handle: async (delivery) => {
      dead.push(delivery.event.id);
    },
  });
  return dead;
}

describe('reaction: RemediationAccepted → RestorationConfirmed', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await h.startBackground();
  });
  afterEach(() => h.close());

  it('confirms the restoration of an executed case, once', async () => {
    await seedCase(h, 'LC-R', happyHistory('LC-R').slice(0, 8));
    const event = accepted('LC-R');
    await publish(h, event);
    await publish(h, { ...event, id: 'redelivered-under-another-id' });
    await publish(h, event);
    const events = await eventually('the restoration confirmed', async () => {
      const all = await h.store.readStream(caseStream('LC-R'));
      return all.length === 9 ? all : undefined;
    });
    expect(events.at(-1)).toMatchObject({
      type: 'RestorationConfirmed',
      data: { caseId: 'LC-R', acceptedAt: '2026-06-12T10:00:00+08:00' },
      metadata: { causationId: event.id, correlationId: event.correlationid },
    });
    // A marker case behind the redeliveries shows they were all handled.
    await seedCase(h, 'LC-S', happyHistory('LC-S').slice(0, 8));
    await publish(h, accepted('LC-S'));
    await eventually('the marker restored', async () =>
      (await h.store.readStream(caseStream('LC-S'))).length === 9 ? true : undefined,
    );
    expect(await h.store.readStream(caseStream('LC-R'))).toHaveLength(9);
    const res = await h.get('/enforcement/cases/LC-R', await h.token('nrb'));
    expect(res.body).toMatchObject({
      state: 'restored',
      restoration: { acceptedAt: '2026-06-12T10:00:00+08:00' },
    });
  });

  it('does not drop an acceptance that arrives before there is a decision: it ends in the DLQ', async () => {
    await seedCase(h, 'LC-E', happyHistory('LC-E').slice(0, 4));
    const dead = await deadLetters(h);
    const event = accepted('LC-E');
    await publish(h, event);
    await eventually('the early acceptance dead-lettered', async () =>
      dead.includes(event.id) ? true : undefined,
    );
    expect(await h.store.readStream(caseStream('LC-E'))).toHaveLength(4);
  });
  it('takes an acceptance of land with no case (a batch of historical cases) as nothing to do', async () => {
    await seedCase(h, 'LC-E2', happyHistory('LC-E2').slice(0, 4));
    const dead = await deadLetters(h);
    const historical = accepted('LC-HISTORICAL');
    await publish(h, historical);
    const seen = h.ctx('enforcement').readModels.seen;
    await eventually('the acceptance handled', async () =>
      (await seen.has('enforcement.confirm-restoration', historical.id)) ? true : undefined,
    );
    // An early acceptance goes to the DLQ after it: had the first failed, it would be there first.
    const early = accepted('LC-E2');
    await publish(h, early);
    await eventually('the early acceptance dead-lettered', async () =>
      dead.includes(early.id) ? true : undefined,
    );
    expect(dead).toEqual([early.id]);
    expect(await h.store.readStream(caseStream('LC-HISTORICAL'))).toEqual([]);
  });

  it('keeps an acceptance that arrives after the decision but before compliance is recorded', async () => {
    await seedCase(h, 'LC-F', happyHistory('LC-F').slice(0, 7));
    await publish(h, accepted('LC-F'));
    const stream = await eventually('the restoration recorded', async () => {
      const events = await h.store.readStream(caseStream('LC-F'));
      return events.length === 8 ? events : undefined;
    });
    expect(stream.at(-1)?.type).toBe('RestorationConfirmed');
  });
});

describe('reaction: RemediationAccepted → RestorationConfirmed, while a user writes the case', () => {
  let h: Harness;
  let reaction: Running | undefined;
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(async () => {
    await reaction?.stop();
    await h.close();
  });

  it('confirms the restoration after the notices the government sent at the same moment', async () => {
    // Given a case whose compliance is recorded, and the government's service refusal notices
    // recorded between the reaction's read of the case and its append
    await seedCase(h, 'LC-RACE', happyHistory('LC-RACE').slice(0, 8));
    const notices = {
      id: 'notices-LC-RACE',
      type: 'ServiceRefusalNoticesSent',
      data: {
        caseId: 'LC-RACE',
        recipients: [{ name: 'State Grid Fenyang power supply company', service: 'power' }],
        documentRef: 'FY-GOV-NOTICE-2026-9',
        sentAt: '2026-06-12T10:00:00+08:00',
      },
      metadata: { caseId: 'LC-RACE', actor: 'gov:li', division: '141181' },
    };
    const store = interleavingStore(h.store, {
      streamId: caseStream('LC-RACE'),
      times: 1,
      events: () => [notices],
    });
    reaction = await reactConfirmRestoration({ ...h.ctx('enforcement'), store });
    // When the remediation's acceptance arrives
    await publish(h, accepted('LC-RACE'));
    // Then the restoration is confirmed after the notices, not lost to the race
    const types = await eventually('the restoration confirmed', async () => {
      const all = (await h.store.readStream(caseStream('LC-RACE'))).map((e) => e.type);
      return all.at(-1) === 'RestorationConfirmed' ? all : undefined;
    });
    expect(store.interleaved).toBe(1);
    expect(types.slice(-3)).toEqual([
      'ComplianceRecorded',
      'ServiceRefusalNoticesSent',
      'RestorationConfirmed',
    ]);
  });
});
