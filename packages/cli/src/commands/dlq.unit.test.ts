import { auditModule, DEAD_LETTER_STREAM } from '@landcase/audit';
import { type CloudEvent, typeOf } from '@landcase/contracts';
import { DLQ_HEADERS } from '@landcase/messaging';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../program.ts';
import { captureOutput } from './capture-output.ts';

// `landcase dlq` against the audit service over real HTTP, with dead letters put on the bus as a
// consumer that gave up would leave them.

let sys: TestSystem;
let url: string;
let ops: string;
const TOPIC = 'landcase.detection.v1';

async function deadLetter(n: number, error: string): Promise<CloudEvent> {
  const subject = `LC-141181-20260302-0000000${n}`;
  const event: CloudEvent = {
    specversion: '1.0',
    id: `00000000-0000-4000-8000-00000000000${n}`,
    source: '/landcase/detection',
    type: typeOf('detection', 'ClueReported'),
    subject,
    time: '2026-03-02T01:00:00.000Z',
    datacontenttype: 'application/json',
    data: { caseId: subject },
    actor: 'grid:grid-user',
    division: '141181',
    correlationid: 'c',
    causationid: 'c',
  };
  await sys.bus.publish(`${TOPIC}.dlq`, [
    {
      key: subject,
      event,
      headers: {
        [DLQ_HEADERS.error]: error,
        [DLQ_HEADERS.attempts]: '5',
        [DLQ_HEADERS.group]: 'enforcement.open-case',
        [DLQ_HEADERS.topic]: TOPIC,
      },
    },
  ]);
  return event;
}

const dlq = (...argv: string[]) =>
  captureOutput(() => runCli(['dlq', ...argv, '--url', url, '--token', ops]));

beforeAll(async () => {
  sys = await startTestSystem(auditModule);
  url = await sys.app.listen({ port: 0, host: '127.0.0.1' });
  ops = await sys.token('nrb', ['ops'], '140000');
  await deadLetter(1, 'parcel service timeout');
  await deadLetter(2, 'schema mismatch');
});
afterAll(() => sys.stop());

describe('landcase dlq', () => {
  it('prints its subcommands on --help, on stdout', async () => {
    const { code, out, err } = await captureOutput(() => runCli(['dlq', '--help']));
    expect(code).toBe(EXIT.ok);
    expect(err).toBe('');
    for (const sub of ['list', 'show', 'redrive', 'discard'])
      expect(out).toMatch(new RegExp(`^  ${sub}\\b`, 'm'));
    const redrive = await captureOutput(() => runCli(['dlq', 'redrive', '--help']));
    expect(redrive.out).toMatch(/--dry-run/);
    expect(redrive.out).toMatch(/--limit <n>/);
  });

  it('lists with filters and shows one letter', async () => {
    const all = await dlq('list');
    expect(all.code).toBe(EXIT.ok);
    expect(all.out).toMatch(/^ID\s+STATUS\s+DEAD AT\s+SERVICE\s+GROUP\s+EVENT\s+REDRIVES\s+ERROR/);
    expect(all.out).toContain(`${TOPIC}.dlq:0:0`);
    expect(all.out).toContain('ClueReported');
    const filtered = await dlq('list', '--error', 'TIMEOUT', '--json');
    expect(JSON.parse(filtered.out)).toMatchObject({ total: 1, items: [{ id: `${TOPIC}.dlq:0:0` }] });
    const shown = await dlq('show', `${TOPIC}.dlq:0:1`);
    expect(JSON.parse(shown.out)).toMatchObject({
      event: { id: '00000000-0000-4000-8000-000000000002' },
      headers: { dlq_error: 'schema mismatch' },
    });
    const missing = await dlq('show', `${TOPIC}.dlq:0:99`);
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.err).toMatch(/404 no dead letter/);
  });

  it('redrives with --dry-run, then for real, and discards by filter; each recorded', async () => {
    const dry = await dlq('redrive', '--error', 'timeout', '--dry-run');
    expect(dry.code).toBe(EXIT.ok);
    expect(dry.out).toMatch(/^Dry run: would have redriven 1 of 1 matched/);
    expect(await sys.store.readStream(DEAD_LETTER_STREAM)).toEqual([]);

    const real = await dlq('redrive', `${TOPIC}.dlq:0:0`, '--reason', 'service back');
    expect(real.code).toBe(EXIT.ok);
    expect(real.out).toContain(`${TOPIC}.dlq:0:0 → ${TOPIC} (redrive 1)`);
    const again = await dlq('redrive', `${TOPIC}.dlq:0:0`);
    expect(again.code).toBe(EXIT.failed);
    expect(again.out).toContain('not found (or not pending)');

    const discard = await dlq('discard', '--service', 'detection', '--limit', '5');
    expect(discard.out).toMatch(/^discarded 1 of 1 matched/);
    const recorded = await sys.store.readStream(DEAD_LETTER_STREAM);
    expect(recorded.map((e) => e.type)).toEqual(['DeadLetterRedriven', 'DeadLetterDiscarded']);
  });

  it('asks for exactly one way of naming letters', async () => {
    const none = await dlq('redrive');
    expect(none.code).toBe(EXIT.failed);
    expect(none.err).toMatch(/by id, by filter options, or --all/);
    const bad = await captureOutput(() => runCli(['dlq', 'list', '--since', 'yesterday']));
    expect(bad.code).toBe(EXIT.usage);
  });
});
