/**
 * Spelling variants nobody listed: policy `variant.v1`.
 *
 * Transliterations of Dari and Pashto names vary without end (Kunduz, Kondoz, Qunduz;
 * Sar-e Pol, Sar-i-Pul, Sari Pul; Zabihullah, Zabiullah). A variant key folds a name to
 * its consonant skeleton so that such spellings meet:
 *   - letters only, joined across spaces and hyphens ("Sar-e Pol" = "Sarepol");
 *   - q -> k, w -> v, y -> i, ph -> f, ou/oo -> u, ee -> i;
 *   - an h after a vowel is dropped (Zabihullah = Zabiullah, Lashkar Gah = Lashkarga);
 *   - vowels are dropped, but an initial vowel is kept as one marker ("Uruzgan" and
 *     "Oruzgan" both start with it);
 *   - doubled letters are collapsed.
 * A variant match needs: title-case words in the text (not all capitals), a skeleton of at least
 * five letters (six for people's names) (short names collide too easily), and pieces that no exact alias matched.
 * It is marked with rule `variant` and a lower confidence.
 */
export const VARIANT_POLICY = 'variant.v1';

/** Skeletons shorter than this are never matched as variants. */
export const MIN_SKELETON = 5;
/** The longest variant, in word pieces. */
export const MAX_VARIANT_PIECES = 4;

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

function basicFold(s: string): string {
  // NFKD and the mark pass change nothing in ASCII (and cost most of the time).
  const folded = ASCII.test(s) ? s.toLowerCase() : s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.replace(/[^a-z]/g, '');
}

/**
 * The substitutions, in one left-to-right pass: no two patterns share a letter, and no
 * replacement forms a new match, so this equals applying them one after another
 * (ph, then ou|oo, then ee, then q, w, y), as variant.v1 is defined (test/unit/variants.test.ts).
 */
const SUBSTITUTIONS = /ph|ou|oo|ee|q|w|y/g;
const SUBSTITUTE: Record<string, string> = { ph: 'f', ou: 'u', oo: 'u', ee: 'i', q: 'k', w: 'v', y: 'i' };

/** a, e, i, o, u */
function isVowel(c: number): boolean {
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117;
}

/** The consonant skeleton of a name (see the policy above). */
export function skeleton(name: string): string {
  const s = basicFold(name).replace(SUBSTITUTIONS, (m) => SUBSTITUTE[m]!);
  if (s === '') return '';
  let out = isVowel(s.charCodeAt(0)) ? '*' : '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isVowel(c)) continue;
    if (c === 104 /* h */ && i > 0 && isVowel(s.charCodeAt(i - 1))) continue;
    if (i > 0 && s.charCodeAt(i - 1) === c) continue; // doubled letter
    out += s[i];
  }
  return out;
}

/** Skeletons of single words, remembered (names repeat); bounded like normalize's memo. */
const SKELETON_MEMO_LIMIT = 100_000;
const skeletonMemo = new Map<string, string>();

function wordSkeleton(word: string): string {
  let sk = skeletonMemo.get(word);
  if (sk === undefined) {
    if (skeletonMemo.size >= SKELETON_MEMO_LIMIT) skeletonMemo.clear();
    sk = skeleton(word);
    skeletonMemo.set(word, sk);
  }
  return sk;
}

/** Whether a skeleton is long enough to be matched as a variant (the initial-vowel marker `*` is no letter). */
export function variantWorthy(sk: string, extra = 0): boolean {
  return (sk.charCodeAt(0) === 42 ? sk.length - 1 : sk.length) >= MIN_SKELETON + extra;
}

export interface VariantMatch {
  firstPiece: number;
  endPiece: number;
  start: number;
  end: number;
  /** Entries whose skeleton it is, in index order. */
  entries: number[];
}

const CONNECTOR = /^(e|i|u|o|ul|al|wa|ye|da)$/;

/** What a table says of a name's first word on its own (`wordFacts`). */
interface WordFacts {
  /** The listed entries whose skeleton is the word's, if it is long enough to match. */
  entries: number[] | undefined;
  /** Whether some listed skeleton starts as the word's does, but for its last letter: a longer name may match. */
  extends: boolean;
}

