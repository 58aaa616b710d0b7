/**
 * Officials and later mentions (context.v2): people no lexicon lists, found by the shape of
 * their name and the role words around it; known people given their whole name and their
 * title; later short forms and repeats linked to the person named in full. The word lists
 * (honorifics, name endings, title phrases, relatives, articles) are policy and live in
 * lexicons/rules/context.yaml; behaviour depends on a rule's kind and fields, never its name.
 */
import { foldKey, Shape } from '../pipeline/normalize.js';
import { Doc, firstKeysOf, once, ruleMention, slug, type Working } from './doc.js';
import { nameShapedKey, nameSuffixed, type CompiledRule } from './rules.js';

export interface ShortCandidate {
  firstPiece: number;
  endPiece: number;
  entries: number[];
}

const TITLE_PHRASE_MAX = 12;
const COMMA: ReadonlySet<string> = new Set([',']);
/** The first keys of a rule's sequences (title phrases, separators). */
const CAPITAL_LETTER = /^\p{Lu}$/u;

// --- name words ------------------------------------------------------------------------

/** A word that reads as a personal name: a known given name, or a name ending (-ullah, -zai). */
function nameShaped(doc: Doc, p: number): boolean {
  const k = doc.key(p);
  return k !== undefined && nameShapedKey(k, doc.rules);
}

/** A word with an Afghan or Pakistani name ending (-ullah, -zai): a name even alone ("commander Mohammadzai"). */
function suffixShaped(doc: Doc, p: number): boolean {
  return nameSuffixed(doc.key(p) ?? '', doc.rules);
}

/** Past "for|of|in [the] [adjective] <place> [province]" after a title, or -1. */
function pastPlacePhrase(doc: Doc, p: number, rule: CompiledRule): number {
  if (!rule.following.has(doc.key(p) ?? '')) return -1;
  let q = p + 1;
  if (doc.rules.articles.has(doc.key(q) ?? '')) q++;
  if (doc.mentionStartingAt(q) === undefined && !doc.isCap(q) && doc.isWord(q)) q++;
  const place = doc.mentionStartingAt(q);
  if (place === undefined || !doc.isLocation(place) || !doc.sameSentence(q, p)) return -1;
  q = place.endPiece;
  if (rule.exclude.has(doc.key(q) ?? '')) q++;
  return q;
}

function isTitleStart(doc: Doc, p: number): boolean {
  const k = doc.key(p)!;
  return doc.rules.titleForms.has(k) && !doc.rules.givenNames.has(k);
}

/** A capitalised word that may be part of a person's name. */
function isNameWord(doc: Doc, p: number): boolean {
  if (!doc.isCap(p) || doc.owner[p] !== -1) return false;
  const k = doc.key(p)!;
  if (/^\d/.test(k) || doc.nameEnders.has(k) || doc.rules.honorifics.has(k) || isTitleStart(doc, p)) return false;
  if (!doc.rules.stopwords.has(k)) return true;
  // A given name that is also a stopword ("Said", "Jan") next to another name word.
  if (!doc.rules.givenNames.has(k)) return false;
  const plain = (q: number): boolean => doc.sameSentence(p, q) && doc.isCap(q) && doc.owner[q] === -1 && !doc.rules.stopwords.has(doc.key(q)!);
  return plain(p + 1) || plain(p - 1);
}

function isHonorific(doc: Doc, p: number): boolean {
  return doc.isCap(p) && doc.rules.honorifics.has(doc.key(p) ?? '');
}

export interface PersonRun {
  /** First piece of the name (after any honorific the span leaves out). */
  start: number;
  end: number;
  words: number;
  /** An honorific (Mullah, Dr.) stood before the name. */
  honorific: boolean;
}

