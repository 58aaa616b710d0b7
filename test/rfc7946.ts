/**
 * Structural checks of a GeoJSON text against RFC 7946 (https://www.rfc-editor.org/rfc/rfc7946):
 * returns the list of problems (empty when valid). Written here rather than taken from a
 * package: the rules the exports can break are few and stated below, each with its section.
 */
type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** §3.1.1: a position is 2 or 3 numbers, longitude then latitude (WGS 84, §4). */
function position(p: Json, where: string, out: string[]): void {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    out.push(`${where}: a position is 2 or 3 finite numbers`);
    return;
  }
  const [lon, lat] = p as number[];
  if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) out.push(`${where}: [${lon}, ${lat}] is not longitude, latitude in WGS 84 degrees`);
}

/** Twice the signed area of a ring (positive: counter-clockwise). */
function signedArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return a;
}

/** §3.1.6: linear rings of 4 or more positions, closed; exterior counter-clockwise, holes clockwise (right-hand rule). */
function polygon(coords: Json, where: string, out: string[]): void {
  if (!Array.isArray(coords) || coords.length === 0) {
    out.push(`${where}: a Polygon's coordinates are a non-empty array of linear rings`);
    return;
  }
  coords.forEach((ring, r) => {
    if (!Array.isArray(ring) || ring.length < 4) {
      out.push(`${where}[${r}]: a linear ring has 4 or more positions`);
      return;
    }
    ring.forEach((p, i) => position(p, `${where}[${r}][${i}]`, out));
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) out.push(`${where}[${r}]: a linear ring is closed (first and last positions equal)`);
    const area = signedArea(ring as number[][]);
    if (r === 0 && area <= 0) out.push(`${where}[0]: the exterior ring is counter-clockwise`);
    if (r > 0 && area >= 0) out.push(`${where}[${r}]: a hole is clockwise`);
  });
}

/** §3.1: geometry objects. */
function geometry(g: Json, where: string, out: string[]): void {
  if (g === null) return; // §3.2: an unlocated feature
  if (!isObject(g)) {
    out.push(`${where}: a geometry is an object or null`);
    return;
  }
  const c = g['coordinates'];
  switch (g['type']) {
    case 'Point':
      position(c, `${where}.coordinates`, out);
      break;
    case 'MultiPoint':
    case 'LineString':
      if (!Array.isArray(c)) out.push(`${where}.coordinates: an array`);
      else c.forEach((p, i) => position(p, `${where}.coordinates[${i}]`, out));
      break;
    case 'Polygon':
      polygon(c, `${where}.coordinates`, out);
      break;
    case 'MultiPolygon':
      if (!Array.isArray(c)) out.push(`${where}.coordinates: an array`);
      else c.forEach((p, i) => polygon(p, `${where}.coordinates[${i}]`, out));
      break;
    default:
      out.push(`${where}.type: "${String(g['type'])}" is not a geometry type this export writes`);
  }
}

/** Problems of a GeoJSON FeatureCollection text (empty: valid). */
export function rfc7946Problems(text: string): string[] {
  const out: string[] = [];
  let doc: Json;
  try {
    doc = JSON.parse(text); // §2: a GeoJSON text is a JSON text
  } catch (e) {
    return [`not JSON: ${(e as Error).message}`];
  }
  if (!isObject(doc) || doc['type'] !== 'FeatureCollection') return ['the top level is a FeatureCollection object'];
  if ('crs' in doc) out.push('§4: no "crs" member (coordinates are WGS 84)');
  if (!Array.isArray(doc['features'])) return [...out, '§3.3: "features" is an array'];
  const ids = new Set<Json>();
  doc['features'].forEach((f, i) => {
    const where = `features[${i}]`;
    if (!isObject(f) || f['type'] !== 'Feature') {
      out.push(`${where}: §3.2: a Feature object`);
      return;
    }
    if (!('geometry' in f)) out.push(`${where}: §3.2: has a "geometry" member`);
    else geometry(f['geometry'], `${where}.geometry`, out);
    if (!('properties' in f) || !(f['properties'] === null || isObject(f['properties']))) out.push(`${where}: §3.2: "properties" is an object or null`);
    if ('id' in f) {
      if (typeof f['id'] !== 'string' && typeof f['id'] !== 'number') out.push(`${where}.id: §3.2: a string or a number`);
      if (ids.has(f['id'])) out.push(`${where}.id: ${String(f['id'])} is used twice`);
      ids.add(f['id']);
    }
  });
  return out;
}
