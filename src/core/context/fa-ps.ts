/**
 * Context rules for Dari and Pashto text (issue 18), rule kinds `fa-ps-*`; their words are
 * in lexicons/rules/context-fa-ps.yaml. Arabic script has no capitals, so where the English
 * rules look for capitalised words these look for words that are no stop word, no title and
 * no mention, next to a classifier or a title. Called from applyContext (apply.ts) at the
 * step of the English rule of the same purpose; they touch only Arabic-script words.
 *
 * - fa-ps-date-word: a month name that is also a place (میزان) next to a number is a date.
 * - fa-ps-new-place: a place no gazetteer lists, after a classifier (`cues`: قریه X, قریۀ X)
 *   or before one (`nouns`: X سیمې); up to `max_words` words.
 * - fa-ps-title-name: a name after a title (`titles`: والی X, مولوی X, د ولایتي شورا مشر X,
 *   ولسمشر X); a lexicon short form there names its person ("ملا برادر"). Titles in
 *   `following` are honorifics: any one word after them is a name; after the others the name
 *   must start with a given name (`given_names` of the rules files, or a word ending in
 *   -الله, -الدین, -الرحمن, -الحق).
 * - fa-ps-name-title: a name, then a link (`links`: ، ؛ "به عنوان"), then a title word
 *   (`titles`) within `window` words: "زمری بشری، سخنگوی وزارت داخله".
 * - fa-ps-repeat: later mentions of an official named in full: the whole name written with or
 *   without its spaces (محمدولی / محمد ولی), or its last word (نظری, "آقای بشری").
 */
import { firstKeysOf, once, ruleMention, type Doc, type Working } from './doc.js';
import { addOfficial, linked, type ShortCandidate } from './officials.js';
import type { CompiledRule } from './rules.js';

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u;
/** Second halves of compound names, written apart or joined (حبیب الله, سیف الرحمن). */
const COMPOUND_ENDS = new Set(['الله', 'الدین', 'الرحمن', 'الحق']);
/** Quote marks that may stand between a title and a name. */
const QUOTES = new Set(['«', '»', '"', '“', '”', "'"]);

function arabicWord(doc: Doc, p: number): boolean {
  return doc.isWord(p) && ARABIC.test(doc.pieces.raw[p]!);
}

/** A word that can be part of a name: Arabic script, no mention, no stop word or title, no digit. */
function nameWord(doc: Doc, p: number, stops: ReadonlySet<string>): boolean {
  if (!arabicWord(doc, p) || doc.owner[p] !== -1) return false;
  const k = doc.key(p)!;
  return !doc.rules.stopwords.has(k) && !stops.has(k) && !/\d/.test(k);
}

/** End of the name words from `start` (at most `max` words; compound ends do not count). */
function wordsAfter(doc: Doc, start: number, max: number, stops: ReadonlySet<string>): number {
  let p = start;
  let words = 0;
  while (p < doc.pieces.count && doc.sameSentence(p, start) && nameWord(doc, p, stops)) {
    if (!COMPOUND_ENDS.has(doc.key(p)!)) {
      if (words === max) break;
      words++;
    }
    p++;
  }
  return p;
}

/** Start of the name words ending right before `end` (at most `max` words). */
function wordsBefore(doc: Doc, end: number, max: number, stops: ReadonlySet<string>): number {
  let p = end - 1;
  let words = 0;
  while (p >= 0 && doc.sameSentence(p, end - 1) && nameWord(doc, p, stops)) {
    if (!COMPOUND_ENDS.has(doc.key(p)!)) {
      if (words === max) break;
      words++;
    }
    p--;
  }
  // A name does not start with the second half of a compound.
  let start = p + 1;
  while (start < end && COMPOUND_ENDS.has(doc.key(start)!)) start++;
  return start;
}

function overlaps(added: readonly Working[], p0: number, p1: number): boolean {
  return added.some((a) => a.endPiece > p0 && a.firstPiece < p1);
}

function commit(doc: Doc, added: Working[]): void {
  if (added.length === 0) return;
  doc.mentions.push(...added);
  doc.reindex();
}

