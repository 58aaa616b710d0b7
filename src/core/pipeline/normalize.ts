/**
 * Stage 3, normalize: text -> pieces with match keys. The text is never rewritten: a
 * piece keeps the UTF-16 offsets of the characters it came from, and only its key is folded.
 *
 * Policy `normalize.v2` (the same function splits lexicon aliases, so both sides agree):
 * - A token splits into pieces: each maximal run of letters, marks, digits and joiners
 *   (ZWNJ/ZWJ) is a word piece; every other visible character is a one-character piece.
 * - v2: word pieces of adjacent tokens with nothing between them are glued into one piece,
 *   since the tokenizer cuts words at letters beyond Latin-1 ("Tālibān"). v1 did not, so
 *   such words never matched.
 * - Whitespace, and the hyphens/en dash that join compound names, are separators, not
 *   pieces: "Sar-e-Pol", "Sar-e Pol" and "Sar e Pol" have the same key sequence.
 * - Keys are folded: NFKC, lower case, diacritics removed (NFD, marks dropped), curly and
 *   modifier apostrophes -> "'", Arabic-script letter variants (Arabic yeh/kaf -> Persian
 *   yeh/kaf, alef maksura -> yeh), tatweel and joiners removed.
 * - Each piece also records its case shape (`caseShape`), which the case policy checks.
 * - v3 (`arabic-script.v1`, issue 18): in keys with an Arabic-script letter, the letter pairs
 *   Dari and Pashto writers mix are folded too: Pashto ګ ې ۍ ښ ږ ټ ډ ړ ڼ -> Persian گ ی ی ش ژ
 *   ت د ر ن; ە ۀ ہ ة -> ه; ي ى -> ی; ك -> ک; hamza forms (أ إ آ ؤ ئ lose their mark under NFD,
 *   a lone ء is dropped); Arabic-Indic and Persian digits -> ASCII digits. Keys without an
 *   Arabic-script letter (all English text) are exactly what v2 made them: the extra folding
 *   runs only after a test for an Arabic-script code point.
 */
import type { Tokens } from './tokenize.js';

export const NORMALIZE_POLICY = 'normalize.v3';

/** Case-shape bits of a piece. */
export const Shape = {
  /** The first cased character is upper case (or title case). */
  initialUpper: 1,
  /** It has cased letters and none is lower case. */
  allUpper: 2,
  /** It has at least one cased letter. */
  cased: 4,
} as const;

export interface Piece {
  /** UTF-16 offset of the piece in the string it came from. */
  start: number;
  end: number;
  key: string;
  shape: number;
  /** The piece's characters as written. */
  raw: string;
  /** A word piece (letters, marks, digits, joiners), not a one-character symbol piece. */
  word: boolean;
}

export interface Pieces {
  count: number;
  start: Int32Array;
  end: Int32Array;
  key: string[];
  shape: Uint8Array;
  raw: string[];
  sentence: Int32Array;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}\u200c\u200d]/u;
