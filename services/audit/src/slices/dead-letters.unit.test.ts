import { AuditEvents, type CloudEvent, typeOf } from '@landcase/contracts';
import { type Delivery, DLQ_HEADERS } from '@landcase/messaging';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { Value } from '@sinclair/typebox/value';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditModule } from '../index.ts';
import { caseEntries } from '../ledger.ts';
import { DEAD_LETTER_CHAIN, DEAD_LETTER_STREAM } from './dead-letters.ts';

let sys: TestSystem;
let ops: string;

beforeEach(async () => {
  sys = await startTestSystem(auditModule);
  ops = await sys.token('nrb', ['ops'], '140000');
});
afterEach(() => sys.stop());

const TOPIC = 'landcase.detection.v1';
const CASE = 'LC-141181-20260302-0a1b2c3d';

/** A dead letter as a consumer that gave up would leave it. */
async function deadLetter(n: number, error = 'parcel service down'): Promise<CloudEvent> {
  const event: CloudEvent = {
    specversion: '1.0',
    id: `00000000-0000-4000-8000-00000000000${n}`,
    source: '/landcase/detection',
    type: typeOf('detection', 'ClueReported'),
    subject: CASE,
    time: '2026-03-02T01:00:00.000Z',
    datacontenttype: 'application/json',
    data: { caseId: CASE, n },
    actor: 'grid:grid-user',
    division: '141181',
    correlationid: 'c',
    causationid: 'c',
  };
  await sys.bus.publish(`${TOPIC}.dlq`, [
    {
      key: CASE,
      event,
      headers: {
        [DLQ_HEADERS.error]: error,
        [DLQ_HEADERS.attempts]: '5',
        [DLQ_HEADERS.group]: 'enforcement.open-case',
        [DLQ_HEADERS.topic]: TOPIC,
        [DLQ_HEADERS.partition]: '0',
        [DLQ_HEADERS.offset]: String(n),
      },
    },
  ]);
  return event;
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown, token = ops) {
  const res = await sys.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  return { status: res.statusCode, body: res.json() };
}

describe('/ops/dlq', () => {
  it('lists and shows dead letters to the ops role only', async () => {
    const event = await deadLetter(1);
    await deadLetter(2, 'schema mismatch');
    const list = await call('GET', '/ops/dlq?service=detection&error=DOWN');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      id: `${TOPIC}.dlq:0:0`,
      status: 'pending',
      topic: TOPIC,
      service: 'detection',
      group: 'enforcement.open-case',
      error: 'parcel service down',
      attempts: 5,
      redrives: 0,
      eventId: event.id,
      eventType: event.type,
      subject: CASE,
    });
    expect((await call('GET', '/ops/dlq?group=enforcement.open-case')).body.total).toBe(2);
    expect((await call('GET', '/ops/dlq?type=ClueVerified')).body.total).toBe(0);
    expect((await call('GET', '/ops/dlq?since=not-a-time')).status).toBe(400);

    const shown = await call('GET', `/ops/dlq/${encodeURIComponent(`${TOPIC}.dlq:0:0`)}`);
    expect(shown.status).toBe(200);
    expect(shown.body.event).toEqual(event);
    expect(shown.body.headers).toMatchObject({ dlq_error: 'parcel service down', dlq_attempts: '5' });
    expect((await call('GET', `/ops/dlq/${encodeURIComponent(`${TOPIC}.dlq:0:9`)}`)).status).toBe(404);

    const officer = await sys.token('nrb', ['officer', 'head'], '140000');
    const refused = await call('GET', '/ops/dlq', undefined, officer);
    expect(refused.status).toBe(403);
    expect(refused.body.rule.id).toBe('ops.dlq.list');
  });

  it('redrives to the original topic and records each redrive in the audit ledger', async () => {
    const event = await deadLetter(1);
    const copies: Delivery[] = [];
    await sys.bus.subscribe({
      groupId: 'test.copies',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (d) => void copies.push(d),
    });
    const id = `${TOPIC}.dlq:0:0`;

    const dry = await call('POST', '/ops/dlq/redrive', { ids: [id], dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      matched: 1,
      redriven: [{ id, topic: TOPIC, redrives: 1 }],
    });
    expect(await sys.store.readStream(DEAD_LETTER_STREAM)).toEqual([]);

    const done = await call('POST', '/ops/dlq/redrive', { ids: [id], reason: 'parcel service is back' });
    expect(done.body).toMatchObject({ dryRun: false, matched: 1, redriven: [{ id, redrives: 1 }], left: 0 });
    await eventually(async () => copies.length === 1);
    expect(copies[0]!.event).toEqual(event);
    expect(copies[0]!.headers).toEqual({ dlq_redrives: '1' });

    const [recorded] = await sys.store.readStream(DEAD_LETTER_STREAM);
    expect(recorded).toMatchObject({
      type: 'DeadLetterRedriven',
      data: {
        caseId: CASE,
        deadLetterId: id,
        topic: TOPIC,
        eventId: event.id,
        group: 'enforcement.open-case',
        redrives: 1,
        reason: 'parcel service is back',
      },
      metadata: { caseId: DEAD_LETTER_CHAIN, actor: 'nrb:nrb-user', division: '140000' },
    });
    expect([...Value.Errors(AuditEvents.DeadLetterRedriven, recorded!.data)]).toEqual([]);
    const chained = await eventually(async () => {
      const entries = await caseEntries(sys.readModels, DEAD_LETTER_CHAIN);
      return entries.length === 1 ? entries : undefined;
    });
    expect(chained[0]).toMatchObject({ type: 'landcase.audit.DeadLetterRedriven.v1', actor: 'nrb:nrb-user' });

    // Done once: the letter is no longer pending.
    expect((await call('GET', '/ops/dlq')).body.total).toBe(0);
    expect((await call('GET', '/ops/dlq?status=redriven')).body.items[0]).toMatchObject({
      id,
      resolvedBy: 'nrb:nrb-user',
    });
    const again = await call('POST', '/ops/dlq/redrive', { ids: [id] });
    expect(again.body).toMatchObject({ matched: 0, redriven: [], notFound: [id] });
  });

  it('discards all, or as many as the limit lets, each recorded; refuses an unclear selection', async () => {
    await deadLetter(1);
    await deadLetter(2);
    await deadLetter(3);
    for (const body of [{}, { all: true, ids: ['x'] }, { all: true, unknown: 1 }]) {
      expect((await call('POST', '/ops/dlq/discard', body)).status).toBe(400);
    }
    const first = await call('POST', '/ops/dlq/discard', { all: true, limit: 2, reason: 'test data' });
    expect(first.body).toMatchObject({ matched: 3, left: 1 });
    expect(first.body.discarded).toHaveLength(2);
    const rest = await call('POST', '/ops/dlq/discard', { filter: { service: 'detection' } });
    expect(rest.body).toMatchObject({ matched: 1, left: 0 });
    const recorded = await sys.store.readStream(DEAD_LETTER_STREAM);
    expect(recorded.map((e) => e.type)).toEqual([
      'DeadLetterDiscarded',
      'DeadLetterDiscarded',
      'DeadLetterDiscarded',
    ]);
    for (const e of recorded) expect([...Value.Errors(AuditEvents.DeadLetterDiscarded, e.data)]).toEqual([]);
    expect((await call('GET', '/ops/dlq')).body.total).toBe(0);

    const auditorOps = await sys.token('audit', ['ops'], '140000');
    const refused = await call('POST', '/ops/dlq/discard', { all: true }, auditorOps);
    expect(refused.status).toBe(403);
  });
});
