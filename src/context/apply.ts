/**
 * Stage 6, context: the words around each mention decide what it names. Pure.
 *
 * Input: the mentions that survived the overlap policy, each with every lexicon entry that
 * matched its span (ranked). Output: the same mentions with candidates narrowed by named
 * rules, mentions inside other names dropped, and new mentions for places and officials
 * that no lexicon lists, for short forms and for acronyms defined in the text. Every
 * decision is recorded (`--explain` prints them).
 *
 * The order of the steps is part of the policy (`context.v1`):
 *   1 inside-name, inside-name-of      drop place names inside other names
 *   2 noun-after, cue-before           "X province", "the city of X" ...
 *   3 new-place, new-place-before-...  names no gazetteer lists ("the Nawabad area")
 *   4 chain-after                      "Y district, X" -> X is a province; Y lies in X
 *   5 province of new places           from the next place named in the sentence
 *   6 nearby-province                  shared names resolved by the provinces named nearby
 *   7 title-before-name, name-comma-title, affiliation   officials
 *   8 acronym, short-form              later mentions of what was named in full
 */
import type { PhraseIndex } from '../lexicon/compile.js';
import type { EntityType } from '../lexicon/types.js';
import { Shape, type Pieces } from '../pipeline/normalize.js';
import type { CompiledRule, CompiledRules, Selector } from './rules.js';
import { faPsDateWords, faPsNewPlaces, faPsOfficials, faPsRepeats } from './fa-ps.js';

export const CONTEXT_POLICY = 'context.v1';

/** An entity a document introduces that no lexicon lists. */
export interface LocalEntity {
  id: string;
  type: EntityType;
  name: string;
  province?: string;
  kind?: string;
}

export interface Working {
  start: number;
  end: number;
  firstPiece: number;
  endPiece: number;
  /** Lexicon entries (indexes), the chosen one first; empty for a local entity. */
  candidates: number[];
  local?: LocalEntity;
  alias: string;
  rule: string;
  confidence: number;
  /** A rule fixed what this mention names. */
  decided: boolean;
  title?: string;
  /** Entity id of the group a title belongs to. */
  affiliation?: string;
}

export interface Decision {
  start: number;
  end: number;
  rule: string;
  outcome: 'dropped' | 'selected' | 'added' | 'linked' | 'lost-overlap';
  /** Entity ids before and after the decision. */
  before: string[];
  after: string[];
}

export const BASE_CONFIDENCE = { alias: 0.95, ambiguous: 0.6, sameTypeAndProvince: 0.8 } as const;
const DOCUMENT_PROVINCE_FACTOR = 0.85;

const LOCATION_TYPES = new Set<EntityType>(['province', 'place']);
const WORDLIKE = /[\p{L}\p{N}]/u;

export class Doc {
  readonly owner: Int32Array;
  readonly firstWord: Uint8Array;

  constructor(
    readonly text: string,
    readonly pieces: Pieces,
    readonly index: PhraseIndex,
    readonly rules: CompiledRules,
    public mentions: Working[],
    readonly decisions: Decision[],
  ) {
    this.owner = new Int32Array(pieces.count);
    this.firstWord = new Uint8Array(pieces.count);
    let lastSentence = -1;
    for (let p = 0; p < pieces.count; p++) {
      if (pieces.sentence[p] !== lastSentence && this.isWord(p)) {
        this.firstWord[p] = 1;
        lastSentence = pieces.sentence[p]!;
      }
    }
    this.reindex();
  }

  reindex(): void {
    this.mentions.sort((a, b) => a.start - b.start);
    this.owner.fill(-1);
    this.mentions.forEach((m, i) => this.owner.fill(i, m.firstPiece, m.endPiece));
  }

