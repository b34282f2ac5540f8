import { topicOf } from '@landcase/contracts';
import { runConsumer } from '@landcase/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from './consumers.ts';
import type { ServiceModule } from './context.ts';
import { eventually, startTestSystem, type TestSystem } from './testing.ts';

// The module consumes its own topic with a handler that fails one event for good, and its relay
// publishes what is appended to its streams: /ops/streams shows both, and the DLQ depth.

const GROUP = 'referral.ops-streams-test';
const PROJECTION = 'referral.ops-streams-view';
const module: ServiceModule = {
  name: 'referral',
  routes: async () => {},
  start: async (ctx) => {
    const view = await project(ctx, {
      name: 'ops-streams-view',
      topics: [topicOf('referral')],
      apply: async () => {},
    });
    const consumer = await runConsumer({
      bus: ctx.bus,
      groupId: GROUP,
      topics: [topicOf('referral')],
      seen: ctx.readModels.seen,
      maxAttempts: 2,
      backoffMs: 1,
      handle: async (event) => {
        if ((event.data as { n: number }).n === 1) throw new Error('cannot project it');
      },
    });
    return { stop: async () => void (await Promise.all([view.stop(), consumer.stop()])) };
  },
};

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem(module);
  for (const n of [0, 1, 2])
    await sys.store.append(
      `referral.referral-${n}`,
      [{ id: crypto.randomUUID(), type: 'ReferralSent', data: { n }, metadata: { caseId: `LC-${n}` } }],
      'any',
    );
});
afterAll(() => sys.stop());

describe('GET /ops/streams', () => {
  it("answers the ops role with the relay's lag, the group's counts and the DLQ depth", async () => {
    const token = await sys.token('nrb', ['ops']);
    const head = (await sys.store.readAll()).at(-1)!.position;
    const body = await eventually('every event handled or dead-lettered', async () => {
      const res = await sys.app.inject({
        url: '/ops/streams',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      const report = res.json();
      const group = report.consumers.find((c: { group: string }) => c.group === GROUP);
      return group && group.handled + group.deadLettered === 3 ? report : undefined;
    });
    expect(body.relays).toContainEqual({
      service: 'referral',
      position: head,
      head,
      lagEvents: 0,
      waitSeconds: 0,
    });
    expect(body.consumers).toContainEqual({
      group: GROUP,
      topics: [topicOf('referral')],
      handled: 2,
      retried: 1,
      deadLettered: 1,
      duplicates: 0,
    });
    expect(body.dlqDepth).toBe(1);
    // The projection applied all three: its position is the store's head, where the relay is.
    const projected = await eventually('the projection applied every event', async () => {
      const res = await sys.app.inject({
        url: '/ops/streams',
        headers: { authorization: `Bearer ${token}` },
      });
      const view = res.json().projections.find((p: { projection: string }) => p.projection === PROJECTION);
      return view?.offset === '2' ? res : undefined;
    });
    expect(projected.json().projections).toContainEqual({
      projection: PROJECTION,
      position: head,
      topic: topicOf('referral'),
      partition: 0,
      offset: '2',
    });
    // A consumer group that is no projection has no position.
    expect(projected.json().projections.map((p: { projection: string }) => p.projection)).not.toContain(
      GROUP,
    );

    // The lag monitor's sample: every message of the topic handled (or parked), nothing waiting.
    await sys.app.lagMonitor.sample();
    const sampled = await sys.app.inject({
      url: '/ops/streams',
      headers: { authorization: `Bearer ${token}` },
    });
    const group = sampled.json().groups.find((g: { group: string }) => g.group === GROUP);
    expect(group).toMatchObject({
      group: GROUP,
      topics: [topicOf('referral')],
      active: true,
      status: 'OK',
      lag: 0,
    });
    expect(group.partitions).toEqual([
      {
        topic: topicOf('referral'),
        partition: 0,
        committed: 3,
        end: 3,
        lag: 0,
        waitSeconds: 0,
        status: 'OK',
        complete: false,
      },
    ]);

    const metrics = (await sys.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('landcase_dlq_depth 1');
    expect(metrics).toContain(`landcase_relay_lag_events{service="referral"} 0`);
    expect(metrics).toContain(`landcase_relay_position{service="referral"} ${head}`);
    expect(metrics).toContain(
      `landcase_consumer_messages_total{group="${GROUP}",topic="${topicOf('referral')}",outcome="dead_lettered"} 1`,
    );
    expect(metrics).toContain(`landcase_consumer_handler_duration_seconds_count{group="${GROUP}"} 4`);
    expect(metrics).toContain(
      `landcase_consumer_lag_messages{group="${GROUP}",topic="${topicOf('referral')}",partition="0"} 0`,
    );
    expect(metrics).toContain(`landcase_consumer_status{group="${GROUP}"} 0`);
    expect(metrics).toContain(`landcase_projection_position{projection="${PROJECTION}"} ${head}`);
    expect(metrics).not.toContain(`landcase_projection_position{projection="${GROUP}"}`);
  });

  it('refuses a caller without the ops role (403)', async () => {
    for (const roles of [['officer'], ['auditor']]) {
      const token = await sys.token('nrb', roles);
      const res = await sys.app.inject({
        url: '/ops/streams',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().rule.id).toBe('ops.streams.read');
    }
    const anonymous = await sys.app.inject({ url: '/ops/streams' });
    expect(anonymous.statusCode).toBe(401);
  });
});
