#!/usr/bin/env node
// @ts-check
// Rewrite the generated parts of the documentation (README.md and docs/*.md): the exit-code
// and error-code tables from src/core/errors.ts, the abridged output example from the golden
// output it names (built into dist/ first: `npm run docs:tables` does both), and the
// `--help` blocks of docs/cli.md from the built executable. test/unit/docs-tables.test.ts
// and test/cli/docs-cli.cli.test.ts fail when they drift.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { updateGeneratedExample, updateGeneratedTables } from '../dist/core/docs-tables.js';

const root = new URL('../', import.meta.url);
const bin = fileURLToPath(new URL('bin/afghan-annotator.js', root));

/** `afghan-annotator ARGS --help` as a pipe sees it (80 columns, no colour). @param {string[]} args */
function help(args) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args, '--help'], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`afghan-annotator ${args.join(' ')} --help exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

// The exit-code paragraph every command repeats: shown once, in the top-level block.
const rootHelp = help([]);
const footer = rootHelp.slice(rootHelp.indexOf('\nExit codes: ') + 1);

/** A `--help` block: the output in a fenced block, less the shared footer (except for the top level). @param {string[]} args */
function helpBlock(args) {
  let text = help(args);
  if (args.length > 0 && text.endsWith(footer)) text = text.slice(0, -footer.length);
  return `\`\`\`text\n${text.trimEnd()}\n\`\`\``;
}

const HELP = /(<!-- generated from afghan-annotator((?: [a-z]+)*) --help -->\n)([\s\S]*?)(<!-- end generated -->)/g;

/** @param {string} text */
function updateGeneratedHelp(text) {
  return text.replace(HELP, (/** @type {string} */ _all, /** @type {string} */ open, /** @type {string} */ args, /** @type {string} */ _old, /** @type {string} */ close) => `${open}${helpBlock(args.trim() === '' ? [] : args.trim().split(' '))}\n${close}`);
}

const files = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
for (const file of files) {
  const path = fileURLToPath(new URL(file, root));
  const before = readFileSync(path, 'utf8');
  const after = updateGeneratedHelp(
    updateGeneratedExample(updateGeneratedTables(before), (p) => YAML.parse(readFileSync(new URL(p, root), 'utf8'))),
  );
  if (after !== before) {
    writeFileSync(path, after);
    console.error(`${file}: generated tables, example and --help updated`);
  } else if (before.includes('<!-- generated from ')) {
    console.error(`${file}: generated tables, example and --help up to date`);
  }
}
