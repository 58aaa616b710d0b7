/**
 * The cache of compiled phrase indexes (loadIndexCached in src/lexicon/cache.ts, issue 5):
 * a hit must be the index compileLexicons builds from the same bytes, and must never
 * outlive a change to a lexicon or to the code that compiles.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { compileRules } from '../../src/core/context/rules.js';
import { AnnotatorError } from '../../src/core/errors.js';
import { INDEX_CODE, loadIndexCached } from '../../src/node/lexicon/cache.js';
import { compileLexicons } from '../../src/core/lexicon/compile.js';
import { loadLexicons, loadRules } from '../../src/node/lexicon/load.js';
import { dumpIndex, errorOf, fixtures, objectTrie, repoRoot, tinyLexiconPath } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'aa-index-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dump = dumpIndex;

const images = (dir: string): string[] => {
  try {
    return readdirSync(join(dirname(dir), 'indexes')).filter((n) => n.endsWith('.v8'));
  } catch {
    return [];
  }
};

const lexiconText = (name: string): string =>
  `format: afghan-annotator/lexicon@1\nlexicon: mine\nversion: 1.0.0\nsources: [{id: s, title: t, licence: CC0-1.0}]\nentries:\n  - {id: group.a, type: armed_group, name: ${name}, aliases: [${name}], sources: [s]}\n`;

describe('compiled-index cache (loadIndexCached)', () => {
  it('gives the index compileLexicons builds, on a miss and on a hit, with the rules attached', () => {
    const dir = join(tmp, 'same', 'lexicons');
    const rules = compileRules(loadRules());
    const mine = join(tmp, 'same.yaml');
    writeFileSync(mine, lexiconText('Alpha'));
    for (const selection of [{}, { builtin: false, files: [tinyLexiconPath] }, { files: [mine] }]) {
      const plain = compileLexicons(loadLexicons(selection), { rules });
      const before = images(dir).length;
      const miss = loadIndexCached(selection, rules, { dir });
      expect(images(dir)).toHaveLength(before + 1);
      const hit = loadIndexCached(selection, rules, { dir });
      expect(images(dir)).toHaveLength(before + 1);
      expect(hit).not.toBe(miss);
      expect(dump(miss)).toEqual(dump(plain));
      expect(dump(hit)).toEqual(dump(plain));
      expect(hit.rules).toBe(rules);
      expect(Object.keys(hit)).toEqual(Object.keys(plain));
      hit.byId.forEach((e) => expect(hit.entries[e.index]).toBe(e));
    }
    // Without rules: the same image serves, and no rules come back.
    const bare = loadIndexCached({}, undefined, { dir });
    expect(bare.rules).toBeUndefined();
    expect(images(dir)).toHaveLength(3);
  });

  it('gives byte-identical annotations from a hit', () => {
    const dir = join(tmp, 'annotate', 'lexicons');
    const rules = compileRules(loadRules());
    const text = readFileSync(join(repoRoot, 'samples', '2019-09-kunduz-pul-e-khumri-attacks.txt'), 'utf8');
    const expected = JSON.stringify(annotateText(text, compileLexicons(loadLexicons(), { rules })));
    loadIndexCached({}, rules, { dir });
    expect(JSON.stringify(annotateText(text, loadIndexCached({}, rules, { dir })))).toBe(expected);
  });

  it('takes a changed lexicon file as a new selection', () => {
    const dir = join(tmp, 'changed', 'lexicons');
    const file = join(tmp, 'mine.yaml');
    writeFileSync(file, lexiconText('Alpha'));
    expect(loadIndexCached({ builtin: false, files: [file] }, undefined, { dir }).entries[0]!.name).toBe('Alpha');
    writeFileSync(file, lexiconText('Bravo'));
    const index = loadIndexCached({ builtin: false, files: [file] }, undefined, { dir });
    expect(index.entries[0]!.name).toBe('Bravo');
    expect(objectTrie(index.trie).next?.has('bravo')).toBe(true);
    expect(objectTrie(index.trie).next?.has('alpha')).toBe(false);
    expect(images(dir)).toHaveLength(2);
  });

  it('keys on the origin too: the same bytes under another path are another selection', () => {
    const dir = join(tmp, 'origin', 'lexicons');
    const a = join(tmp, 'a.yaml');
    const b = join(tmp, 'b.yaml');
    writeFileSync(a, lexiconText('Alpha'));
    writeFileSync(b, lexiconText('Alpha'));
    expect(loadIndexCached({ builtin: false, files: [a] }, undefined, { dir }).lexicons[0]!.origin).toBe(a);
    expect(loadIndexCached({ builtin: false, files: [b] }, undefined, { dir }).lexicons[0]!.origin).toBe(b);
  });

  it('never caches a selection with an error: the same error every time', () => {
    const dir = join(tmp, 'errors', 'lexicons');
    let tested = 0;
    for (const name of ['duplicate-id.yaml', 'no-letters.yaml', 'schema.yaml', 'unknown-source.yaml']) {
      const file = join(fixtures, 'lexicons', 'bad', name);
      let plain: AnnotatorError;
      try {
        // Without the shipped lexicons: the error is the file's own, and no shipped compile per try.
        plain = errorOf(() => compileLexicons(loadLexicons({ builtin: false, files: [file] })));
      } catch {
        continue;
      }
      for (let i = 0; i < 2; i++) {
        const e = errorOf(() => loadIndexCached({ builtin: false, files: [file] }, undefined, { dir }));
        expect([e.code, e.message, e.file, e.where]).toEqual([plain.code, plain.message, plain.file, plain.where]);
      }
      tested++;
    }
    expect(tested).toBeGreaterThanOrEqual(3);
    const missing = errorOf(() => loadIndexCached({ files: [join(tmp, 'nope.yaml')] }, undefined, { dir }));
    expect(missing.code).toBe('AA201');
    expect(images(dir)).toEqual([]);
  });

  it('ignores an unreadable image, and does nothing when disabled', () => {
    const dir = join(tmp, 'broken', 'lexicons');
    const plain = dump(compileLexicons(loadLexicons({ builtin: false, files: [tinyLexiconPath] })));
    loadIndexCached({ builtin: false, files: [tinyLexiconPath] }, undefined, { dir });
    const [image] = images(dir);
    writeFileSync(join(dirname(dir), 'indexes', image!), 'not a V8 image');
    expect(dump(loadIndexCached({ builtin: false, files: [tinyLexiconPath] }, undefined, { dir }))).toEqual(plain);
    const off = join(tmp, 'off', 'lexicons');
    expect(dump(loadIndexCached({ builtin: false, files: [tinyLexiconPath] }, undefined, { dir: off, enabled: false }))).toEqual(plain);
    expect(images(off)).toEqual([]);
  });

  it('fingerprints every module the compiler runs (INDEX_CODE is compile.ts and its run-time imports)', () => {
    const cacheDir = join(repoRoot, 'src', 'node', 'lexicon'); // where INDEX_CODE's paths start
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^import\s+(type\s+)?(?:([^'"]*?)\s+from\s+)?'(\.[^']+)';/gm)) {
        if (m[1] !== undefined) continue; // import type: erased
        const names = m[2];
        // `import { type A, type B } from` is erased too.
        if (names !== undefined && /^\{[^}]*\}$/.test(names.trim()) && names.replace(/[{}]/g, '').split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
        visit(resolve(dirname(file), m[3]!.replace(/\.js$/, '.ts')));
      }
    };
    visit(join(repoRoot, 'src', 'core', 'lexicon', 'compile.ts'));
    const fingerprinted = INDEX_CODE.map((m) => resolve(cacheDir, m.replace(/\.js$/, '.ts')));
    expect([...seen].sort()).toEqual([...fingerprinted].sort());
  });
});