  key(p: number): string | undefined {
    return p >= 0 && p < this.pieces.count ? this.pieces.key[p] : undefined;
  }
  isWord(p: number): boolean {
    return p >= 0 && p < this.pieces.count && WORDLIKE.test(this.pieces.raw[p]!.charAt(0));
  }
  isCap(p: number): boolean {
    return this.isWord(p) && (this.pieces.shape[p]! & Shape.initialUpper) !== 0;
  }
  sameSentence(a: number, b: number): boolean {
    return a >= 0 && b >= 0 && a < this.pieces.count && b < this.pieces.count && this.pieces.sentence[a] === this.pieces.sentence[b];
  }
  /** End (exclusive) of `seq` matched from piece p within p's sentence, or -1. */
  matchAt(p: number, seq: readonly string[], sentenceOf: number = p): number {
    for (let k = 0; k < seq.length; k++) {
      if (this.key(p + k) !== seq[k] || !this.sameSentence(p + k, sentenceOf)) return -1;
    }
    return p + seq.length;
  }
  /** Start of `seq` matched so that it ends right before piece p, or -1. */
  matchBefore(p: number, seq: readonly string[]): number {
    const s = p - seq.length;
    if (s < 0) return -1;
    return this.matchAt(s, seq, p - 1) === p && this.sameSentence(s, p) ? s : -1;
  }
  mentionStartingAt(p: number): Working | undefined {
    const i = p >= 0 && p < this.pieces.count ? this.owner[p]! : -1;
    const m = i >= 0 ? this.mentions[i] : undefined;
    return m !== undefined && m.firstPiece === p ? m : undefined;
  }
  mentionEndingAt(pEnd: number): Working | undefined {
    const i = pEnd - 1 >= 0 && pEnd - 1 < this.pieces.count ? this.owner[pEnd - 1]! : -1;
    const m = i >= 0 ? this.mentions[i] : undefined;
    return m !== undefined && m.endPiece === pEnd ? m : undefined;
  }
  entryType(e: number): EntityType {
    return this.index.entries[e]!.type;
  }
  entryProvince(e: number): string | undefined {
    const c = this.index.entries[e]!;
    return c.entry.province ?? (c.type === 'province' ? c.id : undefined);
  }
  typeOf(m: Working): EntityType {
    return m.local?.type ?? this.entryType(m.candidates[0]!);
  }
  idsOf(m: Working): string[] {
    return m.local !== undefined ? [m.local.id] : m.candidates.map((c) => this.index.entries[c]!.id);
  }
  isLocation(m: Working): boolean {
    return m.local !== undefined ? LOCATION_TYPES.has(m.local.type) : m.candidates.every((c) => LOCATION_TYPES.has(this.entryType(c)));
  }
  /** The one province a mention is in, when all its candidates agree. */
  definiteProvince(m: Working): string | undefined {
    if (m.local !== undefined) return m.local.province;
    const ps = new Set(m.candidates.map((c) => this.entryProvince(c)));
    return ps.size === 1 ? [...ps][0] : undefined;
  }
  textOf(p0: number, p1: number): string {
    return this.text.slice(this.pieces.start[p0]!, this.pieces.end[p1 - 1]!);
  }
  record(m: Working, rule: string, outcome: Decision['outcome'], before: string[]): void {
    this.decisions.push({ start: m.start, end: m.end, rule, outcome, before, after: outcome === 'dropped' ? [] : this.idsOf(m) });
  }

  /** Keep only candidates the selector accepts; false when none would remain. */
  select(m: Working, selector: Selector, rule: CompiledRule): boolean {
    if (m.local !== undefined) return false;
    const kept = m.candidates.filter((c) => this.accepts(c, selector));
    if (kept.length === 0) return false;
    const before = this.idsOf(m);
    m.candidates = kept;
    m.rule = rule.name;
    m.confidence = rule.confidence;
    m.decided = true;
    this.record(m, rule.name, 'selected', before);
    return true;
  }
  accepts(e: number, selector: Selector): boolean {
    const c = this.index.entries[e]!;
    switch (selector) {
      case 'province':
        return c.type === 'province';
      case 'place':
        return c.type === 'place';
      case 'city':
        return c.type === 'place' && c.entry.kind === 'city';
      case 'district':
        return c.type === 'place' && c.entry.kind === 'district';
    }
  }
  /** Mentions coordinated with m: "X and Y", "X, Y and Z", going left or right. */
  coordinated(m: Working, direction: -1 | 1): Working[] {
    const out: Working[] = [];
    let cur = m;
    for (;;) {
      let next: Working | undefined;
      for (const link of [['and'], [','], [',', 'and'], ['or']]) {
        if (direction === 1) {
          const e = this.matchAt(cur.endPiece, link, cur.firstPiece);
          if (e !== -1) next = this.mentionStartingAt(e);
        } else {
          const s = this.matchBefore(cur.firstPiece, link);
          if (s !== -1) next = this.mentionEndingAt(s);
        }
        if (next !== undefined) break;
      }
      if (next === undefined || !this.isLocation(next)) return out;
      out.push(next);
      cur = next;
    }
  }
}