const SEPARATOR = /[\s\u002d\u00ad\u2010\u2011\u2012\u2013\ufe63\uff0d]/u;
const APOSTROPHES = /['\u2018\u2019\u201b\u02bc\u02bb\u02bd\u02be\u02bf\u0060\u00b4\u2032]/gu;
const MARKS = /\p{M}/gu;
const JOINERS = /[\u200c\u200d\u0640]/gu;
const ARABIC_VARIANTS: Record<string, string> = {
  '\u064a': '\u06cc', // Arabic yeh -> Farsi yeh
  '\u0649': '\u06cc', // alef maksura -> Farsi yeh
  '\u0643': '\u06a9', // Arabic kaf -> keheh
  '\u06c1': '\u0647', // heh goal -> heh
  '\u0629': '\u0647', // teh marbuta -> heh
};
const ARABIC_VARIANT_RE = /[\u064a\u0649\u0643\u06c1\u0629]/gu;
/** arabic-script.v1: the Pashto/Persian pairs, heh forms, lone hamza and digits (see the header). */
const ARABIC_SCRIPT_FOLDS: Record<string, string> = {
  '\u06ab': '\u06af', // ګ -> گ
  '\u06d0': '\u06cc', // ې -> ی
  '\u06cd': '\u06cc', // ۍ -> ی
  '\u069a': '\u0634', // ښ -> ش
  '\u0696': '\u0698', // ږ -> ژ
  '\u067c': '\u062a', // ټ -> ت
  '\u0689': '\u062f', // ډ -> د
  '\u0693': '\u0631', // ړ -> ر
  '\u06bc': '\u0646', // ڼ -> ن
  '\u06d5': '\u0647', // ae (ۀ without its hamza) -> heh
  '\u06c0': '\u0647', // ۀ -> heh (if NFD left it)
  '\u0621': '', // lone hamza
};
const ARABIC_SCRIPT_FOLD_RE = /[\u06ab\u06d0\u06cd\u069a\u0696\u067c\u0689\u0693\u06bc\u06d5\u06c0\u0621\u0660-\u0669\u06f0-\u06f9]/gu;
const ARABIC_SCRIPT_RE = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u;

function foldArabicScript(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(0x30 + code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(0x30 + code - 0x06f0);
  return ARABIC_SCRIPT_FOLDS[c] ?? c;
}
// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

/** Fold one piece's characters to its match key. */
export function foldKey(raw: string): string {
  if (ASCII.test(raw)) return raw === '`' ? "'" : raw.toLowerCase();
  let k = raw.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARKS, '');
  k = k.replace(APOSTROPHES, "'").replace(JOINERS, '').replace(ARABIC_VARIANT_RE, (c) => ARABIC_VARIANTS[c] ?? c);
  if (ARABIC_SCRIPT_RE.test(k)) k = k.replace(ARABIC_SCRIPT_FOLD_RE, foldArabicScript);
  return k.normalize('NFC');
}

export function caseShape(raw: string): number {
  let shape = 0;
  let sawCased = false;
  let allUpper = true;
  for (const ch of raw) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue; // uncased (digits, Arabic script, ...)
    if (!sawCased && ch !== lower) shape |= Shape.initialUpper;
    sawCased = true;
    if (ch === lower) allUpper = false;
  }
  if (sawCased) {
    shape |= Shape.cased;
    if (allUpper) shape |= Shape.allUpper;
  }
  return shape;
}

/**
 * The piece that starts at UTF-16 offset i of s (offsets relative to s), or, where a
 * separator stands, the offset after it: the one definition of normalize's pieces.
 */
function pieceAt(s: string, i: number): Piece | number {
  const ch = String.fromCodePoint(s.codePointAt(i)!);
  if (WORD_CHAR.test(ch)) {
    let j = i + ch.length;
    while (j < s.length) {
      const c2 = String.fromCodePoint(s.codePointAt(j)!);
      if (!WORD_CHAR.test(c2)) break;
      j += c2.length;
    }
    const raw = s.slice(i, j);
    return { start: i, end: j, key: foldKey(raw), shape: caseShape(raw), raw, word: true };
  }
  if (SEPARATOR.test(ch)) return i + ch.length;
  let key = foldKey(ch);
  if (key.length === 0) key = ch;
  return { start: i, end: i + ch.length, key, shape: 0, raw: ch, word: false };
}

/** Split a string (a token or a whole alias) into pieces, offsets relative to the string. */
export function splitPieces(s: string): Piece[] {
  const pieces: Piece[] = [];
  for (let i = 0; i < s.length; ) {
    const p = pieceAt(s, i);
    if (typeof p === 'number') i = p;
    else {
      pieces.push(p);
      i = p.end;
    }
  }
  return pieces;
}

/** The key sequence of an alias: what the phrase index stores. */
export function aliasPieces(form: string): Piece[] {
  return splitPieces(form);
}

function grown<T extends Int32Array | Uint8Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}

/** Whether the character at a UTF-16 offset is a word character (letter, mark, digit, joiner). */
export function isWordCharAt(text: string, offset: number): boolean {
  if (offset < 0 || offset >= text.length) return false;
  const cp = text.codePointAt(offset)!;
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/** Whether the character ending just before a UTF-16 offset is a word character. */
export function isWordCharBefore(text: string, offset: number): boolean {
  if (offset <= 0) return false;
  let i = offset - 1;
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) i -= 1;
  return isWordCharAt(text, i);
}

