import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { compileLexicons } from '../../src/core/lexicon/compile.js';
import { BUILTIN_LEXICON_DIR, loadLexicons, readLexiconFile } from '../../src/node/lexicon/load.js';
import { yamlPath } from '../../src/core/lexicon/parse.js';
import { expectValidLexicon, fixtures, tinyLexiconPath, errorOf } from '../helpers.js';

const bad = (name: string): string => join(fixtures, 'lexicons', 'bad', name);


describe('lexicon loading', () => {
  it('reports a YAML syntax error with code AA202, file, line and column', () => {
    const e = errorOf(() => readLexiconFile(bad('syntax.yaml')));
    expect(e.code).toBe('AA202');
    expect(e.file).toBe(bad('syntax.yaml'));
    expect(e.where).toMatch(/^\d+:\d+$/);
  });

  it('reports a schema error with code AA203, the YAML path and the line of the value', () => {
    const e = errorOf(() => readLexiconFile(bad('schema.yaml')));
    expect(e.code).toBe('AA203');
    expect(e.message).toMatch(/^entries\[0\]\.province: /);
    expect(e.where).toBe('10:15');
  });

  it('never lets a __proto__ key reach an object prototype (the schema refuses the key)', () => {
    const e = errorOf(() => readLexiconFile(bad('proto.yaml')));
    expect(e.code).toBe('AA203');
    expect(e.message).toContain('unknown key "__proto__"');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses an id already defined in another lexicon (AA204)', () => {
    const e = errorOf(() => compileLexicons([readLexiconFile(tinyLexiconPath), readLexiconFile(bad('duplicate-id.yaml'))]));
    expect(e.code).toBe('AA204');
    expect(e.message).toContain('group.taliban');
  });

  it('refuses two lexicons with the same name (AA205)', () => {
    const e = errorOf(() => compileLexicons([readLexiconFile(tinyLexiconPath), readLexiconFile(tinyLexiconPath, 'copy.yaml')]));
    expect(e.code).toBe('AA205');
  });

  it('refuses a source id the lexicon does not declare (AA207)', () => {
    expect(errorOf(() => compileLexicons([readLexiconFile(bad('unknown-source.yaml'))])).code).toBe('AA207');
  });

  it('refuses an alias with nothing to match (AA206)', () => {
    expect(errorOf(() => compileLexicons([readLexiconFile(bad('no-letters.yaml'))])).code).toBe('AA206');
  });

  it('reports a missing file as AA201', () => {
    expect(errorOf(() => readLexiconFile(bad('absent.yaml'))).code).toBe('AA201');
  });

  it('writes YAML paths the way a person reads them', () => {
    expect(yamlPath(['entries', 3, 'aliases', 0])).toBe('entries[3].aliases[0]');
    expect(yamlPath([])).toBe('(document)');
  });
});

describe('shipped lexicons', () => {
  const files = readdirSync(BUILTIN_LEXICON_DIR).filter((f) => f.endsWith('.yaml'));

  it('are valid against schema/lexicon.schema.json and compile together', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expectValidLexicon(YAML.parse(readFileSync(join(BUILTIN_LEXICON_DIR, f), 'utf8')));
    const index = compileLexicons(loadLexicons());
    expect(index.entries.length).toBeGreaterThan(68);
  });

  it('hold the 34 provinces, each with its ISO 3166-2 code as id', () => {
    const index = compileLexicons(loadLexicons());
    const provinces = index.entries.filter((e) => e.type === 'province');
    expect(provinces).toHaveLength(34);
    for (const p of provinces) expect(p.id).toMatch(/^AF-[A-Z]{3}$/);
  });

  it('give every place a province that is one of the 34', () => {
    const index = compileLexicons(loadLexicons());
    const codes = new Set(index.entries.filter((e) => e.type === 'province').map((e) => e.id));
    for (const e of index.entries.filter((x) => x.type === 'place')) expect(codes.has(e.entry.province ?? '')).toBe(true);
  });
});
