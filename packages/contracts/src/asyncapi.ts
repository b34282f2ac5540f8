// The AsyncAPI 3.0 document of the topics, generated from the event catalogue (never written by
// hand): one channel per service topic, per `.dlq` beside it and for the dead-letter resolutions;
// one message per catalogued event, its payload the event's TypeBox schema; the CloudEvents Kafka
// binding in binary mode (attributes as `ce_` headers, data as the record value, the case id as
// the record key). Operations: each service sends on its own topic; the topics a service receives
// are those its consumer groups subscribe to, as the running process reports them.
import { type TSchema, Type } from '@sinclair/typebox';
import { SERVICES, type ServiceName } from './enums.ts';
import { NO_DIVISION, SEQUENCE_WIDTH, sourceOf, typeOf } from './envelope.ts';
import { EVENT_CATALOGUE } from './events.ts';
import { DivisionCode, NonEmpty, Timestamp } from './fields.ts';
import { DLQ_RESOLUTIONS_TOPIC, dlqOf, topicOf } from './topics.ts';

export const ASYNCAPI_VERSION = '3.0.0';
const KAFKA_BINDING = '0.5.0';

/** A consumer group and the topics it subscribes to (`<service>.<name>`, as service-kit names it). */
export interface Subscription {
  service: ServiceName;
  group: string;
  topics: readonly string[];
}

export interface AsyncApiOptions {
  /** The consumer groups to document as receive operations; none: only the sends. */
  subscriptions?: readonly Subscription[];
  /** The Kafka bootstrap server named in `servers` (default `localhost:9092`). */
  kafkaHost?: string;
}

/** The attributes travelling as `ce_<name>` headers in binary mode, with the values they take. */
const CLOUD_EVENT_ATTRIBUTES = {
  ce_specversion: Type.Literal('1.0'),
  ce_id: NonEmpty('the event id: the dedupe key of every consumer'),
  ce_source: NonEmpty('`/landcase/<service>`'),
  ce_type: NonEmpty('`landcase.<service>.<EventName>.v<N>`'),
  ce_subject: NonEmpty('the case id (also the record key)'),
  ce_time: { ...Timestamp, description: 'when the event was recorded' },
  ce_actor: Type.String({ description: 'who did it, `<agency>:<sub>`' }),
  ce_division: {
    ...DivisionCode,
    description: `the actor's division (GB/T 2260); ${NO_DIVISION} for the system's own events`,
  },
  ce_correlationid: Type.String({ description: 'the request or event the chain began with' }),
  ce_causationid: Type.String({ description: 'the event or request that caused this one' }),
  ce_sequence: Type.Optional(
    Type.String({
      pattern: '^[0-9]+$',
      description: `the producer's store position, zero-padded to ${SEQUENCE_WIDTH} digits so that it sorts as text (events sent before it was padded carry it unpadded)`,
    }),
  ),
  ce_rulesetversion: Type.Optional(NonEmpty('the rule set that decided the event, where a rule did')),
  'content-type': Type.Literal('application/json', { description: 'the datacontenttype' }),
};

/** The transport headers a dead letter carries beside the event's own (consumer.ts, dead-letters.ts). */
export const DEAD_LETTER_HEADERS = {
  dlq_error: Type.String({ description: 'why the last try failed' }),
  dlq_attempts: Type.String({ pattern: '^[0-9]+$', description: 'tries made; 0 for an undecodable record' }),
  dlq_group: NonEmpty('the consumer group that gave up on it'),
  dlq_topic: NonEmpty('the topic it was consumed from, where a redrive sends it'),
  dlq_partition: Type.String({ pattern: '^[0-9]+$' }),
  dlq_offset: Type.String({ pattern: '^[0-9]+$' }),
  dlq_redrives: Type.Optional(
    Type.String({ pattern: '^[0-9]+$', description: 'times it was redriven before it came back' }),
  ),
};

/** The marker an operator's redrive or discard writes, keyed by the dead letter's id. */
export const DeadLetterResolution = Type.Object({
  id: NonEmpty('`<dlqTopic>:<partition>:<offset>`'),
  action: Type.Union([Type.Literal('redriven'), Type.Literal('discarded')]),
  at: Timestamp,
  by: NonEmpty('`<agency>:<user>`'),
  reason: Type.Optional(Type.String()),
  topic: Type.Optional(NonEmpty('where the redriven copy went')),
  redrives: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** The content type of a dead letter: a CloudEvent in structured mode. */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';
/** The extension attribute a failure header travels as in a structured dead letter (`dlq_error` → `dlqerror`). */
export const failureAttributeOf = (header: string): string => header.replace('_', '');

const requiredAttributes = Object.keys(CLOUD_EVENT_ATTRIBUTES)
  .filter((name) => name.startsWith('ce_') && name !== 'ce_sequence' && name !== 'ce_rulesetversion')
  .map((name) => name.slice(3));
const requiredFailureHeaders = Object.keys(DEAD_LETTER_HEADERS).filter((name) => name !== 'dlq_redrives');

type Json = Record<string, unknown>;

/** A TypeBox schema as plain JSON (its symbols dropped). */
const plain = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema)) as Json;