const enum Code {
  Tab = 0x09,
  Cr = 0x0d,
  Space = 0x20,
  Hyphen = 0x2d,
  Digit0 = 0x30,
  Digit9 = 0x39,
  UpperA = 0x41,
  UpperZ = 0x5a,
  LowerA = 0x61,
  LowerZ = 0x7a,
}

/**
 * The pieces of a whole text, all in sentence 0 (`withSentences` gives them their
 * sentences): `splitPieces` of the text itself, with a fast path for ASCII. Pieces never
 * cross whitespace, so they are what splitting each of wink's tokens would give once the
 * word pieces of touching tokens are glued back together (wink cuts words at letters it
 * does not know: "Tālibān" -> "T", "ā", "lib", "ā", "n"); test/pieces-from-tokens.ts keeps
 * that token-by-token definition, and test/property/prefilter.property.test.ts compares the two.
 */
export function piecesOfText(text: string): Pieces {
  let capacity = (text.length >> 2) + 16;
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  let shape = new Uint8Array(capacity);
  const key: string[] = [];
  const raw: string[] = [];
  let n = 0;
  const push = (a: number, b: number, k: string, r: string, s: number): void => {
    if (n === capacity) {
      capacity *= 2;
      start = grown(start, capacity);
      end = grown(end, capacity);
      shape = grown(shape, capacity);
    }
    start[n] = a;
    end[n] = b;
    shape[n] = s;
    key.push(k);
    raw.push(r);
    n++;
  };
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const lower = c | 0x20;
      if ((lower >= Code.LowerA && lower <= Code.LowerZ) || (c >= Code.Digit0 && c <= Code.Digit9)) {
        // A word piece of ASCII letters and digits, unless a non-ASCII word character follows.
        let j = i + 1;
        let shapeBits = 0;
        let sawCased = false;
        let sawUpper = false;
        let allUpper = true;
        for (let q = i; ; q++) {
          const d = text.charCodeAt(q);
          if (d >= Code.UpperA && d <= Code.UpperZ) {
            if (!sawCased) shapeBits |= Shape.initialUpper;
            sawCased = true;
            sawUpper = true;
          } else if (d >= Code.LowerA && d <= Code.LowerZ) {
            sawCased = true;
            allUpper = false;
          }
          j = q + 1;
          if (j >= length) break;
          const e = text.charCodeAt(j);
          const el = e | 0x20;
          if (e >= 0x80 || !((el >= Code.LowerA && el <= Code.LowerZ) || (e >= Code.Digit0 && e <= Code.Digit9))) break;
        }
        if (!(j < length && text.charCodeAt(j) >= 0x80 && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(j)!)))) {
          if (sawCased) shapeBits |= allUpper ? Shape.cased | Shape.allUpper : Shape.cased;
          const r = text.slice(i, j);
          // Lower case already (most words): the key is the same string.
          push(i, j, sawUpper ? r.toLowerCase() : r, r, shapeBits);
          i = j;
          continue;
        }
        // A word with non-ASCII letters: the general path from its start.
      } else if (c === Code.Space || (c >= Code.Tab && c <= Code.Cr) || c === Code.Hyphen) {
        i++;
        continue;
      } else {
        const ch = text[i]!;
        push(i, i + 1, ch === '`' ? "'" : ch, ch, 0);
        i++;
        continue;
      }
    }
    // The general path: splitPieces' own step, from a non-ASCII start.
    const p = pieceAt(text, i);
    if (typeof p === 'number') i = p;
    else {
      push(p.start, p.end, p.key, p.raw, p.shape);
      i = p.end;
    }
  }
  return { count: n, start: start.slice(0, n), end: end.slice(0, n), key, shape: shape.slice(0, n), raw, sentence: new Int32Array(n) };
}

/**
 * The pieces of a text (`piecesOfText`) with their sentences from its tokens: each piece is
 * in the sentence of the token it starts in (a word glued across tokens: its first
 * token's). Sets `pieces.sentence` in place.
 */
export function withSentences(pieces: Pieces, tokens: Tokens): Pieces {
  const sentence = pieces.sentence;
  let t = 0;
  for (let p = 0; p < pieces.count; p++) {
    const at = pieces.start[p]!;
    while (t + 1 < tokens.count && tokens.end[t]! <= at) t++;
    sentence[p] = tokens.sentence[t]!;
  }
  return pieces;
}
