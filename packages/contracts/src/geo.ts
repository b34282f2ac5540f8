import { type Static, Type } from '@sinclair/typebox';
import { polygonProblems } from './parcel-geometry.ts';
import type { FieldError } from './problems.ts';

// GeoJSON (RFC 7946) in WGS84 longitude/latitude. The schema checks shape and ranges (four positions
// at least per ring); parcelProblems checks what a schema cannot, since a bad ring gives a wrong area.
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Position = Type.Tuple([Longitude, Latitude], { description: '[longitude, latitude]' });
export const LinearRing = Type.Array(Position, { minItems: 4, description: 'closed ring: first = last' });

export const Polygon = Type.Object(
  { type: Type.Literal('Polygon'), coordinates: Type.Array(LinearRing, { minItems: 1 }) },
  { additionalProperties: false },
);
export const MultiPolygon = Type.Object(
  {
    type: Type.Literal('MultiPolygon'),
    coordinates: Type.Array(Type.Array(LinearRing, { minItems: 1 }), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export const Parcel = Type.Union([Polygon, MultiPolygon], {
  description:
    'GeoJSON Polygon or MultiPolygon, WGS84; each ring closed, simple and enclosing an area, each hole inside its ring; at most 10,000 positions',
});
export type Parcel = Static<typeof Parcel>;

type Ring = [number, number][];

/**
 * More than a surveyed parcel (图斑) needs, and a bound on the work of checking its rings, which is
 * quadratic in the worst case (a comb whose long teeth all span the same longitudes).
 */
export const MAX_PARCEL_POSITIONS = 10_000;

/**
 * What JSON Schema cannot say about a parcel (see parcel-geometry.ts): each ring closed, simple and
 * enclosing an area, each hole inside its exterior ring and apart from the other rings. One problem
 * per bad ring, its path relative to the parcel (`/coordinates/0`, or `/coordinates/1/0` in a
 * MultiPolygon).
 */
export function parcelProblems(parcel: Parcel): FieldError[] {
  const polygons = (parcel.type === 'Polygon' ? [parcel.coordinates] : parcel.coordinates) as Ring[][];
  const positions = polygons.reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length, 0), 0);
  if (positions > MAX_PARCEL_POSITIONS) {
    return [
      { path: '', reason: `has ${positions} positions; a parcel may have at most ${MAX_PARCEL_POSITIONS}` },
    ];
  }
  const prefix = (i: number) => (parcel.type === 'Polygon' ? '/coordinates' : `/coordinates/${i}`);
  return polygons.flatMap((rings, i) => {
    const problems = polygonProblems(rings);
    // Exactly collinear rings are caught above; a sliver a hair off the line is caught by its area.
    for (const [j, ring] of rings.entries()) {
      if (!problems.some((p) => p.ring === j) && ringAreaM2(ring) < MIN_RING_AREA_M2) {
        problems.push({ ring: j, reason: 'encloses no measurable area (less than 0.005 mu)' });
      }
    }
    return problems
      .sort((a, b) => a.ring - b.ring)
      .map(({ ring, reason }) => ({ path: `${prefix(i)}/${ring}`, reason }));
  });
}

const EARTH_RADIUS_M = 6_378_137;
export const SQUARE_METRES_PER_MU = 10_000 / 15;
/** Half the 0.01 mu areas are rounded to: a ring enclosing less has no area worth the name. */
const MIN_RING_AREA_M2 = 0.005 * SQUARE_METRES_PER_MU;

// Spherical excess of a ring on the WGS84 sphere (the same formula Turf and OpenLayers use).
function ringAreaM2(ring: Ring): number {
  let total = 0;
  const rad = Math.PI / 180;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    total += (lon2 - lon1) * rad * (2 + Math.sin(lat1 * rad) + Math.sin(lat2 * rad));
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

function polygonAreaM2(rings: Ring[]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  // Never below zero: holes are checked to lie inside their ring, but the projection the formula
  // works in may bend an edge that nearly touches another.
  return Math.max(
    0,
    holes.reduce((a, h) => a - ringAreaM2(h), ringAreaM2(outer)),
  );
}

/** Area of a parcel in mu (1 mu = 666.67 m²), rounded to 0.01 mu. */
export function areaMu(parcel: Parcel): number {
  const m2 =
    parcel.type === 'Polygon'
      ? polygonAreaM2(parcel.coordinates as Ring[])
      : parcel.coordinates.reduce((a, p) => a + polygonAreaM2(p as Ring[]), 0);
  return Math.round((m2 / SQUARE_METRES_PER_MU) * 100) / 100;
}
