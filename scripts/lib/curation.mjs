// @ts-check
// The hand decisions in scripts/curation/*.yaml: data, each decision with its reason.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import process from 'node:process';
import { REPO_ROOT } from './paths.mjs';

export const CURATION_DIR = path.join(REPO_ROOT, 'scripts', 'curation');

/**
 * Read scripts/curation/<file> (YAML; a key given twice is an error, not a silent
 * replacement). A file that cannot be read or parsed stops the build: one line on stderr,
 * exit 2 (the scripts read their curation when they load, before main() runs).
 * @param {string} file
 * @returns {{ text: string, data: any }}
 */
export function readCuration(file) {
  const full = path.join(CURATION_DIR, file);
  try {
    const text = readFileSync(full, 'utf8');
    return { text, data: YAML.parse(text, { uniqueKeys: true }) };
  } catch (err) {
    process.stderr.write(`${path.basename(process.argv[1] ?? 'build', '.mjs')}: scripts/curation/${file}: ${String(/** @type {Error} */ (err).message).split('\n')[0]}\n`);
    process.exit(2);
  }
}