// ---------------------------------------------------------------------------------------

function insideName(doc: Doc, rule: CompiledRule): void {
  const keep: Working[] = [];
  for (const m of doc.mentions) {
    if (!doc.isLocation(m) || m.local !== undefined || !isInsideName(doc, m, rule)) {
      keep.push(m);
      continue;
    }
    doc.record(m, rule.name, 'dropped', doc.idsOf(m));
  }
  doc.mentions = keep;
  doc.reindex();
}

function isInsideName(doc: Doc, m: Working, rule: CompiledRule): boolean {
  if (rule.kind === 'inside-name-of') {
    const of = m.firstPiece - 1;
    const w = m.firstPiece - 2;
    return (
      doc.key(of) === 'of' &&
      doc.sameSentence(w, m.firstPiece) &&
      doc.isCap(w) &&
      doc.firstWord[w] === 0 &&
      doc.owner[w] === -1 &&
      /^\p{L}+$/u.test(doc.pieces.raw[w]!) &&
      !rule.exclude.has(doc.key(w)!) &&
      !doc.rules.stopwords.has(doc.key(w)!)
    );
  }
  if (rule.precededByCapitalised) {
    const b = m.firstPiece - 1;
    if (!(doc.sameSentence(b, m.firstPiece) && doc.isCap(b) && doc.firstWord[b] === 0 && doc.owner[b] === -1 && /^\p{L}+$/u.test(doc.pieces.raw[b]!))) {
      return false;
    }
    // Without a following noun, the capitalised word before must itself look like a name.
    if (rule.following.size === 0) return !doc.rules.stopwords.has(doc.key(b)!) && !rule.exclude.has(doc.key(b)!);
    return doc.sameSentence(m.endPiece, m.firstPiece) && rule.following.has(doc.key(m.endPiece) ?? '');
  }
  // A run of capitalised words right after the name that contains an organisation noun.
  for (let p = m.endPiece; p < m.endPiece + 4 && doc.sameSentence(p, m.firstPiece); p++) {
    if (rule.requireCapital && !doc.isCap(p)) return false;
    if (!doc.isWord(p) || doc.owner[p] !== -1) return false;
    if (rule.following.has(doc.key(p)!)) return true;
    if (!rule.requireCapital) return false;
  }
  return false;
}

function nounAfter(doc: Doc, rule: CompiledRule): void {
  for (const m of doc.mentions) {
    if (m.decided || !doc.isLocation(m) || m.local !== undefined) continue;
    let p = m.endPiece;
    let group = [m];
    if (doc.key(p) === ')') {
      // "Charcheno (Shahidi Hassas) district": the name before the brackets too.
      const open = doc.matchBefore(m.firstPiece, ['(']);
      const before = open === -1 ? undefined : doc.mentionEndingAt(open);
      if (before !== undefined) group = [before, m];
      p++;
    }
    const noun = doc.key(p);
    if (noun === undefined || !rule.words.has(noun) || !doc.sameSentence(p, m.firstPiece)) continue;
    if (noun.endsWith('s')) group = [...group, ...doc.coordinated(group[0]!, -1)];
    for (const g of group) if (!g.decided) doc.select(g, rule.select ?? 'place', rule);
  }
}

function cueBefore(doc: Doc, rule: CompiledRule): void {
  for (const m of doc.mentions) {
    if (m.decided || !doc.isLocation(m) || m.local !== undefined) continue;
    const cue = rule.sequences.find((seq) => doc.matchBefore(m.firstPiece, seq) !== -1);
    if (cue === undefined) continue;
    // "Aachin district of Kunduz": the noun classifies the name before it, not this one.
    const before = m.firstPiece - cue.length - 1;
    if (doc.sameSentence(before, m.firstPiece) && (doc.owner[before] !== -1 || (doc.isCap(before) && !doc.rules.stopwords.has(doc.key(before)!)))) continue;
    const group = cue[0]!.endsWith('s') ? [m, ...doc.coordinated(m, 1)] : [m];
    for (const g of group) if (!g.decided) doc.select(g, rule.select ?? 'place', rule);
  }
}

