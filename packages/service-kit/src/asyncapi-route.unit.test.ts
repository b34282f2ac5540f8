import { topicOf } from '@landcase/contracts';
import { asyncApiErrors, danglingRefs } from '@landcase/contracts/asyncapi-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaHostOf } from './asyncapi-route.ts';
import { project, react, subscriptionsOf } from './consumers.ts';
import type { ServiceModule } from './context.ts';
import { startTestSystem, type TestSystem } from './testing.ts';

// A module with a projection of its own topic and a reaction to another service's.
const module: ServiceModule = {
  name: 'remediation',
  routes: async () => {},
  async start(ctx) {
    const running = [
      await project(ctx, { name: 'remediations', topics: [topicOf('remediation')], apply: async () => {} }),
      await react(ctx, { name: 'open-on-penalty', topics: [topicOf('enforcement')], handle: async () => {} }),
    ];
    return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) };
  },
};

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem(module);
});
afterAll(() => system.stop());

describe('GET /docs/asyncapi.json', () => {
  it('answers the AsyncAPI 3.0 document without a token, valid by the official schema', async () => {
    const res = await system.app.inject({ url: '/docs/asyncapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json();
    expect(doc.asyncapi).toBe('3.0.0');
    expect(asyncApiErrors(doc)).toEqual([]);
    expect(danglingRefs(doc)).toEqual([]);
  });

  it("documents the receive operations of the groups this process's modules started, and no others", async () => {
    const { operations } = (await system.app.inject({ url: '/docs/asyncapi.json' })).json();
    expect(operations['remediation.receive.remediation'].bindings.kafka.groupId.enum).toEqual([
      'remediation.remediations',
    ]);
    expect(operations['remediation.receive.enforcement'].bindings.kafka.groupId.enum).toEqual([
      'remediation.open-on-penalty',
    ]);
    expect(operations['remediation.deadLetter.enforcement'].channel.$ref).toBe('#/channels/enforcement.dlq');
    expect(operations['remediation.receive.detection']).toBeUndefined();
    expect(Object.keys(operations).filter((k) => k.includes('.receive.'))).toHaveLength(2);
    expect(subscriptionsOf(system.ctx)).toEqual([
      { service: 'remediation', group: 'remediation.remediations', topics: [topicOf('remediation')] },
      { service: 'remediation', group: 'remediation.open-on-penalty', topics: [topicOf('enforcement')] },
    ]);
  });

  it('is left out of the OpenAPI document', async () => {
    const { paths } = (await system.app.inject({ url: '/docs/json' })).json();
    expect(paths['/docs/asyncapi.json']).toBeUndefined();
  });
});

describe('kafkaHostOf', () => {
  it('reads the bootstrap server of a Kafka bus, nothing of another', () => {
    expect(kafkaHostOf('kafka://broker:9092')).toBe('broker:9092');
    expect(kafkaHostOf('kafka://a:9092,b:9092')).toBe('a:9092');
    expect(kafkaHostOf('memory')).toBeUndefined();
  });
});
