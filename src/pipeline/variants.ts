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

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function basicFold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** The consonant skeleton of a name (see the policy above). */
export function skeleton(name: string): string {
  let s = basicFold(name)
    .replace(/ph/g, 'f')
    .replace(/ou|oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/q/g, 'k')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i');
  if (s === '') return '';
  let out = VOWELS.has(s[0]!) ? '*' : '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (VOWELS.has(c)) continue;
    if (c === 'h' && i > 0 && VOWELS.has(s[i - 1]!)) continue;
    if (i > 0 && s[i - 1] === c) continue; // doubled letter
    out += c;
  }
  return out;
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
      const sk = skeleton(joined);
      if (!variantWorthy(sk)) continue;
      const entries = variants.get(sk);
      if (entries !== undefined) best = { firstPiece: i, endPiece: j + 1, start: pieces.start[i]!, end: pieces.end[j]!, entries };
    }
    if (best !== undefined) {
      out.push(best);
      i = best.endPiece - 1;
    }
  }
  return out;
}