/** The capitalised words of a name ending right before piece `end` (connectors allowed inside). */
function nameRunBefore(doc: Doc, end: number, maxWords: number): number {
  let start = end;
  let words = 0;
  let p = end - 1;
  while (p >= 0 && doc.sameSentence(p, end - 1) && words < maxWords) {
    if (doc.owner[p] !== -1) break;
    const key = doc.key(p)!;
    if (doc.isCap(p) && !doc.rules.stopwords.has(key) && !/^\d/.test(key)) {
      start = p;
      words++;
      p--;
      continue;
    }
    if (doc.rules.connectors.has(key) && words > 0 && doc.isCap(p - 1) && doc.owner[p - 1] === -1) {
      p--;
      continue;
    }
    break;
  }
  return start;
}

/** The capitalised words of a name starting at piece `start`. */
function nameRunAfter(doc: Doc, start: number, maxWords: number): number {
  let end = start;
  let words = 0;
  let p = start;
  while (p < doc.pieces.count && doc.sameSentence(p, start) && words < maxWords) {
    if (doc.owner[p] !== -1) break;
    const key = doc.key(p)!;
    if (doc.isCap(p) && !doc.rules.stopwords.has(key) && !/^\d/.test(key)) {
      end = p + 1;
      words++;
      p++;
      continue;
    }
    if (doc.rules.connectors.has(key) && words > 0 && doc.isCap(p + 1) && doc.owner[p + 1] === -1) {
      p++;
      continue;
    }
    break;
  }
  return end;
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

/** A mention a context rule made over pieces p0..p1: of a lexicon entry, or of a document-local entity. */
export function ruleMention(doc: Doc, p0: number, p1: number, rule: CompiledRule, to: { entry: number } | { local: LocalEntity }): Working {
  return {
    start: doc.pieces.start[p0]!,
    end: doc.pieces.end[p1 - 1]!,
    firstPiece: p0,
    endPiece: p1,
    candidates: 'entry' in to ? [to.entry] : [],
    ...('local' in to ? { local: to.local } : {}),
    alias: doc.textOf(p0, p1),
    rule: rule.name,
    confidence: rule.confidence,
    decided: true,
  };
}

function newPlaces(doc: Doc, rule: CompiledRule): void {
  const added: Working[] = [];
  for (let p = 1; p < doc.pieces.count; p++) {
    if (!rule.words.has(doc.key(p)!) || doc.owner[p] !== -1) continue;
    // "the Khair Khana area", "Popalzai Khash village", "Aachin district"
    const start = nameRunBefore(doc, p, rule.maxWords);
    if (start === p) continue;
    if (added.some((a) => a.endPiece > start && a.firstPiece < p)) continue;
    const name = doc.textOf(start, p);
    added.push(ruleMention(doc, start, p, rule, { local: { id: '', type: 'place', name, kind: rule.kindOfPlace } }));
  }
  if (added.length > 0) {
    doc.mentions.push(...added);
    doc.reindex();
  }
}

function newPlaceBeforeProvince(doc: Doc, rule: CompiledRule): void {
  const added: Working[] = [];
  for (let p = 0; p < doc.pieces.count; p++) {
    if (!rule.sequences.some((seq) => doc.matchAt(p, seq) === p + seq.length && seq.length === 1) || doc.owner[p] !== -1) continue;
    const start = p + 1;
    const end = nameRunAfter(doc, start, rule.maxWords);
    if (end === start || doc.key(end) !== ',') continue;
    const province = doc.mentionStartingAt(end + 1);
    if (province === undefined || province.decided || !province.candidates.some((c) => doc.accepts(c, 'province'))) continue;
    added.push(ruleMention(doc, start, end, rule, { local: { id: '', type: 'place', name: doc.textOf(start, end), kind: 'place' } }));
  }
  if (added.length > 0) {
    doc.mentions.push(...added);
    doc.reindex();
  }
}

function chainAfter(doc: Doc, rule: CompiledRule, placeNouns: ReadonlySet<string>): void {
  for (const m of doc.mentions) {
    if (doc.typeOf(m) !== 'place') continue;
    // Past the noun that made it a place: "Kunduz city, Kunduz", "Aachin district of Kunduz".
    const after = placeNouns.has(doc.key(m.endPiece) ?? '') ? m.endPiece + 1 : m.endPiece;
    for (const link of rule.sequences) {
      const at = doc.matchAt(after, link, m.firstPiece);
      if (at === -1) continue;
      const n = doc.mentionStartingAt(at);
      if (n === undefined || n.local !== undefined || !n.candidates.some((c) => doc.accepts(c, 'province'))) continue;
      if (!n.decided) doc.select(n, 'province', rule);
      const province = doc.definiteProvince(n);
      if (province === undefined || doc.typeOf(n) !== 'province') break;
      if (m.local !== undefined) {
        m.local.province ??= province;
      } else {
        const inside = m.candidates.filter((c) => doc.entryProvince(c) === province);
        if (inside.length > 0 && inside.length < m.candidates.length) {
          const before = doc.idsOf(m);
          m.candidates = inside;
          doc.record(m, rule.name, 'selected', before);
        }
      }
      break;
    }
  }
}

/** Provinces named in the document, by count, for places that the sentence leaves open. */
function documentProvinces(doc: Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of doc.mentions) {
    if (!doc.isLocation(m)) continue;
    const p = doc.definiteProvince(m);
    if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return counts;
}

function topProvince(counts: Map<string, number>, allowed?: Set<string>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [p, n] of counts) {
    if (allowed !== undefined && !allowed.has(p)) continue;
    if (n > bestCount) {
      best = p;
      bestCount = n;
    }
  }
  return best;
}