const ref = (path: string): Json => ({ $ref: path });
const messageId = (service: ServiceName, event: string): string => `${service}.${event}`;
const eventsOf = (service: ServiceName): [string, TSchema][] =>
  Object.entries(EVENT_CATALOGUE[service] as Record<string, TSchema>);

const headersOf = (service: ServiceName, event: string): Json => ({
  type: 'object',
  required: Object.entries(CLOUD_EVENT_ATTRIBUTES)
    .filter(([name]) => name !== 'ce_sequence' && name !== 'ce_rulesetversion')
    .map(([name]) => name),
  properties: {
    ...Object.fromEntries(Object.entries(CLOUD_EVENT_ATTRIBUTES).map(([name, s]) => [name, plain(s)])),
    ce_source: { type: 'string', const: sourceOf(service) },
    ce_type: { type: 'string', const: typeOf(service, event) },
  },
  additionalProperties: { type: 'string', description: 'transport headers, e.g. `dlq_redrives`' },
});

const kafkaKey = {
  kafka: {
    key: { type: 'string', description: 'the case id (`ce_subject`): one case, one partition, in order' },
    bindingVersion: KAFKA_BINDING,
  },
};

const channelBinding = (topic: string): Json => ({ kafka: { topic, bindingVersion: KAFKA_BINDING } });

/** The AsyncAPI 3.0 document of every landcase topic. */
export function asyncApiDocument(options: AsyncApiOptions = {}): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const schemas: Json = { DeadLetterResolution: plain(DeadLetterResolution) };

  for (const service of SERVICES) {
    const topic = topicOf(service);
    const channelMessages: Json = {};
    for (const [event, schema] of eventsOf(service)) {
      const id = messageId(service, event);
      schemas[id] = plain(schema);
      messages[id] = {
        name: event,
        title: `${service} ${event}`,
        summary: typeOf(service, event),
        contentType: 'application/json',
        headers: headersOf(service, event),
        payload: ref(`#/components/schemas/${id}`),
        correlationId: ref('#/components/correlationIds/correlation'),
        bindings: kafkaKey,
      };
      channelMessages[event] = ref(`#/components/messages/${id}`);
    }
    channels[service] = {
      address: topic,
      title: topic,
      description: `The ${service} service's events, one record per CloudEvent (binary mode), keyed by case id.`,
      messages: channelMessages,
      bindings: channelBinding(topic),
    };
    operations[`${service}.send`] = {
      action: 'send',
      channel: ref(`#/channels/${service}`),
      summary: `The ${service} relay publishes each stored event once the store has it (at least once).`,
    };

    const deadLetterId = `${service}.DeadLetter`;
    messages[deadLetterId] = {
      name: 'DeadLetter',
      title: `${service} dead letter`,
      summary: `A record of ${topic} a consumer group gave up on, in structured mode: the whole CloudEvent as the value, the failure in it as extension attributes and in the dlq_* headers. An undecodable record is copied byte for byte, its headers as they were plus dlq_*.`,
      contentType: STRUCTURED_CONTENT_TYPE,
      headers: {
        type: 'object',
        required: ['content-type', ...requiredFailureHeaders],
        properties: {
          'content-type': { type: 'string', pattern: `^${STRUCTURED_CONTENT_TYPE.replace('+', '\\+')}` },
          ...Object.fromEntries(Object.entries(DEAD_LETTER_HEADERS).map(([n, s]) => [n, plain(s)])),
        },
        additionalProperties: {
          type: 'string',
          description: 'transport headers that travelled with the event',
        },
      },
      payload: {
        type: 'object',
        required: [
          ...requiredAttributes,
          'datacontenttype',
          'data',
          ...requiredFailureHeaders.map(failureAttributeOf),
        ],
        properties: {
          ...Object.fromEntries(
            Object.entries(CLOUD_EVENT_ATTRIBUTES)
              .filter(([name]) => name.startsWith('ce_'))
              .map(([name, s]) => [name.slice(3), plain(s)]),
          ),
          source: { type: 'string', const: sourceOf(service) },
          type: { type: 'string', enum: eventsOf(service).map(([event]) => typeOf(service, event)) },
          datacontenttype: { type: 'string', const: 'application/json' },
          data: {
            oneOf: eventsOf(service).map(([event]) =>
              ref(`#/components/schemas/${messageId(service, event)}`),
            ),
          },
          ...Object.fromEntries(
            Object.entries(DEAD_LETTER_HEADERS).map(([n, s]) => [failureAttributeOf(n), plain(s)]),
          ),
        },
      },
      bindings: kafkaKey,
    };
    channels[`${service}.dlq`] = {
      address: dlqOf(topic),
      title: dlqOf(topic),
      description: `What the consumers of ${topic} could not handle; listed, redriven and discarded at /ops/dlq (landcase dlq).`,
      messages: { DeadLetter: ref(`#/components/messages/${deadLetterId}`) },
      bindings: channelBinding(dlqOf(topic)),
    };
    operations[`ops.readDeadLetters.${service}`] = {
      action: 'receive',
      channel: ref(`#/channels/${service}.dlq`),
      summary: `The dead-letter queue reads ${dlqOf(topic)} from its start.`,
    };
    operations[`ops.redrive.${service}`] = {
      action: 'send',
      channel: ref(`#/channels/${service}`),
      summary: `A redrive publishes a dead letter again on ${topic}, counting itself in dlq_redrives.`,
    };
  }

  messages.DeadLetterResolution = {
    name: 'DeadLetterResolution',
    title: 'dead letter resolved',
    summary: 'A redrive or discard of a dead letter; a letter with one is no longer pending.',
    contentType: 'application/json',
    payload: ref('#/components/schemas/DeadLetterResolution'),
    bindings: {
      kafka: { key: { type: 'string', description: 'the dead letter id' }, bindingVersion: KAFKA_BINDING },
    },
  };
  channels.dlqResolutions = {
    address: DLQ_RESOLUTIONS_TOPIC,
    title: DLQ_RESOLUTIONS_TOPIC,
    description: 'What operators did with dead letters (nothing is deleted from a .dlq topic).',
    messages: { DeadLetterResolution: ref('#/components/messages/DeadLetterResolution') },
    bindings: channelBinding(DLQ_RESOLUTIONS_TOPIC),
  };
  operations['ops.resolveDeadLetter'] = {
    action: 'send',
    channel: ref('#/channels/dlqResolutions'),
    summary: 'A redrive (after its copy was published) or a discard writes its marker.',
  };
  operations['ops.readResolutions'] = {
    action: 'receive',
    channel: ref('#/channels/dlqResolutions'),
    summary: 'The dead-letter queue reads every marker to tell pending letters from resolved ones.',
  };

  for (const [key, operation] of Object.entries(receiveOperations(options.subscriptions ?? []))) {
    operations[key] = operation;
  }

  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'landcase events',
      version: '1',
      description:
        "The topics of the farmland-protection case workflow. Every record is a CloudEvent 1.0 in the Kafka binding's binary mode: attributes as `ce_` headers, `data` as the JSON value, the case id as the key. Generated from the event catalogue (@landcase/contracts).",
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: options.kafkaHost ?? 'localhost:9092',
        protocol: 'kafka',
        description: 'LANDCASE_BUS=kafka://host:port (the embedded mode runs the same topics in process)',
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages,
      correlationIds: {
        correlation: {
          description: 'the request or event the chain of events began with',
          location: '$message.header#/ce_correlationid',
        },
      },
    },
  };
}