/** The name of a person starting at piece p: honorifics skipped, initials and connectors inside. */
export function personRunAfter(doc: Doc, p0: number, maxWords: number): PersonRun {
  let p = p0;
  let honorific = false;
  while (doc.sameSentence(p, p0) && isHonorific(doc, p) && doc.owner[p] === -1) {
    p++;
    if (doc.key(p) === '.') p++;
    honorific = true;
  }
  const start = p;
  let end = p;
  let words = 0;
  while (p < doc.pieces.count && doc.sameSentence(p, start) && words < maxWords && !(p > start && doc.lineBreakBetween(p - 1, p))) {
    // "George W. Bush"
    if (words > 0 && CAPITAL_LETTER.test(doc.pieces.raw[p]!) && doc.key(p + 1) === '.' && isNameWord(doc, p + 2)) {
      p += 2;
      continue;
    }
    if (isNameWord(doc, p)) {
      words++;
      p++;
      end = p;
      continue;
    }
    if (words === 0) break;
    const key = doc.key(p)!;
    // "Ubaid ur-Rehman", "Abdul Rashid" joined by a lower-case connector
    if (doc.rules.connectors.has(key) && !doc.isCap(p) && isNameWord(doc, p + 1)) {
      p++;
      continue;
    }
    // An honorific inside a name ("Nabi Jan Mullah Khail")
    if (isHonorific(doc, p) && isNameWord(doc, p + 1)) {
      words++;
      p++;
      continue;
    }
    break;
  }
  return { start, end, words, honorific };
}

/** The name of a person ending right before piece `end`. */
export function personRunBefore(doc: Doc, end: number, maxWords: number): PersonRun {
  let start = end;
  let words = 0;
  let p = end - 1;
  while (p >= 0 && doc.sameSentence(p, end - 1) && words < maxWords && !(p < end - 1 && doc.lineBreakBetween(p, p + 1))) {
    if (isNameWord(doc, p)) {
      start = p;
      words++;
      p--;
      continue;
    }
    if (words === 0) break;
    const key = doc.key(p)!;
    if (key === '.' && CAPITAL_LETTER.test(doc.pieces.raw[p - 1] ?? '') && isNameWord(doc, p - 2)) {
      p -= 2;
      continue;
    }
    if (doc.rules.connectors.has(key) && !doc.isCap(p) && isNameWord(doc, p - 1)) {
      p--;
      continue;
    }
    if (isHonorific(doc, p) && isNameWord(doc, p - 1)) {
      words++;
      p--;
      continue;
    }
    break;
  }
  let q = start - 1;
  if (doc.key(q) === '.') q--;
  return { start, end, words, honorific: words > 0 && doc.sameSentence(q, start) && isHonorific(doc, q) };
}

/** An unlisted person's name: no word in capitals only, and (when asked) a word that reads as a name. */
function personLike(doc: Doc, p0: number, p1: number, requireName: boolean): boolean {
  let named = false;
  for (let p = p0; p < p1; p++) {
    if (!doc.isWord(p)) continue;
    const shape = doc.pieces.shape[p]!;
    if ((shape & Shape.allUpper) !== 0 && doc.pieces.raw[p]!.length > 1) return false;
    if (nameShaped(doc, p)) named = true;
  }
  return !requireName || named;
}

// --- titles ----------------------------------------------------------------------------

/**
 * The normalised title a phrase gives (lexicons/rules/context.yaml `titles`): the first
 * title phrase in it ("a spokesman for the governor" -> spokesman) or, for a title before a
 * name, the last ("provincial governor spokesman" -> spokesman).
 */
export function normaliseTitle(doc: Doc, p0: number, p1: number, head: 'first' | 'last'): string | undefined {
  let found: string | undefined;
  for (let p = p0; p < p1; p++) {
    const forms = doc.rules.titleForms.get(doc.key(p) ?? '');
    if (forms === undefined) continue;
    const f = forms.find((x) => {
      const e = doc.matchAt(p, x.seq);
      return e !== -1 && e <= p1;
    });
    if (f === undefined) continue;
    if (head === 'first') return f.title;
    found = f.title;
    p += f.seq.length - 1;
  }
  return found;
}

