import type { CloudEvent } from '@landcase/contracts';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { appendToLedger, ledgerSize, recoverLedger } from './ledger.ts';
import { ledgerEntriesGauge } from './ledger-metrics.ts';

const NOW = new Date('2026-03-10T00:00:00.000Z');

function cloudEvent(id: string, caseId: string, sequence: number): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/landcase/enforcement',
    type: 'landcase.enforcement.CaseOpened.v1',
    subject: caseId,
    time: `2026-03-0${sequence}T02:00:00.000Z`,
    datacontenttype: 'application/json',
    data: { caseId },
    actor: 'nrb:officer-1',
    division: '141181',
    correlationid: 'corr',
    causationid: 'cause',
    sequence: String(sequence),
  };
}

function registryOf(rm: InMemoryReadModelStore): Registry {
  const registry = new Registry();
  registry.registerMetric(ledgerEntriesGauge(rm));
  return registry;
}

const entries = async (registry: Registry): Promise<number | undefined> =>
  (await registry.getMetricsAsJSON()).find((m) => m.name === 'landcase_ledger_entries')?.values[0]?.value;

describe('landcase_ledger_entries', () => {
  it('follows the tree size as entries are appended, and not for a duplicate', async () => {
    const rm = new InMemoryReadModelStore();
    const registry = registryOf(rm);
    await appendToLedger(rm, cloudEvent('e1', 'A', 1), NOW);
    expect(await entries(registry)).toBe(1);
    await appendToLedger(rm, cloudEvent('e2', 'B', 1), NOW);
    await appendToLedger(rm, cloudEvent('e3', 'A', 2), NOW);
    expect(await entries(registry)).toBe(3);
    expect(await appendToLedger(rm, cloudEvent('e2', 'B', 1), NOW)).toBe('duplicate');
    expect(await entries(registry)).toBe(await ledgerSize(rm));
    expect(await registry.getSingleMetricAsString('landcase_ledger_entries')).toContain(
      'landcase_ledger_entries 3',
    );
  });

  it("is each ledger's own: another store's appends do not move it", async () => {
    const rm = new InMemoryReadModelStore();
    const other = new InMemoryReadModelStore();
    const registry = registryOf(rm);
    await appendToLedger(rm, cloudEvent('e1', 'A', 1), NOW);
    await appendToLedger(other, cloudEvent('x1', 'A', 1), NOW);
    await appendToLedger(other, cloudEvent('x2', 'A', 2), NOW);
    expect(await entries(registry)).toBe(1);
  });

  it('is set at start from the ledger already kept (0 for an empty one)', async () => {
    const empty = new InMemoryReadModelStore();
    const emptyRegistry = registryOf(empty);
    await recoverLedger(empty);
    expect(await entries(emptyRegistry)).toBe(0);

    const rm = new InMemoryReadModelStore();
    await appendToLedger(rm, cloudEvent('e1', 'A', 1), NOW);
    await appendToLedger(rm, cloudEvent('e2', 'A', 2), NOW);
    const gauge = ledgerEntriesGauge(rm);
    gauge.reset();
    const registry = registryOf(rm);
    expect(await entries(registry)).toBe(0);
    await recoverLedger(rm);
    expect(await entries(registry)).toBe(2);
  });
});
