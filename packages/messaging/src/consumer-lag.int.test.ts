import { describe, expect, it } from 'vitest';
import { testKafkaBus } from './kafka-test-env.ts';
import { LagMonitor } from './lag-monitor.ts';
import type { BusMessage } from './port.ts';
import { testEvent, uniqueName, waitUntil } from './test-support.ts';

// Lag and status on the real broker: a group that stops consuming falls behind on every partition
// it is sent messages on and leaves OK; once it is back and has caught up, its lag is 0 and it is
// OK again. The monitor's clock is the test's (10 s per sample); the broker's offsets are real.

const messages = (from: number, count: number): BusMessage[] =>
  Array.from({ length: count }, (_, i) => ({ key: `LC-lag-${from + i}`, event: testEvent(from + i) }));

describe('KafkaBus consumer lag', () => {
  it('grows per partition while a group is stopped (STOP), and is 0 and OK once it caught up', async () => {
    const bus = testKafkaBus();
    const topic = uniqueName('lag');
    const group = uniqueName('lag-group');
    let now = Date.parse('2026-03-05T02:00:00Z');
    const monitor = new LagMonitor({ bus, now: () => now, windowSize: 3 });
    const sample = async () => {
      now += 10_000;
      await monitor.sample();
      const report = monitor.report().find((g) => g.group === group);
      if (!report) throw new Error(`no lag sampled for ${group}`);
      return report;
    };
    const handled = new Set<string>();
    const handle = async (d: { event: { id: string } }) => void handled.add(d.event.id);
    const caughtUpAt = async (count: number) => {
      if (handled.size < count) return false;
      const lag = (await bus.consumerLag()).find((g) => g.group === group);
      return lag?.partitions.every((p) => p.lag === 0) ?? false;
    };
    try {
      const first = await bus.subscribe({ groupId: group, topics: [topic], fromBeginning: true, handle });
      await bus.publish(topic, messages(0, 12));
      await waitUntil('the first twelve handled and committed', () => caughtUpAt(12), 20_000);
      const caughtUp = await sample();
      expect(caughtUp).toMatchObject({ status: 'OK', lag: 0, active: true, topics: [topic] });
      expect(caughtUp.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
      expect(caughtUp.partitions.reduce((sum, p) => sum + p.end, 0)).toBe(12);
      for (const p of caughtUp.partitions) expect(p.committed ?? 0).toBe(p.end);

      // Stopped: the group leaves, its committed offsets stay, and what is published piles up.
      await first.stop();
      const behind = [];
      for (let round = 1; round <= 3; round++) {
        await bus.publish(topic, messages(100 * round, 12));
        behind.push(await sample());
      }
      expect(behind.map((g) => g.lag)).toEqual([12, 24, 36]);
      expect(behind.every((g) => !g.active)).toBe(true);
      for (const partition of [0, 1, 2]) {
        const lags = behind.map((g) => g.partitions.find((p) => p.partition === partition)!);
        // Each partition: the committed offset did not move, the end and the lag did (or stayed).
        expect(new Set(lags.map((p) => p.committed ?? 0)).size).toBe(1);
        for (const p of lags) expect(p.lag).toBe(p.end - (p.committed ?? 0));
        expect(lags[2]!.lag).toBeGreaterThanOrEqual(lags[0]!.lag);
      }
      expect(behind.at(-1)!.partitions.filter((p) => p.lag > 0).length).toBeGreaterThan(0);
      // Once the window holds only the standstill: STOP, not OK.
      expect(behind.at(-1)!.status).toBe('STOP');
      expect(behind.at(-1)!.waitSeconds).toBeGreaterThan(0);

      // Back: it reads from its committed offsets and catches up.
      const second = await bus.subscribe({ groupId: group, topics: [topic], fromBeginning: true, handle });
      await waitUntil('every message handled and committed', () => caughtUpAt(48), 30_000);
      const back = await sample();
      expect(back).toMatchObject({ status: 'OK', lag: 0, active: true, waitSeconds: 0 });
      expect(back.partitions.every((p) => p.lag === 0 && p.status === 'OK')).toBe(true);
      await second.stop();
    } finally {
      await bus.close();
    }
  }, 60_000);
});