export function addOfficial(doc: Doc, p0: number, p1: number, title: string | undefined, rule: CompiledRule, added: Working[]): Working {
  const name = doc.textOf(p0, p1).replace(/\s+/g, ' ');
  const m = ruleMention(doc, p0, p1, rule, { local: { id: `local.person.${slug(name)}`, type: 'official', name } });
  if (title !== undefined) m.title = title;
  added.push(m);
  // --explain lists the rule that introduced an unlisted person, as it does for unlisted places.
  doc.decisions.push({ start: m.start, end: m.end, rule: rule.name, outcome: 'added', before: [], after: [m.local!.id] });
  return m;
}

function commit(doc: Doc, added: Working[]): void {
  if (added.length === 0) return;
  doc.mentions.push(...added);
  doc.reindex();
}

const overlaps = (added: readonly Working[], p0: number, p1: number): boolean => added.some((a) => a.endPiece > p0 && a.firstPiece < p1);

/** The group a title belongs to: named right before it ("a Taliban spokesman", "the Taliban's minister") or after it ("spokesman for the Taliban"). */
function affiliationOf(doc: Doc, titleStart: number, titleEnd: number, links: readonly string[][]): string | undefined {
  for (let q = titleStart; q >= titleStart - 4 && doc.sameSentence(q, titleStart); q--) {
    const before = doc.mentionEndingAt(q);
    if (before !== undefined && doc.typeOf(before) === 'armed_group') return doc.idOf(before);
    const k = doc.key(q - 1);
    if (k === ',' || k === '.' || (q < titleStart && doc.owner[q - 1] !== -1 && doc.mentionEndingAt(q) === undefined)) break;
  }
  for (const link of links) {
    const at = doc.matchAt(titleEnd, link, titleStart);
    const after = at === -1 ? undefined : doc.mentionStartingAt(at);
    if (after !== undefined && doc.typeOf(after) === 'armed_group') return doc.idOf(after);
  }
  return undefined;
}

function mentionGroupIn(doc: Doc, p0: number, p1: number): string | undefined {
  for (let p = p0; p < p1; p++) {
    const m = doc.mentionStartingAt(p);
    if (m !== undefined && doc.typeOf(m) === 'armed_group') return doc.idOf(m);
  }
  return undefined;
}

function giveTitle(m: Working, title: string | undefined, affiliation: string | undefined): void {
  if (title !== undefined) m.title ??= title;
  if (affiliation !== undefined) m.affiliation ??= affiliation;
}

// --- rules -----------------------------------------------------------------------------

/** 1 for each lexicon entry that lists its short forms: once per index. */
const withShortForms = once((entries: Doc['index']['entries']): Uint8Array => Uint8Array.from(entries, (e) => (e.hasShortForms ? 1 : 0)));

/** The match keys of the words of the name a mention stands for. */
function canonicalWords(doc: Doc, m: Working): Set<string> {
  const name = m.local === undefined ? doc.index.entries[m.candidates[0]!]!.name : m.local.name;
  return new Set(name.split(/[\s-]+/).map((w) => foldKey(w)));
}

/**
 * extend-known: a known official's span takes the name words right before it ("Qari" of
 * "Qari Yousuf Ahmadi" when the canonical name has it; "<Given> <Given2> <Surname>" when the
 * lexicon lists "<Given2> <Surname>").
 */