/** The province of the nearest mention in the same sentence: after m first, then before. */
function sentenceProvince(doc: Doc, m: Working, allowed?: Set<string>): string | undefined {
  const i = doc.mentions.indexOf(m);
  const ok = (x: Working): string | undefined => {
    if (x === m || !doc.isLocation(x) || !doc.sameSentence(x.firstPiece, m.firstPiece)) return undefined;
    const p = doc.definiteProvince(x);
    return p !== undefined && (allowed === undefined || allowed.has(p)) ? p : undefined;
  };
  for (let j = i + 1; j < doc.mentions.length && doc.sameSentence(doc.mentions[j]!.firstPiece, m.firstPiece); j++) {
    const p = ok(doc.mentions[j]!);
    if (p !== undefined) return p;
  }
  for (let j = i - 1; j >= 0 && doc.sameSentence(doc.mentions[j]!.firstPiece, m.firstPiece); j--) {
    const p = ok(doc.mentions[j]!);
    if (p !== undefined) return p;
  }
  return undefined;
}

function placeProvinces(doc: Doc): void {
  const pending = doc.mentions.filter((m) => m.local !== undefined && m.local.type === 'place' && m.local.province === undefined);
  // Right to left, so that "X village of Y district of Z province" passes Z's province to Y, then X.
  for (const m of [...pending].reverse()) {
    const p = sentenceProvince(doc, m);
    if (p !== undefined) m.local!.province = p;
  }
  const counts = documentProvinces(doc);
  const keep: Working[] = [];
  for (const m of doc.mentions) {
    if (m.local !== undefined && m.local.type === 'place' && m.local.province === undefined) {
      const p = topProvince(counts);
      if (p === undefined) continue; // nothing says where it is: no mention
      m.local.province = p;
      m.confidence = Math.round(m.confidence * DOCUMENT_PROVINCE_FACTOR * 100) / 100;
    }
    if (m.local !== undefined && m.local.type === 'place') {
      m.local.id = `local.place.${m.local.province}.${slug(m.local.name)}`;
      doc.decisions.push({ start: m.start, end: m.end, rule: m.rule, outcome: 'added', before: [], after: [m.local.id] });
    }
    keep.push(m);
  }
  doc.mentions = keep;
  doc.reindex();
}

