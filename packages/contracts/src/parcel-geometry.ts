import { orient2d } from 'robust-predicates';

// What JSON Schema cannot say about a GeoJSON polygon, checked wherever a parcel comes in: each
// ring closed, simple (no edge meets another except its neighbours at their shared position) and
// enclosing an area; each hole apart from the other rings and inside the exterior ring. A ring that
// crosses itself (a bow-tie) or doubles back has no meaningful area, and the area decides the
// statutory thresholds (5 mu of PBF, 10 mu of farmland), so such a parcel is refused, not guessed at.
//
// Written here rather than taken from a library: @turf/kinks (through sweepline-intersections)
// misses collinear overlaps, which is exactly how a degenerate ring shows, and @turf/boolean-valid
// finds no crossing inside a single ring. The decisions rest on `orient2d` from robust-predicates
// (Shewchuk's exact orientation test), so collinear and touching cases are decided exactly rather
// than by a floating-point tolerance.

export type Position = readonly [number, number];
type Ring = readonly Position[];

/** A problem with one ring: `ring` indexes the polygon's rings (0 is the exterior one). */
export interface RingProblem {
  ring: number;
  reason: string;
}

/** > 0 when c lies left of the directed line a→b, < 0 right of it, 0 on it (exact). */
const side = (a: Position, b: Position, c: Position): number => -orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** For c collinear with a and b: whether it lies on the closed segment ab (exact comparisons). */
const within = (a: Position, b: Position, c: Position): boolean =>
  Math.min(a[0], b[0]) <= c[0] &&
  c[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= c[1] &&
  c[1] <= Math.max(a[1], b[1]);

/** Whether the closed segments pq and rs have any point in common. */
export function segmentsMeet(p: Position, q: Position, r: Position, s: Position): boolean {
  const d1 = sign(side(r, s, p));
  const d2 = sign(side(r, s, q));
  const d3 = sign(side(p, q, r));
  const d4 = sign(side(p, q, s));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && within(r, s, p)) ||
    (d2 === 0 && within(r, s, q)) ||
    (d3 === 0 && within(p, q, r)) ||
    (d4 === 0 && within(p, q, s))
  );
}

interface Edge {
  ring: number;
  /** Index of the edge's first position in its ring. */
  index: number;
  /** Edges in the ring (positions - 1), to tell the closing edge's neighbour. */
  count: number;
  a: Position;
  b: Position;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function edgesOf(ring: Ring, ringIndex: number): Edge[] {
  const count = ring.length - 1;
  const edges: Edge[] = [];
  for (let i = 0; i < count; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    edges.push({
      ring: ringIndex,
      index: i,
      count,
      a,
      b,
      minX: Math.min(a[0], b[0]),
      maxX: Math.max(a[0], b[0]),
      minY: Math.min(a[1], b[1]),
      maxY: Math.max(a[1], b[1]),
    });
  }
  return edges;
}

/** Neighbours in one ring, as a→b→c around their shared position b (the closing edge precedes edge 0). */
function aroundShared(e: Edge, f: Edge): [Edge, Edge] {
  if (f.index === e.index + 1) return [e, f];
  if (e.index === f.index + 1) return [f, e];
  return e.index === 0 ? [f, e] : [e, f];
}

const adjacent = (e: Edge, f: Edge): boolean =>
  e.ring === f.ring && (Math.abs(e.index - f.index) === 1 || Math.abs(e.index - f.index) === e.count - 1);

/** How two edges of one ring meet when they should not, or undefined when they are fine. */
function clash(e: Edge, f: Edge): string | undefined {
  if (adjacent(e, f)) {
    // Neighbours share one position; they go wrong only by folding back along each other: c collinear
    // with a and b, and on a's side of b (coordinates compare exactly).
    const [before, after] = aroundShared(e, f);
    const [a, b, c] = [before.a, before.b, after.b];
    if (side(a, b, c) !== 0) return undefined;
    const back =
      a[0] !== b[0] ? sign(a[0] - b[0]) === sign(c[0] - b[0]) : sign(a[1] - b[1]) === sign(c[1] - b[1]);
    return back ? `doubles back on itself at position ${after.index}` : undefined;
  }
  if (!segmentsMeet(e.a, e.b, f.a, f.b)) return undefined;
  const [lo, hi] = e.index < f.index ? [e, f] : [f, e];
  return `crosses or touches itself: the edge from position ${lo.index} to ${lo.index + 1} meets the edge from position ${hi.index} to ${hi.index + 1}`;
}

/**
 * Every pair of edges whose boxes overlap, by a sweep over x: near-linear for the parcels surveys
 * draw, quadratic only when most edges span the same x range. Reports each ring's first problem.
 */
function edgeClashes(
  edges: Edge[],
  report: (ring: number, reason: string) => void,
  settled: () => boolean,
): void {
  const sorted = [...edges].sort((e, f) => e.minX - f.minX);
  let active: Edge[] = [];
  for (const e of sorted) {
    if (settled()) return;
    active = active.filter((f) => f.maxX >= e.minX);
    for (const f of active) {
      if (f.maxY < e.minY || f.minY > e.maxY) continue;
      if (e.ring === f.ring) {
        const reason = clash(e, f);
        if (reason) report(e.ring, reason);
      } else if (segmentsMeet(e.a, e.b, f.a, f.b)) {
        // Between two rings, the later one (a hole) is the one in the wrong.
        const [ring, other] = e.ring > f.ring ? [e.ring, f.ring] : [f.ring, e.ring];
        report(ring, `touches or crosses ring ${other} of the polygon`);
      }
    }
    active.push(e);
  }
}

/** Whether p lies inside the ring (winding number; p is known not to lie on it). */
function inside(ring: Ring, p: Position): boolean {
  let winding = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    if (a[1] <= p[1]) {
      if (b[1] > p[1] && side(a, b, p) > 0) winding++;
    } else if (b[1] <= p[1] && side(a, b, p) < 0) winding--;
  }
  return winding !== 0;
}