export function extendKnownNames(doc: Doc, rule: CompiledRule, linkedOnly = false): void {
  let changed = false;
  for (const m of doc.mentions) {
    if ((linkedOnly && m.linked !== true) || doc.typeOf(m) !== 'official') continue;
    // A later short form takes only words of the canonical name ("al-Zawahiri").
    const canonicalOnly = linkedOnly;
    // The words of the canonical name, read when a word before the mention needs them.
    let canonical: Set<string> | undefined;
    let p = m.firstPiece - 1;
    let start = m.firstPiece;
    while (p >= 0 && doc.sameSentence(p, m.firstPiece) && !doc.lineBreakBetween(p, p + 1) && doc.owner[p] === -1 && doc.isCap(p) && start - p <= 3) {
      const k = doc.key(p)!;
      const ok = isNameWord(doc, p) && (doc.rules.nameHonorifics.has(k) || (!canonicalOnly && nameShaped(doc, p)) || (canonical ??= canonicalWords(doc, m)).has(k));
      if (!ok) break;
      start = p;
      p--;
    }
    if (start === m.firstPiece) continue;
    const before = doc.idsOf(m);
    m.firstPiece = start;
    m.start = doc.pieces.start[start]!;
    m.alias = doc.textOf(start, m.endPiece);
    m.rule = rule.name;
    m.confidence = Math.min(m.confidence, rule.confidence);
    doc.decisions.push({ start: m.start, end: m.end, rule: rule.name, outcome: 'selected', before, after: before });
    changed = true;
  }
  if (changed) doc.reindex();
}

/**
 * title-before-name: "police spokesman Ahmad Zia", "Gen. Abdul Raziq", "Mullah Shafiq" (the
 * honorific left out of the span). Known officials get the title. After an honorific, a
 * single word that is the short form of exactly one known person links to that person.
 */
export function titleBeforeName(doc: Doc, rule: CompiledRule, links: readonly string[][], shortCandidates: readonly ShortCandidate[]): void {
  const added: Working[] = [];
  // The pieces that start a title phrase, in order; `next` is where the last title (and name) ended.
  let next = 0;
  for (const p of doc.positionsOf(firstKeysOf(rule))) {
    if (p < next) continue;
    next = p + 1;
    if (doc.owner[p] !== -1) continue;
    const seq = rule.sequences.find((s) => doc.matchAt(p, s) !== -1);
    if (seq === undefined) continue;
    // Longest title phrase wins: "Brigadier General" before "General".
    let titleEnd = p + seq.length;
    const honorificOnly = seq.every((k) => k === '.' || doc.rules.honorifics.has(k));
    // "<role>, <Name>," is title-comma-name's: the whole role decides the title there.
    const nameStart = titleEnd;
    let run = personRunAfter(doc, nameStart, rule.maxWords);
    // "the shadow governor for southern Helmand province Sharafuddin Taqi"
    if (run.words === 0) {
      const after = pastPlacePhrase(doc, nameStart, rule);
      if (after !== -1) run = personRunAfter(doc, after, rule.maxWords);
    }
    const title = honorificOnly ? undefined : (normaliseTitle(doc, p, titleEnd, 'last') ?? doc.textOf(p, titleEnd).toLowerCase());
    const affiliation = affiliationOf(doc, p, titleEnd, links);
    const known = doc.mentionStartingAt(run.start);
    if (known !== undefined) {
      if (doc.typeOf(known) === 'official') giveTitle(known, title, affiliation);
      next = titleEnd;
      continue;
    }
    const honorific = honorificOnly || run.honorific;
    if (run.words === 1 && honorific && doc.firstWord[run.start] === 0) {
      const sc = shortCandidates.find((c) => c.firstPiece === run.start && c.endPiece === run.end && c.entries.length === 1);
      if (sc !== undefined && !overlaps(added, run.start, run.end)) {
        const m = ruleMention(doc, run.start, run.end, rule, { entry: sc.entries[0]! });
        giveTitle(m, title, affiliation);
        added.push(m);
        doc.decisions.push({ start: m.start, end: m.end, rule: rule.name, outcome: 'linked', before: [], after: doc.idsOf(m) });
        next = run.end;
        continue;
      }
    }
    const oneWord = run.words === 1 && doc.firstWord[run.start] === 0 && (honorific || (!doc.isCap(run.end) && suffixShaped(doc, run.start)));
    if ((run.words >= 2 || oneWord) && personLike(doc, run.start, run.end, rule.requireGivenName && !honorific)) {
      if (!overlaps(added, run.start, run.end)) {
        const m = addOfficial(doc, run.start, run.end, title, rule, added);
        if (affiliation !== undefined) m.affiliation = affiliation;
      }
      titleEnd = run.end;
    }
    next = titleEnd;
  }
  commit(doc, added);
}

