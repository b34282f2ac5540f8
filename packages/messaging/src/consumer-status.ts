// A consumer group's health from its lag, judged the way LinkedIn's Burrow judges it: not by a
// fixed lag threshold but by how the committed offset and the lag moved over a sliding window of
// samples per partition. Pure: the samples and `now` come in, a status goes out.
//
// Burrow's window holds the group's commits; here a sampler reads (committed offset, lag) of every
// partition at a fixed interval, and whether the group has live members (`active`), so that a
// group that stopped committing (no members) and one that commits but does not move (its member
// retries one message in place) can be told apart. Per partition, in Burrow's order:
//
//   1. lag 0 at the newest sample: OK.
//   2. the window is not yet full: OK (too little history to judge; `complete: false`).
//   3. the committed offset did not move over the whole window (lag > 0 now): STOP when the group
//      has no live member, STALL when it has one. Checked before rule 4, as Burrow checks STOP
//      first: a consumer that stood still while messages arrived is stuck even if it was caught up
//      when the window began.
//   4. lag 0 at some sample of the window: OK (it caught up within the window).
//   5. the committed offset went back between two samples: REWIND.
//   6. the lag never decreased from one sample to the next: WARN (the consumer moves, but does
//      not catch up).
//   7. otherwise OK.
//
// A group's status is its worst partition's, REWIND counting as ERR; unlike Burrow (which reports
// every one of STOP, STALL and REWIND as ERR for the group) STALL and STOP keep their name, so the
// gauge says which it is: OK 0, WARN 1, ERR 2, STALL 3, STOP 4.

export type PartitionStatus = 'OK' | 'WARN' | 'STALL' | 'STOP' | 'REWIND';
export type GroupStatus = 'OK' | 'WARN' | 'ERR' | 'STALL' | 'STOP';

export const GROUP_STATUS_CODE: Record<GroupStatus, number> = { OK: 0, WARN: 1, ERR: 2, STALL: 3, STOP: 4 };

export interface LagSample {
  /** When it was taken (epoch ms). */
  at: number;
  /** The group's committed offset: the next message it will read. */
  offset: number;
  /** The partition's end (high watermark) minus `offset`. */
  lag: number;
  /** The group had a live member (consuming or able to) when sampled. */
  active: boolean;
}

export interface PartitionVerdict {
  status: PartitionStatus;
  /** The window held as many samples as it may: the status is a judgement, not a default. */
  complete: boolean;
}

/** The status of one partition from its samples, oldest first, over a window of `windowSize`. */
export function partitionStatus(samples: readonly LagSample[], windowSize: number): PartitionVerdict {
  const window = samples.slice(-windowSize);
  const complete = window.length >= windowSize && window.length >= 2;
  const newest = window.at(-1);
  if (!newest || newest.lag === 0 || !complete) return { status: 'OK', complete };
  const pairs = window.slice(1).map((s, i) => [window[i]!, s] as const);
  if (pairs.every(([a, b]) => a.offset === b.offset))
    return { status: newest.active ? 'STALL' : 'STOP', complete };
  if (window.some((s) => s.lag === 0)) return { status: 'OK', complete };
  if (pairs.some(([a, b]) => b.offset < a.offset)) return { status: 'REWIND', complete };
  if (pairs.every(([a, b]) => b.lag >= a.lag)) return { status: 'WARN', complete };
  return { status: 'OK', complete };
}

const AS_GROUP: Record<PartitionStatus, GroupStatus> = {
  OK: 'OK',
  WARN: 'WARN',
  REWIND: 'ERR',
  STALL: 'STALL',
  STOP: 'STOP',
};

/** The worst of the partitions' statuses (REWIND as ERR); OK for a group without partitions. */
export function groupStatus(partitions: readonly PartitionStatus[]): GroupStatus {
  return partitions
    .map((p) => AS_GROUP[p])
    .reduce<GroupStatus>((worst, s) => (GROUP_STATUS_CODE[s] > GROUP_STATUS_CODE[worst] ? s : worst), 'OK');
}

/**
 * How long the oldest message the group has not handled has waited, at `now`, in ms, estimated
 * from the samples: the message at the committed offset was published after the last sample whose
 * end was not past it, so it has waited at least since the first sample whose end was. Only a
 * lower bound (it may be older than the window), 0 when there is no lag.
 */
export function estimatedWaitMs(samples: readonly LagSample[], now: number): number {
  const newest = samples.at(-1);
  if (!newest || newest.lag <= 0) return 0;
  const first = samples.find((s) => s.offset + s.lag > newest.offset) ?? newest;
  return Math.max(0, now - first.at);
}