function nearbyProvince(doc: Doc, rule: CompiledRule): void {
  let counts: Map<string, number> | undefined;
  for (const m of doc.mentions) {
    if (m.local !== undefined || m.candidates.length < 2 || !doc.isLocation(m)) continue;
    const provinces = new Set(m.candidates.map((c) => doc.entryProvince(c) ?? ''));
    if (provinces.size < 2) continue;
    let chosen = sentenceProvince(doc, m, provinces);
    if (chosen === undefined) {
      counts ??= documentProvinces(doc);
      chosen = topProvince(counts, provinces);
    }
    if (chosen === undefined) continue;
    const before = doc.idsOf(m);
    m.candidates = m.candidates.filter((c) => doc.entryProvince(c) === chosen);
    if (!m.decided) {
      m.rule = rule.name;
      m.confidence = rule.confidence;
    }
    doc.record(m, rule.name, 'selected', before);
  }
}

// --- officials -------------------------------------------------------------------------

// Religious honorifics stand before a single name ("Mullah Omar"); the name needs no given-name check.
const HONORIFIC_ONLY = new Set(['mullah', 'maulvi', 'mawlawi', 'maulavi', 'sheikh']);

function titleText(doc: Doc, p0: number, p1: number): string {
  return doc.textOf(p0, p1).replace(/\s+/g, ' ');
}

/** An unlisted person's name: no word in capitals only, and (if the rule asks) a known given name. */
function personLike(doc: Doc, p0: number, p1: number, rule: CompiledRule, honorific: boolean): boolean {
  let given = false;
  for (let p = p0; p < p1; p++) {
    if (!doc.isWord(p)) continue;
    const shape = doc.pieces.shape[p]!;
    if ((shape & Shape.allUpper) !== 0 && doc.pieces.raw[p]!.length > 1) return false;
    if (doc.rules.givenNames.has(doc.key(p)!)) given = true;
  }
  return honorific || !rule.requireGivenName || given;
}

export function addOfficial(doc: Doc, p0: number, p1: number, title: string, rule: CompiledRule, added: Working[]): Working {
  const name = doc.textOf(p0, p1).replace(/\s+/g, ' ');
  const m = ruleMention(doc, p0, p1, rule, { local: { id: `local.person.${slug(name)}`, type: 'official', name } });
  m.title = title;
  added.push(m);
  return m;
}

function affiliationOf(doc: Doc, titleStart: number, titleEnd: number, links: readonly string[][]): string | undefined {
  const before = doc.mentionEndingAt(titleStart);
  if (before !== undefined && doc.typeOf(before) === 'armed_group') return doc.idsOf(before)[0];
  for (const link of links) {
    const at = doc.matchAt(titleEnd, link, titleStart);
    const after = at === -1 ? undefined : doc.mentionStartingAt(at);
    if (after !== undefined && doc.typeOf(after) === 'armed_group') return doc.idsOf(after)[0];
  }
  return undefined;
}

function titleBeforeName(doc: Doc, rule: CompiledRule, links: readonly string[][]): void {
  const added: Working[] = [];
  // Most words start no title: test the first word before trying every title phrase.
  const firstWords = new Set(rule.sequences.map((s) => s[0]!));
  for (let p = 0; p < doc.pieces.count; p++) {
    if (doc.owner[p] !== -1 || !firstWords.has(doc.key(p)!)) continue;
    const seq = rule.sequences.find((s) => doc.matchAt(p, s) !== -1);
    if (seq === undefined) continue;
    // Longest title phrase wins: "Brigadier General" before "General".
    let titleEnd = p + seq.length;
    let nameStart = titleEnd;
    if (doc.key(nameStart) === ',') nameStart++;
    const known = doc.mentionStartingAt(nameStart);
    const affiliation = affiliationOf(doc, p, titleEnd, links);
    const title = titleText(doc, p, titleEnd);
    if (known !== undefined) {
      if (doc.typeOf(known) === 'official' && known.title === undefined) {
        known.title = title;
        if (affiliation !== undefined) known.affiliation = affiliation;
      }
      p = titleEnd - 1;
      continue;
    }
    const nameEnd = nameRunAfter(doc, nameStart, rule.maxWords);
    const words = nameEnd - nameStart;
    const honorific = HONORIFIC_ONLY.has(seq[0]!);
    if ((words >= 2 || (words === 1 && honorific && doc.firstWord[nameStart] === 0)) && personLike(doc, nameStart, nameEnd, rule, honorific)) {
      if (!added.some((a) => a.endPiece > nameStart && a.firstPiece < nameEnd)) {
        const m = addOfficial(doc, nameStart, nameEnd, title, rule, added);
        if (affiliation !== undefined) m.affiliation = affiliation;
      }
      titleEnd = nameEnd;
    }
    p = titleEnd - 1;
  }
  if (added.length > 0) {
    doc.mentions.push(...added);
    doc.reindex();
  }
}

