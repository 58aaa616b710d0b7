// @ts-check
// Reading tab-separated tables: the reference tables in ../shared/reference. (The curated
// officials tables in scripts/curation/ are YAML since issue 14: lib/officials-tables.mjs.)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from './lexicon-file.mjs';

/**
 * @typedef {Record<string, string>} TsvRow
 * @typedef {{ rows: TsvRow[], text: string, sha256: string }} Tsv
 */

/**
 * Read a table with a header line. Empty lines are skipped; a missing file, a missing column
 * or a row whose cell count differs from the header's is reported through `onError` (the row
 * is kept, missing cells read as '').
 * @param {string} file
 * @param {readonly string[]} columns the columns the caller needs
 * @param {{ onError: (message: string) => void, trim?: boolean }} options
 *   `trim` trims every cell and header name
 * @returns {Tsv}
 */
export function readTsv(file, columns, { onError, trim = false }) {
  const label = path.basename(file);
  if (!existsSync(file)) {
    onError(`${file}: not found (use --reference DIR)`);
    return { rows: [], text: '', sha256: '' };
  }
  const text = readFileSync(file, 'utf8');
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  /** @type {{ line: string, no: number }[]} */
  const lines = [];
  all.forEach((line, i) => {
    if (line.trim() === '') return;
    lines.push({ line, no: i + 1 });
  });
  const cell = trim ? (/** @type {string} */ s) => s.trim() : (/** @type {string} */ s) => s;
  const header = (lines[0]?.line ?? '').split('\t').map(cell);
  for (const c of columns) if (!header.includes(c)) onError(`${label}: column "${c}" is missing`);
  const body = lines.slice(1);
  const rows = body.map(({ line, no }) => {
    const cells = line.split('\t');
    if (cells.length !== header.length) onError(`${label}:${no}: ${cells.length} cells, header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, cell(cells[j] ?? '')]));
  });
  return { rows, text, sha256: sha256(text) };
}

/** The values of a multi-valued cell ("a | b | c"), trimmed, empty ones left out. */
export function splitMulti(/** @type {string | undefined} */ value) {
  return (value ?? '')
    .split(' | ')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