interface TableFacts {
  /** Every prefix of every skeleton of the table. */
  prefixes: Set<string>;
  /** Facts of single words met so far (names repeat, most capitalised words are no name of the table). */
  words: Map<string, WordFacts>;
}

const tableFacts = new WeakMap<ReadonlyMap<string, number[]>, TableFacts>();

/** The prefixes and word facts of a table (the prefixes made once per table). */
function factsOf(variants: ReadonlyMap<string, number[]>): TableFacts {
  let facts = tableFacts.get(variants);
  if (facts === undefined) {
    const prefixes = new Set<string>();
    for (const sk of variants.keys()) for (let n = 0; n <= sk.length; n++) prefixes.add(sk.slice(0, n));
    facts = { prefixes, words: new Map() };
    tableFacts.set(variants, facts);
  }
  return facts;
}

/** A skeleton's entries (when long enough to match) and whether a longer name may still match. */
function skeletonFacts(sk: string, variants: ReadonlyMap<string, number[]>, prefixes: Set<string>): WordFacts {
  return { entries: variantWorthy(sk) ? variants.get(sk) : undefined, extends: prefixes.has(sk.slice(0, -1)) };
}

/** `skeletonFacts` of one word, remembered per table (bounded like the skeleton memo). */
function wordFacts(word: string, variants: ReadonlyMap<string, number[]>, facts: TableFacts): WordFacts {
  let f = facts.words.get(word);
  if (f === undefined) {
    if (facts.words.size >= SKELETON_MEMO_LIMIT) facts.words.clear();
    f = skeletonFacts(wordSkeleton(word), variants, facts.prefixes);
    facts.words.set(word, f);
  }
  return f;
}
const LETTERS = /^\p{L}+$/u;

/**
 * Variant matches among the pieces that no mention covers (`covered[p] === 1`), longest
 * first at each position, left to right.
 */
export function findVariants(
  pieces: { count: number; start: Int32Array; end: Int32Array; raw: string[]; shape: Uint8Array; sentence: Int32Array },
  variants: ReadonlyMap<string, number[]>,
  covered: Uint8Array,
  shapes: { initialUpper: number; allUpper: number },
): VariantMatch[] {
  const initialUpper = shapes.initialUpper;
  // Title-case words of two letters or more: not "A", not shouted capitals ("OR A FAILURE").
  const nameWord = (j: number): boolean =>
    (pieces.shape[j]! & initialUpper) !== 0 && (pieces.shape[j]! & shapes.allUpper) === 0 && pieces.raw[j]!.length >= 2;
  const out: VariantMatch[] = [];
  if (variants.size === 0) return out;
  const facts = factsOf(variants);
  for (let i = 0; i < pieces.count; i++) {
    if (covered[i] === 1 || !nameWord(i) || !LETTERS.test(pieces.raw[i]!)) continue;
    let best: VariantMatch | undefined;
    let joined = '';
    for (let j = i; j < pieces.count && j < i + MAX_VARIANT_PIECES + 2; j++) {
      const raw = pieces.raw[j]!;
      if (covered[j] === 1 || pieces.sentence[j] !== pieces.sentence[i] || !LETTERS.test(raw)) break;
      const capital = nameWord(j);
      if (!capital && !(j > i && CONNECTOR.test(raw.toLowerCase()))) break;
      joined += raw;
      if (!capital) continue; // a name does not end on a connector
      const f = j === i ? wordFacts(joined, variants, facts) : skeletonFacts(skeleton(joined), variants, facts.prefixes);
      if (f.entries !== undefined) best = { firstPiece: i, endPiece: j + 1, start: pieces.start[i]!, end: pieces.end[j]!, entries: f.entries };
      // A longer name keeps this skeleton but for its last letter (a "p" may become "f"):
      // when no listed skeleton starts so, stop here.
      if (!f.extends) break;
    }
    if (best !== undefined) {
      out.push(best);
      i = best.endPiece - 1;
    }
  }
  return out;
}