const RELATIVE = new Set(['who', 'whom', 'whose', 'which', 'that', 'where', 'when']);
const TITLE_PHRASE_MAX = 12;

function nameCommaTitle(doc: Doc, rule: CompiledRule, links: readonly string[][]): void {
  const added: Working[] = [];
  for (let c = 1; c < doc.pieces.count; c++) {
    if (doc.key(c) !== ',') continue;
    const known = doc.mentionEndingAt(c);
    const nameStart = known === undefined ? nameRunBefore(doc, c, rule.maxWords) : known.firstPiece;
    if (known === undefined && (c - nameStart < 2 || !personLike(doc, nameStart, c, rule, false))) continue;
    if (known !== undefined && doc.typeOf(known) !== 'official') continue;
    // The title phrase: up to `window` pieces after the comma, to the next punctuation.
    let t = c + 1;
    if (doc.key(t) === 'the' || doc.key(t) === 'a' || doc.key(t) === 'an') t++;
    // "Amrullah Saleh, who served as ...": a clause, not an apposition.
    if (RELATIVE.has(doc.key(t) ?? '')) continue;
    let titleWord = -1;
    let end = t;
    // The title word must come within `window` words; the phrase runs on to the next punctuation.
    for (let q = t; q < t + TITLE_PHRASE_MAX && doc.sameSentence(q, c) && doc.isWord(q); q++) {
      const k = doc.key(q)!;
      if (rule.notTitles.has(k)) {
        titleWord = -1;
        break;
      }
      if (titleWord === -1 && q >= t + rule.window) break;
      end = q + 1;
      if (rule.words.has(k) && titleWord === -1) titleWord = q;
    }
    if (titleWord === -1) continue;
    const title = titleText(doc, t, end);
    const affiliation = affiliationOf(doc, titleWord, titleWord + 1, links) ?? mentionGroupIn(doc, t, end);
    if (known !== undefined) {
      known.title ??= title;
      if (affiliation !== undefined) known.affiliation ??= affiliation;
      continue;
    }
    if (added.some((a) => a.endPiece > nameStart && a.firstPiece < c)) continue;
    const m = addOfficial(doc, nameStart, c, title, rule, added);
    if (affiliation !== undefined) m.affiliation = affiliation;
  }
  if (added.length > 0) {
    doc.mentions.push(...added);
    doc.reindex();
  }
}

function mentionGroupIn(doc: Doc, p0: number, p1: number): string | undefined {
  for (let p = p0; p < p1; p++) {
    const m = doc.mentionStartingAt(p);
    if (m !== undefined && doc.typeOf(m) === 'armed_group') return doc.idsOf(m)[0];
  }
  return undefined;
}

// --- later mentions --------------------------------------------------------------------

function acronyms(doc: Doc, rule: CompiledRule): void {
  const defined = new Map<string, Working>();
  const added: Working[] = [];
  for (const m of [...doc.mentions]) {
    const open = m.endPiece;
    if (doc.key(open) !== '(' || doc.key(open + 2) !== ')') continue;
    const a = open + 1;
    const raw = doc.pieces.raw[a]!;
    if (doc.owner[a] !== -1 || !/^\p{Lu}{2,}$/u.test(raw)) continue;
    if (!defined.has(raw)) defined.set(raw, m);
    added.push(linked(doc, a, a + 1, m, rule));
  }
  if (defined.size === 0) return;
  for (let p = 0; p < doc.pieces.count; p++) {
    const source = defined.get(doc.pieces.raw[p]!);
    if (source === undefined || doc.owner[p] !== -1 || p < source.endPiece || added.some((x) => x.firstPiece === p)) continue;
    added.push(linked(doc, p, p + 1, source, rule));
  }
  doc.mentions.push(...added);
  doc.reindex();
}

export function linked(doc: Doc, p0: number, p1: number, source: Working, rule: CompiledRule): Working {
  const m = ruleMention(doc, p0, p1, rule, source.local === undefined ? { entry: source.candidates[0]! } : { local: source.local });
  doc.decisions.push({ start: m.start, end: m.end, rule: rule.name, outcome: 'linked', before: [], after: doc.idsOf(m) });
  return m;
}

