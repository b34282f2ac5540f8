import { asyncApiDocument, DEAD_LETTER_HEADERS } from '@landcase/contracts';
import type { RecordedEvent } from '@landcase/eventstore';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { toCloudEvent } from './cloud-event.ts';
import { DLQ_HEADERS } from './consumer.ts';
import { DLQ_REDRIVES_HEADER } from './dead-letters.ts';
import { toKafkaMessage } from './kafka-binding.ts';

// The AsyncAPI document says what a record on a topic looks like; these check that what the relay
// and the Kafka binding write is what it says, so the document cannot drift from the bus.

// biome-ignore lint/suspicious/noExplicitAny: the AsyncAPI document is walked as plain JSON
type Json = Record<string, any>;
const doc = asyncApiDocument() as Json;
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (ajv: Ajv) => void)(ajv);
for (const [id, schema] of Object.entries(doc.components.schemas as Json)) ajv.addSchema(schema, id);
const messageOf = (service: string, name: string): Json =>
  doc.components.messages[`${service}.${name}`] as Json;

const caseId = 'LC-141181-20260305-0000abcd';
const recorded: RecordedEvent = {
  id: '0b9f3c1e-8a6d-4d1b-9c1e-2f3a4b5c6d7e',
  type: 'StopOrderServed',
  data: { caseId, servedAt: '2026-03-05T02:00:00.000Z', documentRef: '责停〔2026〕1号' },
  metadata: {
    caseId,
    actor: 'nrb:officer-1',
    division: '141181',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    ruleSetVersion: '2026.1',
  },
  streamId: `enforcement.case-${caseId}`,
  revision: 1,
  position: 42,
  recordedAt: '2026-03-05T02:00:01.000Z',
};

describe('the records the relay writes, by the AsyncAPI document', () => {
  const record = toKafkaMessage({ key: caseId, event: toCloudEvent('enforcement', recorded) });
  const message = messageOf('enforcement', 'StopOrderServed');

  it('carry the documented ce_ headers, payload and key', () => {
    const headers = ajv.compile(message.headers);
    expect(headers(record.headers), JSON.stringify(headers.errors)).toBe(true);
    const payload = ajv.getSchema(message.payload.$ref.split('/').pop())!;
    expect(payload(JSON.parse(String(record.value))), JSON.stringify(payload.errors)).toBe(true);
    expect(record.key).toBe(caseId);
    expect(record.key).toBe((record.headers as Json).ce_subject);
  });

  it('would not pass as another event type', () => {
    const other = ajv.compile(messageOf('enforcement', 'CaseClosed').headers);
    expect(other(record.headers)).toBe(false);
  });

  it('dead-letter with exactly the documented failure headers', () => {
    expect([...Object.values(DLQ_HEADERS), DLQ_REDRIVES_HEADER].sort()).toEqual(
      Object.keys(DEAD_LETTER_HEADERS).sort(),
    );
  });
});
