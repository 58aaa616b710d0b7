/**
 * Stage 2, tokenize: text -> tokens with UTF-16 offsets, and sentence boundaries.
 *
 * The only module that imports wink-nlp. We ask wink for its tokenizer and sentence
 * boundary detection only (pipe `['sbd']`), never for POS or NER we do not use.
 * wink's tokenization is lossless: every token's preceding whitespace plus its value
 * rebuild the text, so offsets are the running sum. We check that as we go and fall back
 * to a search if a token were ever not found where expected, so offsets can never drift.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface Tokens {
  /** Number of tokens. */
  count: number;
  /** UTF-16 start offset of each token. */
  start: Int32Array;
  /** UTF-16 end offset (exclusive) of each token. */
  end: Int32Array;
  /** 0-based sentence index of each token. */
  sentence: Int32Array;
  /** Token values (the exact source slices). */
  value: string[];
  /** Number of sentences. */
  sentences: number;
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

function engine(): Nlp {
  nlp ??= winkNLP(model, ['sbd']);
  return nlp;
}

export function tokenize(text: string): Tokens {
  const w = engine();
  const its = w.its;
  const doc = w.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const count = values.length;
  const start = new Int32Array(count);
  const end = new Int32Array(count);
  const sentence = new Int32Array(count);

  let pos = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    pos += spaces[i]!.length;
    if (!text.startsWith(value, pos)) {
      // Not expected with wink's lossless tokenizer; never let offsets drift if it happens.
      const found = text.indexOf(value, pos - spaces[i]!.length);
      if (found === -1) throw new Error(`tokenizer lost track of the text at offset ${pos}`);
      pos = found;
    }
    start[i] = pos;
    pos += value.length;
    end[i] = pos;
  }

  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  spans.forEach(([first, last], n) => sentence.fill(n, first, last + 1));
  const sentences = spans.length;
  return { count, start, end, sentence, value: values, sentences };
}

/** Load the language model now (it is otherwise loaded on first use). */
export function warmUpTokenizer(): void {
  engine();
}
