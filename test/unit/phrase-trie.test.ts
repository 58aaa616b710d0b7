/**
 * The flat phrase trie (src/core/lexicon/trie.ts, issue 5: a 100,000-alias lexicon with
 * --jobs 2; the only trie since issue 14): matching on it finds exactly what a plain walk of
 * its nodes as objects finds (the 0.1.0 matcher), verdicts included, read back from a
 * cached image too; the image lives in shared memory, and a worker thread given it makes
 * its index there without reading the disk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adoptSharedIndexImages, loadIndexCached, sharedIndexImages } from '../../src/node/lexicon/cache.js';
import { compileLexicons, type AliasHit, type PhraseIndex } from '../../src/core/lexicon/compile.js';
import { loadLexicons } from '../../src/node/lexicon/load.js';
import { VariantTable } from '../../src/core/lexicon/trie.js';
import { findAllCandidates, findCandidates, type Verdict } from '../../src/core/pipeline/match.js';
import { isWordCharAt, isWordCharBefore, piecesOfText, Shape, withSentences, type Pieces } from '../../src/core/pipeline/normalize.js';
import { piecesFromTokens } from '../pieces-from-tokens.js';
import { tokenize, type Tokens } from '../../src/core/pipeline/tokenize.js';
import { dumpIndex, objectTrie, repoRoot, type ObjectTrieNode } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'aa-phrase-trie-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const images = (dir: string): string[] => {
  try {
    return readdirSync(join(dirname(dir), 'indexes'));
  } catch {
    return [];
  }
};

interface Walked {
  firstPiece: number;
  endPiece: number;
  start: number;
  end: number;
  entry: number;
  alias: AliasHit;
  verdict: Verdict;
  casePiece: number;
}

/**
 * findCandidates as it was written over the object trie (0.1.0), the yardstick; every
 * candidate the walk meets, with the verdict that version's tests gave it (the boundary
 * first, then the case: the first piece whose case does not fit, then the capital run).
 */
function walkObjectTrie(text: string, pieces: Pieces, root: ObjectTrieNode): Walked[] {
  const caseMiss = (hit: AliasHit, first: number): number => {
    if (hit.exact !== undefined) return hit.exact.findIndex((raw, k) => pieces.raw[first + k] !== raw);
    return Array.from(hit.require).findIndex((need, k) => need !== 0 && (pieces.shape[first + k]! & need) !== need);
  };
  const shouted = (p: number, sentence: number): boolean =>
    p >= 0 && p < pieces.count && pieces.sentence[p] === sentence && /^[\p{L}\p{N}]/u.test(pieces.raw[p]!) && pieces.raw[p]!.length >= 2 && (pieces.shape[p]! & Shape.allUpper) !== 0;
  const inCapitalRun = (hit: AliasHit, first: number): boolean =>
    hit.exact !== undefined && hit.length === 1 && hit.exact[0]!.length <= 3 && (shouted(first - 1, pieces.sentence[first]!) || shouted(first + 1, pieces.sentence[first]!));
  const out: Walked[] = [];
  for (let i = 0; i < pieces.count; i++) {
    let node = root.next?.get(pieces.key[i]!);
    let j = i;
    while (node !== undefined) {
      const start = pieces.start[i]!;
      const end = pieces.end[j]!;
      for (const hit of node.hits ?? []) {
        const casePiece = caseMiss(hit, i);
        const verdict: Verdict = isWordCharBefore(text, start) || isWordCharAt(text, end) ? 'boundary' : casePiece >= 0 || inCapitalRun(hit, i) ? 'case' : 'ok';
        out.push({ firstPiece: i, endPiece: j + 1, start, end, entry: hit.entry, alias: hit, verdict, casePiece });
      }
      j++;
      if (j >= pieces.count || pieces.sentence[j] !== pieces.sentence[i]) break;
      node = node.next?.get(pieces.key[j]!);
    }
  }
  return out;
}

