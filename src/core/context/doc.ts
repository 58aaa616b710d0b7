/** The document the context rules work on: pieces, mentions and the helpers every rule uses. */
import type { PhraseIndex } from '../lexicon/compile.js';
import type { EntityType } from '../lexicon/types.js';
import { Shape, type Pieces } from '../pipeline/normalize.js';
import type { CompiledRule, CompiledRules, Selector } from './rules.js';

export const CONTEXT_POLICY = 'context.v2';

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
  /** A later mention linked to an earlier one (short form, repeat, acronym): never a source itself. */
  linked?: boolean;
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

export { BASE_CONFIDENCE, DOCUMENT_PROVINCE_FACTOR } from '../confidence.js';

export const LOCATION_TYPES = new Set<EntityType>(['province', 'place']);
const WORDLIKE = /[\p{L}\p{N}]/u;

/** A key in 15 bits, from its first and last code units and its length: a filter before a set lookup. */
function keyCode(k: string): number {
  const n = k.length;
  if (n === 0) return 0;
  return (((k.charCodeAt(0) * 31 + k.charCodeAt(n - 1)) & 0x3ff) << 5) | (n < 31 ? n : 31);
}

/** The key codes of a set of keys, one bit each (32768 bits). */
function codeFilter(keys: ReadonlySet<string>): Uint32Array {
  const filter = new Uint32Array(1024);
  for (const k of keys) {
    const c = keyCode(k);
    filter[c >>> 5]! |= 1 << (c & 31);
  }
  return filter;
}
/**
 * The key codes of every set of the rules asked for so far (in this process): a document's
 * candidates for any of them. `version` counts the sets joined: a document whose candidates
 * predate a set's joining makes them again.
 */
const RULE_KEYS = { bits: new Uint32Array(1024), version: 0 };
/** codeFilter once per set of the compiled rules (they live as long as the rules and never change), joined to RULE_KEYS. */
const ruleFilterOf = once((keys: ReadonlySet<string>): { bits: Uint32Array; joined: number } => {
  const bits = codeFilter(keys);
  for (let i = 0; i < bits.length; i++) RULE_KEYS.bits[i]! |= bits[i]!;
  return { bits, joined: ++RULE_KEYS.version };
});

/** `f` computed once per object (a compiled rule, the compiled rules): per-document code asks for what the rules imply. */
export function once<K extends object, V>(f: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined && !cache.has(k)) {
      v = f(k);
      cache.set(k, v);
    }
    return v as V;
  };
}

/** The first keys of a rule's sequences: where a rule that starts at one of them looks (`Doc.positionsOf`). */
export const firstKeysOf = once((rule: CompiledRule): ReadonlySet<string> => new Set(rule.sequences.map((s) => s[0]!)));

/** 1 for each lexicon entry that is a province or a place: once per index (entries are complete when an index is made). */
const locationEntries = once((entries: PhraseIndex['entries']): Uint8Array => Uint8Array.from(entries, (e) => (LOCATION_TYPES.has(e.type) ? 1 : 0)));

interface EntryTables {
  type: EntityType[];
  /** The province an entry lies in (a province: itself). */
  province: (string | undefined)[];
}
/** Each lexicon entry's type and province, in arrays: once per index. */
const entryTables = once(
  (entries: PhraseIndex['entries']): EntryTables => ({
    type: entries.map((c) => c.type),
    province: entries.map((c) => c.province),
  }),
);

