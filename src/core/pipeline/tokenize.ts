/**
 * Stage 2, tokenize: text -> tokens with UTF-16 offsets, and sentence boundaries.
 *
 * The only module that loads wink-nlp and its English model. We ask wink for its tokenizer
 * and sentence boundary detection only (pipe `['sbd']`), never for POS or NER we do not use.
 * wink's tokenization is lossless: every token's preceding whitespace plus its value
 * rebuild the text, so offsets are the running sum. We check that as we go and fall back
 * to a search if a token were ever not found where expected, so offsets can never drift.
 *
 * Both packages are loaded on first use (issue 5, start-up time), and of the model only
 * what that pipe uses (see `sbdModel`). The core model, whose building is most of wink's
 * start-up, can come from elsewhere (`setTokenizerModel`: src/wink-model-cache.ts gives
 * it from a disk cache); this module does no I/O of its own.
 */
import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';
import type { Model } from 'wink-nlp';

const require = createRequire(import.meta.url);

/** A wink language model, as `winkNLP(model)` takes it. */
export type WinkModel = Model;

/** wink's built core model (lexicon, features, token regexes): a plain data structure. */
export type WinkCore = Record<string, unknown>;

/** Where wink-eng-lite-web-model keeps its parts (a CommonJS package without an exports map). */
const MODEL_DIR = 'wink-eng-lite-web-model/dist/';

/**
 * wink's core model as the package builds it (what its `model.core()` returns): parses the
 * package's 3 MB JSON, decodes the lexicon and builds the feature hashes. A new object on
 * every call (wink adds the words it meets to it).
 */
export function loadWinkCore(): WinkCore {
  return (require(`${MODEL_DIR}load-core-model.js`) as () => WinkCore)();
}

/** An empty automaton in wink's export format (what its `emptyModelJSON()` gives). */
const EMPTY_MACHINE = '[100,0,{"0":{}},{},{},{}]';

function notLoaded(): never {
  throw new Error('wink model part not loaded: the tokenizer runs only the sbd pipe');
}

/**
 * wink's English model reduced to what `winkNLP(model, ['sbd'])` uses: the core model
 * (from `core`), the sentence boundary model and the feature function, all from the package.
 * `winkNLP` still calls the loaders of the NER, POS, negation, sentiment and pattern
 * models when it starts, but with that pipe it never runs them on a document, so they
 * are empty here instead of ~0.6 MB of JSON read and parsed (their setters throw if they
 * ever were run). The addons (stemmer, lemmatizer, readability) are the package's own,
 * loaded when first used. test/unit/wink-model-cache.test.ts checks that this model
 * tokenizes exactly as the package's whole model does.
 */
export function sbdModel(core: () => WinkCore = loadWinkCore): WinkModel {
  const part = (name: string): unknown => require(`${MODEL_DIR}${name}.js`);
  const addons = Object.create(null) as Record<string, unknown>;
  for (const [name, file] of [['stem', 'porter-stemmer'], ['lemmatize', 'lemmatize'], ['readabilityStats', 'readability-stats']] as const) {
    Object.defineProperty(addons, name, { enumerable: true, get: () => part(file) });
  }
  addons['wordVectors'] = undefined;
  return {
    core,
    sbd: part('load-sbd-model'),
    featureFn: part('feature'),
    ner: () => ({ machines: [], transformers: [] }),
    pos: () => ({ machines: [], transformers: [], setter: notLoaded, updater: notLoaded }),
    negation: () => ({ machines: [EMPTY_MACHINE], setter: notLoaded }),
    sa: () => ({ machines: [EMPTY_MACHINE], setter: notLoaded }),
    metaCER: () => ({ machines: '[]', transformers: [notLoaded] }),
    addons,
  };
}