/**
 * fa-ps-date-word: a place name that is also a month or time of day (`nouns`) is no mention
 * next to a number ("۹ میزان ۱۳۹۴"), or, when the rule lists `following` words, before one
 * of them ("له غرمې مخکې").
 */
export function faPsDateWords(doc: Doc, rule: CompiledRule): void {
  if (!ARABIC.test(doc.text)) return;
  const number = (p: number, m: Working): boolean => doc.sameSentence(p, m.firstPiece) && /^\d+$/u.test(doc.key(p) ?? '');
  const keep: Working[] = [];
  for (const m of doc.mentions) {
    const month = m.endPiece - m.firstPiece === 1 && m.local === undefined && doc.isLocation(m) && rule.words.has(doc.key(m.firstPiece)!);
    const timeWord = month && rule.following.size > 0 && doc.sameSentence(m.endPiece, m.firstPiece) && rule.following.has(doc.key(m.endPiece) ?? '');
    if (month && (rule.following.size === 0 ? number(m.firstPiece - 1, m) || number(m.endPiece, m) : timeWord)) {
      doc.record(m, rule.name, 'dropped', doc.idsOf(m));
      continue;
    }
    keep.push(m);
  }
  doc.mentions = keep;
  doc.reindex();
}

const newPlaceWordsOf = once((rule: CompiledRule) => ({
  stops: new Set([...rule.words, ...rule.exclude]) as ReadonlySet<string>,
  /** A classifier before the name starts a cue; one after it is a noun. */
  triggers: new Set([...rule.sequences.map((seq) => seq[0]!), ...rule.words]) as ReadonlySet<string>,
}));

export function faPsNewPlaces(doc: Doc, rule: CompiledRule): void {
  if (!ARABIC.test(doc.text)) return;
  const added: Working[] = [];
  const { stops, triggers } = newPlaceWordsOf(rule);
  for (const p of doc.positionsOf(triggers)) {
    if (doc.owner[p] !== -1 || !arabicWord(doc, p)) continue;
    // "قریۀ ملاقولی": the classifier, then the name.
    const cue = rule.sequences.find((seq) => doc.matchAt(p, seq) !== -1);
    if (cue !== undefined) {
      const start = p + cue.length;
      const end = wordsAfter(doc, start, rule.maxWords, stops);
      if (end > start && !overlaps(added, start, end)) {
        added.push(ruleMention(doc, start, end, rule, { local: { id: '', type: 'place', name: doc.textOf(start, end), kind: rule.kindOfPlace } }));
      }
      continue;
    }
    // "باباجي سيمې": the name, then the classifier.
    if (rule.words.has(doc.key(p)!)) {
      const start = wordsBefore(doc, p, rule.maxWords, stops);
      if (start < p && !overlaps(added, start, p)) {
        added.push(ruleMention(doc, start, p, rule, { local: { id: '', type: 'place', name: doc.textOf(start, p), kind: rule.kindOfPlace } }));
      }
    }
  }
  commit(doc, added);
}

/** Whether words p0..p1 look like a person's name: a given name first (or inside), or a compound in -الله. */
function givenNameLike(doc: Doc, p0: number, p1: number): boolean {
  const given = doc.rules.givenNames;
  for (let p = p0; p < p1; p++) {
    const k = doc.key(p)!;
    if (COMPOUND_ENDS.has(k) || given.has(k)) return true;
    for (const e of COMPOUND_ENDS) if (k.length > e.length + 1 && k.endsWith(e)) return true;
    if (p === p0) {
      // Run-together names: "محمدولی", "سیدباقر", "علیاکبرناطقی".
      for (let n = 2; n <= k.length - 1; n++) if (given.has(k.slice(0, n))) return true;
    }
  }
  return false;
}

function titleWordsOf(rules: readonly CompiledRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.kind === 'fa-ps-title-name') for (const s of r.sequences) for (const k of s) out.add(k);
    if (r.kind === 'fa-ps-name-title') for (const k of r.words) out.add(k);
  }
  return out;
}

