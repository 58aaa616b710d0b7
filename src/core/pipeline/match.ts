/**
 * Stage 4, match: pieces x phrase index -> every candidate. Finds all alias occurrences,
 * overlapping or not; deciding between them is `resolve`'s job.
 *
 * A candidate must (1) follow the trie piece by piece within one sentence, (2) satisfy the
 * alias's case policy, and (3) stand on word boundaries in the original text (no letter
 * or digit right before or after it). Each candidate the walk meets gets a verdict for
 * (2) and (3): `ok`, `case` or `boundary`. `findCandidates` (annotate, validate) returns
 * the `ok` ones only and makes nothing for the others; `findAllCandidates` (`lexicon
 * lookup`) returns every one with its verdict, from the same walk.
 */
import type { PhraseIndex, AliasHit } from '../lexicon/compile.js';
import type { PhraseTrie } from '../lexicon/trie.js';
import type { EntityType } from '../lexicon/types.js';
import { foldKey, isWordCharAt, isWordCharBefore, Shape, type Pieces } from './normalize.js';
import { attachedSplits, endingKeys, isArabicScriptWord } from './arabic-affixes.js';
import { hasArabicScript } from './language.js';

export interface Candidate {
  /** First piece (inclusive) and last piece (exclusive). */
  firstPiece: number;
  endPiece: number;
  /** UTF-16 offsets in the text. */
  start: number;
  end: number;
  entry: number;
  alias: AliasHit;
}

/**
 * Whether the matcher keeps a candidate: `ok`; `case`, refused by the alias's case policy
 * (case-shape.v1, its capital-run rule included); `boundary`, a letter or digit right
 * before or after it (whatever its case).
 */
export type Verdict = 'ok' | 'case' | 'boundary';

export interface CheckedCandidate extends Candidate {
  verdict: Verdict;
  /**
   * The case check of the pieces, whatever the verdict: the alias piece (0-based) whose
   * case the policy refuses, or -1 when every piece fits (a `case` verdict then comes from
   * the capital-run rule: a short exact-case alias next to a word in capitals).
   */
  casePiece: number;
}

const WORD_START = /^[\p{L}\p{N}]/u;

/** A word in capitals of two letters or more at piece p, in the given sentence. */
function shouted(pieces: Pieces, sentences: Int32Array, p: number, sentence: number): boolean {
  return (
    p >= 0 &&
    p < pieces.count &&
    sentences[p] === sentence &&
    WORD_START.test(pieces.raw[p]!) &&
    pieces.raw[p]!.length >= 2 &&
    (pieces.shape[p]! & Shape.allUpper) !== 0
  );
}

/** The first piece (of the alias, 0-based) whose case hit h's case policy refuses at the pieces from `first` on; -1: none. */
function caseMiss(trie: PhraseTrie, h: number, pieces: Pieces, first: number): number {
  const length = trie.hitLength[h]!;
  const exact = trie.hitExact[h]!;
  if (exact >= 0) {
    for (let k = 0; k < length; k++) if (!trie.strings.equals(exact + k, pieces.raw[first + k]!)) return k;
    return -1;
  }
  const requires = trie.requires;
  const at = trie.hitRequire[h]!;
  for (let k = 0; k < length; k++) {
    const need = requires[at + k]!;
    if (need !== 0 && (pieces.shape[first + k]! & need) !== need) return k;
  }
  return -1;
}

/**
 * case-shape.v1: a short exact-case alias ("IS") does not match inside a run of capitals
 * ("PROVIDED AS IS", "THE TALIBAN IS READY"), where every word looks like it.
 */
function inCapitalRun(trie: PhraseTrie, h: number, pieces: Pieces, sentences: Int32Array, first: number): boolean {
  const exact = trie.hitExact[h]!;
  if (exact < 0 || trie.hitLength[h] !== 1 || trie.strings.lengthOf(exact) > 3) return false;
  const sentence = sentences[first]!;
  return shouted(pieces, sentences, first - 1, sentence) || shouted(pieces, sentences, first + 1, sentence);
}

/**
 * The candidates the matcher keeps (verdict `ok`), of the given types: what annotate
 * resolves. By first piece, then by length, then in the trie node's hit order.
 *
 * `capitalRunSentences` (default `pieces.sentence`): the sentences the case-shape check
 * compares neighbours by; the prefilter (prefilter.v1) passes its own, where a sentence
 * may end at any line break, while its walk takes the whole text as one sentence.
 */
export function findCandidates(
  text: string,
  pieces: Pieces,
  index: PhraseIndex,
  types?: ReadonlySet<EntityType>,
  capitalRunSentences: Int32Array = pieces.sentence,
): Candidate[] {
  const out: Candidate[] = [];
  walk(text, pieces, index, types, out, false, capitalRunSentences);
  return out;
}

/**
 * Whether the text has a candidate that is not a short form (the prefilter's question):
 * `findCandidates` that stops at the first one.
 */
export function hasFullCandidate(text: string, pieces: Pieces, index: PhraseIndex, capitalRunSentences: Int32Array): boolean {
  const out: Candidate[] = [];
  walk(text, pieces, index, undefined, out, false, capitalRunSentences, true);
  return out.some((c) => !c.alias.short);
}

/**
 * Every candidate whose keys the walk follows, kept or not, each with its verdict (for
 * `lexicon lookup`), in the order of `findCandidates`; its `ok` ones are what that returns.
 */
