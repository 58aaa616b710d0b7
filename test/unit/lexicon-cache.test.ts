import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLexiconsCached, loadRulesCached, readLexiconFileCached } from '../../src/node/lexicon/cache.js';
import { loadLexicons, loadRules } from '../../src/node/lexicon/load.js';
import { compileLexicons } from '../../src/core/lexicon/compile.js';
import { annotateText } from '../../src/core/annotate.js';
import { AnnotatorError } from '../../src/core/errors.js';
import { fixtures, tinyLexiconPath } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-lexicon-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lexicon cache (src/lexicon/cache.ts)', () => {
  it('gives the same lexicons as loadLexicons, on a miss and on a hit', () => {
    const text = 'KUNDUZ – The Taliban’s fighters entered Lashkar Gah and کندز.';
    let entries = 0;
    for (const selection of [{}, { builtin: false, files: [tinyLexiconPath] }]) {
      const plain = loadLexicons(selection);
      const miss = loadLexiconsCached(selection, { dir });
      entries += plain.length;
      expect(readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(entries);
      const hit = loadLexiconsCached(selection, { dir });
      expect(miss).toEqual(plain);
      expect(hit).toEqual(plain);
      expect(JSON.stringify(annotateText(text, compileLexicons(hit)))).toBe(JSON.stringify(annotateText(text, compileLexicons(plain))));
    }
  });

  it('gives the same context rules as loadRules, on a miss and on a hit', () => {
    const plain = loadRules();
    const before = readdirSync(dir).length;
    expect(loadRulesCached(undefined, { dir })).toEqual(plain);
    expect(readdirSync(dir).length).toBe(before + 1);
    expect(loadRulesCached(undefined, { dir })).toEqual(plain);
  });

  it('never caches a lexicon with an error: it is reported every time', () => {
    const bad = join(fixtures, 'lexicons', 'bad', 'schema.yaml');
    const before = readdirSync(dir).length;
    for (let i = 0; i < 2; i++) expect(() => readLexiconFileCached(bad, bad, { dir })).toThrow(AnnotatorError);
    expect(readdirSync(dir).length).toBe(before);
  });

  it('takes a changed file as a new lexicon', () => {
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, 'format: afghan-annotator/lexicon@1\nlexicon: mine\nversion: 1.0.0\nsources: [{id: s, title: t, licence: CC0-1.0}]\nentries:\n  - {id: group.a, type: armed_group, name: Alpha, aliases: [Alpha], sources: [s]}\n');
    expect(readLexiconFileCached(file, file, { dir }).document.entries[0]!.name).toBe('Alpha');
    writeFileSync(file, 'format: afghan-annotator/lexicon@1\nlexicon: mine\nversion: 1.0.0\nsources: [{id: s, title: t, licence: CC0-1.0}]\nentries:\n  - {id: group.a, type: armed_group, name: Beta, aliases: [Beta], sources: [s]}\n');
    expect(readLexiconFileCached(file, file, { dir }).document.entries[0]!.name).toBe('Beta');
  });
});