/** The channel key of a topic this document knows, or undefined. */
function channelOf(topic: string): string | undefined {
  for (const service of SERVICES) {
    if (topic === topicOf(service)) return service;
    if (topic === dlqOf(topicOf(service))) return `${service}.dlq`;
  }
  return topic === DLQ_RESOLUTIONS_TOPIC ? 'dlqResolutions' : undefined;
}

/**
 * One receive operation per service and topic it consumes, naming the groups (a service runs a
 * group per projection or reaction), and the send on the topic's `.dlq` that goes with it.
 */
function receiveOperations(subscriptions: readonly Subscription[]): Json {
  const groups = new Map<string, { service: ServiceName; channel: string; groups: Set<string> }>();
  for (const { service, group, topics } of subscriptions) {
    for (const topic of topics) {
      const channel = channelOf(topic);
      if (channel === undefined) throw new Error(`${group} subscribes to ${topic}, a topic no service has`);
      const key = `${service}.receive.${channel}`;
      const entry = groups.get(key) ?? { service, channel, groups: new Set<string>() };
      entry.groups.add(group);
      groups.set(key, entry);
    }
  }
  const operations: Json = {};
  for (const [key, { service, channel, groups: names }] of [...groups].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const sorted = [...names].sort();
    operations[key] = {
      action: 'receive',
      channel: ref(`#/channels/${channel}`),
      summary: `The ${service} service's consumer groups on this topic: ${sorted.join(', ')}. Each CloudEvent id is handled once per group.`,
      bindings: {
        kafka: { groupId: { type: 'string', enum: sorted }, bindingVersion: KAFKA_BINDING },
      },
    };
    if (!channel.endsWith('.dlq') && channel !== 'dlqResolutions') {
      operations[`${service}.deadLetter.${channel}`] = {
        action: 'send',
        channel: ref(`#/channels/${channel}.dlq`),
        summary: `The ${service} service's groups park here what they could not handle after their retries.`,
      };
    }
  }
  return operations;
}
