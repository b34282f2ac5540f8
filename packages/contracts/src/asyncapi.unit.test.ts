import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument, DEAD_LETTER_HEADERS, type Subscription } from './asyncapi.ts';
import { asyncApiErrors, danglingRefs } from './asyncapi-validator.ts';
import { SERVICES } from './enums.ts';
import { typeOf } from './envelope.ts';
import { EVENT_CATALOGUE } from './events.ts';
import { DLQ_RESOLUTIONS_TOPIC, dlqOf, topicOf } from './topics.ts';

// biome-ignore lint/suspicious/noExplicitAny: the AsyncAPI document is walked as plain JSON
type Json = Record<string, any>;

const SUBSCRIPTIONS: Subscription[] = [
  { service: 'enforcement', group: 'enforcement.cases', topics: [topicOf('enforcement')] },
  { service: 'enforcement', group: 'enforcement.open-case', topics: [topicOf('detection')] },
  {
    service: 'enforcement',
    group: 'enforcement.statistics',
    topics: [topicOf('detection'), topicOf('referral')],
  },
  { service: 'audit', group: 'audit.ledger', topics: SERVICES.map((s) => topicOf(s)) },
];

const doc = asyncApiDocument({ subscriptions: SUBSCRIPTIONS }) as Json;
const resolve = (pointer: string): Json =>
  pointer
    .slice(2)
    .split('/')
    .reduce<Json>((node, key) => node[key], doc);

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3.0.0 document by the official JSON Schema, without dangling refs', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(asyncApiErrors(doc)).toEqual([]);
    expect(danglingRefs(doc)).toEqual([]);
    expect(asyncApiErrors(asyncApiDocument())).toEqual([]);
  });

  it('fails the schema where it breaks the spec, so the check can fail', () => {
    const broken = structuredClone(doc);
    broken.operations['detection.send'].action = 'publish';
    expect(asyncApiErrors(broken).length).toBeGreaterThan(0);
    const noInfo = structuredClone(doc);
    delete noInfo.info;
    expect(asyncApiErrors(noInfo).length).toBeGreaterThan(0);
    const dangling = structuredClone(doc);
    delete dangling.components.messages['referral.ReferralDispatched'];
    expect(danglingRefs(dangling)).toContain('#/components/messages/referral.ReferralDispatched');
  });

  it('has a channel for every service topic, its .dlq and the resolutions topic, and no other', () => {
    const addresses = Object.values(doc.channels as Json).map((c) => c.address);
    const expected = [...SERVICES.flatMap((s) => [topicOf(s), dlqOf(topicOf(s))]), DLQ_RESOLUTIONS_TOPIC];
    expect(addresses.sort()).toEqual(expected.sort());
    for (const channel of Object.values(doc.channels as Json)) {
      expect(channel.bindings.kafka.topic).toBe(channel.address);
    }
  });

  it('has every catalogued event as a message of its service topic, the payload its schema', () => {
    let count = 0;
    for (const service of SERVICES) {
      const channel = doc.channels[service];
      expect(channel.address).toBe(topicOf(service));
      const names = Object.keys(EVENT_CATALOGUE[service]);
      expect(Object.keys(channel.messages).sort()).toEqual([...names].sort());
      for (const [name, schema] of Object.entries(EVENT_CATALOGUE[service])) {
        const message = resolve(channel.messages[name].$ref);
        expect(message.name).toBe(name);
        expect(message.headers.properties.ce_type.const).toBe(typeOf(service, name));
        expect(message.headers.properties.ce_source.const).toBe(`/landcase/${service}`);
        expect(resolve(message.payload.$ref)).toEqual(JSON.parse(JSON.stringify(schema)));
        expect(message.bindings.kafka.key.type).toBe('string');
        count++;
      }
    }
    const eventMessages = Object.values(doc.components.messages as Json).filter(
      (m) => m.name !== 'DeadLetter' && m.name !== 'DeadLetterResolution',
    );
    expect(eventMessages).toHaveLength(count);
  });

  it('lets each service send on its own topic only, and receive where its groups subscribe', () => {
    const ops = doc.operations as Json;
    for (const service of SERVICES) {
      expect(ops[`${service}.send`]).toMatchObject({
        action: 'send',
        channel: { $ref: `#/channels/${service}` },
      });
    }
    const sends = Object.entries(ops).filter(([k, o]) => o.action === 'send' && k.endsWith('.send'));
    expect(sends.map(([, o]) => o.channel.$ref).sort()).toEqual(
      SERVICES.map((s) => `#/channels/${s}`).sort(),
    );

    const detection = ops['enforcement.receive.detection'];
    expect(detection.action).toBe('receive');
    expect(detection.bindings.kafka.groupId.enum).toEqual([
      'enforcement.open-case',
      'enforcement.statistics',
    ]);
    expect(ops['enforcement.deadLetter.detection'].channel.$ref).toBe('#/channels/detection.dlq');
    expect(ops['audit.receive.remediation'].bindings.kafka.groupId.enum).toEqual(['audit.ledger']);
    // Not subscribed: no receive operation.
    expect(ops['enforcement.receive.remediation']).toBeUndefined();
    expect(ops['referral.receive.detection']).toBeUndefined();
    expect(Object.keys(asyncApiDocument().operations as Json).some((k) => k.includes('.receive.'))).toBe(
      false,
    );
  });

  it('refuses a subscription to a topic no service has', () => {
    expect(() =>
      asyncApiDocument({
        subscriptions: [{ service: 'audit', group: 'audit.x', topics: ['landcase.nobody.v1'] }],
      }),
    ).toThrow(/landcase.nobody.v1/);
  });

  it('describes the CloudEvents binary-mode headers a record carries, and refuses what breaks them', () => {
    const ajv = new Ajv({ strict: false });
    (addFormats as unknown as (ajv: Ajv) => void)(ajv);
    const check = ajv.compile(resolve(doc.channels.referral.messages.ReferralDispatched.$ref).headers);
    const good = {
      ce_specversion: '1.0',
      ce_id: 'e-1',
      ce_source: '/landcase/referral',
      ce_type: 'landcase.referral.ReferralDispatched.v1',
      ce_subject: 'case-1',
      ce_time: '2026-01-02T03:04:05.000Z',
      ce_actor: 'nrb:u1',
      ce_division: '141181',
      ce_correlationid: 'c',
      ce_causationid: 'c',
      ce_sequence: '00000000000000000042',
      'content-type': 'application/json',
    };
    expect(check(good)).toBe(true);
    expect(check({ ...good, ce_sequence: '42' })).toBe(true);
    expect(check({ ...good, ce_type: 'landcase.referral.ReferralDecided.v1' })).toBe(false);
    expect(check({ ...good, ce_division: 'x' })).toBe(false);
    const { ce_subject: _, ...noSubject } = good;
    expect(check(noSubject)).toBe(false);
  });

  it('gives each .dlq structured-mode letters: the whole event, the failure as extensions and headers', () => {
    const letter = resolve(doc.channels['remediation.dlq'].messages.DeadLetter.$ref);
    expect(letter.contentType).toBe('application/cloudevents+json');
    expect(Object.keys(letter.headers.properties).sort()).toEqual(
      ['content-type', ...Object.keys(DEAD_LETTER_HEADERS)].sort(),
    );
    expect(letter.payload.properties.data.oneOf).toHaveLength(
      Object.keys(EVENT_CATALOGUE.remediation).length,
    );
    expect(letter.payload.properties.type.enum).toContain('landcase.remediation.QuotaDeducted.v1');
    expect(letter.payload.required).toEqual(
      expect.arrayContaining(['id', 'subject', 'data', 'dlqerror', 'dlqgroup', 'dlqtopic']),
    );
    expect(letter.payload.required).not.toContain('dlqredrives');
  });
});
