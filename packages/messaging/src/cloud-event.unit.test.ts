import type { RecordedEvent } from '@landcase/eventstore';
import { describe, expect, it } from 'vitest';
import { caseIdOf, cloudEventProblem, toCloudEvent } from './cloud-event.ts';
import { testEvent } from './test-support.ts';

const recorded = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: '0b9f3c1e-8a6d-4d1b-9c1e-2f3a4b5c6d7e',
  type: 'CaseOpened',
  data: { caseId: 'LC-330106-20250101-0000abcd', areaMu: 12 },
  metadata: {
    caseId: 'LC-330106-20250101-0000abcd',
    actor: 'nrb:officer-1',
    division: '330106',
    correlationId: 'corr-1',
    causationId: 'cause-1',
  },
  streamId: 'enforcement.case-LC-330106-20250101-0000abcd',
  revision: 0,
  position: 42,
  recordedAt: '2025-01-01T08:00:00.000Z',
  ...overrides,
});

describe('toCloudEvent', () => {
  it('maps a stored event to the agreed CloudEvent', () => {
    expect(toCloudEvent('enforcement', recorded())).toEqual({
      specversion: '1.0',
      id: '0b9f3c1e-8a6d-4d1b-9c1e-2f3a4b5c6d7e',
      source: '/landcase/enforcement',
      type: 'landcase.enforcement.CaseOpened.v1',
      subject: 'LC-330106-20250101-0000abcd',
      time: '2025-01-01T08:00:00.000Z',
      datacontenttype: 'application/json',
      data: { caseId: 'LC-330106-20250101-0000abcd', areaMu: 12 },
      actor: 'nrb:officer-1',
      division: '330106',
      correlationid: 'corr-1',
      causationid: 'cause-1',
      sequence: '00000000000000000042',
    });
  });

  it('pads the sequence to a fixed width, so that it sorts as text in store order', () => {
    const positions = [9, 10, 99, 100, 1234567, 2 ** 53 - 1];
    const sequences = positions.map(
      (position) => toCloudEvent('detection', recorded({ position })).sequence!,
    );
    for (const s of sequences) expect(s).toMatch(/^[0-9]{20}$/);
    expect([...sequences].reverse().sort()).toEqual(sequences);
    expect(sequences.map((s) => Number(s))).toEqual(positions);
  });

  it('gives an event recorded without a division the system division 000000, and keeps one it has', () => {
    const { division: _, ...noDivision } = recorded().metadata;
    expect(toCloudEvent('enforcement', recorded({ metadata: noDivision })).division).toBe('000000');
    expect(
      toCloudEvent('enforcement', recorded({ metadata: { ...noDivision, division: '' } })).division,
    ).toBe('000000');
    expect(toCloudEvent('enforcement', recorded()).division).toBe('330106');
  });

  it('carries the rule set version when a rule decided the event', () => {
    const event = toCloudEvent(
      'enforcement',
      recorded({ metadata: { ...recorded().metadata, ruleSetVersion: '2025.1' } }),
    );
    expect(event).toMatchObject({ rulesetversion: '2025.1' });
  });

  it('produces an event consumers accept', () => {
    expect(cloudEventProblem(toCloudEvent('detection', recorded()))).toBeNull();
  });
});

describe('caseIdOf', () => {
  it('prefers metadata, then data, then the stream id', () => {
    expect(caseIdOf(recorded())).toBe('LC-330106-20250101-0000abcd');
    expect(caseIdOf(recorded({ metadata: {}, data: { caseId: 'LC-data' } }))).toBe('LC-data');
    expect(caseIdOf(recorded({ metadata: {}, data: {} }))).toBe(
      'enforcement.case-LC-330106-20250101-0000abcd',
    );
  });
});

describe('cloudEventProblem', () => {
  it('names what is wrong', () => {
    expect(cloudEventProblem(testEvent(0))).toBeNull();
    expect(cloudEventProblem(null)).toBe('not an object');
    expect(cloudEventProblem({ ...testEvent(0), specversion: '0.3' })).toMatch(/specversion/);
    expect(cloudEventProblem({ ...testEvent(0), id: '' })).toMatch(/"id" is empty/);
    expect(cloudEventProblem({ ...testEvent(0), actor: undefined })).toMatch(/"actor"/);
    expect(cloudEventProblem({ ...testEvent(0), data: undefined })).toBe('no data');
  });
});