/**
 * title-comma-name: a role, a comma, then the name ("the district governor, Ali Dost Shams,",
 * "a spokesman for the Ministry of Interior, Ahmad Khan, said"). The title is the first
 * title phrase of the role ("a spokesman for the governor, X" is a spokesman).
 */
export function titleCommaName(doc: Doc, rule: CompiledRule, links: readonly string[][]): void {
  const added: Working[] = [];
  for (const c of doc.positionsOf(COMMA)) {
    if (c < 1) continue;
    const run = personRunAfter(doc, c + 1, rule.maxWords);
    const known = doc.mentionStartingAt(run.start);
    if (known !== undefined && doc.typeOf(known) !== 'official') continue;
    if (known === undefined && !((run.words >= 2 || (run.words === 1 && run.honorific)) && personLike(doc, run.start, run.end, rule.requireGivenName && !run.honorific))) continue;
    const end = known?.endPiece ?? run.end;
    // The name closes the apposition: a comma, a full stop, a bracket or a verb of saying.
    const next = doc.key(end);
    if (doc.sameSentence(end, c) && next !== undefined && next !== ',' && next !== ')' && next !== '.' && !rule.following.has(next)) continue;
    // The role: title phrases within `window` pieces before the comma, none of them across another comma.
    let titleAt = -1;
    for (let q = c - 1; q >= 0 && q >= c - rule.window && doc.sameSentence(q, c); q--) {
      const k = doc.key(q)!;
      if (k === ',' || k === '"' || k === '(' || k === ')' || doc.rules.relatives.has(k)) break;
      const m = doc.mentionStartingAt(q) ?? (doc.owner[q] !== -1 ? doc.mentions[doc.owner[q]!] : undefined);
      if (m !== undefined && doc.typeOf(m) === 'official') break;
      const forms = doc.rules.titleForms.get(k);
      if (forms !== undefined && forms.some((f) => doc.matchAt(q, f.seq) !== -1)) titleAt = q;
    }
    if (titleAt === -1) continue;
    // A role is a noun phrase: an article, a possessive, a name or a modifier opens it, not a verb ("he said, Ahmad ...").
    const title = normaliseTitle(doc, titleAt, c, 'first');
    const affiliation = mentionGroupIn(doc, titleAt, c) ?? affiliationOf(doc, titleAt, titleAt + 1, links);
    if (known !== undefined) {
      giveTitle(known, title, affiliation);
      continue;
    }
    if (overlaps(added, run.start, run.end)) continue;
    const m = addOfficial(doc, run.start, run.end, title, rule, added);
    if (affiliation !== undefined) m.affiliation = affiliation;
  }
  commit(doc, added);
}

