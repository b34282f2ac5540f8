import { type Static, Type } from '@sinclair/typebox';

// GeoJSON (RFC 7946) in WGS84 longitude/latitude. The schema checks shape and ranges;
// ring closure and the minimum of four positions are checked too, since a bad ring gives a wrong area.
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
  description: 'GeoJSON Polygon or MultiPolygon, WGS84',
});
export type Parcel = Static<typeof Parcel>;

type Ring = [number, number][];

/** Rings whose first and last positions differ: JSON Schema cannot say this, so we check it here. */
export function openRings(parcel: Parcel): string[] {
  const bad: string[] = [];
  const check = (ring: Ring, path: string) => {
    const a = ring[0];
    const b = ring[ring.length - 1];
    if (!a || !b || a[0] !== b[0] || a[1] !== b[1]) bad.push(path);
  };
  if (parcel.type === 'Polygon') {
    for (const [i, ring] of parcel.coordinates.entries()) check(ring as Ring, `/coordinates/${i}`);
  } else {
    for (const [i, polygon] of parcel.coordinates.entries())
      for (const [j, ring] of polygon.entries()) check(ring as Ring, `/coordinates/${i}/${j}`);
  }
  return bad;
}

const EARTH_RADIUS_M = 6_378_137;
export const SQUARE_METRES_PER_MU = 10_000 / 15;

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
  return holes.reduce((a, h) => a - ringAreaM2(h), ringAreaM2(outer));
}

/** Area of a parcel in mu (1 mu = 666.67 m²), rounded to 0.01 mu. */
export function areaMu(parcel: Parcel): number {
  const m2 =
    parcel.type === 'Polygon'
      ? polygonAreaM2(parcel.coordinates as Ring[])
      : parcel.coordinates.reduce((a, p) => a + polygonAreaM2(p as Ring[]), 0);
  return Math.round((m2 / SQUARE_METRES_PER_MU) * 100) / 100;
}
