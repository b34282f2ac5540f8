// This service's test fixtures; the embedded HTTP harness itself is the kit's.
import type { Polygon as PolygonSchema } from '@landcase/contracts';
import type { Static } from '@sinclair/typebox';

export {
  eventually,
  type Harness,
  harness,
  NOW,
  pathsOf,
  type Response,
} from '@landcase/service-kit/testing';

type Polygon = Static<typeof PolygonSchema>;

/** A square of about 6.2 mu in Fenyang (141181): side 64.3 m. */
export function squareParcel(originLon = 111.79, originLat = 37.26, sideM = 64.3): Polygon {
  const dLat = sideM / 111_320;
  const dLon = sideM / (111_320 * Math.cos((originLat * Math.PI) / 180));
  return {
    type: 'Polygon',
    coordinates: [
      [
        [originLon, originLat],
        [originLon + dLon, originLat],
        [originLon + dLon, originLat + dLat],
        [originLon, originLat + dLat],
        [originLon, originLat],
      ],
    ],
  };
}

export const clueBody = (overrides: Record<string, unknown> = {}) => ({
  source: 'satellite',
  externalRef: 'SX-2026-03-000017',
  divisionCode: '141181',
  landClass: 'pbf',
  parcel: squareParcel(),
  observedAt: '2026-03-02T09:00:00+08:00',
  evidence: [{ uri: 'https://sweep.example/2026-03/tile-17.tif', sha256: 'a'.repeat(64) }],
  ...overrides,
});

export const illegalVerdict = (overrides: Record<string, unknown> = {}) => ({
  verdict: 'illegal',
  areaMu: 6.2,
  landClass: 'pbf',
  ongoing: true,
  party: { name: 'Fenyang Brick Works Ltd', kind: 'organization' },
  ...overrides,
});
