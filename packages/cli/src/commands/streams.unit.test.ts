import { topicOf } from '@landcase/contracts';
import { runConsumer } from '@landcase/messaging';
import type { ServiceModule } from '@landcase/service-kit';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../program.ts';
import { captureOutput } from './capture-output.ts';
import { duration, renderStreams, streamsCommand } from './streams.ts';

// `landcase streams` against a running process over real HTTP: a referral consumer group holds its
// second message until the test lets it go, so the group lags by one with a live member.

const GROUP = 'referral.streams-cli-test';
let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
let handled = 0;
const module: ServiceModule = {
  name: 'referral',
  routes: async () => {},
  start: async (ctx) =>
    runConsumer({
      bus: ctx.bus,
      groupId: GROUP,
      topics: [topicOf('referral')],
      seen: ctx.readModels.seen,
      handle: async () => {
        handled += 1;
        if (handled > 1) await gate;
      },
    }),
};

let sys: TestSystem;
let url: string;
let ops: string;
beforeAll(async () => {
  sys = await startTestSystem(module);
  url = await sys.app.listen({ port: 0, host: '127.0.0.1' });
  ops = await sys.token('nrb', ['ops'], '140000');
  await sys.publish('referral', 'ReferralSent', { caseId: 'LC-1' });
  await sys.publish('referral', 'ReferralSent', { caseId: 'LC-2' });
  for (let i = 0; i < 200 && handled < 2; i++) await new Promise((r) => setTimeout(r, 10));
  await sys.app.lagMonitor.sample();
});
afterAll(async () => {
  release();
  await sys.stop();
});

const streams = (...argv: string[]) =>
  captureOutput(() => runCli(['streams', ...argv, '--url', url, '--token', ops]));

describe('landcase streams', () => {
  it("prints the groups' status, lag and partitions as tables", async () => {
    const { code, out: stdout } = await streams();
    expect(code).toBe(EXIT.ok);
    const line = stdout.split('\n').find((l) => l.startsWith(GROUP));
    expect(line?.split(/\s{2,}/)).toEqual([
      GROUP,
      'OK (window filling)',
      'yes',
      '1',
      '0s',
      '1',
      '0',
      '0',
      '0',
    ]);
    expect(stdout).toContain('Partitions');
    const partition = stdout.split('\n').find((l) => l.startsWith(GROUP) && l.includes(topicOf('referral')));
    expect(partition?.split(/\s+/)).toEqual([GROUP, topicOf('referral'), '0', '1', '2', '1', '0s', 'OK']);
    expect(stdout).toContain('Dead letters pending: 0');
  });

  it('prints the JSON answer with --json', async () => {
    const { code, out: stdout } = await streams('--json');
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(stdout);
    expect(report.groups.find((g: { group: string }) => g.group === GROUP)).toMatchObject({
      status: 'OK',
      lag: 1,
      active: true,
    });
    expect(report).toHaveProperty('relays');
    expect(report).toHaveProperty('dlqDepth', 0);
  });

  it('fails (exit 1) naming the refusal when the token has no ops role', async () => {
    const officer = await sys.token('nrb', ['officer']);
    const {
      code,
      err: stderr,
      out: stdout,
    } = await captureOutput(() => runCli(['streams', '--url', url, '--token', officer]));
    expect(code).toBe(EXIT.failed);
    expect(stderr).toContain('403');
    expect(stdout).toBe('');
  });

  it('with --check, exits 1 while a group is not OK', async () => {
    const report = (status: string) => ({
      relays: [],
      consumers: [],
      dlqDepth: null,
      groups: [
        { group: 'g', active: false, status, lag: 3, waitSeconds: 90, sampledAt: null, partitions: [] },
      ],
    });
    for (const [status, expected] of [
      ['STOP', EXIT.failed],
      ['OK', EXIT.ok],
    ] as const) {
      const fake = async () => new Response(JSON.stringify(report(status)), { status: 200 });
      const { code } = await captureOutput(() => streamsCommand({ url, token: ops, check: true }, fake));
      expect(code).toBe(expected);
    }
  });
});

describe('renderStreams', () => {
  it('says when there is nothing in the process, and a bus that keeps no dead letters', () => {
    const text = renderStreams({ relays: [], consumers: [], dlqDepth: null, groups: [] });
    expect(text).toContain('Relays\n  (none in this process)');
    expect(text).toContain('Consumer groups\n  (none in this process)');
    expect(text).not.toContain('Partitions');
    expect(text).toContain('Dead letters pending: not kept by this bus');
  });

  it('writes waits as a person reads them', () => {
    expect([0, 59, 60, 95, 3600, 3725, 90_061].map(duration)).toEqual([
      '0s',
      '59s',
      '1m',
      '1m35s',
      '1h',
      '1h2m',
      '1d1h',
    ]);
  });
});
