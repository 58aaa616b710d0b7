/**
 * compileLexicons (src/lexicon/compile.ts) is written for speed (issue 5: 100,000 aliases in
 * under a second). Its index must stay what the plain version below builds: the same trie,
 * the same hits in the same order, the same variant lists and entries, the same errors.
 * `compileReference` is that plain version, kept here only as the yardstick.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnnotatorError, displayPath } from '../../src/core/errors.js';
import { compileLexicons, type CompiledEntry, type LexiconInfo, type PhraseIndex } from '../../src/core/lexicon/compile.js';
import { loadLexicons, readLexiconFile } from '../../src/node/lexicon/load.js';
import { DEFAULT_PRIORITY, LEXICON_FORMAT, type AliasSpec, type Lexicon, type LexiconEntry } from '../../src/core/lexicon/types.js';
import { aliasPieces, Shape } from '../../src/core/pipeline/normalize.js';
import { aliasKeyVariants } from '../../src/core/pipeline/arabic-affixes.js';
import { skeleton, variantWorthy } from '../../src/core/pipeline/variants.js';
import { dumpIndex, fixtures, type ObjectTrieNode, type ReferenceIndex } from '../helpers.js';

function requirementOf(shape: number, mode: 'shape' | 'exact' | 'any'): number {
  if (mode !== 'shape' || (shape & Shape.cased) === 0) return 0;
  if ((shape & Shape.allUpper) !== 0 && (shape & Shape.initialUpper) !== 0) return Shape.allUpper;
  if ((shape & Shape.initialUpper) !== 0) return Shape.initialUpper;
  return 0;
}

function casedLetterCount(raw: string): number {
  let n = 0;
  for (const ch of raw) if (ch.toLowerCase() !== ch.toUpperCase()) n++;
  return n;
}

/** The compiler as it was before it was made fast (0.1.0), line for line: its trie is objects. */
function compileReference(lexicons: readonly Lexicon[]): ReferenceIndex {
  const root: ObjectTrieNode = { next: undefined, hits: undefined };
  const entries: CompiledEntry[] = [];
  const byId = new Map<string, CompiledEntry>();
  const seenLexicons = new Map<string, string>();
  const infos: LexiconInfo[] = [];
  let aliasCount = 0;
  const variants = new Map<string, number[]>();
  for (const lexicon of lexicons) {
    const doc = lexicon.document;
    const previous = seenLexicons.get(doc.lexicon);
    if (previous !== undefined) {
      throw new AnnotatorError('AA205', `lexicon name "${doc.lexicon}" is already used by ${previous}`, { file: displayPath(lexicon.origin) });
    }
    seenLexicons.set(doc.lexicon, lexicon.origin);
    const sourceIds = new Set(doc.sources.map((s) => s.id));
    infos.push({ name: doc.lexicon, version: doc.version, sha256: lexicon.sha256, entries: doc.entries.length, attribution: doc.attribution, origin: lexicon.origin });
    doc.entries.forEach((entry, i) => {
      const where = `entries[${i}]`;
      const clash = byId.get(entry.id);
      if (clash !== undefined) {
        throw new AnnotatorError('AA204', `${where}: id "${entry.id}" is already defined in lexicon "${clash.lexicon}"`, { file: displayPath(lexicon.origin) });
      }
      for (const s of entry.sources) {
        if (!sourceIds.has(s)) throw new AnnotatorError('AA207', `${where}.sources: "${s}" is not among the lexicon's sources`, { file: displayPath(lexicon.origin) });
      }
      const compiled: CompiledEntry = {
        index: entries.length,
        id: entry.id,
        type: entry.type,
        name: entry.name,
        priority: entry.priority ?? DEFAULT_PRIORITY[entry.type],
        lexicon: doc.lexicon,
        province: entry.province ?? (entry.type === 'province' ? entry.id : undefined),
        hasShortForms: entry.short_forms !== undefined,
        entry,
      };
      entries.push(compiled);
      byId.set(entry.id, compiled);
      const seenKeys = new Set<string>();
      const forms: { spec: AliasSpec; short: boolean; path: string }[] = [
        ...entry.aliases.map((spec, a) => ({ spec, short: false, path: `aliases[${a}]` })),
        ...(entry.short_forms ?? []).map((spec, a) => ({ spec, short: true, path: `short_forms[${a}]` })),
      ];
      forms.forEach(({ spec, short, path }) => {
        const form = typeof spec === 'string' ? spec : spec.form;
        const mode = typeof spec === 'string' ? 'shape' : (spec.case ?? 'shape');
        const pieces = aliasPieces(form);
        if (pieces.length === 0) {
          throw new AnnotatorError('AA206', `${where}.${path}: "${form}" has no letters or digits to match`, { file: displayPath(lexicon.origin) });
        }
        const keys = pieces.map((p) => p.key);
        const require = Uint8Array.from(
          pieces.map((p) => {
            const r = requirementOf(p.shape, mode);
            return r === Shape.allUpper && casedLetterCount(p.raw) < 2 ? Shape.initialUpper : r;
          }),
        );
        const dedupe = `${keys.join('\u0000')}\u0001${Array.from(require).join(',')}\u0001${mode}\u0001${short}`;
        if (seenKeys.has(dedupe)) return;
        seenKeys.add(dedupe);
        let node = root;
        for (const key of keys) {
          node.next ??= new Map();
          let child = node.next.get(key);
          if (child === undefined) {
            child = { next: undefined, hits: undefined };
            node.next.set(key, child);
          }
          node = child;
        }
        if (!short && mode !== 'exact' && entry.type !== 'armed_group' && (entry.type !== 'official' || pieces.length >= 2)) {
          const sk = skeleton(form);
          if (variantWorthy(sk, entry.type === 'official' ? 1 : 0)) {
            const list = variants.get(sk);
            if (list === undefined) variants.set(sk, [compiled.index]);
            else if (!list.includes(compiled.index)) list.push(compiled.index);
          }
        }
        node.hits ??= [];
        node.hits.push({ entry: compiled.index, form, length: keys.length, require, exact: mode === 'exact' ? pieces.map((p) => p.raw) : undefined, short });
        aliasCount++;
        // arabic-affixes.v1: the same Arabic-script alias run together or split (no case).
        const main = node;
        for (const seq of aliasKeyVariants(keys)) {
          let v = root;
          for (const key of seq) {
            v.next ??= new Map();
            let child = v.next.get(key);
            if (child === undefined) {
              child = { next: undefined, hits: undefined };
              v.next.set(key, child);
            }
            v = child;
          }
          if (v === main) continue;
          v.hits ??= [];
          v.hits.push({ entry: compiled.index, form, length: seq.length, require: new Uint8Array(seq.length), exact: undefined, short });
        }
      });
    });
  }
  return { root, rules: undefined, entries, byId, lexicons: infos, aliasCount, variants };
}

