/**
 * Stage 1b, prefilter (policy `prefilter.v1`, issue 17): whether a text can produce any
 * mention at all, decided without wink-nlp. A text that cannot is annotated without being
 * tokenized: its output is the same bytes either way (test/property/prefilter.property.test.ts
 * checks that on random texts and lexicons, and on the bench corpora).
 *
 * Why it can be exact: a piece (normalize.ts) is a maximal run of word characters, or one
 * other visible character, of one whitespace-delimited stretch of text; wink's tokens only
 * decide where sentences end. So the pieces of a text are known without wink, and what
 * could make a mention is checked on them with the matcher's own code:
 * - an alias (`hasFullCandidate`: `findCandidates`' walk, with its case and boundary rules) that is not a short form:
 *   the walk takes the whole text as one sentence (a match across a sentence end is let
 *   through), and the case-shape check of short exact aliases ("IS" in "AS IS") counts a
 *   sentence end at every line break (wink may end one there), so it rejects no fewer
 *   candidates than the real run: no more;
 * - a spelling variant (`findVariants`, with nothing covered and one sentence);
 * - the context rules that make mentions from nothing but words: a dotted acronym of an
 *   armed group's alias ("I.S."), and an unlisted official, which needs a title word and a
 *   name-shaped word (a given name, a name ending) or an honorific in the text. Every other
 *   rule only acts next to a mention that one of these made. (Short forms link only to a
 *   full mention or after an honorific; new places need a province named in the text.)
 * - any Arabic-script letter: Dari and Pashto text always takes the whole pipeline.
 * The test is one pass of normalize and match over the text: several times cheaper than
 * tokenizing it, and on an archive where most articles are not about Afghanistan, most
 * never reach wink.
 */
import type { PhraseIndex } from '../lexicon/compile.js';
import { hasArabicScript } from './language.js';
import { dottedAcronymAt } from '../context/groups.js';
import { nameShapedKey, type CompiledRules } from '../context/rules.js';
import { hasFullCandidate } from './match.js';
import { piecesOfText, Shape, type Pieces } from './normalize.js';
import { findVariants } from './variants.js';

export const PREFILTER_POLICY = 'prefilter.v1';

/** What the context rules need to see in a text before they can make a mention of their own. */
interface RuleTriggers {
  /** title-before-name: title phrases (key sequences) by first key, and how many words a name after one may have. */
  beforeByFirst: Map<string, string[][]>;
  beforeSpan: number;
  /** The first keys of every phrase below: where an official rule may start to look. */
  firstKeys: Set<string>;
  /** Lower-case words inside a name ("ur", "bin"). */
  connectors: ReadonlySet<string>;
  /** title-comma-name: title phrases (by first key) within `commaWindow` pieces before a comma, a name after it. */
  commaByFirst: Map<string, string[][]>;
  commaWindow: number;
  commaSpan: number;
  /** name-comma-title: separators (by first key) after a name, title words within `afterWindow` pieces after. */
  separatorsByFirst: Map<string, string[][]>;
  titleWords: Set<string>;
  afterWindow: number;
  afterSpan: number;
  honorifics: Set<string>;
  /** The rules' given names and name endings (context/rules.ts `nameShapedKey`). */
  names: CompiledRules;
  /** An official rule that takes any run of capitalised words (no require_given_name). */
  anyName: boolean;
  /** Armed groups' aliases in capital letters ("IS"), which a dotted acronym ("I.S.") names. */
  groupLetters: Set<string>;
  /**
   * A Dari/Pashto rule (kind fa-ps-*) with a word in another script: a rules file of the
   * user's may make such rules fire in any text, so every text takes the whole pipeline.
   */
  faPsOutsideArabic: boolean;
}

/**
 * Capitalised words a person's name of `maxWords` words may run to here (context/officials.ts
 * `personRunAfter`, `personRunBefore`, which count neither initials nor honorifics before it).
 */
const nameSpan = (maxWords: number): number => 2 * maxWords + 2;
/** officials.ts TITLE_PHRASE_MAX (a title phrase after a name), with room for possessives. */
const TITLE_PHRASE_SPAN = 3 * 12;

const triggersOf = new WeakMap<PhraseIndex, RuleTriggers | null>();