/** The package's whole model (`wink-eng-lite-web-model`), as the tests compare with `sbdModel`. */
export function fullWinkModel(): WinkModel {
  return require('wink-eng-lite-web-model') as WinkModel;
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;
let modelSource: () => WinkModel = () => sbdModel();

/**
 * Set where the tokenizer's model comes from (default `sbdModel()`, wink's own loader):
 * `source` is called once, when a text is first tokenized. Meant for start-up; the
 * tokenizer built so far, if any, is dropped.
 */
export function setTokenizerModel(source: (() => WinkModel) | undefined): void {
  modelSource = source ?? (() => sbdModel());
  nlp = undefined;
}

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

/** A feature of wink's core model that grows as wink meets new values (lexemes, shapes, suffixes, ...). */
interface GrowingFeature {
  hash: Record<string, number>;
  list: unknown[];
}

/** wink's lexemes (the words it knows), as loaded into the engine. */
let lexemes: GrowingFeature | undefined;
/** The length of wink's lexeme list when the engine was built (what `REBUILD_AFTER_WORDS` counts from). */
let lexemesAtStart = 0;
/** Features whose value indexes wink packs into bit fields of its own (prefix, suffix, shape), with how many values each field holds. */
let packed: { feature: GrowingFeature; capacity: number }[] = [];
/** The words the current text made visible to wink's tokenizer (`separateLexemes`): hidden again after the text. */
let shown: string[] = [];
/** The lexeme hash wink's tokenizer reads (`separateLexemes`). */
let visible: Record<string, number | undefined> | undefined;

/**
 * After this many words learnt in all, the engine is built again from a fresh core model,
 * which bounds the memory of a long run (about 0.1 s with the model cache). It also keeps
 * the index of a learnt word below 1,080,000, where wink's sentence splitter codes its hints
 * (sbd-transformers.js of wink-eng-lite-web-model): a word under such an index would read
 * as a hint. (tokenizer-memory.v1 allowed 2 million words, re-learnt text after text.)
 */
const REBUILD_AFTER_WORDS = 500_000;

function engine(): Nlp {
  if (nlp === undefined) {
    const model = modelSource();
    const coreOf = model.core as () => WinkCore;
    nlp = (require('wink-nlp') as typeof winkNLP)(
      {
        ...model,
        core: () => {
          const core = coreOf();
          const features = (core['features'] ?? {}) as Record<string, Partial<GrowingFeature>>;
          const grows = (f: Partial<GrowingFeature> | undefined): f is GrowingFeature => typeof f?.hash === 'object' && f.hash !== null && Array.isArray(f.list);
          const lexeme = features['lexeme'];
          lexemes = grows(lexeme) ? lexeme : undefined;
          // layout[name] = [word, mask, shift, value packed (1) or its index (0), ...]
          const packing = core['packing'] as { layout?: Record<string, number[]>; efList?: string[] } | undefined;
          packed = [];
          for (const name of packing?.efList ?? []) {
            const cfg = packing?.layout?.[name];
            const f = features[name];
            if (cfg !== undefined && cfg[3] === 0 && grows(f)) packed.push({ feature: f, capacity: (cfg[1]! >>> cfg[2]!) + 1 });
          }
          lexemesAtStart = lexemes?.list.length ?? 0;
          return core;
        },
      },
      ['sbd'],
    );
    separateLexemes();
  }
  return nlp;
}

/**
 * Give wink's tokenizer the words of the model as loaded and those of the current text only,
 * while its lexicon keeps every word it learnt (tokenizer-memory.v2; see `forget` for why).
 * wink reads one hash in two places: its tokenizer (`cache.lookup`: is this a word I know?)
 * through the object it took when it was built, and the step that learns a word
 * (`getFeaturesIndex`) through `features.lexeme.hash`, read anew at each call. The first
 * stays the object wink took (`visible`); the second becomes a proxy over it and over every
 * word learnt so far. When wink learns a word or meets again one it learnt in an earlier
 * text, the proxy gives the word's index and makes the word visible to the tokenizer until
 * the text ends (`forget`), as it is when the word is learnt anew.
 */
function separateLexemes(): void {
  shown = [];
  visible = undefined;
  if (lexemes === undefined) return;
  const seen = lexemes.hash as Record<string, number | undefined>;
  const learnt = new Map<string, number>();
  visible = seen;
  lexemes.hash = new Proxy(Object.create(null) as Record<string, number>, {
    get(_target, word) {
      if (typeof word !== 'string') return undefined;
      const index = seen[word];
      if (index !== undefined) return index;
      const again = learnt.get(word);
      if (again !== undefined) {
        seen[word] = again;
        shown.push(word);
      }
      return again;
    },
    set(_target, word, index: number) {
      if (typeof word !== 'string') return false;
      learnt.set(word, index);
      seen[word] = index;
      shown.push(word);
      return true;
    },
  });
}

/**
 * Hide from wink's tokenizer the words the text made visible (tokenizer-memory.v2). wink
 * adds every word it has not met to its lexemes, and its tokenizer decides by the words it
 * knows: "S.L." stays one token in a text of its own, but splits into "S.L" and "." once
 * "S.L" was met in an earlier text, which moves a sentence boundary. Output would then
 * depend on which texts the same thread read before (the order of the inputs, --jobs, a
 * check of one file against a run over its folder). With the words of the text hidden
 * again, every text meets the lexemes as loaded.
 *
 * v1 took the words out of wink's lexicon itself, so wink learnt them again in every text
 * (their features worked out, their entries pushed anew): tokenizing cost about twice what
 * it costs wink alone. v2 keeps them learnt (`separateLexemes`): a word met again is wink's
 * word of the earlier text, with the features it had then. What this module and wink's
 * sentence splitter read of a learnt word is the same either way: its text, and features
 * that are functions of its text (`isAbbrev`); the ones that also depend on the token's
 * category (`pos`, the token type) are read by neither. The test is that every text gets
 * the tokens and sentences it gets read first (test/unit/tokenize.test.ts, the bench
 * corpora with --jobs 1 and 2).
 *
 * The engine is built again from a fresh model when its lexeme list has grown by
 * `REBUILD_AFTER_WORDS`, or a packed feature (prefixes, suffixes, shapes, in bit fields of
 * wink's: 16,384 shapes) has filled half of its field.
 */
function forget(): void {
  if (lexemes === undefined || visible === undefined) return;
  for (const word of shown) visible[word] = undefined; // what wink reads of a word it does not know
  shown.length = 0;
  if (lexemes.list.length - lexemesAtStart > REBUILD_AFTER_WORDS || packed.some((p) => p.feature.list.length > p.capacity / 2)) nlp = undefined;
}

/**
 * Texts longer than this are tokenized in chunks, cut at a paragraph break, else a line
 * break, else a space, so that a 100 MB file or a 10 MB line never makes one huge wink
 * document. Chunks are cut the same way every time: output does not depend on them,
 * except that a sentence never spans two chunks (a cut falls where a sentence would end
 * anyway, unless a chunk has no line break or space at all).
 */
export const CHUNK_SIZE = 200_000;

/** Where to cut `text` at or before `limit` (a position after a break). */
export function chunkEnd(text: string, from: number, limit: number): number {
  if (limit >= text.length) return text.length;
  for (const brk of ['\n\n', '\n', ' ']) {
    const at = text.lastIndexOf(brk, limit - brk.length);
    if (at > from + (limit - from) / 2) return at + brk.length;
  }
  // No break at all: cut anywhere but inside a surrogate pair.
  const c = text.charCodeAt(limit);
  return c >= 0xdc00 && c <= 0xdfff ? limit - 1 : limit;
}

/**
 * A run of this many characters without whitespace is no word of prose (a base64 blob, a
 * garbled line): it becomes one opaque token of its own sentence, and wink never sees it
 * (its tokenizer slows down badly on such runs).
 */
export const MAX_RUN = 1000;

/** Whether a UTF-16 code unit is whitespace as `\s` in a JavaScript regular expression. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * The runs of at least `MAX_RUN` code points without whitespace, as [start, end) UTF-16
 * offsets. One pass over the code units (a `\S{1000,}` regular expression did the same
 * and was the slowest step of tokenizing ordinary prose, since it retries at every word).
 */
export function longRuns(text: string): [number, number][] {
  const runs: [number, number][] = [];
  let runStart = 0;
  let codePoints = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (codePoints >= MAX_RUN) runs.push([runStart, i]);
      codePoints = 0;
      continue;
    }
    if (codePoints === 0) runStart = i;
    // A trailing surrogate after a leading one continues the same code point.
    if (!(c >= 0xdc00 && c <= 0xdfff && i > runStart && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800)) codePoints++;
  }
  if (codePoints >= MAX_RUN) runs.push([runStart, n]);
  return runs;
}