export function faPsOfficials(
  doc: Doc,
  titleName: readonly CompiledRule[],
  nameTitle: readonly CompiledRule[],
  _links: readonly string[][],
  shortCandidates: readonly ShortCandidate[],
): void {
  if ((titleName.length === 0 && nameTitle.length === 0) || !ARABIC.test(doc.text)) return;
  const stops = titleWordsOf([...titleName, ...nameTitle]);
  const shortAt = new Map<number, ShortCandidate>();
  for (const s of shortCandidates) if (!shortAt.has(s.firstPiece)) shortAt.set(s.firstPiece, s);
  // Name, comma, title first: a name found so is known when a title stands before its surname later.
  for (const rule of nameTitle) {
    const added: Working[] = [];
    for (const c of doc.positionsOf(firstKeysOf(rule))) {
      if (c < 1) continue;
      const link = rule.sequences.find((s) => doc.matchAt(c, s) !== -1);
      if (link === undefined) continue;
      const after = c + link.length;
      // A title word within `window` words after the link.
      let titleWord = -1;
      for (let q = after, n = 0; q < doc.pieces.count && n < rule.window && doc.sameSentence(q, c) && doc.isWord(q); q++, n++) {
        const k = doc.key(q)!;
        if (rule.notTitles.has(k)) break;
        if (rule.words.has(k)) {
          titleWord = q;
          break;
        }
      }
      if (titleWord === -1) continue;
      let end = titleWord + 1;
      while (end < doc.pieces.count && doc.sameSentence(end, c) && doc.isWord(end) && end - titleWord < 4) end++;
      const title = doc.textOf(after, end);
      const known = doc.mentionEndingAt(c);
      if (known !== undefined) {
        if (doc.typeOf(known) === 'official') known.title ??= title;
        continue;
      }
      const start = wordsBefore(doc, c, rule.maxWords, stops);
      if (start === c || overlaps(added, start, c) || !givenNameLike(doc, start, c)) continue;
      addOfficial(doc, start, c, title, rule, added);
    }
    commit(doc, added);
  }
  for (const rule of titleName) {
    const added: Working[] = [];
    let next = 0;
    for (const p of doc.positionsOf(firstKeysOf(rule))) {
      if (p < next) continue;
      next = p + 1;
      if (doc.owner[p] !== -1 || !arabicWord(doc, p)) continue;
      const seq = rule.sequences.find((s) => doc.matchAt(p, s) !== -1);
      if (seq === undefined) continue;
      const titleEnd = p + seq.length;
      let nameStart = titleEnd;
      // A chain of titles ("د والي مرستیال ډاکټر X"): the name follows the last one.
      while (stops.has(doc.key(nameStart) ?? '') && doc.sameSentence(nameStart, p) && doc.owner[nameStart] === -1) nameStart++;
      if (QUOTES.has(doc.key(nameStart) ?? '')) nameStart++;
      const title = doc.textOf(p, nameStart).replace(/[«»"“”']/gu, '').trim();
      const known = doc.mentionStartingAt(nameStart);
      if (known !== undefined) {
        if (doc.typeOf(known) === 'official' && known.title === undefined) known.title = title;
        continue;
      }
      const short = shortAt.get(nameStart);
      if (short !== undefined && short.entries.some((e) => doc.entryType(e) === 'official')) {
        let free = true;
        for (let q = short.firstPiece; q < short.endPiece; q++) if (doc.owner[q] !== -1) free = false;
        if (free && !overlaps(added, short.firstPiece, short.endPiece)) {
          const entry = short.entries.find((e) => doc.entryType(e) === 'official')!;
          const m = ruleMention(doc, short.firstPiece, short.endPiece, rule, { entry });
          m.title = title;
          added.push(m);
          next = short.endPiece;
          continue;
        }
      }
      // "آقای بشری" after "زمری بشری": a later mention of a named person (fa-ps-repeat links it).
      if (laterWordOfEarlierName(doc, [...doc.mentions, ...added], nameStart)) continue;
      let nameEnd = wordsAfter(doc, nameStart, rule.maxWords, stops);
      if (nameEnd - nameStart >= 3 && rule.exclude.has(doc.key(nameEnd) ?? '') && !COMPOUND_ENDS.has(doc.key(nameEnd - 1)!)) nameEnd--;
      if (nameEnd === nameStart || overlaps(added, nameStart, nameEnd)) continue;
      const honorific = seq.length === 1 && rule.following.has(seq[0]!);
      if (!honorific && !givenNameLike(doc, nameStart, nameEnd)) continue;
      addOfficial(doc, nameStart, nameEnd, title, rule, added);
      next = nameEnd;
    }
    commit(doc, added);
  }
}

/** Whether the word at p is a later word (a surname) of an official named in full before p. */
function laterWordOfEarlierName(doc: Doc, mentions: readonly Working[], p: number): boolean {
  const k = doc.key(p);
  if (k === undefined || COMPOUND_ENDS.has(k)) return false;
  for (const m of mentions) {
    if (m.endPiece > p || m.endPiece - m.firstPiece < 2 || doc.typeOf(m) !== 'official') continue;
    for (let q = m.firstPiece + 1; q < m.endPiece; q++) if (doc.key(q) === k) return true;
  }
  return false;
}

/** Keys of the words of pieces p0..p1, joined (what a name is with its spaces dropped). */
function joinedKey(doc: Doc, p0: number, p1: number): string {
  let k = '';
  for (let p = p0; p < p1; p++) k += doc.key(p)!;
  return k;
}

export function faPsRepeats(doc: Doc, rule: CompiledRule): void {
  if (!ARABIC.test(doc.text)) return;
  const full = doc.mentions.filter((m) => doc.typeOf(m) === 'official' && m.rule !== rule.name && ARABIC.test(doc.textOf(m.firstPiece, m.endPiece)));
  if (full.length === 0) return;
  const added: Working[] = [];
  const taken = new Uint8Array(doc.pieces.count);
  const free = (p0: number, p1: number): boolean => {
    for (let p = p0; p < p1; p++) if (p >= doc.pieces.count || doc.owner[p] !== -1 || taken[p] === 1 || !arabicWord(doc, p)) return false;
    return true;
  };
  const latest = (p: number, test: (m: Working) => boolean): Working | undefined => {
    let best: Working | undefined;
    for (const m of full) if (m.endPiece <= p && test(m) && (best === undefined || m.start > best.start)) best = m;
    return best;
  };
  for (let p = 0; p < doc.pieces.count; p++) {
    if (!free(p, p + 1)) continue;
    // The whole name again, spaced or run together (up to four pieces).
    let done = false;
    for (let n = 4; n >= 1 && !done; n--) {
      if (!free(p, p + n) || !doc.sameSentence(p, p + n - 1)) continue;
      const k = joinedKey(doc, p, p + n);
      // The whole name, or (two words or more) its first words: "شفیقې سخا" after "شفیقې سخا یولچي".
      const source = latest(p, (m) => {
        if (joinedKey(doc, m.firstPiece, m.endPiece) === k) return true;
        if (m.local === undefined || n < 2) return false;
        for (let e = m.firstPiece + 2; e < m.endPiece; e++) if (joinedKey(doc, m.firstPiece, e) === k) return true;
        return false;
      });
      if (source !== undefined) {
        const m = linked(doc, p, p + n, source, rule);
        added.push(m);
        taken.fill(1, p, p + n);
        p += n - 1;
        done = true;
      }
    }
    if (done) continue;
    // A later word (not the first) of a local name of two words or more: its surname
    // ("آقای بشری", "نظری تاکید کرده", "سخا زیاته کړه").
    const k = doc.key(p)!;
    if (COMPOUND_ENDS.has(k) || k.length < 3) continue;
    const source = latest(p, (m) => {
      if (m.local === undefined || m.endPiece - m.firstPiece < 2) return false;
      for (let q = m.firstPiece + 1; q < m.endPiece; q++) if (doc.key(q) === k && !COMPOUND_ENDS.has(k)) return true;
      return false;
    });
    if (source === undefined) continue;
    // Not the start of another name ("نظری" + a word that is no stop word is a new name).
    added.push(linked(doc, p, p + 1, source, rule));
    taken[p] = 1;
  }
  commit(doc, added);
}
