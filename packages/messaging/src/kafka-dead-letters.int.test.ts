import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from './consumer.ts';
import { deadLetterContract } from './dead-letters-contract.ts';
import { testKafkaBus } from './kafka-test-env.ts';
import { testEvent, uniqueName } from './test-support.ts';

// The dead letters on the real broker: read from the DLQ topics' earliest offsets, resolutions as
// markers on their own topic, so a second bus (another process, or this one restarted) sees them.
deadLetterContract('KafkaBus', () => testKafkaBus());

describe('KafkaBus dead letters across processes', () => {
  it('resumes a redrive another bus left half done, from the markers it committed', async () => {
    const topic = uniqueName('resume');
    const first = testKafkaBus();
    const events = [testEvent(1, { subject: 'LC-resume-1' }), testEvent(2, { subject: 'LC-resume-2' })];
    await first.publish(
      `${topic}.dlq`,
      events.map((event) => ({
        key: event.subject,
        event,
        headers: { [DLQ_HEADERS.error]: 'down', [DLQ_HEADERS.topic]: topic },
      })),
    );
    const by = { by: 'nrb:ops-1', at: '2026-03-02T09:00:00.000Z' };
    const half = await first.deadLetters.redrive({ filter: { topic }, limit: 1 }, by);
    expect(half).toMatchObject({ matched: 2, left: 1 });
    // The two letters sit on different partitions and were dead-lettered in the same millisecond,
    // so which one the limit took is not fixed: the other is the one left.
    const redriven = half.done.map((d) => d.letter.event?.id);
    expect(redriven).toHaveLength(1);
    const left = events.map((e) => e.id).filter((id) => !redriven.includes(id));
    await first.close();

    const second = testKafkaBus();
    const pending = await second.deadLetters.list({ topic });
    expect(pending.map((l) => l.event?.id)).toEqual(left);
    const rest = await second.deadLetters.redrive({ filter: { topic } }, by);
    expect(rest).toMatchObject({ matched: 1, left: 0 });
    expect(await second.deadLetters.list({ topic })).toEqual([]);
    await second.close();
  });
});
