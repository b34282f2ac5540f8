import { useEffect, useRef } from 'preact/hooks';

// The parcel's polygon on a neutral background, with a scale bar: no tile layer, so nothing is
// fetched from a map server. Leaflet loads with the first map, in a chunk of its own.

type Geometry = { type: string; coordinates: unknown };

export function ParcelMap({ parcel, label }: { parcel: Geometry; label: string }) {
  const element = useRef<HTMLElement>(null);
  useEffect(() => {
    let map: { remove(): void } | undefined;
    let live = true;
    Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]).then(([{ default: L }]) => {
      if (!live || !element.current) return;
      const leaflet = L.map(element.current, { attributionControl: false, zoomSnap: 0.25 });
      const shape = L.geoJSON(parcel as GeoJSON.GeoJsonObject, {
        style: { color: '#b3261e', weight: 2, fillColor: '#e8a39c', fillOpacity: 0.45 },
      }).addTo(leaflet);
      leaflet.fitBounds(shape.getBounds(), { padding: [24, 24] });
      L.control.scale({ metric: true, imperial: false }).addTo(leaflet);
      map = leaflet;
    });
    return () => {
      live = false;
      map?.remove();
    };
  }, [parcel]);
  // A labelled region, not an image: it holds the zoom buttons and takes the arrow keys.
  return <section class="map" ref={element} aria-label={label} />;
}
