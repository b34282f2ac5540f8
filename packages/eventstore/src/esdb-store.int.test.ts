// The contract against a real EventStoreDB: the server at ESDB_URL, else a throwaway container
// when a Docker engine answers. Neither is available on the development machines, so there the
// suite reports itself skipped, with the reason in its name.
import { randomUUID } from 'node:crypto';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStoreContract } from './contract-suite.ts';
import { EsdbEventStore } from './esdb-store.ts';
import { openEventStore } from './open-store.ts';

const ESDB_IMAGE = 'eventstore/eventstore:24.10';

async function dockerAnswers(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer from a container runtime')), 10_000);
  });
  try {
    await Promise.race([getContainerRuntimeClient(), giveUp]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const configuredUrl = process.env.ESDB_URL;
const source = configuredUrl ? 'ESDB_URL' : (await dockerAnswers()) ? 'docker' : undefined;

if (source === undefined) {
  describe.skip('EventStoreDB contract — skipped: no ESDB_URL and no Docker engine on this machine', () => {
    it('runs the EventStore contract against EventStoreDB', () => {});
  });
} else {
  describe(`EventStoreDB (${source})`, () => {
    let container: StartedTestContainer | undefined;
    let url = configuredUrl ?? '';

    beforeAll(async () => {
      if (source !== 'docker') return;
      container = await new GenericContainer(ESDB_IMAGE)
        .withEnvironment({
          EVENTSTORE_INSECURE: 'true',
          EVENTSTORE_RUN_PROJECTIONS: 'All',
          EVENTSTORE_MEM_DB: 'true',
        })
        .withExposedPorts(2113)
        .withWaitStrategy(
          Wait.forHttp('/health/live', 2113).forStatusCodeMatching((s) => s >= 200 && s < 300),
        )
        .start();
      url = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    });

    afterAll(async () => {
      await container?.stop();
    });

    eventStoreContract('EventStoreDB', async () => EsdbEventStore.connect(url));

    it('never shows system streams or system event types', async () => {
      const store = EsdbEventStore.connect(url);
      try {
        // Projections (RunProjections=All) write $-streams from the start of the log.
        const events = await store.readAll({ maxCount: 200 });
        expect(events.some((e) => e.streamId.startsWith('$') || e.type.startsWith('$'))).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('is what openEventStore returns for an esdb:// URL', async () => {
      const store = await openEventStore(url);
      try {
        expect(store).toBeInstanceOf(EsdbEventStore);
        const stream = `open-${randomUUID()}`;
        const id = randomUUID();
        await store.append(stream, [{ id, type: 'Opened', data: { ok: true }, metadata: {} }], 'no_stream');
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual([id]);
      } finally {
        await store.close();
      }
    });
  });
}
