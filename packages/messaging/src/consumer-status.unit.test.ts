import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimatedWaitMs,
  GROUP_STATUS_CODE,
  groupStatus,
  type LagSample,
  partitionStatus,
} from './consumer-status.ts';

// Samples every 10 s from t = 0: [offset, lag] pairs, the group live unless said.
const series = (points: [offset: number, lag: number][], active = true): LagSample[] =>
  points.map(([offset, lag], i) => ({ at: i * 10_000, offset, lag, active }));

const status = (points: [number, number][], active = true, windowSize = points.length) =>
  partitionStatus(series(points, active), windowSize).status;

describe('partitionStatus (Burrow rules)', () => {
  it('is OK when the newest lag is 0, whatever came before', () => {
    expect(
      status([
        [5, 3],
        [5, 4],
        [5, 5],
        [10, 0],
      ]),
    ).toBe('OK');
    expect(
      status(
        [
          [5, 0],
          [5, 0],
          [5, 0],
        ],
        false,
      ),
    ).toBe('OK');
  });

  it('does not judge before the window is full (OK, incomplete)', () => {
    const samples = series(
      [
        [5, 3],
        [5, 4],
        [5, 9],
      ],
      false,
    );
    expect(partitionStatus(samples, 4)).toEqual({ status: 'OK', complete: false });
    // One sample more and the same history is a STOP.
    const full = series(
      [
        [5, 2],
        [5, 3],
        [5, 4],
        [5, 9],
      ],
      false,
    );
    expect(partitionStatus(full, 4)).toEqual({ status: 'STOP', complete: true });
    // A single sample is never a full window.
    expect(partitionStatus(series([[5, 3]], false), 1)).toEqual({ status: 'OK', complete: false });
  });

  it('is STOP when the offset did not move over the window, lag is not 0 and no member is live', () => {
    expect(
      status(
        [
          [7, 1],
          [7, 2],
          [7, 3],
        ],
        false,
      ),
    ).toBe('STOP');
    // even if the group was caught up when the window began
    expect(
      status(
        [
          [7, 0],
          [7, 2],
          [7, 3],
        ],
        false,
      ),
    ).toBe('STOP');
  });

  it('is STALL when the offset did not move over the window with a live member (lag not 0)', () => {
    expect(
      status(
        [
          [7, 1],
          [7, 1],
          [7, 1],
        ],
        true,
      ),
    ).toBe('STALL');
    expect(
      status(
        [
          [7, 0],
          [7, 1],
          [7, 4],
        ],
        true,
      ),
    ).toBe('STALL');
  });

  it('judges only the last windowSize samples: an old move does not hide a stop', () => {
    const samples = series(
      [
        [1, 9],
        [4, 6],
        [7, 3],
        [7, 4],
        [7, 5],
      ],
      false,
    );
    expect(partitionStatus(samples, 3).status).toBe('STOP');
    // with the move 4 → 7 (lag 6 → 3) inside the window, it is catching up
    expect(partitionStatus(samples, 4).status).toBe('OK');
    expect(partitionStatus(samples, 5).status).toBe('OK');
  });

  it('is OK when the offset moved and the lag was 0 at some sample of the window', () => {
    expect(
      status([
        [3, 0],
        [4, 2],
        [5, 3],
        [6, 4],
      ]),
    ).toBe('OK');
  });

  it('is REWIND when the committed offset went back', () => {
    expect(
      status([
        [10, 2],
        [12, 1],
        [8, 5],
        [9, 6],
      ]),
    ).toBe('REWIND');
  });

  it('is WARN when the offset moves but the lag never decreases', () => {
    expect(
      status([
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
      ]),
    ).toBe('WARN');
    // a flat lag does not decrease either: it keeps pace without catching up
    expect(
      status([
        [1, 2],
        [2, 2],
        [3, 2],
      ]),
    ).toBe('WARN');
  });

  it('is OK when the lag went down somewhere in the window (the consumer is catching up)', () => {
    expect(
      status([
        [1, 5],
        [2, 6],
        [4, 5],
        [5, 7],
      ]),
    ).toBe('OK');
  });

  it('does not let a live member turn a STOP into OK, nor a dead one turn a WARN into STOP', () => {
    expect(
      status(
        [
          [1, 2],
          [2, 3],
          [3, 4],
        ],
        false,
      ),
    ).toBe('WARN');
    expect(
      status(
        [
          [3, 2],
          [3, 3],
          [3, 4],
        ],
        true,
      ),
    ).not.toBe('OK');
  });

  const samplesArb = fc
    .array(
      fc.record({
        offset: fc.integer({ min: 0, max: 50 }),
        lag: fc.integer({ min: 0, max: 50 }),
        active: fc.boolean(),
      }),
      { minLength: 2, maxLength: 12 },
    )
    .map((points) => points.map((p, i) => ({ ...p, at: i * 1000 })));

  it('property: lag 0 at the newest sample is always OK', () => {
    fc.assert(
      fc.property(samplesArb, fc.integer({ min: 2, max: 12 }), (samples, size) => {
        const caught = [...samples.slice(0, -1), { ...samples.at(-1)!, lag: 0 }];
        expect(partitionStatus(caught, size).status).toBe('OK');
      }),
    );
  });

  it('property: an offset that moved in a window with lag 0 somewhere is OK', () => {
    fc.assert(
      fc.property(samplesArb, fc.nat(), (samples, zeroAt) => {
        const window = samples.map((s, i) => (i === zeroAt % samples.length ? { ...s, lag: 0 } : s));
        fc.pre(window.some((s, i) => i > 0 && s.offset !== window[i - 1]!.offset));
        expect(partitionStatus(window, window.length).status).toBe('OK');
      }),
    );
  });

  it('property: an incomplete window is always OK; a complete one is judged on lag > 0 only', () => {
    fc.assert(
      fc.property(samplesArb, (samples) => {
        expect(partitionStatus(samples, samples.length + 1)).toEqual({ status: 'OK', complete: false });
        const verdict = partitionStatus(samples, samples.length);
        expect(verdict.complete).toBe(true);
        if (verdict.status !== 'OK') expect(samples.at(-1)!.lag).toBeGreaterThan(0);
      }),
    );
  });

  it('property: with offsets that never move and lag > 0 now, only STALL (live) or STOP (not)', () => {
    fc.assert(
      fc.property(samplesArb, fc.integer({ min: 0, max: 50 }), (samples, offset) => {
        const still = samples.map((s) => ({ ...s, offset }));
        fc.pre(still.at(-1)!.lag > 0);
        expect(partitionStatus(still, still.length).status).toBe(still.at(-1)!.active ? 'STALL' : 'STOP');
      }),
    );
  });
});