/** name-comma-title: "Mohammad Ibrahim, the local police chief", "Said Ansari, the spokesman for ...". */
export function nameCommaTitle(doc: Doc, rule: CompiledRule, links: readonly string[][]): void {
  const added: Working[] = [];
  const separators = rule.sequences.length > 0 ? rule.sequences : [[',']];
  for (const c of doc.positionsOf(rule.sequences.length > 0 ? firstKeysOf(rule) : COMMA)) {
    if (c < 1) continue;
    const sep = separators.find((s) => doc.matchAt(c, s) !== -1);
    if (sep === undefined) continue;
    const known = doc.mentionEndingAt(c);
    const run = known === undefined ? personRunBefore(doc, c, rule.maxWords) : undefined;
    const nameStart = known?.firstPiece ?? run!.start;
    if (run !== undefined && !((run.words >= 2 || (run.words === 1 && run.honorific)) && personLike(doc, run.start, c, rule.requireGivenName && !run.honorific))) continue;
    if (known !== undefined && doc.typeOf(known) !== 'official') continue;
    // The title phrase: up to `window` pieces after the separator, to the next punctuation.
    let t = c + sep.length;
    if (doc.rules.articles.has(doc.key(t) ?? '')) t++;
    // "Abdul Rahman, who was a provincial leader": the clause may give the role too.
    if (doc.rules.relatives.has(doc.key(t) ?? '')) t++;
    let titleWord = -1;
    let end = t;
    // A mention inside the phrase ("the Islamic State of Iraq and the Levant-Khorasan emir")
    // counts as one word; so does a possessive ("the Taliban's acting minister").
    let skipped = 0;
    for (let q = t; q < t + TITLE_PHRASE_MAX + skipped && doc.sameSentence(q, c); q++) {
      const k = doc.key(q)!;
      // Abbreviations stay inside the phrase: "a U.N. spokesman".
      if (k === '.' && CAPITAL_LETTER.test(doc.pieces.raw[q - 1] ?? '')) continue;
      if (k === "'" && doc.key(q + 1) === 's' && doc.isWord(q - 1)) {
        q++;
        skipped += 2;
        continue;
      }
      if (!doc.isWord(q)) break;
      if (rule.notTitles.has(k)) {
        titleWord = -1;
        break;
      }
      if (titleWord === -1 && q >= t + rule.window + skipped) break;
      const inner = doc.mentionStartingAt(q);
      if (inner !== undefined && inner.endPiece - q > 1) {
        skipped += inner.endPiece - q - 1;
        q = inner.endPiece - 1;
        end = inner.endPiece;
        continue;
      }
      end = q + 1;
      if (rule.words.has(k) && titleWord === -1) titleWord = q;
    }
    if (titleWord === -1) continue;
    const title = normaliseTitle(doc, t, end, 'first') ?? doc.key(titleWord);
    const affiliation = affiliationOf(doc, titleWord, titleWord + 1, links) ?? mentionGroupIn(doc, t, end);
    if (known !== undefined) {
      giveTitle(known, title, affiliation);
      continue;
    }
    if (overlaps(added, nameStart, c)) continue;
    const m = addOfficial(doc, nameStart, c, title, rule, added);
    if (affiliation !== undefined) m.affiliation = affiliation;
  }
  commit(doc, added);
}

/** person-inside-name: an official's name followed by the noun of a group or a place is part of that other name ("Mullah Dadullah Front"). */
export function personInsideName(doc: Doc, rule: CompiledRule): void {
  const keep: Working[] = [];
  for (const m of doc.mentions) {
    if (doc.typeOf(m) === 'official' && followedByNoun(doc, m, rule)) {
      doc.record(m, rule.name, 'dropped', doc.idsOf(m));
      continue;
    }
    keep.push(m);
  }
  if (keep.length !== doc.mentions.length) {
    doc.mentions = keep;
    doc.reindex();
  }
}

function followedByNoun(doc: Doc, m: Working, rule: CompiledRule): boolean {
  for (let p = m.endPiece; p < m.endPiece + 4 && doc.sameSentence(p, m.firstPiece); p++) {
    if (!doc.isCap(p)) return false;
    if (rule.following.has(doc.key(p)!)) return true;
  }
  return false;
}

// --- later mentions --------------------------------------------------------------------

export function linked(doc: Doc, p0: number, p1: number, source: Working, rule: CompiledRule): Working {
  const m = ruleMention(doc, p0, p1, rule, source.local === undefined ? { entry: source.candidates[0]! } : { local: source.local });
  m.linked = true;
  giveTitle(m, source.title, source.affiliation);
  doc.decisions.push({ start: m.start, end: m.end, rule: rule.name, outcome: 'linked', before: [], after: doc.idsOf(m) });
  return m;
}