/**
 * Short forms: the lexicon's `short_forms`, or (for entries that list none, and for
 * unlisted officials) the last word of a full mention, when it stands alone later in the
 * document, capitalised; the most recent full mention wins.
 */
function shortForms(doc: Doc, rule: CompiledRule, shortCandidates: readonly ShortCandidate[]): void {
  const full = doc.mentions.filter((m) => doc.typeOf(m) === 'official' && m.rule !== rule.name && m.rule !== 'acronym');
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
    if (m.local === undefined && doc.index.entries[m.candidates[0]!]!.entry.short_forms !== undefined) continue;
    add(doc.key(m.endPiece - 1)!, m);
  }
  const added: Working[] = [];
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
  // Lexicon short forms ("Mullah Baradar"), longest first, then surnames.
  for (const sc of [...shortCandidates].sort((a, b) => b.endPiece - b.firstPiece - (a.endPiece - a.firstPiece) || a.firstPiece - b.firstPiece)) {
    let clash = false;
    for (let p = sc.firstPiece; p < sc.endPiece; p++) if (doc.owner[p] !== -1 || taken[p] === 1) clash = true;
    if (clash) continue;
    const sources = full.filter((m) => m.local === undefined && sc.entries.includes(m.candidates[0]!));
    const source = latestBefore(sources, sc.firstPiece);
    if (source !== undefined) push(linked(doc, sc.firstPiece, sc.endPiece, source, rule));
  }
  for (let p = 0; p < doc.pieces.count; p++) {
    if (doc.owner[p] !== -1 || !doc.isCap(p) || taken[p] === 1) continue;
    const source = latestBefore(byKey.get(doc.key(p)!), p);
    if (source === undefined) continue;
    // A whole word only: not the start of another capitalised name ("Mujahid Street").
    if (doc.isCap(p + 1) && doc.sameSentence(p, p + 1)) continue;
    push(linked(doc, p, p + 1, source, rule));
  }
  doc.mentions.push(...added);
  doc.reindex();
}

export interface ShortCandidate {
  firstPiece: number;
  endPiece: number;
  entries: number[];
}

/** Apply the context rules to the resolved mentions. */
export function applyContext(
  text: string,
  pieces: Pieces,
  index: PhraseIndex,
  rules: CompiledRules,
  mentions: Working[],
  shortCandidates: readonly ShortCandidate[],
  decisions: Decision[],
): Working[] {
  const doc = new Doc(text, pieces, index, rules, mentions, decisions);
  const of = (kind: Parameters<CompiledRules['byKind']['get']>[0]): CompiledRule[] => rules.byKind.get(kind) ?? [];
  for (const r of [...of('inside-name'), ...of('inside-name-of')]) insideName(doc, r);
  for (const r of of('fa-ps-date-word')) faPsDateWords(doc, r);
  for (const r of of('noun-after')) nounAfter(doc, r);
  for (const r of of('cue-before')) cueBefore(doc, r);
  for (const r of of('new-place')) newPlaces(doc, r);
  for (const r of of('new-place-before-province')) newPlaceBeforeProvince(doc, r);
  for (const r of of('fa-ps-new-place')) faPsNewPlaces(doc, r);
  const placeNouns = new Set([...of('noun-after'), ...of('new-place')].filter((r) => r.select !== 'province').flatMap((r) => [...r.words]));
  for (const r of of('chain-after')) chainAfter(doc, r, placeNouns);
  placeProvinces(doc);
  for (const r of of('nearby-province')) nearbyProvince(doc, r);
  const links = of('affiliation')[0]?.sequences ?? [];
  for (const r of of('title-before-name')) titleBeforeName(doc, r, links);
  for (const r of of('name-comma-title')) nameCommaTitle(doc, r, links);
  faPsOfficials(doc, of('fa-ps-title-name'), of('fa-ps-name-title'), links, shortCandidates);
  for (const r of of('acronym')) acronyms(doc, r);
  for (const r of of('short-form')) shortForms(doc, r, shortCandidates);
  for (const r of of('fa-ps-repeat')) faPsRepeats(doc, r);
  return doc.mentions;
}
