import { describe, expect, it } from 'vitest';
import { CHAIN_ALGORITHM, type ChainedEvent, type ChainLink, GENESIS_HASH, linkHash } from './chain.ts';
import { type AuditBundle, verifyBundle } from './verify-bundle.ts';

const CASE = 'LC-141181-20260302-0a1b2c3d';

function event(i: number): ChainedEvent {
  return {
    id: `00000000-0000-4000-8000-00000000000${i}`,
    caseId: CASE,
    source: '/landcase/enforcement',
    type: 'landcase.enforcement.StopConfirmed.v1',
    time: `2026-03-0${i}T02:00:00.000Z`,
    actor: 'nrb:officer-1',
    division: '141181',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    data: { caseId: CASE, stopped: i % 2 === 0, observedAt: `2026-03-0${i}T10:00:00+08:00` },
  };
}

function chain(n: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = event(i);
    const hash = linkHash(prevHash, e);
    links.push({ ...e, position: i * 10, sequence: i, prevHash, hash });
    prevHash = hash;
  }
  return links;
}

const bundleOf = (events: unknown[]): AuditBundle => ({
  caseId: CASE,
  exportedAt: '2026-07-01T00:00:00.000Z',
  algorithm: CHAIN_ALGORITHM,
  events,
});

/** Renumbers sequences as a careless forger would, so only the hashes can give it away. */
const resequenced = (links: ChainLink[]) => links.map((l, i) => ({ ...l, sequence: i + 1 }));

describe('verifyBundle', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verifyBundle(bundleOf(chain(4)))).toEqual({ valid: true, checked: 4 });
    expect(verifyBundle(bundleOf([]))).toEqual({ valid: true, checked: 0 });
  });

  it('survives a round trip through JSON with keys in another order', () => {
    const reordered = JSON.parse(JSON.stringify(bundleOf(chain(3)), (_k, v) => reverse(v)));
    expect(verifyBundle(reordered).valid).toBe(true);
  });

  it('names the entry whose payload was changed', () => {
    const links = chain(4);
    links[2] = { ...links[2]!, data: { ...(links[2]!.data as object), stopped: true } };
    expect(verifyBundle(bundleOf(links))).toMatchObject({ valid: false, checked: 3, firstBadPosition: 30 });
  });

  it('notices a changed attribute outside the data, too', () => {
    const links = chain(3);
    links[1] = { ...links[1]!, actor: 'nrb:someone-else' };
    expect(verifyBundle(bundleOf(links))).toMatchObject({ valid: false, firstBadPosition: 20 });
  });

  it('names the entry after a deleted one', () => {
    const links = chain(4);
    links.splice(1, 1);
    expect(verifyBundle(bundleOf(links))).toMatchObject({ valid: false, firstBadPosition: 30 });
    expect(verifyBundle(bundleOf(resequenced(links)))).toMatchObject({ valid: false, firstBadPosition: 30 });
  });

  it('names the first of two swapped entries', () => {
    const links = chain(4);
    [links[1], links[2]] = [links[2]!, links[1]!];
    expect(verifyBundle(bundleOf(links))).toMatchObject({ valid: false, firstBadPosition: 30 });
    const renumbered = resequenced(links).map((l, i) => ({ ...l, position: (i + 1) * 10 }));
    expect(verifyBundle(bundleOf(renumbered))).toMatchObject({ valid: false, firstBadPosition: 20 });
  });

  it('refuses a recomputed hash that does not link to its predecessor', () => {
    const links = chain(3);
    const forged = { ...links[1]!, data: { forged: true } };
    forged.hash = linkHash(forged.prevHash, forged);
    links[1] = forged;
    expect(verifyBundle(bundleOf(links))).toMatchObject({ valid: false, firstBadPosition: 30 });
  });

  it('refuses entries of another case and anything that is not a bundle, without throwing', () => {
    expect(verifyBundle({ ...bundleOf(chain(2)), caseId: 'LC-other' })).toMatchObject({
      valid: false,
      firstBadPosition: 10,
    });
    expect(verifyBundle(null)).toMatchObject({ valid: false, checked: 0 });
    expect(verifyBundle({ ...bundleOf(chain(1)), algorithm: 'md5' })).toMatchObject({ valid: false });
    expect(verifyBundle(bundleOf([42, null]))).toMatchObject({ valid: false, checked: 1 });
  });
});

function reverse(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).reverse());
}