/** acronym: an acronym defined in the text ("Khost Protection Force (KPF)") names the same entity afterwards. */
export function acronyms(doc: Doc, rule: CompiledRule): void {
  const defined = new Map<string, Working>();
  const added: Working[] = [];
  for (const m of [...doc.mentions]) {
    const open = m.endPiece;
    if (doc.key(open) !== '(' || doc.key(open + 2) !== ')') continue;
    const a = open + 1;
    const raw = doc.pieces.raw[a]!;
    if (doc.owner[a] !== -1 || !/^\p{Lu}{2,}$/u.test(raw)) continue;
    // "KABUL (PAN):" is a news agency's tag after a dateline, not an acronym of Kabul.
    if (rule.sameInitial && foldKey(raw.charAt(0)) !== foldKey(String.fromCodePoint(doc.text.codePointAt(m.start)!)).charAt(0)) continue;
    if (!defined.has(raw)) defined.set(raw, m);
    added.push(linked(doc, a, a + 1, m, rule));
  }
  if (defined.size === 0) return;
  for (let p = 0; p < doc.pieces.count; p++) {
    const source = defined.get(doc.pieces.raw[p]!);
    if (source === undefined || doc.owner[p] !== -1 || p < source.endPiece || added.some((x) => x.firstPiece === p)) continue;
    added.push(linked(doc, p, p + 1, source, rule));
  }
  commit(doc, added);
}

/**
 * full-repeat: a person that a rule named in full, named again in full elsewhere in the
 * document ("Shah Wali was appointed"), or by the given names of a name of three words or
 * more ("Gul Agha" of "Gul Agha Shirzai").
 */
export function fullRepeats(doc: Doc, rule: CompiledRule): void {
  const forms: { source: Working; keys: string[] }[] = [];
  for (const m of doc.mentions) {
    if (m.local === undefined || m.local.type !== 'official' || m.linked === true || m.endPiece - m.firstPiece < 2) continue;
    const keys: string[] = [];
    for (let p = m.firstPiece; p < m.endPiece; p++) keys.push(doc.key(p)!);
    forms.push({ source: m, keys });
    const words = keys.filter((k) => /[\p{L}]/u.test(k)).length;
    if (words >= 3) forms.push({ source: m, keys: keys.slice(0, -1) });
  }
  if (forms.length === 0) return;
  forms.sort((a, b) => b.keys.length - a.keys.length);
  const added: Working[] = [];
  // A repeat starts with the first word of a form.
  let next = 0;
  for (const p of doc.positionsOf(new Set(forms.map((f) => f.keys[0]!)), 'document')) {
    if (p < next) continue;
    if (doc.owner[p] !== -1 || !doc.isCap(p)) continue;
    const hit = forms.find(({ source, keys }) => {
      if (p >= source.firstPiece && p < source.endPiece) return false;
      for (let k = 0; k < keys.length; k++) {
        if (doc.key(p + k) !== keys[k] || doc.owner[p + k] !== -1 || !doc.sameSentence(p, p + k)) return false;
      }
      // The whole name, not the start of a longer one.
      const next = p + keys.length;
      return !(doc.isCap(next) && doc.sameSentence(p, next) && !doc.lineBreakBetween(next - 1, next));
    });
    if (hit === undefined || overlaps(added, p, p + 1)) continue;
    added.push(linked(doc, p, p + hit.keys.length, hit.source, rule));
    next = p + hit.keys.length;
  }
  commit(doc, added);
}

/**
 * short-form: the lexicon's `short_forms`, or (for entries that list none, and for unlisted
 * officials) the last word of a full mention, when it stands alone later in the document,
 * capitalised; the most recent full mention wins. A surname that is also a place's name
 * becomes the person only when the words after it read as a person (rule `following`:
 * "<Surname> said").
 */
