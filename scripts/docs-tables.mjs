#!/usr/bin/env node
// Rewrite the README's exit-code and error-code tables from src/errors.ts, and its abridged
// output example from the golden output it names (built into dist/ first: `npm run
// docs:tables` does both). test/unit/docs-tables.test.ts fails when they drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { updateGeneratedExample, updateGeneratedTables } from '../dist/core/docs-tables.js';

const root = new URL('../', import.meta.url);
const readme = fileURLToPath(new URL('README.md', root));
const before = readFileSync(readme, 'utf8');
const after = updateGeneratedExample(updateGeneratedTables(before), (path) => YAML.parse(readFileSync(new URL(path, root), 'utf8')));
if (after !== before) {
  writeFileSync(readme, after);
  console.error('README.md: generated tables and example updated');
} else {
  console.error('README.md: generated tables and example up to date');
}