export function tokenize(text: string): Tokens {
  engine();
  try {
    return tokenizeText(text);
  } finally {
    forget();
  }
}

function tokenizeText(text: string): Tokens {
  const runs = text.length < MAX_RUN ? [] : longRuns(text);
  if (text.length <= CHUNK_SIZE && runs.length === 0) return tokenizeChunk(text, 0, 0);
  const parts: Tokens[] = [];
  let sentences = 0;
  const prose = (from: number, to: number): void => {
    while (from < to) {
      const end = Math.min(chunkEnd(text, from, from + CHUNK_SIZE), to);
      const part = tokenizeChunk(text.slice(from, end), from, sentences);
      parts.push(part);
      sentences += part.sentences;
      from = end;
    }
  };
  let from = 0;
  for (const [start, end] of runs) {
    prose(from, start);
    parts.push({ count: 1, start: Int32Array.of(start), end: Int32Array.of(end), sentence: Int32Array.of(sentences), value: [text.slice(start, end)], sentences: 1 });
    sentences += 1;
    from = end;
  }
  prose(from, text.length);
  const count = parts.reduce((n, p) => n + p.count, 0);
  const out: Tokens = { count, start: new Int32Array(count), end: new Int32Array(count), sentence: new Int32Array(count), value: [], sentences };
  let at = 0;
  for (const p of parts) {
    out.start.set(p.start, at);
    out.end.set(p.end, at);
    out.sentence.set(p.sentence, at);
    for (const v of p.value) out.value.push(v);
    at += p.count;
  }
  return out;
}

