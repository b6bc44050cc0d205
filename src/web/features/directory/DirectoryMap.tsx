// The directory's map: one keyboard-reachable marker per place, a popup linking to the page of
// the practitioner (or provider). Plain Leaflet (BSD-2-Clause) in a small React wrapper, loaded on
// demand (React.lazy) so that the rest of the app does not carry it. Markers are CSS-drawn
// divIcons: Leaflet's default image icons break under bundlers.
// No tile URL (offline, or not configured): no tile layer, markers on a neutral background.
import 'leaflet/dist/leaflet.css';
import './map.css';
import * as L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';

export interface MapPoint {
  key: string;
  latitude: number;
  longitude: number;
  /** The practitioner's (or provider's) name: the marker's accessible name and the popup's link. */
  title: string;
  /** Further popup lines (address, specialties). */
  lines: string[];
  href: string;
  partner?: boolean;
}

export interface DirectoryMapProps {
  points: readonly MapPoint[];
  tileUrl: string | null;
  attribution: string;
  /** aria-label of the map region. */
  label: string;
  zoomInTitle: string;
  zoomOutTitle: string;
}

/** Metropolitan France, when there is nothing to show yet. */
const FRANCE: L.LatLngTuple = [46.6, 2.4];

function popupContent(point: MapPoint, go: (href: string) => void): HTMLElement {
  const root = document.createElement('div');
  root.className = 'directory-popup';
  const link = document.createElement('a');
  link.href = point.href;
  link.textContent = point.title;
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(point.href);
  });
  root.append(link);
  for (const line of point.lines) {
    const p = document.createElement('p');
    p.textContent = line;
    root.append(p);
  }
  return root;
}

export default function DirectoryMap({ points, tileUrl, attribution, label, zoomInTitle, zoomOutTitle }: DirectoryMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const navigate = useNavigate();
  const go = useRef(navigate);
  useEffect(() => {
    go.current = navigate;
  }, [navigate]);

  // The map itself, rebuilt only when the background changes.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const created = L.map(element, { center: FRANCE, zoom: 5, zoomControl: false, attributionControl: Boolean(tileUrl), worldCopyJump: true });
    L.control.zoom({ zoomInTitle, zoomOutTitle }).addTo(created);
    if (tileUrl) L.tileLayer(tileUrl, { attribution, maxZoom: 19 }).addTo(created);
    // Leaflet makes its container focusable (keyboard panning): give it a role and a name.
    element.setAttribute('role', 'region');
    element.setAttribute('aria-label', label);
    setMap(created);
    return () => {
      created.remove();
      setMap(null);
    };
  }, [tileUrl, attribution, label, zoomInTitle, zoomOutTitle]);

  // The markers of the current results; the view fits them.
  useEffect(() => {
    if (!map) return;
    const layer = L.layerGroup().addTo(map);
    for (const point of points) {
      const icon = L.divIcon({ className: point.partner ? 'directory-marker is-partner' : 'directory-marker', iconSize: [18, 18], html: '' });
      const marker = L.marker([point.latitude, point.longitude], { icon, title: point.title, keyboard: true, riseOnHover: true });
      marker.bindPopup(() => popupContent(point, (href) => go.current(href)));
      marker.addTo(layer);
      marker.getElement()?.setAttribute('aria-label', point.title);
    }
    if (points.length > 0) {
      const bounds = L.latLngBounds(points.map((point) => [point.latitude, point.longitude] as L.LatLngTuple));
      map.fitBounds(bounds, { padding: [32, 32], maxZoom: 13 });
    } else {
      map.setView(FRANCE, 5);
    }
    return () => {
      layer.remove();
    };
  }, [map, points]);

  return <div ref={container} className="directory-map" data-tiles={tileUrl ? 'tiles' : 'none'} data-testid="directory-map" />;
}
