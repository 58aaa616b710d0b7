// @ts-check
// The generated lexicon files: their YAML form with a header comment, schema validation,
// and writing them or (--check) comparing them with the files on disk.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import { Ajv } from 'ajv';
import { fail } from './problems.mjs';
import { REPO_ROOT } from './paths.mjs';

export const LEXICON_FORMAT = 'afghan-annotator/lexicon@1';

export function sha256(/** @type {string} */ text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A lexicon as YAML text: `header` lines (each starting with a space) become the leading
 * comment; `flowKeys` are the entry keys printed on one line (aliases, sources...).
 * @param {unknown} lexicon
 * @param {string[]} header
 * @param {{ flowKeys?: string[], flowCollectionPadding?: boolean }} [options]
 */
export function serializeLexicon(lexicon, header, { flowKeys = [], flowCollectionPadding } = {}) {
  const doc = new YAML.Document(lexicon);
  if (flowKeys.length > 0) {
    const entries = /** @type {YAML.YAMLSeq<YAML.YAMLMap>} */ (doc.get('entries'));
    for (const item of entries.items) {
      for (const key of flowKeys) {
        const node = /** @type {YAML.YAMLMap | YAML.YAMLSeq | undefined} */ (item.get(key, true));
        if (node) node.flow = true;
      }
    }
  }
  doc.commentBefore = header.join('\n');
  return doc.toString({ lineWidth: 0, indent: 2, ...(flowCollectionPadding === undefined ? {} : { flowCollectionPadding }) });
}

/** A validator for schema/lexicon.schema.json. */
export function lexiconSchemaValidator() {
  const ajv = new Ajv({ allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/lexicon.schema.json'), 'utf8')));
}

/**
 * Fail unless `text` validates against the lexicon schema and parses back to `expected`.
 * @param {import('ajv').ValidateFunction} ajvValidate
 * @param {string} label
 * @param {string} text
 * @param {unknown} expected
 */
export function validateLexicon(ajvValidate, label, text, expected) {
  const parsed = YAML.parse(text);
  if (!ajvValidate(parsed)) {
    for (const err of ajvValidate.errors ?? []) fail(`${label}: schema: ${err.instancePath || '/'} ${err.message} ${JSON.stringify(err.params)}`);
  }
  if (!isDeepStrictEqual(parsed, JSON.parse(JSON.stringify(expected)))) fail(`${label}: YAML round trip changed the data`);
}

/**
 * Write `text` to `target`, or with `check` compare it with the file there.
 * @param {string} target
 * @param {string} text
 * @param {boolean} check
 * @returns {'written' | 'up to date' | 'stale'}
 */
export function writeOrCheck(target, text, check) {
  if (check) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    return current === text ? 'up to date' : 'stale';
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return 'written';
}