/** Tokenize one chunk; offsets and sentence numbers are shifted by `base` and `firstSentence`. */
function tokenizeChunk(text: string, base: number, firstSentence: number): Tokens {
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
      if (found === -1) throw new Error(`tokenizer lost track of the text at offset ${base + pos}`);
      pos = found;
    }
    start[i] = base + pos;
    pos += value.length;
    end[i] = base + pos;
  }

  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  spans.forEach(([first, last], n) => sentence.fill(firstSentence + n, first, last + 1));
  // wink's English model ends no sentence at the Arabic question mark or the Urdu/Pashto
  // full stop (it even keeps them on the word before): split there too. English text has
  // neither, and only pays the two searches.
  const extra = text.includes('\u061f') || text.includes('\u06d4') ? splitAtArabicStops(values, sentence) : 0;
  return { count, start, end, sentence, value: values, sentences: spans.length + extra };
}

/** Ends a sentence after each token that ends in ؟ or ۔ (sentence-splitter arabic-stops.v1); returns how many it added. */
export function splitAtArabicStops(values: readonly string[], sentence: Int32Array): number {
  let shift = 0;
  for (let i = 0; i < values.length; i++) {
    const original = sentence[i]!;
    sentence[i] = original + shift;
    const v = values[i]!;
    const last = v.charCodeAt(v.length - 1);
    if ((last === 0x061f || last === 0x06d4) && i + 1 < values.length && sentence[i + 1] === original) shift++;
  }
  return shift;
}