function byFirst(seqs: readonly string[][]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const seq of seqs) {
    if (seq.length === 0) continue;
    const list = out.get(seq[0]!);
    if (list === undefined) out.set(seq[0]!, [seq]);
    else list.push(seq);
  }
  return out;
}

function ruleTriggers(index: PhraseIndex): RuleTriggers | undefined {
  let t = triggersOf.get(index);
  if (t === undefined) {
    t = null;
    const rules = index.rules;
    if (rules !== undefined) {
      const of = (kind: Parameters<typeof rules.byKind.get>[0]) => rules.byKind.get(kind) ?? [];
      const before = of('title-before-name');
      const comma = of('title-comma-name');
      const after = of('name-comma-title');
      const max = (list: typeof before, f: (r: (typeof before)[number]) => number): number => Math.max(0, ...list.map(f));
      const groupLetters = new Set<string>();
      if (of('dotted-acronym').length > 0) {
        for (const e of index.entries) {
          if (e.type !== 'armed_group') continue;
          for (const a of e.entry.aliases) {
            const form = typeof a === 'string' ? a : a.form;
            if (/^\p{Lu}{2,}$/u.test(form)) groupLetters.add(form);
          }
        }
      }
      const beforeByFirst = byFirst(before.flatMap((r) => r.sequences));
      const commaByFirst = byFirst(comma.length > 0 ? [...rules.titleForms.values()].flatMap((forms) => forms.map((f) => f.seq)) : []);
      const separatorsByFirst = byFirst(after.flatMap((r) => (r.sequences.length > 0 ? r.sequences : [[',']])));
      t = {
        beforeByFirst,
        beforeSpan: max(before, (r) => nameSpan(r.maxWords)),
        firstKeys: new Set([...beforeByFirst.keys(), ...separatorsByFirst.keys(), ...(commaByFirst.size > 0 ? [','] : [])]),
        commaByFirst,
        commaWindow: max(comma, (r) => r.window),
        commaSpan: max(comma, (r) => nameSpan(r.maxWords)),
        separatorsByFirst,
        titleWords: new Set(after.flatMap((r) => [...r.words])),
        afterWindow: max(after, (r) => r.window) + TITLE_PHRASE_SPAN,
        afterSpan: max(after, (r) => nameSpan(r.maxWords)),
        honorifics: before.length + comma.length + after.length > 0 ? rules.honorifics : new Set(),
        names: rules,
        connectors: rules.connectors,
        anyName: [...before, ...comma, ...after].some((r) => !r.requireGivenName),
        groupLetters,
        faPsOutsideArabic: rules.rules.some(
          (r) => r.kind.startsWith('fa-ps-') && [...r.words, ...r.following, ...r.sequences.flat()].some((k) => /\p{L}/u.test(k) && !hasArabicScript(k)),
        ),
      };
    }
    triggersOf.set(index, t);
  }
  return t ?? undefined;
}

/** A sentence number per piece that grows at every line break between two pieces. */
function lineSentences(text: string, pieces: Pieces): Int32Array {
  const out = new Int32Array(pieces.count);
  let s = 0;
  for (let p = 1; p < pieces.count; p++) {
    for (let i = pieces.end[p - 1]!, to = pieces.start[p]!; i < to; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 0x0a && c <= 0x0d) || c === 0x85 || c === 0x2028 || c === 0x2029) {
        s++;
        break;
      }
    }
    out[p] = s;
  }
  return out;
}

const CAPITAL = /^\p{Lu}$/u;
/** context/doc.ts `isWord`: a piece that starts with a letter or a digit. */
const WORD_START = /^[\p{L}\p{N}]/u;

function matchesAt(pieces: Pieces, p: number, seq: readonly string[]): boolean {
  for (let k = 0; k < seq.length; k++) if (pieces.key[p + k] !== seq[k]) return false;
  return true;
}

/**
 * Whether the context rules could make a mention of their own in a text where no alias and
 * no variant matched: a dotted acronym of a group's alias, or an unlisted official, which
 * every official rule makes only from a title phrase placed as the rule wants it next to a
 * run of capitalised words that holds a name-shaped word (a given name, a name ending) or
 * follows an honorific. Each window below is at least as wide as its rule's.
 */
