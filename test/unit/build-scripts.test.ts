/**
 * The lexicon build scripts (issue 14): they share scripts/lib/, take the matcher's
 * normalization from the built package instead of carrying a copy, keep every hand decision
 * in data files (YAML, issue 14: the officials tables too) under scripts/curation/, are all
 * type-checked (// @ts-check, scripts/tsconfig.json), and still reproduce the shipped
 * lexicons byte for byte (--check). The scripts run the built package (dist/index.js).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot, SHARED_SKIP_MESSAGE, sharedAvailable } from '../helpers.js';

const scriptsDir = join(repoRoot, 'scripts');
const scripts = [
  ...readdirSync(scriptsDir).filter((f) => f.endsWith('.mjs')),
  ...readdirSync(join(scriptsDir, 'lib'))
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => `lib/${f}`),
];
const source = (f: string): string => readFileSync(join(scriptsDir, f), 'utf8');

describe('build scripts', () => {
  it('carry no copy of the normalization: no fold tables, no piece splitter of their own', () => {
    expect(scripts.length).toBeGreaterThan(8);
    for (const f of scripts) {
      const text = source(f);
      // The arabic-script.v1 fold table (Pashto gaf -> Persian gaf) and the v2 letter variants.
      expect(text, f).not.toMatch(/\\u06ab'?\s*:\s*'\\u06af'/);
      expect(text, f).not.toMatch(/\\u064a'?\s*:\s*'\\u06cc'/);
      expect(text, f).not.toMatch(/function (foldPiece|pieces|foldArabicScript)\b|const (foldArabicScript|WORD_CHAR|ARABIC_SCRIPT_FOLDS) =/);
    }
    expect(source('lib/text.mjs')).toMatch(/import\('\.\.\/\.\.\/dist\/index\.js'\)/);
  });

  it('keep the hand decisions in data files: scripts/curation/ has YAML (the officials tables too) and READMEs only', () => {
    const files = readdirSync(join(scriptsDir, 'curation'));
    expect(files.filter((f) => !/\.(yaml|md)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.yaml')).length).toBeGreaterThanOrEqual(7);
  });

  it('write the officials tables for a curator: one mapping per role, the fields in one order, no anchors or aliases', () => {
    const order = ['name', 'id', 'aliases', 'short_forms', 'role', 'title', 'affiliation', 'province', 'start', 'end', 'dates', 'source', 'notes'];
    const tables = readdirSync(join(scriptsDir, 'curation')).filter((f) => /^officials-.*\.yaml$/.test(f));
    expect(tables.length).toBeGreaterThanOrEqual(12);
    for (const f of tables) {
      const text = readFileSync(join(scriptsDir, 'curation', f), 'utf8');
      expect(text, f).toMatch(/^# Curated officials table: /);
      const doc = YAML.parseDocument(text);
      let refs = 0;
      YAML.visit(doc, { Alias: () => void refs++, Node: (_, n) => void (YAML.isNode(n) && n.anchor ? refs++ : 0) });
      expect(refs, f).toBe(0);
      const data = doc.toJS() as { roles: Record<string, unknown>[] };
      expect(Object.keys(data), f).toEqual(['roles']);
      for (const row of data.roles) {
        const keys = Object.keys(row);
        expect(keys, `${f}: ${String(row['name'])}`).toEqual(order.filter((k) => keys.includes(k)));
      }
    }
  });

  it('are all type-checked (// @ts-check on every script)', () => {
    for (const f of scripts) expect(source(f).replace(/^#!.*\n/, ''), f).toMatch(/^\/\/ @ts-check\n/);
  });

  it.skipIf(!sharedAvailable)(`reproduce lexicons/{provinces,places,districts,towns}.yaml and rules/given-names.yaml byte for byte (--check) ${sharedAvailable ? '' : SHARED_SKIP_MESSAGE}`, () => {
    for (const script of ['build-lexicons.mjs', 'build-given-names.mjs']) {
      const r = spawnSync(process.execPath, [join(scriptsDir, script), '--check'], { encoding: 'utf8', cwd: repoRoot });
      expect(r.status, `${script}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/up to date/);
      expect(r.stdout).not.toMatch(/out of date/);
    }
  });
});
