import { ANY, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import {
  fromEsdbCurrentRevision,
  isSystemEvent,
  toEsdbExpectedRevision,
  toPortPosition,
  toReadPosition,
  toRecordedEvent,
  toSubscriptionFilter,
} from './esdb-mapping.ts';

describe('EventStoreDB mapping', () => {
  it('maps every expected revision kind', () => {
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('reports an absent stream as revision -1', () => {
    expect(fromEsdbCurrentRevision(NO_STREAM)).toBe(-1);
    expect(fromEsdbCurrentRevision(7n)).toBe(7);
  });

  it('resumes $all at the commit position and uses it as the port position', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition(0)).toBe(START);
    expect(toReadPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
    expect(toPortPosition({ commit: 98765n, prepare: 98765n })).toBe(98765);
  });

  it('treats $-prefixed streams and types as system events', () => {
    expect(isSystemEvent({ streamId: '$stats-0.0.0.0:2113', type: 'x' })).toBe(true);
    expect(isSystemEvent({ streamId: 'enforcement.case-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: 'enforcement.case-1', type: 'CaseOpened' })).toBe(false);
  });

  it('filters subscriptions by stream prefix, else excludes system events', () => {
    expect(toSubscriptionFilter({ streamPrefixes: ['detection.', 'audit.'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['detection.', 'audit.'],
    });
    expect(toSubscriptionFilter(undefined)).toMatchObject({
      filterOn: 'eventType',
      regex: expect.any(String),
    });
  });

  it('turns a recorded event into the port shape', () => {
    const created = new Date('2025-05-01T02:03:04.005Z');
    const recorded = toRecordedEvent({
      streamId: 'referral.referral-1',
      id: '6b4c1f3e-3f1a-4a53-9d51-0d5b7d3f0a11',
      isJson: true,
      revision: 3n,
      type: 'ReferralDrafted',
      created,
      data: { caseId: 'LC-1' },
      metadata: { actor: 'nrb:u1' },
      position: { commit: 5000n, prepare: 5000n },
    });
    expect(recorded).toEqual({
      id: '6b4c1f3e-3f1a-4a53-9d51-0d5b7d3f0a11',
      type: 'ReferralDrafted',
      data: { caseId: 'LC-1' },
      metadata: { actor: 'nrb:u1' },
      streamId: 'referral.referral-1',
      revision: 3,
      position: 5000,
      recordedAt: '2025-05-01T02:03:04.005Z',
    });
  });

  it('refuses events it cannot represent', () => {
    const base = {
      streamId: 's',
      id: '6b4c1f3e-3f1a-4a53-9d51-0d5b7d3f0a11',
      revision: 0n,
      type: 'T',
      created: new Date(0),
      metadata: undefined,
    };
    expect(() => toRecordedEvent({ ...base, isJson: true, data: { a: 1 } })).toThrow(
      /without a \$all position/,
    );
    expect(() =>
      toRecordedEvent({
        ...base,
        isJson: false,
        data: new Uint8Array([1]),
        position: { commit: 1n, prepare: 1n },
      }),
    ).toThrow(/not a JSON object/);
  });
});
