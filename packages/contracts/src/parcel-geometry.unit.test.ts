import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaMu, type Parcel, parcelProblems } from './geo.ts';
import { type Position, polygonProblems, segmentsMeet } from './parcel-geometry.ts';

type Ring = Position[];

const square: Ring = [
  [111.79, 37.26],
  [111.791, 37.26],
  [111.791, 37.261],
  [111.79, 37.261],
  [111.79, 37.26],
];
const hole: Ring = [
  [111.7902, 37.2602],
  [111.7902, 37.2605],
  [111.7905, 37.2605],
  [111.7905, 37.2602],
  [111.7902, 37.2602],
];
const reasons = (rings: Ring[]) => polygonProblems(rings).map((p) => `${p.ring}: ${p.reason}`);

describe('segmentsMeet', () => {
  it('tells crossing, touching, collinear overlap and disjoint segments apart', () => {
    expect(segmentsMeet([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [1, 5])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [2, 0], [3, 1])).toBe(true);
    expect(segmentsMeet([0, 0], [1, 0], [2, 0], [3, 0])).toBe(false);
    expect(segmentsMeet([0, 0], [2, 2], [0, 1], [1, 2])).toBe(false);
  });

  it('decides near-collinear points exactly, where a floating-point cross product guesses', () => {
    // c lies a hair off the line ab: a naive (b - a) × (c - a) rounds to 0 at these magnitudes.
    const a: Position = [111.79, 37.26];
    const b: Position = [111.8, 37.27];
    const c: Position = [111.795, 37.265 + 1e-14];
    expect(segmentsMeet(a, b, c, [111.795, 37.3])).toBe(false);
    expect(segmentsMeet(a, b, [111.795, 37.265], [111.795, 37.3])).toBe(true);
  });
});

