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

/** Whether a skeleton is long enough to be matched as a variant. */
export function variantWorthy(sk: string, extra = 0): boolean {
  return sk.replace('*', '').length >= MIN_SKELETON + extra;
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

const prefixSets = new WeakMap<ReadonlyMap<string, number[]>, Set<string>>();

/** Every prefix of every skeleton of the table (made once per table). */
function prefixesOf(variants: ReadonlyMap<string, number[]>): Set<string> {
  let set = prefixSets.get(variants);
  if (set === undefined) {
    set = new Set<string>();
    for (const sk of variants.keys()) for (let n = 0; n <= sk.length; n++) set.add(sk.slice(0, n));
    prefixSets.set(variants, set);
  }
  return set;
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
  const prefixes = prefixesOf(variants);
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
      const sk = j === i ? wordSkeleton(joined) : skeleton(joined);
      if (variantWorthy(sk)) {
        const entries = variants.get(sk);
        if (entries !== undefined) best = { firstPiece: i, endPiece: j + 1, start: pieces.start[i]!, end: pieces.end[j]!, entries };
      }
      // A longer name keeps this skeleton but for its last letter (a "p" may become "f"):
      // when no listed skeleton starts so, stop here.
      if (!prefixes.has(sk.slice(0, -1))) break;
    }
    if (best !== undefined) {
      out.push(best);
      i = best.endPiece - 1;
    }
  }
  return out;
}
