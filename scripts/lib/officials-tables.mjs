// @ts-check
// The curated officials tables scripts/curation/officials-*.yaml (issue 12; YAML since
// issue 14): one mapping per role under `roles:`, read like every other curation file
// (readCuration). Used by build-actors.mjs and officials-suspects.mjs.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { sha256 } from './lexicon-file.mjs';
import { readCuration, CURATION_DIR } from './curation.mjs';
import { REPO_ROOT } from './paths.mjs';

/** The fields of a row, in the order the tables write them; `id` only when two people share a name. */
const OFFICIALS_FIELDS = /** @type {const} */ (['name', 'id', 'aliases', 'short_forms', 'role', 'title', 'affiliation', 'province', 'start', 'end', 'dates', 'source', 'notes']);
/** The fields that hold a list of values (the others hold one text). */
const LIST_FIELDS = new Set(['aliases', 'short_forms', 'source']);

/**
 * One row (one role) of a table. A field the row leaves out is '' (or [] for a list);
 * every value is trimmed, empty list items are left out. `where` is "<file>:<line>".
 * @typedef {{ name: string, id: string, aliases: string[], short_forms: string[], role: string, title: string,
 *   affiliation: string, province: string, start: string, end: string, dates: string, source: string[],
 *   notes: string, file: string, line: number, where: string }} OfficialsRow
 * @typedef {{ file: string, sha256: string, rows: OfficialsRow[] }} OfficialsTable
 */

/**
 * Read every officials-*.yaml of `dir` (default scripts/curation/), in file-name order. A
 * problem of form (not a mapping, an unknown field, a value that is not text, a list that is
 * not a list of texts) goes to `onError` with its file and line; the row is kept with what
 * could be read.
 * @param {{ dir?: string, onError: (message: string) => void }} options
 * @returns {OfficialsTable[]} `file` is the path from the repository root (or the absolute path outside it)
 */
export function readOfficialsTables({ dir = CURATION_DIR, onError }) {
  const files = readdirSync(dir)
    .filter((f) => /^officials-.*\.yaml$/.test(f))
    .sort();
  return files.map((f) => {
    const rel = path.relative(REPO_ROOT, path.join(dir, f));
    const label = rel.startsWith('..') ? path.join(dir, f) : rel.split(path.sep).join('/');
    const { text, data, doc, lineOf } = readCuration(f, dir);
    /** @type {OfficialsRow[]} */
    const rows = [];
    if (data === null || typeof data !== 'object' || Array.isArray(data) || !Array.isArray(data.roles)) {
      onError(`${label}: expected a mapping with a list \`roles:\` (one mapping per role)`);
      return { file: label, sha256: sha256(text), rows };
    }
    for (const k of Object.keys(data)) if (k !== 'roles') onError(`${label}: unknown key "${k}" (only \`roles:\`)`);
    const nodes = /** @type {YAML.YAMLSeq} */ (doc.get('roles', true)).items;
    /** @type {unknown[]} */ (data.roles).forEach((item, i) => {
      const range = /** @type {{ range?: [number, number, number] } | undefined} */ (nodes[i])?.range;
      const line = range ? lineOf(range[0]) : 0;
      const where = `${label}:${line}`;
      /** @type {Record<string, string | string[]>} */
      const row = {};
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        onError(`${where}: a role is a mapping of fields (${OFFICIALS_FIELDS.join(', ')})`);
        item = {};
      }
      const fields = /** @type {Record<string, unknown>} */ (item);
      for (const k of Object.keys(fields)) if (!(/** @type {readonly string[]} */ (OFFICIALS_FIELDS).includes(k))) onError(`${where}: unknown field "${k}"`);
      for (const k of OFFICIALS_FIELDS) {
        const v = fields[k];
        if (LIST_FIELDS.has(k)) {
          if (v === undefined || v === null) row[k] = [];
          else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) row[k] = v.map((x) => x.trim()).filter((x) => x !== '');
          else {
            onError(`${where}: ${k} is a list of texts (one "- " line each)`);
            row[k] = [];
          }
        } else if (v === undefined || v === null) row[k] = '';
        else if (typeof v === 'string') row[k] = v.trim();
        else {
          onError(`${where}: ${k} ${JSON.stringify(v)} is not a text${k === 'start' || k === 'end' ? " (quote a date: '2001')" : ''}`);
          row[k] = String(v);
        }
      }
      rows.push(/** @type {OfficialsRow} */ ({ ...row, file: label, line, where }));
    });
    return { file: label, sha256: sha256(text), rows };
  });
}