const dump = dumpIndex;

function expectSameIndex(lexicons: Lexicon[]): PhraseIndex {
  const fast = compileLexicons(lexicons);
  expect(dump(fast)).toEqual(dump(compileReference(lexicons)));
  // Compiled entries point at the very entry objects of the documents.
  fast.entries.forEach((e) => expect(e.entry).toBe(lexicons.find((l) => l.document.lexicon === e.lexicon)!.document.entries.find((x) => x.id === e.id)));
  return fast;
}

function errorOf(f: () => unknown): { code: string; message: string; file: string | undefined } {
  try {
    f();
  } catch (e) {
    if (e instanceof AnnotatorError) return { code: e.code, message: e.message, file: e.file };
    throw e;
  }
  throw new Error('no error');
}

const lexicon = (name: string, entries: LexiconEntry[], origin = `${name}.yaml`): Lexicon => ({
  document: { format: LEXICON_FORMAT, lexicon: name, version: '1.0.0', sources: [{ id: 's', title: 'test', licence: 'CC0-1.0' }], entries },
  sha256: name,
  origin,
});
const entry = (id: string, type: LexiconEntry['type'], aliases: AliasSpec[], more: Partial<LexiconEntry> = {}): LexiconEntry => ({
  id,
  type,
  name: typeof aliases[0] === 'string' ? aliases[0] : (aliases[0]?.form ?? id),
  aliases,
  sources: ['s'],
  ...more,
});