describe('polygonProblems', () => {
  it('accepts a square, a triangle, a concave ring and a hole inside its ring', () => {
    expect(reasons([square])).toEqual([]);
    expect(reasons([[square[0]!, square[1]!, square[2]!, square[0]!]])).toEqual([]);
    const concave: Ring = [
      [0, 0],
      [4, 0],
      [4, 4],
      [2, 1],
      [0, 4],
      [0, 0],
    ];
    expect(reasons([concave])).toEqual([]);
    expect(reasons([square, hole])).toEqual([]);
  });

  it('refuses a bow-tie, naming the edges that cross', () => {
    const bowTie: Ring = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    expect(reasons([bowTie])).toEqual([
      '0: crosses or touches itself: the edge from position 0 to 1 meets the edge from position 2 to 3',
    ]);
  });

  it('refuses a ring that touches itself at a vertex or runs along itself', () => {
    const touching: Ring = [
      [0, 0],
      [4, 0],
      [2, 2],
      [4, 4],
      [0, 4],
      [2, 0],
      [0, 0],
    ];
    expect(reasons([touching])[0]).toMatch(/^0: crosses or touches itself/);
    const spike: Ring = [
      [0, 0],
      [2, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    expect(reasons([spike])).toEqual(['0: doubles back on itself at position 1']);
    // The fold may sit at the closing position too.
    const closingSpike: Ring = [
      [1, 0],
      [1, 1],
      [0, 1],
      [2, 1],
      [1, 0],
    ];
    expect(reasons([closingSpike])[0]).toMatch(/^0: (doubles back|crosses or touches)/);
  });

  it('refuses degenerate rings: repeated positions, all on one line, not closed', () => {
    expect(
      reasons([
        [
          [0, 0],
          [1, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ]),
    ).toEqual(['0: repeats the position [1, 0] (positions 1 and 2); only the last may repeat the first']);
    expect(
      reasons([
        [
          [0, 0],
          [1, 1],
          [0, 0],
          [0, 0],
        ],
      ]),
    ).toEqual(['0: repeats the position [0, 0] (positions 0 and 2); only the last may repeat the first']);
    expect(
      reasons([
        [
          [0, 0],
          [1, 1],
          [3, 3],
          [0, 0],
        ],
      ]),
    ).toEqual(['0: encloses no area: its positions lie on one line']);
    expect(reasons([square.slice(0, 4)])).toEqual([
      '0: ring is not closed: its first and last positions must be equal',
    ]);
  });

  it('refuses a hole outside its ring, crossing it, or inside another hole', () => {
    const outside = hole.map(([x, y]) => [x + 1, y] as Position);
    expect(reasons([square, outside])).toEqual([
      '1: lies outside the exterior ring (ring 0): a hole must lie inside it',
    ]);
    const crossing = hole.map(([x, y]) => [x + 0.0007, y] as Position);
    expect(reasons([square, crossing])).toEqual(['1: touches or crosses ring 0 of the polygon']);
    const inner = hole.map(([x, y]) => [x + 0.00005, y + 0.00005] as Position);
    const small = [
      inner[0]!,
      [inner[0]![0], inner[0]![1] + 0.0001],
      inner[0]!.map((v) => v + 0.0001),
      inner[0]!,
    ].map((p) => p as Position);
    expect(reasons([square, hole, small])).toEqual(['2: lies inside ring 1, another hole of the polygon']);
  });

  it('finds the same problems as comparing every pair of edges', () => {
    // Random rings of a few positions on a small grid: crossings, touches and overlaps are common.
    const point = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 9 }), (positions) => {
        const ring: Ring = [...positions, positions[0]!];
        expect(polygonProblems([ring]).length > 0).toBe(!isSimpleByBruteForce(ring));
      }),
    );
  });

  it('checks a ring of 10,000 positions in well under a second', () => {
    const n = 10_000;
    const ring: Ring = Array.from({ length: n }, (_, i) => {
      const t = (2 * Math.PI * i) / n;
      const r = 0.01 * (1 + 0.3 * Math.sin(7 * t));
      return [111.79 + r * Math.cos(t), 37.26 + r * Math.sin(t)] as Position;
    });
    ring.push(ring[0]!);
    const started = performance.now();
    expect(polygonProblems([ring])).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parcelProblems', () => {
  it('names the bad ring by its path in a Polygon and in a MultiPolygon', () => {
    const bowTie: Position[] = [
      [111.79, 37.26],
      [111.791, 37.261],
      [111.791, 37.26],
      [111.79, 37.261],
      [111.79, 37.26],
    ];
    expect(parcelProblems({ type: 'Polygon', coordinates: [bowTie] } as Parcel)).toEqual([
      { path: '/coordinates/0', reason: expect.stringMatching(/^crosses or touches itself/) },
    ]);
    expect(parcelProblems({ type: 'MultiPolygon', coordinates: [[square], [bowTie]] } as Parcel)).toEqual([
      { path: '/coordinates/1/0', reason: expect.stringMatching(/^crosses or touches itself/) },
    ]);
  });

  it('refuses a parcel of more than 10,000 positions at the parcel itself, before checking its rings', () => {
    const many: Position[] = Array.from({ length: 10_001 }, (_, i) => [
      111 + i * 1e-6,
      37 + ((i * 7919) % 13) * 1e-6,
    ]);
    expect(parcelProblems({ type: 'Polygon', coordinates: [many] } as Parcel)).toEqual([
      { path: '', reason: 'has 10001 positions; a parcel may have at most 10000' },
    ]);
  });

  it('refuses a sliver whose positions lie a hair off one line: exact predicates see area, the measure sees none', () => {
    const sliver: Position[] = [
      [111.79, 37.26],
      [111.791, 37.261],
      [111.792, 37.262],
      [111.79, 37.26],
    ];
    expect(polygonProblems([sliver])).toEqual([]);
    expect(parcelProblems({ type: 'Polygon', coordinates: [sliver] } as Parcel)).toEqual([
      { path: '/coordinates/0', reason: 'encloses no measurable area (less than 0.005 mu)' },
    ]);
  });

  it('never gives a negative area, even for a hole larger than its ring', () => {
    const big = square.map(([x, y]) => [111.79 + (x - 111.79) * 3, 37.26 + (y - 37.26) * 3] as Position);
    expect(areaMu({ type: 'Polygon', coordinates: [square, big] } as Parcel)).toBe(0);
  });
});

/** The reference: a ring is simple when it is closed, repeats no position and no two edges meet but neighbours at their shared position, without folding back. */
function isSimpleByBruteForce(ring: Ring): boolean {
  const n = ring.length - 1;
  const keys = ring.slice(0, n).map(([x, y]) => `${x},${y}`);
  if (new Set(keys).size !== n) return false;
  const [a, b] = [ring[0]!, ring[1]!];
  if (ring.every((c) => cross(a, b, c) === 0)) return false;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [p, q, r, s] = [ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!];
      const neighbours = j === i + 1 || (i === 0 && j === n - 1);
      if (!neighbours) {
        if (meetOnGrid(p, q, r, s)) return false;
        continue;
      }
      // Neighbours share one position; they overlap when the far end of the second lies collinear
      // with the first and on its side of the shared position.
      const [first, second] =
        j === i + 1
          ? [
              [p, q],
              [r, s],
            ]
          : [
              [r, s],
              [p, q],
            ];
      const [x, y, z] = [first[0]!, first[1]!, second[1]!];
      if (cross(x, y, z) === 0 && (x[0] - y[0]) * (z[0] - y[0]) + (x[1] - y[1]) * (z[1] - y[1]) > 0)
        return false;
    }
  }
  return true;
}

/** Integer cross product: exact on the small grid the property draws from. */
const cross = (p: Position, q: Position, r: Position) =>
  (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);

/** The textbook segment test in exact integer arithmetic, independent of the module under test. */
function meetOnGrid(p: Position, q: Position, r: Position, s: Position): boolean {
  const on = (a: Position, b: Position, c: Position) =>
    cross(a, b, c) === 0 &&
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1]);
  const d1 = Math.sign(cross(r, s, p));
  const d2 = Math.sign(cross(r, s, q));
  const d3 = Math.sign(cross(p, q, r));
  const d4 = Math.sign(cross(p, q, s));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return on(r, s, p) || on(r, s, q) || on(p, q, r) || on(p, q, s);
}