describe('groupStatus', () => {
  it("is the worst partition's, REWIND as ERR, STALL and STOP by name", () => {
    expect(groupStatus([])).toBe('OK');
    expect(groupStatus(['OK', 'OK'])).toBe('OK');
    expect(groupStatus(['OK', 'WARN'])).toBe('WARN');
    expect(groupStatus(['WARN', 'REWIND'])).toBe('ERR');
    expect(groupStatus(['REWIND', 'STALL', 'WARN'])).toBe('STALL');
    expect(groupStatus(['STALL', 'STOP', 'OK'])).toBe('STOP');
  });

  it('codes the gauge 0 OK … 4 STOP', () => {
    expect(GROUP_STATUS_CODE).toEqual({ OK: 0, WARN: 1, ERR: 2, STALL: 3, STOP: 4 });
  });
});

describe('estimatedWaitMs', () => {
  it('is 0 without lag', () => {
    expect(
      estimatedWaitMs(
        series([
          [5, 2],
          [7, 0],
        ]),
        99_000,
      ),
    ).toBe(0);
    expect(estimatedWaitMs([], 99_000)).toBe(0);
  });

  it('dates the oldest unhandled message from the first sample whose end was past the offset', () => {
    // ends: 5, 5, 8, 9 — offset 5 is first passed at the third sample (t = 20 s)
    const samples = series([
      [3, 2],
      [5, 0],
      [5, 3],
      [5, 4],
    ]);
    expect(estimatedWaitMs(samples, 45_000)).toBe(25_000);
  });

  it('is at least the window when the message was already waiting at its first sample', () => {
    expect(
      estimatedWaitMs(
        series([
          [5, 3],
          [5, 3],
          [5, 3],
        ]),
        30_000,
      ),
    ).toBe(30_000);
  });
});
