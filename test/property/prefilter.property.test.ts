/**
 * prefilter.v1 (issue 17): a text that the prefilter passes over is annotated without wink,
 * and its output must be the very bytes the whole pipeline gives. Three checks:
 * - `piecesOfText` (the pieces without tokens) equals `piecesFromTokens(tokenize(text))` but
 *   for the sentences, on random Unicode text;
 * - random news-like texts made of the shipped rules' own trigger words (titles, given
 *   names, honorifics, name endings, dotted acronyms, capital runs, line breaks) and
 *   aliases, with the shipped lexicons and rules: the same JSON with and without the
 *   prefilter, with and without --explain;
 * - real texts (samples/, the dev sets, the licences every Debian machine has): the same.
 * The fuzz property (fuzz.property.test.ts) checks the same on random lexicons.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotateText, type AnnotateOptions } from '../../src/core/annotate.js';
import { piecesOfText } from '../../src/core/pipeline/normalize.js';
import { piecesFromTokens } from '../pieces-from-tokens.js';
import { mayMention } from '../../src/core/pipeline/prefilter.js';
import { compileRules } from '../../src/core/context/rules.js';
import { tokenize } from '../../src/core/pipeline/tokenize.js';
import { serializeAnnotation } from '../../src/core/output/serialize.js';
import { readJsonLines, sharedAvailable, sharedDir, shippedIndex } from '../helpers.js';

const RUNS = Number(process.env['AFGHAN_ANNOTATOR_FUZZ_RUNS'] ?? 300);
const index = shippedIndex();
const rules = index.rules!;

function samePieces(text: string): void {
  const a = piecesOfText(text);
  const b = piecesFromTokens(tokenize(text));
  expect(a.count, JSON.stringify(text)).toBe(b.count);
  expect(a.key).toEqual(b.key);
  expect(a.raw).toEqual(b.raw);
  expect([...a.start]).toEqual([...b.start]);
  expect([...a.end]).toEqual([...b.end]);
  expect([...a.shape]).toEqual([...b.shape]);
}

const json = (text: string, options: AnnotateOptions): string => serializeAnnotation(annotateText(text, index, { path: 'p.txt', ...options }), 'json');

/** Returns whether the prefilter skipped the text. */
function sameOutput(text: string): boolean {
  for (const explain of [false, true]) {
    expect(json(text, { explain }), JSON.stringify(text)).toBe(json(text, { explain, prefilter: false }));
  }
  return !mayMention(text, index);
}

describe('prefilter.v1: the pieces of a text without its tokens', () => {
  const separator = fc.constantFrom(' ', '\n', '\n\n', '\r\n', '\t', '-', '–', '. ', ', ', '\u00a0', '\u200b', '\u200c', '\u2028', '\ufeff', "'s ", '', '');
  const word = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
    fc.constantFrom('Tālibān', 'İstanbul', 'ﬁre', 'Ḥaqqānī', 'هلمند', 'Mohammad\u200cZai', 'A.B.', 'x2', '١٢٣', 'e\u0301', 'STRASSE', 'straße', '🙂x'),
  );
  it('equal piecesFromTokens(tokenize(text)) but for sentences', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator), { maxLength: 30 }), (parts) => samePieces(parts.map(([w, s]) => w + s).join(''))),
      { numRuns: RUNS },
    );
  });
});

describe('prefilter.v1: each way to a mention is let through, and near misses are not', () => {
  // One way each: the text has no other trigger, so dropping that check would skip it.
  const fires: [string, string][] = [
    ['They met Mullah Zarbad at noon.', 'title-before-name'], // an honorific alone before a name
    ['The spokesman Ahmad Zarbad said so.', 'title-before-name'],
    ['The provincial spokesman, Ahmad Zarbad, said so.', 'title-comma-name'],
    ['Ahmad Zarbad, the district governor, said so.', 'name-comma-title'],
    ['Police said I.S. fighters attacked.', 'dotted-acronym'],
    ['THE END\n\nIS fighters attacked the post.', 'alias'], // a sentence may end at a blank line: no capital run
    ['Fighting in Helmend continued.', 'variant'],
  ];
  for (const [text, rule] of fires) {
    it(`lets through ${JSON.stringify(text)} (${rule})`, () => {
      expect(mayMention(text, index)).toBe(true);
      const a = annotateText(text, index);
      expect(a.mentions.map((m) => m.rule)).toContain(rule);
      expect(json(text, {})).toBe(json(text, { prefilter: false }));
    });
  }
  it('lets every text through when a Dari/Pashto rule of the user has a word in Latin script', () => {
    const rules = compileRules({ format: 'afghan-annotator/rules@1', ruleset: 'mine', version: '1.0.0', stopwords: [], name_connectors: [], rules: [{ name: 'mine', kind: 'fa-ps-new-place', nouns: ['district'] }] });
    const mine = { ...index, rules };
    expect(mayMention('Nothing here.', { ...index, rules: compileRules({ format: 'afghan-annotator/rules@1', ruleset: 'mine', version: '1.0.0', stopwords: [], name_connectors: [], rules: [] }) })).toBe(false);
    expect(mayMention('Nothing here.', mine)).toBe(true);
  });
  const skips = ['THE END IS near.', 'Gen. Zarbad spoke.', 'Dr. Tobias Quathamer wrote it.', 'This General Public License applies to John Smith, the author.', 'Copyright 2004 Red Hat, Inc. Written by Tom Tromey.'];
  for (const text of skips) {
    it(`skips ${JSON.stringify(text)}`, () => {
      expect(mayMention(text, index)).toBe(false);
      expect(annotateText(text, index, { prefilter: false }).mentions).toEqual([]);
    });
  }
});

