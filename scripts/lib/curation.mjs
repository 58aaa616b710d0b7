// @ts-check
// The hand decisions in scripts/curation/*.yaml: data, each decision with its reason.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import process from 'node:process';
import { REPO_ROOT } from './paths.mjs';

export const CURATION_DIR = path.join(REPO_ROOT, 'scripts', 'curation');

/**
 * Read scripts/curation/<file>, or <dir>/<file> (YAML; a key given twice is an error, not a
 * silent replacement). A file that cannot be read or parsed stops the build: one line on
 * stderr, exit 2 (the scripts read their curation when they load, before main() runs).
 * `doc` is the parsed document (its nodes have source ranges) and `lineOf` turns an offset
 * of `text` into a 1-based line number, for messages that point into the file.
 * @param {string} file
 * @param {string} [dir]
 * @returns {{ text: string, data: any, doc: YAML.Document.Parsed, lineOf: (offset: number) => number }}
 */
export function readCuration(file, dir = CURATION_DIR) {
  const full = path.join(dir, file);
  try {
    const text = readFileSync(full, 'utf8');
    const lineCounter = new LineCounter();
    // What YAML.parse does (first error thrown, warnings emitted), keeping the document.
    const doc = YAML.parseDocument(text, { uniqueKeys: true, lineCounter });
    for (const warning of doc.warnings) process.emitWarning(warning);
    if (doc.errors.length > 0) throw doc.errors[0];
    return { text, data: doc.toJS(), doc, lineOf: (offset) => lineCounter.linePos(offset).line };
  } catch (err) {
    const shown = path.relative(REPO_ROOT, full).startsWith('..') ? full : path.relative(REPO_ROOT, full).split(path.sep).join('/');
    process.stderr.write(`${path.basename(process.argv[1] ?? 'build', '.mjs')}: ${shown}: ${String(/** @type {Error} */ (err).message).split('\n')[0]}\n`);
    process.exit(2);
  }
}