export class Doc {
  readonly owner: Int32Array;
  readonly firstWord: Uint8Array;
  /** Capitalised words that end a person's name: headline verbs, and nouns of the names a person's name can be part of. */
  nameEnders: ReadonlySet<string>;
  private codes: Uint16Array | undefined;
  private candidates: Int32Array | undefined;
  private candidatesVersion = 0;
  /** 1 for each lexicon entry that is a province or a place. */
  private readonly location: Uint8Array;
  private readonly entries: EntryTables;

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
    this.nameEnders = rules.nameBreakers;
    this.location = locationEntries(index.entries);
    this.entries = entryTables(index.entries);
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
    // A stable sort leaves mentions already in order as they are: sort only when one is out of order.
    const ms = this.mentions;
    for (let i = 1; i < ms.length; i++) {
      if (ms[i]!.start < ms[i - 1]!.start) {
        ms.sort((a, b) => a.start - b.start);
        break;
      }
    }
    this.owner.fill(-1);
    for (let i = 0; i < this.mentions.length; i++) this.owner.fill(i, this.mentions[i]!.firstPiece, this.mentions[i]!.endPiece);
  }

  /** Each piece's key code (keyCode), built on first use: keys never change while the rules run. */
  private keyCodes(): Uint16Array {
    if (this.codes !== undefined) return this.codes;
    const codes = new Uint16Array(this.pieces.count);
    const keys = this.pieces.key;
    for (let p = 0; p < codes.length; p++) codes[p] = keyCode(keys[p]!);
    this.codes = codes;
    return codes;
  }
  /** The pieces whose key code is in the union of the rules' sets (RULE_KEYS): one pass, on first use or when a set joined the union since. */
  private ruleCandidates(joined: number): Int32Array {
    if (this.candidates !== undefined && this.candidatesVersion >= joined) return this.candidates;
    const codes = this.keyCodes();
    const bits = RULE_KEYS.bits;
    const out = new Int32Array(codes.length);
    let n = 0;
    for (let p = 0; p < codes.length; p++) {
      const c = codes[p]!;
      if ((bits[c >>> 5]! & (1 << (c & 31))) !== 0) out[n++] = p;
    }
    this.candidates = out.subarray(0, n);
    this.candidatesVersion = RULE_KEYS.version;
    return this.candidates;
  }
  /**
   * The positions of the pieces whose key is one of `keys`, ascending: what a rule that looks
   * for its trigger words visits instead of every piece. A piece's key is looked up only when
   * its key code is one of the codes of `keys` (no hashing of the other keys). A set of the
   * compiled rules (`of` 'rules': it never changes) visits only the pieces of the document
   * that may hold a key of any such set (one pass per document); a set made for this
   * document, every piece's code.
   */
  positionsOf(keys: ReadonlySet<string>, of: 'rules' | 'document' = 'rules'): number[] {
    const out: number[] = [];
    if (keys.size === 0) return out;
    const pieceKeys = this.pieces.key;
    if (of === 'rules') {
      const filter = ruleFilterOf(keys);
      const bits = filter.bits;
      const codes = this.keyCodes();
      for (const p of this.ruleCandidates(filter.joined)) {
        const c = codes[p]!;
        if ((bits[c >>> 5]! & (1 << (c & 31))) !== 0 && keys.has(pieceKeys[p]!)) out.push(p);
      }
      return out;
    }
    const bits = codeFilter(keys);
    const codes = this.keyCodes();
    for (let p = 0; p < codes.length; p++) {
      const c = codes[p]!;
      if ((bits[c >>> 5]! & (1 << (c & 31))) !== 0 && keys.has(pieceKeys[p]!)) out.push(p);
    }
    return out;
  }

  key(p: number): string | undefined {
    return p >= 0 && p < this.pieces.count ? this.pieces.key[p] : undefined;
  }
  isWord(p: number): boolean {
    if (p < 0 || p >= this.pieces.count) return false;
    const raw = this.pieces.raw[p]!;
    const c = raw.charCodeAt(0);
    // ASCII letters and digits without the regular expression (most pieces).
    if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    return WORDLIKE.test(raw.charAt(0));
  }
  isCap(p: number): boolean {
    return this.isWord(p) && (this.pieces.shape[p]! & Shape.initialUpper) !== 0;
  }
  sameSentence(a: number, b: number): boolean {
    return a >= 0 && b >= 0 && a < this.pieces.count && b < this.pieces.count && this.pieces.sentence[a] === this.pieces.sentence[b];
  }
  /** Pieces p and q (p < q) are on different lines: a name never runs across a line break. */
  lineBreakBetween(p: number, q: number): boolean {
    if (p < 0 || q >= this.pieces.count) return false;
    return this.text.slice(this.pieces.end[p]!, this.pieces.start[q]!).includes('\n');
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
    return this.entries.type[e]!;
  }
  entryProvince(e: number): string | undefined {
    return this.entries.province[e];
  }
  typeOf(m: Working): EntityType {
    return m.local?.type ?? this.entryType(m.candidates[0]!);
  }
  /** The entity id of the chosen candidate (idsOf(m)[0]). */
  idOf(m: Working): string {
    return m.local !== undefined ? m.local.id : this.index.entries[m.candidates[0]!]!.id;
  }
  idsOf(m: Working): string[] {
    return m.local !== undefined ? [m.local.id] : m.candidates.map((c) => this.index.entries[c]!.id);
  }
  isLocation(m: Working): boolean {
    if (m.local !== undefined) return LOCATION_TYPES.has(m.local.type);
    for (const c of m.candidates) if (this.location[c] !== 1) return false;
    return true;
  }
  /** The one province a mention is in, when all its candidates agree. */
  definiteProvince(m: Working): string | undefined {
    if (m.local !== undefined) return m.local.province;
    const cs = m.candidates;
    if (cs.length === 0) return undefined;
    const first = this.entryProvince(cs[0]!);
    for (let i = 1; i < cs.length; i++) if (this.entryProvince(cs[i]!) !== first) return undefined;
    return first;
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
      for (const link of this.rules.coordination) {
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

/** The capitalised words of a name ending right before piece `end` (connectors allowed inside). */
export function nameRunBefore(doc: Doc, end: number, maxWords: number): number {
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
export function nameRunAfter(doc: Doc, start: number, maxWords: number): number {
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

export function slug(text: string): string {
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