const key = (p: Position) => `${p[0]},${p[1]}`;

/** What is wrong with one ring on its own, before its edges are compared. */
function ringShapeProblem(ring: Ring): string | undefined {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1])
    return 'ring is not closed: its first and last positions must be equal';
  const seen = new Map<string, number>();
  for (let i = 0; i < ring.length - 1; i++) {
    const at = seen.get(key(ring[i]!));
    if (at !== undefined)
      return `repeats the position [${ring[i]![0]}, ${ring[i]![1]}] (positions ${at} and ${i}); only the last may repeat the first`;
    seen.set(key(ring[i]!), i);
  }
  if (ring.length < 4) return 'has fewer than 3 distinct positions';
  const [a, b] = [ring[0]!, ring[1]!];
  if (ring.every((c) => side(a, b, c) === 0)) return 'encloses no area: its positions lie on one line';
  return undefined;
}

/**
 * The problems of a polygon's rings (exterior first, then holes), at most one per ring. Assumes the
 * JSON Schema shape (positions are [longitude, latitude] numbers, at least four per ring).
 */
export function polygonProblems(rings: readonly Ring[]): RingProblem[] {
  const found = new Map<number, string>();
  const report = (ring: number, reason: string) => {
    if (!found.has(ring)) found.set(ring, reason);
  };
  for (const [i, ring] of rings.entries()) {
    const problem = ringShapeProblem(ring);
    if (problem) report(i, problem);
  }
  const sound = rings.map((_, i) => !found.has(i));
  const edges = rings.flatMap((ring, i) => (sound[i] ? edgesOf(ring, i) : []));
  edgeClashes(edges, report, () => found.size === rings.length);
  const [shell, ...holes] = rings;
  if (shell && !found.has(0)) {
    for (const [k, hole] of holes.entries()) {
      const i = k + 1;
      if (found.has(i)) continue;
      if (!inside(shell, hole[0]!)) {
        report(i, 'lies outside the exterior ring (ring 0): a hole must lie inside it');
        continue;
      }
      for (const [l, other] of holes.entries()) {
        if (l !== k && !found.has(l + 1) && inside(other, hole[0]!)) {
          report(i, `lies inside ring ${l + 1}, another hole of the polygon`);
          break;
        }
      }
    }
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([ring, reason]) => ({ ring, reason }));
}
