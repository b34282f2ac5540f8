import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';

// Proves that infra/with-servers.sh (what `pnpm test` runs) handed the tests servers that answer.

function serverAddress(name: 'LANDCASE_TEST_KAFKA' | 'LANDCASE_TEST_MONGO'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the tests with \`pnpm test\` (bash infra/with-servers.sh vitest run), which starts the servers and sets it`,
    );
  }
  return value;
}

describe('the servers started for the integration tests', () => {
  it('Kafka answers a metadata request and keeps a produced message', async () => {
    const kafka = new Kafka({
      clientId: 'landcase-infra-check',
      brokers: [serverAddress('LANDCASE_TEST_KAFKA')],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    const producer = kafka.producer();
    const topic = `infra-check-${randomUUID()}`;
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toHaveLength(1);
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(
        true,
      );
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'case-1', value: 'hello' }] });
      expect(await admin.fetchTopicOffsets(topic)).toEqual([
        expect.objectContaining({ partition: 0, high: '1' }),
      ]);
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  it('the MongoDB-protocol server answers a ping and keeps a document', async () => {
    const client = new MongoClient(serverAddress('LANDCASE_TEST_MONGO'), {
      serverSelectionTimeoutMS: 10_000,
    });
    await client.connect();
    try {
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      const db = client.db(`infra_check_${randomUUID().replaceAll('-', '')}`);
      const docs = db.collection<{ _id: string; n: number }>('docs');
      await docs.insertOne({ _id: 'a', n: 1 });
      expect(await docs.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
      await db.dropDatabase();
    } finally {
      await client.close();
    }
  });
});