function rulesMayMention(pieces: Pieces, t: RuleTriggers): boolean {
  const n = pieces.count;
  const key = pieces.key;
  const cap = (p: number): boolean => p >= 0 && p < n && (pieces.shape[p]! & Shape.initialUpper) !== 0;
  const honorific = (p: number): boolean => p >= 0 && p < n && t.honorifics.has(key[p]!);
  /** The first piece after any honorifics (and their dots) from p on. */
  const pastHonorifics = (p: number): number => {
    let q = p;
    while (q < n && (key[q] === '.' || honorific(q))) q++;
    return q;
  };
  /** A name word: a capitalised word that is name-shaped or comes right after an honorific. */
  const nameWord = (q: number): boolean => honorific(q - 1) || (key[q - 1] === '.' && honorific(q - 2)) || nameShapedKey(key[q]!, t.names);
  /**
   * Whether the run of capitalised words from piece p on (step 1) or back (step -1), with
   * initials' dots and lower-case connectors inside it, has a name word within `words` words.
   */
  const runHasName = (p: number, step: 1 | -1, words: number): boolean => {
    for (let q = p, seen = 0; q >= 0 && q < n && seen < words; q += step) {
      if (cap(q) && WORD_START.test(pieces.raw[q]!)) {
        if (nameWord(q)) return true;
        seen++;
      } else if (!(key[q] === '.' || t.connectors.has(key[q]!))) {
        return false;
      }
    }
    return false;
  };
  const titleAt = (q: number): boolean => t.commaByFirst.get(key[q]!)?.some((seq) => matchesAt(pieces, q, seq)) === true;
  for (let p = 0; p < n; p++) {
    const k = key[p]!;
    if (t.groupLetters.size > 0 && k.length === 1 && CAPITAL.test(pieces.raw[p]!)) {
      const d = dottedAcronymAt(pieces, p);
      if (d !== undefined && t.groupLetters.has(d.letters)) return true;
    }
    if (t.anyName) {
      // A rule without require_given_name: any title phrase may do.
      if (t.titleWords.has(k) || titleAt(p) || t.beforeByFirst.get(k)?.some((seq) => matchesAt(pieces, p, seq)) === true) return true;
      continue;
    }
    if (!t.firstKeys.has(k)) continue;
    // title-before-name: "<title> <name>" (after an honorific, "Mullah X", any capitalised word is a name word).
    for (const seq of t.beforeByFirst.get(k) ?? []) {
      if (!matchesAt(pieces, p, seq)) continue;
      const start = pastHonorifics(p + seq.length);
      if (cap(start) && runHasName(start, 1, t.beforeSpan)) return true;
    }
    // title-comma-name: "<title phrase>, <name>"
    if (k === ',' && t.commaByFirst.size > 0 && runHasName(pastHonorifics(p + 1), 1, t.commaSpan)) {
      for (let q = Math.max(0, p - t.commaWindow); q < p; q++) if (titleAt(q)) return true;
    }
    // name-comma-title: "<name>, <title phrase>"
    for (const sep of t.separatorsByFirst.get(k) ?? []) {
      if (!matchesAt(pieces, p, sep) || !runHasName(p - 1, -1, t.afterSpan)) continue;
      const to = Math.min(n, p + sep.length + t.afterWindow);
      // The phrase ends at the first punctuation that is not an initial's dot or a possessive.
      for (let q = p + sep.length; q < to; q++) {
        const kq = key[q]!;
        if (t.titleWords.has(kq)) return true;
        if (kq === '.' && CAPITAL.test(pieces.raw[q - 1] ?? '')) continue;
        if (kq === "'" && key[q + 1] === 's') continue;
        if (!WORD_START.test(pieces.raw[q]!)) break;
      }
    }
  }
  return false;
}

/**
 * Whether `text` may produce a mention with this index (prefilter.v1). `false` is a
 * promise: annotating the text finds nothing, and records no decision.
 */
export function mayMention(text: string, index: PhraseIndex, pieces: Pieces = piecesOfText(text)): boolean {
  if (hasArabicScript(text)) return true;
  if (pieces.count === 0) return false;
  // Aliases first: most news has one, and then nothing else is looked at.
  if (hasFullCandidate(text, pieces, index, lineSentences(text, pieces))) return true;
  const triggers = ruleTriggers(index);
  if (triggers !== undefined && (triggers.faPsOutsideArabic || rulesMayMention(pieces, triggers))) return true;
  return findVariants(pieces, index.variants, new Uint8Array(pieces.count), Shape).length > 0;
}