/** A deterministic lexicon with multi-word, exact-case, any-case and short forms, as YAML. */
function generatedLexicon(entries: number, seed: number): { yaml: string; names: string[] } {
  const syl = ['ab', 'dar', 'kh', 'gul', 'zai', 'qal', 'a', 'e', 'i', 'sh', 'man', 'pur', 'ān', 'Ø'];
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const word = (): string => {
    let w = '';
    for (let k = 0, n = 1 + rnd(3); k < n; k++) w += syl[rnd(syl.length)];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  const names: string[] = [];
  const lines = ['format: afghan-annotator/lexicon@1', 'lexicon: generated', 'version: 1.0.0', 'sources: [{id: s, title: t, licence: CC0-1.0}]', 'entries:'];
  const types = ['province', 'place', 'armed_group', 'official'];
  for (let i = 0; i < entries; i++) {
    const a = word();
    const b = word();
    const forms = [`${a} ${b}`, a, `${a}-e ${b} ${word()}`, `${a[0]}. ${b}`];
    const specs = forms.map((f) => JSON.stringify(f));
    if (i % 7 === 0) specs.push(`{form: ${JSON.stringify(b.toUpperCase().slice(0, 3))}, case: exact}`);
    if (i % 11 === 0) specs.push(`{form: ${JSON.stringify(b.toLowerCase())}, case: any}`);
    names.push(...forms, b.toUpperCase().slice(0, 3), b.toLowerCase());
    const type = types[i % 4]!;
    lines.push(
      `  - id: gen.${i}`,
      `    type: ${type}`,
      `    name: ${JSON.stringify(forms[0])}`,
      `    aliases: [${specs.join(', ')}]`,
      ...(type === 'province' || type === 'place' ? ['    province: AF-KDZ'] : []),
      ...(i % 5 === 0 ? [`    short_forms: [${JSON.stringify(b)}]`] : []),
      '    sources: [s]',
    );
  }
  return { yaml: `${lines.join('\n')}\n`, names };
}

/** Sentences made of the lexicon's names (in other cases too) and filler. */
function texts(names: readonly string[], count: number): string[] {
  const filler = ['the', 'AND', 'said', 'in', 'IS', 'Mr.', '-', 'near', 'of', 'PROVIDED AS', ','];
  const out: string[] = [];
  let s = 99;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  for (let t = 0; t < count; t++) {
    const words: string[] = [];
    for (let k = 0; k < 60; k++) {
      const r = rnd(10);
      let w = r < 5 ? names[rnd(names.length)]! : filler[rnd(filler.length)]!;
      if (r === 1) w = w.toUpperCase();
      if (r === 2) w = w.toLowerCase();
      words.push(w);
      if (rnd(12) === 0) words.push('.');
    }
    out.push(words.join(rnd(2) === 0 ? ' ' : '  ').replace(/ \./g, '.'));
  }
  return out;
}

/** Checks findCandidates and findAllCandidates against the walk of `reference`; returns how many candidates were kept. */
function sameCandidates(index: PhraseIndex, reference: ObjectTrieNode, corpus: readonly string[], sameObjects: boolean, verdicts?: Map<Verdict, number>): number {
  let found = 0;
  const plain = (c: { alias: AliasHit }): unknown => ({ ...c, alias: { ...c.alias, require: Array.from(c.alias.require) } });
  for (const text of corpus) {
    const pieces = withSentences(piecesOfText(text), tokenize(text));
    const got = findCandidates(text, pieces, index);
    const all = findAllCandidates(text, pieces, index);
    const walked = walkObjectTrie(text, pieces, reference);
    const want = walked.filter((c) => c.verdict === 'ok').map(({ verdict: _v, casePiece: _c, ...c }) => c);
    if (sameObjects) {
      // The same hit objects: toEqual on them compares everything the plain copies would.
      expect(got).toEqual(want);
      expect(all).toEqual(walked);
      got.forEach((c, k) => expect(c.alias).toBe(want[k]!.alias));
    } else {
      expect(got.map(plain)).toEqual(want.map(plain));
      expect(all.map(plain)).toEqual(walked.map(plain));
    }
    for (const c of all) verdicts?.set(c.verdict, (verdicts.get(c.verdict) ?? 0) + 1);
    found += got.length;
  }
  return found;
}

describe('flat phrase trie (issue 5)', () => {
  const { yaml, names } = generatedLexicon(600, 5);
  const file = join(tmp, 'generated.yaml');
  writeFileSync(file, yaml);
  const corpus = texts(names, 60);

  it('finds the candidates the object trie walk finds, hit objects and verdicts included', () => {
    const index = compileLexicons(loadLexicons({ builtin: false, files: [file] }));
    const verdicts = new Map<Verdict, number>();
    expect(sameCandidates(index, objectTrie(index.trie), corpus, true, verdicts)).toBeGreaterThan(500);
    expect(verdicts.get('case')).toBeGreaterThan(100);
    const shipped = compileLexicons(loadLexicons());
    const article = readFileSync(join(repoRoot, 'samples', '2019-09-kunduz-pul-e-khumri-attacks.txt'), 'utf8');
    expect(sameCandidates(shipped, objectTrie(shipped.trie), [article, ...texts(shipped.entries.map((e) => e.name), 20)], true)).toBeGreaterThan(50);
  });

  it('gives a candidate that is not on word boundaries the verdict boundary, whatever its case', () => {
    // wink-nlp's tokens always end at word boundaries here: pieces made by hand, "Kabul" inside "xKabul".
    const index = compileLexicons(loadLexicons());
    const text = 'xKabul and kabul xkabul';
    const tokens: Tokens = {
      count: 4,
      start: Int32Array.of(1, 7, 11, 18),
      end: Int32Array.of(6, 10, 16, 23),
      sentence: Int32Array.of(0, 0, 0, 0),
      value: ['Kabul', 'and', 'kabul', 'kabul'],
      sentences: 1,
    };
    const pieces = piecesFromTokens(tokens);
    const all = findAllCandidates(text, pieces, index);
    const at = (start: number): [Verdict, number][] => all.filter((c) => c.start === start).map((c) => [c.verdict, c.casePiece]);
    expect(at(1).length).toBeGreaterThan(0);
    expect(at(1).every(([v, k]) => v === 'boundary' && k === -1)).toBe(true);
    expect(at(11).length).toBeGreaterThan(0);
    expect(at(11).every(([v, k]) => v === 'case' && k === 0)).toBe(true);
    // Refused by both rules: the verdict is boundary, and casePiece still names the piece.
    expect(at(18).length).toBeGreaterThan(0);
    expect(at(18).every(([v, k]) => v === 'boundary' && k === 0)).toBe(true);
    expect(findCandidates(text, pieces, index)).toEqual([]);
    expect(walkObjectTrie(text, pieces, objectTrie(index.trie)).map((c) => c.verdict)).toEqual(all.map((c) => c.verdict));
  });

  it('finds the same from an index read back from its image, whose arrays are in shared memory', () => {
    const dir = join(tmp, 'image', 'lexicons');
    const compiled = compileLexicons(loadLexicons({ builtin: false, files: [file] }));
    loadIndexCached({ builtin: false, files: [file] }, undefined, { dir, shipped: false });
    const hit = loadIndexCached({ builtin: false, files: [file] }, undefined, { dir, shipped: false });
    expect(hit.trie?.hitEntry.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sameCandidates(hit, objectTrie(compiled.trie), corpus, false)).toBeGreaterThan(500);
    expect(dumpIndex(hit)).toEqual(dumpIndex(compiled));
    sameCandidates(hit, objectTrie(hit.trie), corpus, true);
  });

  it('a worker thread given the image makes its index on it, without the disk cache', () => {
    const dir = join(tmp, 'parent', 'lexicons');
    const parent = loadIndexCached({ builtin: false, files: [file] }, undefined, { dir, shipped: false });
    // Only this selection's image: the fast tier's files share this module (isolate: false),
    // and adopting every held image (the shipped selection's among them) would serve other
    // files' loadIndexCached calls from memory, so that they never write the disk cache they test.
    const given = sharedIndexImages().filter((g) => g.key.endsWith(` ${file}`));
    expect(given).toHaveLength(1);
    adoptSharedIndexImages(given);
    const empty = join(tmp, 'worker', 'lexicons');
    const child = loadIndexCached({ builtin: false, files: [file] }, undefined, { dir: empty, shipped: false });
    expect(images(empty)).toEqual([]); // neither read nor written: nothing was compiled
    expect(given.map((g) => g.image)).toContain(child.trie!.hitEntry.buffer);
    expect(dumpIndex(child)).toEqual(dumpIndex(parent));
    // Another selection is not served from it.
    const other = loadIndexCached({}, undefined, { dir: empty, shipped: false });
    expect(other.lexicons.map((l) => l.name)).not.toContain('generated');
    expect(images(empty)).toHaveLength(1);
  });

  it('ignores a truncated image, or one of another format, and compiles', () => {
    const dir = join(tmp, 'damaged', 'lexicons');
    const mine = join(tmp, 'damaged.yaml'); // another selection than the one adopted above
    writeFileSync(mine, yaml);
    const plain = dumpIndex(compileLexicons(loadLexicons({ builtin: false, files: [mine] })));
    loadIndexCached({ builtin: false, files: [mine] }, undefined, { dir, shipped: false });
    const [name] = images(dir);
    const path = join(dirname(dir), 'indexes', name!);
    const bytes = readFileSync(path);
    truncateSync(path, Math.floor(bytes.length / 2));
    expect(dumpIndex(loadIndexCached({ builtin: false, files: [mine] }, undefined, { dir, shipped: false }))).toEqual(plain);
    expect(readFileSync(path).equals(bytes), 'compiled and written again').toBe(true);
    const other = Buffer.from(bytes);
    other.writeInt32LE(1, 4); // format 1
    writeFileSync(path, other);
    expect(dumpIndex(loadIndexCached({ builtin: false, files: [mine] }, undefined, { dir, shipped: false }))).toEqual(plain);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('VariantTable answers as the Map it was made from', () => {
    const map = new Map<string, number[]>([
      ['kndz', [3, 7]],
      ['*rzgn', [1]],
      ['', [0]],
      ['لشکرگاه', [2, 4, 9]],
    ]);
    const table = VariantTable.fromMap(map);
    expect(table.size).toBe(4);
    for (const [k, v] of map) {
      expect(table.get(k)).toEqual(v);
      expect(table.has(k)).toBe(true);
    }
    expect(table.get('kndzz')).toBeUndefined();
    expect(table.has('knd')).toBe(false);
    expect([...table]).toEqual([...map]);
    expect(table.get('kndz')).toBe(table.get('kndz'));
  });
});