describe('compileLexicons gives the index of the plain compiler (issue 5)', () => {
  it('on the shipped lexicons', () => {
    const shipped = loadLexicons();
    const index = expectSameIndex(shipped);
    expect(index.aliasCount).toBeGreaterThan(1000);
    expect(index.variants.size).toBeGreaterThan(100);
  });

  it('on the fixture lexicons that compile', () => {
    const dirs = [join(fixtures, 'lexicons'), join(fixtures, 'lexicons', 'validate')];
    let compiled = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml') && n !== 'context.yaml')) {
        let lex: Lexicon;
        try {
          lex = readLexiconFile(join(dir, f));
        } catch {
          continue; // a fixture that does not load is not this test's business
        }
        let reference: unknown;
        try {
          reference = dump(compileReference([lex]));
        } catch {
          expect(errorOf(() => compileLexicons([lex]))).toEqual(errorOf(() => compileReference([lex])));
          continue;
        }
        expect(dump(compileLexicons([lex]))).toEqual(reference);
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(0);
  });

  it('on shared skeletons, duplicate aliases, case policies, short forms and every entity type', () => {
    const a = lexicon('a', [
      entry('AF-KDZ', 'province', ['Kunduz', 'Kondoz', 'KUNDUZ', 'kunduz', { form: 'Kunduz', case: 'any' }], { province: 'AF-KDZ' }),
      entry('kdz-city', 'place', ['Kunduz', 'Kunduz City', 'Qunduz', 'Sar-e Pol', 'Sar-i-Pul', 'Sari Pul'], { province: 'AF-KDZ' }),
      entry('ttp', 'armed_group', ['Tehrik-i-Taliban Pakistan', 'TTP', { form: 'IS', case: 'exact' }, { form: 'Is-K', case: 'exact' }, 'al-Qaeda']),
      entry('p1', 'official', ['Zabihullah', 'Zabihullah Mujahid', 'Zabiullah Mujahed', 'Z. Mujahid', 'ZABIHULLAH MUJAHID'], { short_forms: ['Mujahid', 'Zabihullah'] }),
      entry('p2', 'official', ['Zabiullah Mujahid', 'Mr. X', 'A'], { short_forms: ['Mujahid', 'Mujahid'] }),
    ]);
    const b = lexicon('b', [
      entry('v1', 'place', ['Lashkar Gah', 'Lashkargah', 'Lashkar-Gah', 'لشکرگاه', 'Tālibān', 'Ｋｕｎｄｕｚ', 'O’Neil', "O'Neil"], { province: 'AF-KDZ' }),
      entry('v2', 'place', ['Lashkar Gah', 'Uruzgan', 'Oruzgan', 'Khan Abad', 'Khanabad'], { province: 'AF-KDZ' }),
      entry('v3', 'place', ['Uruzgan'], { province: 'AF-KDZ' }),
    ]);
    const index = expectSameIndex([a, b]);
    // The duplicates above were folded away; the shared skeletons list each entry once, in order.
    expect(index.aliasCount).toBeLessThan(a.document.entries.concat(b.document.entries).reduce((n, e) => n + e.aliases.length + (e.short_forms?.length ?? 0), 0));
    expect([...index.variants.values()].some((l) => l.length >= 2)).toBe(true);
  });

  it('on a generated lexicon of 4,000 aliases', () => {
    const syl = ['ab', 'dar', 'kh', 'gul', 'zai', 'qal', 'a', 'e', 'i', 'sh', 'man', 'pur'];
    const entries: LexiconEntry[] = [];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (): string => {
      let w = '';
      for (let k = 0, n = 2 + rnd(3); k < n; k++) w += syl[rnd(syl.length)];
      return w[0]!.toUpperCase() + w.slice(1);
    };
    const types = ['province', 'place', 'armed_group', 'official'] as const;
    for (let i = 0; i < 1000; i++) {
      const name = word();
      const t = types[i % 4]!;
      entries.push(entry(`e${i}`, t, [name, `${name} ${word()}`, `Qala-e ${name}`, i % 7 === 0 ? { form: name.toUpperCase(), case: 'exact' } : `${word()}-i-${name}`], i % 5 === 0 ? { short_forms: [name] } : {}));
    }
    expectSameIndex([lexicon('gen', entries)]);
  });

  it('with the same errors, in the same order', () => {
    const cases: Lexicon[][] = [
      [lexicon('a', [entry('x', 'place', ['X1'])]), lexicon('a', [entry('y', 'place', ['Y1'])], 'other.yaml')],
      [lexicon('a', [entry('x', 'place', ['X1']), entry('x', 'place', ['X2'])])],
      [lexicon('a', [entry('x', 'place', ['X1'])]), lexicon('b', [entry('y', 'place', ['Y1']), entry('x', 'place', ['X2'])])],
      [lexicon('a', [entry('x', 'place', ['X1'], { sources: ['s', 'nope'] })])],
      [lexicon('a', [entry('x', 'place', ['X1', '--', 'X2'])])],
      [lexicon('a', [entry('x', 'place', ['X1'], { short_forms: ['X', ' - '] })])],
      [lexicon('a', [entry('x', 'place', [' '], { sources: ['nope'] })])],
    ];
    for (const c of cases) {
      const fast = errorOf(() => compileLexicons(c));
      expect(fast).toEqual(errorOf(() => compileReference(c)));
      expect(fast.code).toMatch(/^AA20[4-7]$/);
    }
  });
});
