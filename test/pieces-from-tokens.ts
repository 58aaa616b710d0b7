/**
 * The tokens' definition of normalize's pieces, kept for the tests: each of wink's tokens
 * split by `splitPieces`, word pieces of tokens that touch glued back into one ("Tālibān",
 * which wink cuts at the letters it does not know). `piecesOfText`, which the tool uses,
 * must give the same pieces (test/property/prefilter.property.test.ts); tests that need a
 * boundary no real text makes (hand-made tokens) build their pieces here.
 */
import { caseShape, foldKey, splitPieces, type Pieces } from '../src/core/pipeline/normalize.js';
import type { Tokens } from '../src/core/pipeline/tokenize.js';

export function piecesFromTokens(tokens: Tokens): Pieces {
  const start: number[] = [];
  const end: number[] = [];
  const shape: number[] = [];
  const sentence: number[] = [];
  const key: string[] = [];
  const raw: string[] = [];
  let lastIsWord = false;
  for (let t = 0; t < tokens.count; t++) {
    const split = splitPieces(tokens.value[t]!);
    if (split.length === 0) {
      lastIsWord = false;
      continue;
    }
    const base = tokens.start[t]!;
    split.forEach((p, k) => {
      const n = key.length;
      if (k === 0 && p.start === 0 && lastIsWord && p.word && end[n - 1] === base) {
        const glued = raw[n - 1]! + p.raw;
        raw[n - 1] = glued;
        key[n - 1] = foldKey(glued);
        shape[n - 1] = caseShape(glued);
        end[n - 1] = base + p.end;
      } else {
        start.push(base + p.start);
        end.push(base + p.end);
        shape.push(p.shape);
        sentence.push(tokens.sentence[t]!);
        key.push(p.key);
        raw.push(p.raw);
      }
      lastIsWord = p.word;
    });
  }
  return { count: key.length, start: Int32Array.from(start), end: Int32Array.from(end), key, shape: Uint8Array.from(shape), raw, sentence: Int32Array.from(sentence) };
}