export function findAllCandidates(text: string, pieces: Pieces, index: PhraseIndex): CheckedCandidate[] {
  const out: CheckedCandidate[] = [];
  walk(text, pieces, index, undefined, out, true, pieces.sentence);
  return out;
}

/**
 * Walks the flat trie (src/core/lexicon/trie.ts): each piece's key is looked up once (its
 * word id), then the walk from every piece follows integer edges. Puts the kept candidates
 * in `out`, or with `verdicts`, every candidate with its verdict (a CheckedCandidate).
 */
function walk(
  text: string,
  pieces: Pieces,
  index: PhraseIndex,
  types: ReadonlySet<EntityType> | undefined,
  out: Candidate[],
  verdicts: boolean,
  capitalRunSentences: Int32Array,
  firstFull = false,
): void {
  const trie = index.trie;
  const wordIds = trie.wordIds();
  const count = pieces.count;
  const words = new Int32Array(count);
  // Word ids are looked up when the walk first needs them (-2: not yet), so that a walk that
  // stops at its first candidate (`firstFull`) costs little.
  words.fill(-2);
  const key = pieces.key;
  const rootChild = trie.rootChild;
  const hitStart = trie.hitStart;
  const childCount = trie.childCount;
  // arabic-affixes.v1 (Dari and Pashto): another word id for an inflected piece, and for a
  // piece with something attached before a name, the name's word id and where it starts.
  // English text skips this: one test for an Arabic-script code point.
  let altWords: Int32Array | undefined;
  let attachedWords: Int32Array | undefined;
  let attachedAt: Int32Array | undefined;
  if (hasArabicScript(text)) {
    altWords = new Int32Array(count).fill(-1);
    attachedWords = new Int32Array(count).fill(-1);
    attachedAt = new Int32Array(count);
    for (let i = 0; i < count; i++) words[i] = wordIds.get(key[i]!) ?? -1;
    const idOf = (k: string): number => wordIds.get(k) ?? -1;
    for (let i = 0; i < count; i++) {
      const raw = pieces.raw[i]!;
      if (!isArabicScriptWord(raw)) continue;
      if (words[i]! < 0) {
        for (const k of endingKeys(raw)) {
          const w = idOf(k);
          if (w >= 0) {
            altWords[i] = w;
            break;
          }
        }
      }
      if (words[i]! >= 0 && rootChild[words[i]!] !== 0) continue;
      for (const [at, rest] of attachedSplits(raw)) {
        let w = idOf(foldKey(rest));
        if (w < 0 || rootChild[w] === 0) w = endingKeys(rest).map(idOf).find((x) => x >= 0 && rootChild[x] !== 0) ?? -1;
        if (w >= 0 && rootChild[w] !== 0) {
          attachedWords[i] = w;
          attachedAt[i] = at;
          break;
        }
      }
    }
  }
  for (let i = 0; i < count; i++) {
    let w = words[i]!;
    if (w === -2) w = words[i] = wordIds.get(key[i]!) ?? -1;
    let skip = 0;
    if (altWords !== undefined && (w < 0 || rootChild[w] === 0)) {
      if (altWords[i]! >= 0 && rootChild[altWords[i]!] !== 0) w = altWords[i]!;
      else if (attachedWords![i]! >= 0) {
        w = attachedWords![i]!;
        skip = attachedAt![i]!;
      }
    }
    if (w < 0) continue;
    let node = rootChild[w]!;
    if (node === 0) continue;
    const sentence = pieces.sentence[i]!;
    let j = i;
    for (;;) {
      const h0 = hitStart[node]!;
      const h1 = hitStart[node + 1]!;
      if (h1 > h0) {
        const start = pieces.start[i]! + skip;
        const end = pieces.end[j]!;
        const bounded = (skip > 0 || !isWordCharBefore(text, start)) && !isWordCharAt(text, end);
        if (verdicts) {
          for (let h = h0; h < h1; h++) {
            const entry = trie.hitEntry[h]!;
            if (types !== undefined && !types.has(index.entries[entry]!.type)) continue;
            const casePiece = caseMiss(trie, h, pieces, i);
            const verdict: Verdict = !bounded ? 'boundary' : casePiece >= 0 || inCapitalRun(trie, h, pieces, capitalRunSentences, i) ? 'case' : 'ok';
            const candidate: CheckedCandidate = { firstPiece: i, endPiece: j + 1, start, end, entry, alias: trie.hit(h), verdict, casePiece };
            out.push(candidate);
          }
        } else if (bounded) {
          for (let h = h0; h < h1; h++) {
            const entry = trie.hitEntry[h]!;
            if (types !== undefined && !types.has(index.entries[entry]!.type)) continue;
            if (caseMiss(trie, h, pieces, i) >= 0 || inCapitalRun(trie, h, pieces, capitalRunSentences, i)) continue;
            const alias = trie.hit(h);
            out.push({ firstPiece: i, endPiece: j + 1, start, end, entry, alias });
            if (firstFull && !alias.short) return;
          }
        }
      }
      j++;
      if (j >= count || childCount[node] === 0 || pieces.sentence[j] !== sentence) break;
      let wj = words[j]!;
      if (wj === -2) wj = words[j] = wordIds.get(key[j]!) ?? -1;
      let child = wj < 0 ? 0 : trie.child(node, wj);
      if (child === 0 && altWords !== undefined && altWords[j]! >= 0) child = trie.child(node, altWords[j]!);
      if (child === 0) break;
      node = child;
    }
  }
}