export function shortForms(doc: Doc, rule: CompiledRule, shortCandidates: readonly ShortCandidate[]): void {
  const full = doc.mentions.filter((m) => doc.typeOf(m) === 'official' && m.linked !== true);
  if (full.length === 0) return;
  const byKey = new Map<string, Working[]>();
  const add = (key: string, m: Working): void => {
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [m]);
    else list.push(m);
  };
  for (const m of full) {
    if (m.endPiece - m.firstPiece < 2) continue;
    // Lexicon entries that list their short forms use only those (the lexicon knows that
    // "Danish" or a first name is no surname); others get their last word.
    if (m.local === undefined && withShortForms(doc.index.entries)[m.candidates[0]!] === 1) continue;
    add(doc.key(m.endPiece - 1)!, m);
  }
  const added: Working[] = [];
  const replaced = new Set<Working>();
  // Pieces the new short-form mentions cover (a mark per piece: no quadratic scan).
  const taken = new Uint8Array(doc.pieces.count);
  const push = (m: Working): void => {
    added.push(m);
    taken.fill(1, m.firstPiece, m.endPiece);
  };
  const latestBefore = (list: Working[] | undefined, p: number): Working | undefined => {
    let best: Working | undefined;
    for (const m of list ?? []) if (m.endPiece <= p && (best === undefined || m.start > best.start)) best = m;
    return best;
  };
  const readsAsPerson = (p: number): boolean => doc.sameSentence(p, p + 1) && rule.following.has(doc.key(p + 1) ?? '');
  // A one-word place mention where a named person's surname reads as a person.
  const placeHere = (p: number): Working | undefined => {
    const i = doc.owner[p]!;
    const m = i === -1 ? undefined : doc.mentions[i];
    return m !== undefined && m.firstPiece === p && m.endPiece === p + 1 && doc.isLocation(m) && !m.decided ? m : undefined;
  };
  // Lexicon short forms ("Mullah Baradar"), longest first, then surnames.
  for (const sc of [...shortCandidates].sort((a, b) => b.endPiece - b.firstPiece - (a.endPiece - a.firstPiece) || a.firstPiece - b.firstPiece)) {
    let clash = false;
    for (let p = sc.firstPiece; p < sc.endPiece; p++) if ((doc.owner[p] !== -1 && !(sc.endPiece - sc.firstPiece === 1 && placeHere(p) !== undefined && readsAsPerson(p))) || taken[p] === 1) clash = true;
    if (clash) continue;
    const sources = full.filter((m) => m.local === undefined && sc.entries.includes(m.candidates[0]!));
    const source = latestBefore(sources, sc.firstPiece);
    if (source === undefined) continue;
    const place = placeHere(sc.firstPiece);
    if (place !== undefined) replaced.add(place);
    push(linked(doc, sc.firstPiece, sc.endPiece, source, rule));
  }
  // A surname alone: the pieces whose key is the last word of a full mention.
  for (const p of doc.positionsOf(new Set(byKey.keys()), 'document')) {
    if (!doc.isCap(p) || taken[p] === 1) continue;
    const place = doc.owner[p] === -1 ? undefined : placeHere(p);
    if (doc.owner[p] !== -1 && (place === undefined || !readsAsPerson(p))) continue;
    const source = latestBefore(byKey.get(doc.key(p)!), p);
    if (source === undefined) continue;
    // A whole word only: not the start of another capitalised name ("Mujahid Street").
    if (doc.isCap(p + 1) && doc.sameSentence(p, p + 1) && !doc.lineBreakBetween(p, p + 1)) continue;
    if (place !== undefined) replaced.add(place);
    push(linked(doc, p, p + 1, source, rule));
  }
  if (replaced.size > 0) {
    for (const m of replaced) doc.record(m, rule.name, 'dropped', doc.idsOf(m));
    doc.mentions = doc.mentions.filter((m) => !replaced.has(m));
  }
  commit(doc, added);
}

/** Every official mention without a title takes the title another mention of the same person has. */
export function titlesOfOfficials(doc: Doc): void {
  const titled = new Map<string, Working>();
  for (const m of doc.mentions) {
    if (doc.typeOf(m) !== 'official' || m.title === undefined) continue;
    const id = doc.idOf(m);
    if (!titled.has(id)) titled.set(id, m);
  }
  for (const m of doc.mentions) {
    if (doc.typeOf(m) !== 'official' || m.title !== undefined) continue;
    const source = titled.get(doc.idOf(m));
    if (source !== undefined) giveTitle(m, source.title, source.affiliation);
  }
}