describe('prefilter.v1: the same output with and without it (shipped lexicons and rules)', () => {
  // Words that make the official rules, dotted acronyms and capital runs fire or nearly fire.
  const pick = <T,>(list: readonly T[], n: number): T[] => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / n)) === 0).slice(0, n);
  const titles = pick([...rules.titleForms.values()].flatMap((forms) => forms.map((f) => f.seq.join(' '))), 40);
  const given = pick([...rules.givenNames], 40).map((g) => g[0]!.toUpperCase() + g.slice(1));
  const honorifics = [...rules.honorifics].flatMap((h) => [h, h[0]!.toUpperCase() + h.slice(1), `${h[0]!.toUpperCase()}${h.slice(1)}.`]);
  const aliases = pick(
    index.entries.flatMap((e) => e.entry.aliases.map((a) => (typeof a === 'string' ? a : a.form))),
    60,
  );
  const plain = ['the', 'said', 'General', 'Public', 'License', 'Software', 'Foundation', 'AS', 'IS', 'PROVIDED', 'was', 'as', 'who', 'Inc', 'Red', 'Hat', 'of', 'and', 'Copyright', '2021', 'Rahimullah', 'Popalzai', 'Smith', 'Kandahary', 'Helmandi', 'Qunduz', 'Kondoz', 'Lashkargah', 'I.S.', 'I.S.-K', 'U.S.', 'Dr.', 'Mr', 'spokesman', 'governor', 'Spokesman'];
  const word = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...plain) },
    { weight: 2, arbitrary: fc.constantFrom(...titles, ...honorifics) },
    { weight: 2, arbitrary: fc.constantFrom(...given) },
    { weight: 1, arbitrary: fc.constantFrom(...aliases) },
  );
  const casing = fc.constantFrom<(w: string) => string>((w) => w, (w) => w, (w) => w, (w) => w.toUpperCase(), (w) => w.toLowerCase());
  const separator = fc.constantFrom(' ', ' ', ' ', ', ', '. ', '\n', '\n\n', ' - ', '-', "'s ", ' (', ') ', ': ', '"');
  const text = fc.array(fc.tuple(word, casing, separator), { maxLength: 40 }).map((parts) => parts.map(([w, c, s]) => c(w) + s).join(''));

  it('gives the same JSON, --explain or not, on texts made of the rules own trigger words', () => {
    let skipped = 0;
    let runs = 0;
    fc.assert(
      fc.property(text, (t) => {
        runs++;
        if (sameOutput(t)) skipped++;
      }),
      { numRuns: RUNS },
    );
    // Both ways must be exercised, or the property proves nothing.
    expect(skipped).toBeGreaterThan(runs / 20);
    expect(skipped).toBeLessThan(runs);
  });

  it('gives the same JSON on samples/, the dev sets and the Debian licence texts', () => {
    const texts: string[] = [];
    const samples = join(import.meta.dirname, '..', '..', 'samples');
    for (const f of readdirSync(samples).sort()) if (f.endsWith('.txt')) texts.push(readFileSync(join(samples, f), 'utf8'));
    if (sharedAvailable) {
      for (const set of ['seed-article', 'events', 'real-dev', 'fa-ps-dev']) {
        for (const d of readJsonLines<{ text?: string }>(join(sharedDir, 'dev', `${set}.gold.jsonl`))) if (typeof d.text === 'string') texts.push(d.text);
      }
    }
    const licences = '/usr/share/common-licenses';
    if (existsSync(licences)) {
      for (const f of readdirSync(licences).sort()) {
        const path = join(licences, f);
        try {
          texts.push(readFileSync(path, 'utf8'));
        } catch {
          // a folder or an unreadable file
        }
      }
    }
    let skipped = 0;
    for (const t of texts) if (sameOutput(t)) skipped++;
    console.log(`prefilter: ${texts.length} real texts, ${skipped} skipped, all with the same output`);
    expect(texts.length).toBeGreaterThan(5);
  });
});
