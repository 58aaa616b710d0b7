/**
 * Stage 4, match: pieces x phrase index -> every candidate. Finds all alias occurrences,
 * overlapping or not; deciding between them is `resolve`'s job.
 *
 * A candidate must (1) follow the trie piece by piece within one sentence, (2) satisfy the
 * alias's case policy, and (3) stand on word boundaries in the original text (no letter
 * or digit right before or after it).
 */
import type { PhraseIndex, AliasHit } from '../lexicon/compile.js';
import type { EntityType } from '../lexicon/types.js';
import { isWordCharAt, isWordCharBefore, Shape, type Pieces } from './normalize.js';

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

function caseAllows(hit: AliasHit, pieces: Pieces, first: number): boolean {
  if (hit.exact !== undefined) {
    for (let k = 0; k < hit.length; k++) if (pieces.raw[first + k] !== hit.exact[k]) return false;
    return true;
  }
  for (let k = 0; k < hit.length; k++) {
    const need = hit.require[k]!;
    if (need !== 0 && (pieces.shape[first + k]! & need) !== need) return false;
  }
  return true;
}

const WORD_START = /^[\p{L}\p{N}]/u;

/** A word in capitals of two letters or more at piece p, in the given sentence. */
function shouted(pieces: Pieces, p: number, sentence: number): boolean {
  return (
    p >= 0 &&
    p < pieces.count &&
    pieces.sentence[p] === sentence &&
    WORD_START.test(pieces.raw[p]!) &&
    pieces.raw[p]!.length >= 2 &&
    (pieces.shape[p]! & Shape.allUpper) !== 0
  );
}

/**
 * case-shape.v1: a short exact-case alias ("IS") does not match inside a run of capitals
 * ("PROVIDED AS IS", "THE TALIBAN IS READY"), where every word looks like it.
 */
function inCapitalRun(hit: AliasHit, pieces: Pieces, first: number): boolean {
  if (hit.exact === undefined || hit.length !== 1 || hit.exact[0]!.length > 3) return false;
  const sentence = pieces.sentence[first]!;
  return shouted(pieces, first - 1, sentence) || shouted(pieces, first + 1, sentence);
}

export function findCandidates(
  text: string,
  pieces: Pieces,
  index: PhraseIndex,
  types?: ReadonlySet<EntityType>,
): Candidate[] {
  const out: Candidate[] = [];
  const rootNext = index.root.next;
  if (rootNext === undefined) return out;
  for (let i = 0; i < pieces.count; i++) {
    let node = rootNext.get(pieces.key[i]!);
    if (node === undefined) continue;
    const sentence = pieces.sentence[i]!;
    let j = i;
    for (;;) {
      if (node.hits !== undefined) {
        const start = pieces.start[i]!;
        const end = pieces.end[j]!;
        if (!isWordCharBefore(text, start) && !isWordCharAt(text, end)) {
          for (const hit of node.hits) {
            if (types !== undefined && !types.has(index.entries[hit.entry]!.type)) continue;
            if (!caseAllows(hit, pieces, i) || inCapitalRun(hit, pieces, i)) continue;
            out.push({ firstPiece: i, endPiece: j + 1, start, end, entry: hit.entry, alias: hit });
          }
        }
      }
      j++;
      if (j >= pieces.count || node.next === undefined || pieces.sentence[j] !== sentence) break;
      const child: typeof node | undefined = node.next.get(pieces.key[j]!);
      if (child === undefined) break;
      node = child;
    }
  }
  return out;
}
