/**
 * The phrase trie and the variant skeletons in flat typed arrays (issue 5: a 100,000-alias
 * lexicon with `--jobs 2`); the only form of the trie (issue 14).
 *
 * A trie of objects (a Map per node, an object per hit) would be ~300,000 small objects
 * for 100,000 aliases: ~0.6 s to read back from a V8 image in every thread (measured), and
 * as many objects for every major GC to mark. Here the trie is ~20 typed arrays: the
 * compiled-index image (src/node/lexicon/cache.ts) holds them as they are, so loading it is
 * making views on the bytes read, the garbage collector never looks inside them, and one
 * copy in a SharedArrayBuffer serves every worker thread.
 *
 * - Nodes are numbered breadth first from the root (0), so the children of a node are
 *   consecutive ids, in the order they were added (`firstChild`, `childCount`).
 * - Piece keys are numbered (`words`): matching looks each piece of a text up once (a Map
 *   made in each thread, `wordIds`), then walks with integers: the root's children by
 *   word (`rootChild`), a few children one by one, many through a hash table (`edges`).
 * - Hits of node n are hits `hitStart[n]` to `hitStart[n + 1]` (in the order they were
 *   added); an `AliasHit` object is made for a hit the first time it is asked for (and
 *   kept, so the same hit is always the same object).
 */
import type { AliasHit } from './compile.js';

type Section = Int32Array | Uint16Array | Uint8Array;

/** 32-bit FNV-1a over UTF-16 code units. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A hash of a string's length and first, middle and last code units, for the filter of a
 * string table: cheap enough to turn away most strings that are not in it (most pieces of
 * a text are no lexicon's word) before hashing them whole.
 */
function quickHash(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  let h = Math.imul(n, 0x9e3779b1) ^ s.charCodeAt(0);
  h = Math.imul(h ^ s.charCodeAt(n - 1), 0x85ebca6b);
  h = Math.imul(h ^ s.charCodeAt(n >> 1), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}

function tableSize(count: number): number {
  let size = 8;
  while (size < count * 2) size *= 2;
  return size;
}

/** Strings in one UTF-16 array, by id; with `slots`, also found by content. */
export class StringTable {
  constructor(
    readonly chars: Uint16Array,
    /** String i is chars[offsets[i]] up to chars[offsets[i + 1]]. */
    readonly offsets: Int32Array,
    /** Open-addressing table of id + 1 (0: empty), by hashString; empty when not hashed. */
    readonly slots: Int32Array,
    /** A bit per quickHash value (a power of two of them, ~16 per string): clear, no string has it. Empty when not hashed. */
    readonly filter: Int32Array,
  ) {}

  static build(strings: readonly string[], hashed: boolean): StringTable {
    let total = 0;
    for (const s of strings) total += s.length;
    const chars = new Uint16Array(total);
    const offsets = new Int32Array(strings.length + 1);
    let at = 0;
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i]!;
      for (let k = 0; k < s.length; k++) chars[at + k] = s.charCodeAt(k);
      at += s.length;
      offsets[i + 1] = at;
    }
    const slots = new Int32Array(hashed ? tableSize(strings.length) : 0);
    const filter = new Int32Array(hashed ? Math.max(32, tableSize(strings.length * 8)) / 32 : 0);
    const mask = slots.length - 1;
    const bits = filter.length * 32 - 1;
    if (hashed) {
      for (let i = 0; i < strings.length; i++) {
        let p = hashString(strings[i]!) & mask;
        while (slots[p] !== 0) p = (p + 1) & mask;
        slots[p] = i + 1;
        const b = quickHash(strings[i]!) & bits;
        filter[b >>> 5] = filter[b >>> 5]! | (1 << (b & 31));
      }
    }
    return new StringTable(chars, offsets, slots, filter);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  lengthOf(id: number): number {
    return this.offsets[id + 1]! - this.offsets[id]!;
  }

  at(id: number): string {
    const start = this.offsets[id]!;
    const end = this.offsets[id + 1]!;
    if (end - start <= 1024) return String.fromCharCode.apply(null, this.chars.subarray(start, end) as unknown as number[]);
    let s = '';
    for (let k = start; k < end; k += 1024) s += String.fromCharCode.apply(null, this.chars.subarray(k, Math.min(end, k + 1024)) as unknown as number[]);
    return s;
  }

  equals(id: number, s: string): boolean {
    const start = this.offsets[id]!;
    if (this.offsets[id + 1]! - start !== s.length) return false;
    const chars = this.chars;
    for (let k = 0; k < s.length; k++) if (chars[start + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  /** False if `s` is certainly not in the table (hashed tables only): a few operations, no lookup. */
  mayHave(s: string): boolean {
    const filter = this.filter;
    if (filter.length === 0) return false;
    const b = quickHash(s) & (filter.length * 32 - 1);
    return (filter[b >>> 5]! & (1 << (b & 31))) !== 0;
  }

  /** The id of `s`, or -1 (hashed tables only). */
  find(s: string): number {
    if (!this.mayHave(s)) return -1;
    const slots = this.slots;
    const mask = slots.length - 1;
    let p = hashString(s) & mask;
    for (;;) {
      const v = slots[p]!;
      if (v === 0) return -1;
      if (this.equals(v - 1, s)) return v - 1;
      p = (p + 1) & mask;
    }
  }

  static readonly SECTIONS = 4;

  sections(): Section[] {
    return [this.chars, this.offsets, this.slots, this.filter];
  }

  static fromSections(s: readonly Section[], at: number): StringTable {
    return new StringTable(s[at] as Uint16Array, s[at + 1] as Int32Array, s[at + 2] as Int32Array, s[at + 3] as Int32Array);
  }
}

/** Nodes with at most this many children are searched child by child, not through `edges`. */
const LINEAR_CHILDREN = 8;

/** Slot of the edge (parent, word): murmur3's finalizer over the two ids. */
function edgeSlot(parent: number, word: number, mask: number): number {
  let h = Math.imul(parent, 0x9e3779b1) ^ word;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & mask;
}

/** A growable list of 32-bit integers. */
class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const data = new Int32Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export class PhraseTrie {
  private readonly hitObjects: (AliasHit | undefined)[];
  private readonly requireViews = new Map<number, Uint8Array>();
  private wordMap: Map<string, number> | undefined;

  constructor(
    /** Piece keys (word ids are their indexes). */
    readonly words: StringTable,
    /** word -> the root's child with that key (0: none). */
    readonly rootChild: Int32Array,
    /** node -> the word of the edge into it (the root: -1). */
    readonly nodeWord: Int32Array,
    /** node -> its first child: its children are nodes firstChild to firstChild + childCount - 1. */
    readonly firstChild: Int32Array,
    readonly childCount: Int32Array,
    /**
     * The edges of nodes (not the root) with more than LINEAR_CHILDREN children: open
     * addressing, [parent, word, child] per slot (parent 0: empty).
     */
    readonly edges: Int32Array,
    /** node -> its first hit; one more element than nodes. */
    readonly hitStart: Int32Array,
    readonly hitEntry: Int32Array,
    readonly hitLength: Int32Array,
    /** Offset in `requires` of the hit's case requirements (`hitLength` bytes). */
    readonly hitRequire: Int32Array,
    /** With `case: exact`, the id in `strings` of the first raw piece (the others follow); else -1. */
    readonly hitExact: Int32Array,
    /** The id in `strings` of the alias as written. */
    readonly hitForm: Int32Array,
    readonly hitShort: Uint8Array,
    readonly requires: Uint8Array,
    /** Alias forms and exact raw pieces. */
    readonly strings: StringTable,
  ) {
    this.hitObjects = new Array<AliasHit | undefined>(hitEntry.length);
  }

  get nodeCount(): number {
    return this.nodeWord.length;
  }

  /**
   * Piece key -> word id, as a Map made on first use: V8's Map lookup, with the hash it
   * keeps in each string, measured faster than hashing the key in JavaScript.
   */
  wordIds(): Map<string, number> {
    if (this.wordMap === undefined) {
      const map = new Map<string, number>();
      for (let w = 0; w < this.words.size; w++) map.set(this.words.at(w), w);
      this.wordMap = map;
    }
    return this.wordMap;
  }

  /** The child of `node` by the edge `word`, or 0. */
  child(node: number, word: number): number {
    if (node === 0) return this.rootChild[word]!;
    const count = this.childCount[node]!;
    if (count <= LINEAR_CHILDREN) {
      const first = this.firstChild[node]!;
      for (let c = first; c < first + count; c++) if (this.nodeWord[c] === word) return c;
      return 0;
    }
    const edges = this.edges;
    const mask = edges.length / 3 - 1;
    let p = edgeSlot(node, word, mask);
    for (;;) {
      const parent = edges[p * 3]!;
      if (parent === 0) return 0;
      if (parent === node && edges[p * 3 + 1] === word) return edges[p * 3 + 2]!;
      p = (p + 1) & mask;
    }
  }

  /** Hit h as an object (the same object every time). */
  hit(h: number): AliasHit {
    let hit = this.hitObjects[h];
    if (hit === undefined) {
      const length = this.hitLength[h]!;
      const exactAt = this.hitExact[h]!;
      let exact: string[] | undefined;
      if (exactAt >= 0) {
        exact = [];
        for (let k = 0; k < length; k++) exact.push(this.strings.at(exactAt + k));
      }
      const at = this.hitRequire[h]!;
      let require = this.requireViews.get(at);
      if (require === undefined) {
        require = this.requires.slice(at, at + length);
        this.requireViews.set(at, require);
      }
      hit = { entry: this.hitEntry[h]!, form: this.strings.at(this.hitForm[h]!), length, require, exact, short: this.hitShort[h] === 1 };
      this.hitObjects[h] = hit;
    }
    return hit;
  }

  /** The arrays to store, in the order `fromSections` takes them. */
  sections(): Section[] {
    return [
      ...this.words.sections(),
      this.rootChild,
      this.nodeWord,
      this.firstChild,
      this.childCount,
      this.edges,
      this.hitStart,
      this.hitEntry,
      this.hitLength,
      this.hitRequire,
      this.hitExact,
      this.hitForm,
      this.hitShort,
      this.requires,
      ...this.strings.sections(),
    ];
  }

  static readonly SECTIONS = 2 * StringTable.SECTIONS + 13;

  static fromSections(s: readonly Section[]): PhraseTrie {
    const w = StringTable.SECTIONS;
    const i32 = (k: number): Int32Array => s[w + k] as Int32Array;
    return new PhraseTrie(
      StringTable.fromSections(s, 0),
      i32(0),
      i32(1),
      i32(2),
      i32(3),
      i32(4),
      i32(5),
      i32(6),
      i32(7),
      i32(8),
      i32(9),
      i32(10),
      s[w + 11] as Uint8Array,
      s[w + 12] as Uint8Array,
      StringTable.fromSections(s, w + 13),
    );
  }
}

/**
 * Builds a PhraseTrie alias by alias (compileLexicons), straight into typed arrays: no
 * object per node or per hit. Nodes are numbered as they are made (the root is 0).
 */
export class TrieBuilder {
  private readonly wordIds = new Map<string, number>();
  private readonly wordList: string[] = [];
  private readonly nodeWord = new IntList();
  private readonly firstChild = new IntList();
  private readonly lastChild = new IntList();
  private readonly nextSibling = new IntList();
  /** Every edge while building, the root's too: open addressing, [parent + 1, word, child]. */
  private table = new Int32Array(1024 * 3);
  private edgeCount = 0;
  private readonly hitNode = new IntList();
  private readonly hitEntry = new IntList();
  private readonly hitLength = new IntList();
  private readonly hitRequire = new IntList();
  private readonly hitExact = new IntList();
  private readonly hitForm = new IntList();
  private readonly hitShort = new IntList();
  private requires = new Uint8Array(256);
  private requireLength = 0;
  private readonly strings: string[] = [];

  constructor() {
    this.addNode(-1);
  }

  private addNode(word: number): number {
    this.firstChild.push(0);
    this.lastChild.push(0);
    this.nextSibling.push(0);
    return this.nodeWord.push(word);
  }

  /** Put the edge (parent, word) -> child in a table, its parent stored as `stored` (never 0). */
  private static insertEdge(table: Int32Array, parent: number, stored: number, word: number, child: number): void {
    const mask = table.length / 3 - 1;
    let p = edgeSlot(parent, word, mask);
    while (table[p * 3] !== 0) p = (p + 1) & mask;
    table[p * 3] = stored;
    table[p * 3 + 1] = word;
    table[p * 3 + 2] = child;
  }

  /** The child of `node` by the edge `key`, made if there is none. */
  child(node: number, key: string): number {
    let word = this.wordIds.get(key);
    if (word === undefined) {
      word = this.wordList.length;
      this.wordIds.set(key, word);
      this.wordList.push(key);
    }
    const table = this.table;
    const mask = table.length / 3 - 1;
    let p = edgeSlot(node, word, mask);
    for (;;) {
      const parent = table[p * 3]!;
      if (parent === 0) break;
      if (parent === node + 1 && table[p * 3 + 1] === word) return table[p * 3 + 2]!;
      p = (p + 1) & mask;
    }
    const child = this.addNode(word);
    if (this.firstChild.data[node] === 0) this.firstChild.data[node] = child;
    else this.nextSibling.data[this.lastChild.data[node]!] = child;
    this.lastChild.data[node] = child;
    if (++this.edgeCount * 2 > mask + 1) {
      const bigger = new Int32Array(table.length * 2);
      for (let q = 0; q < table.length; q += 3) if (table[q] !== 0) TrieBuilder.insertEdge(bigger, table[q]! - 1, table[q]!, table[q + 1]!, table[q + 2]!);
      this.table = bigger;
    }
    TrieBuilder.insertEdge(this.table, node, node + 1, word, child);
    return child;
  }

  /** Store case requirements (`length` of them); returns their offset. */
  addRequire(bytes: ArrayLike<number>, length: number): number {
    while (this.requireLength + length > this.requires.length) {
      const bigger = new Uint8Array(this.requires.length * 2);
      bigger.set(this.requires);
      this.requires = bigger;
    }
    const at = this.requireLength;
    for (let k = 0; k < length; k++) this.requires[at + k] = bytes[k]!;
    this.requireLength += length;
    return at;
  }

  /** Whether the requirements at offsets a and b are the same (`length` each). */
  sameRequire(a: number, b: number, length: number): boolean {
    if (a === b) return true;
    for (let k = 0; k < length; k++) if (this.requires[a + k] !== this.requires[b + k]) return false;
    return true;
  }

  addHit(node: number, entry: number, form: string, length: number, require: number, exact: readonly string[] | undefined, short: boolean): void {
    this.hitNode.push(node);
    this.hitEntry.push(entry);
    this.hitLength.push(length);
    this.hitRequire.push(require);
    this.hitForm.push(this.strings.length);
    this.strings.push(form);
    if (exact === undefined) this.hitExact.push(-1);
    else {
      this.hitExact.push(this.strings.length);
      for (const raw of exact) this.strings.push(raw);
    }
    this.hitShort.push(short ? 1 : 0);
  }

  /** The trie. */
  finish(): PhraseTrie {
    const n = this.nodeWord.length;
    // Renumber the nodes breadth first, so that the children of a node are consecutive
    // (in the order they were added): most nodes have a few, found by looking at each.
    const oldFirst = this.firstChild.data;
    const oldNext = this.nextSibling.data;
    const oldWord = this.nodeWord.data;
    const order = new Int32Array(n);
    const renumbered = new Int32Array(n);
    const nodeWord = new Int32Array(n);
    const firstChild = new Int32Array(n);
    const childCount = new Int32Array(n);
    nodeWord[0] = -1;
    let tail = 1;
    for (let q = 0; q < tail; q++) {
      firstChild[q] = tail;
      for (let c = oldFirst[order[q]!]!; c !== 0; c = oldNext[c]!) {
        renumbered[c] = tail;
        nodeWord[tail] = oldWord[c]!;
        order[tail++] = c;
      }
      childCount[q] = tail - firstChild[q]!;
    }
    const rootChild = new Int32Array(this.wordList.length);
    for (let c = firstChild[0]!; c < firstChild[0]! + childCount[0]!; c++) rootChild[nodeWord[c]!] = c;
    let hashed = 0;
    for (let i = 1; i < n; i++) if (childCount[i]! > LINEAR_CHILDREN) hashed += childCount[i]!;
    const edges = new Int32Array(tableSize(hashed) * 3);
    for (let i = 1; i < n; i++) {
      if (childCount[i]! <= LINEAR_CHILDREN) continue;
      for (let c = firstChild[i]!; c < firstChild[i]! + childCount[i]!; c++) TrieBuilder.insertEdge(edges, i, i, nodeWord[c]!, c);
    }
    // Hits grouped by node, each node's in the order they were added (a counting sort).
    const count = this.hitNode.length;
    const hitNode = this.hitNode.data;
    for (let h = 0; h < count; h++) hitNode[h] = renumbered[hitNode[h]!]!;
    const hitStart = new Int32Array(n + 1);
    for (let h = 0; h < count; h++) hitStart[hitNode[h]! + 1] = hitStart[hitNode[h]! + 1]! + 1;
    for (let i = 0; i < n; i++) hitStart[i + 1] = hitStart[i + 1]! + hitStart[i]!;
    const next = hitStart.slice(0, n);
    const hitOrder = new Int32Array(count);
    for (let h = 0; h < count; h++) {
      const node = hitNode[h]!;
      hitOrder[next[node]!] = h;
      next[node] = next[node]! + 1;
    }
    const pick = (list: IntList): Int32Array => {
      const out = new Int32Array(count);
      for (let k = 0; k < count; k++) out[k] = list.data[hitOrder[k]!]!;
      return out;
    };
    const hitShort = new Uint8Array(count);
    for (let k = 0; k < count; k++) hitShort[k] = this.hitShort.data[hitOrder[k]!]!;
    return new PhraseTrie(
      StringTable.build(this.wordList, false),
      rootChild,
      nodeWord,
      firstChild,
      childCount,
      edges,
      hitStart,
      pick(this.hitEntry),
      pick(this.hitLength),
      pick(this.hitRequire),
      pick(this.hitExact),
      pick(this.hitForm),
      hitShort,
      this.requires.slice(0, this.requireLength),
      StringTable.build(this.strings, false),
    );
  }
}

/**
 * The variant skeletons (skeleton -> entry indexes), flat, read as a `ReadonlyMap`. Each
 * list is made into an array the first time it is asked for, and kept.
 */
export class VariantTable implements ReadonlyMap<string, number[]> {
  private readonly lists: (number[] | undefined)[];
  private map: Map<string, number[]> | undefined;

  private constructor(
    readonly skeletons: StringTable,
    /** Skeleton i lists listItems[listStart[i]] up to listItems[listStart[i + 1]]. */
    readonly listStart: Int32Array,
    readonly listItems: Int32Array,
  ) {
    this.lists = new Array<number[] | undefined>(skeletons.size);
  }

  static fromMap(map: ReadonlyMap<string, readonly number[]>): VariantTable {
    const keys: string[] = [];
    const listStart = new Int32Array(map.size + 1);
    let total = 0;
    for (const list of map.values()) total += list.length;
    const items = new Int32Array(total);
    let at = 0;
    for (const [key, list] of map) {
      listStart[keys.length] = at;
      keys.push(key);
      for (const e of list) items[at++] = e;
    }
    listStart[keys.length] = at;
    return new VariantTable(StringTable.build(keys, true), listStart, items);
  }

  get size(): number {
    return this.skeletons.size;
  }

  get(skeleton: string): number[] | undefined {
    const id = this.skeletons.find(skeleton);
    if (id < 0) return undefined;
    return (this.lists[id] ??= Array.from(this.listItems.subarray(this.listStart[id]!, this.listStart[id + 1]!)));
  }

  has(skeleton: string): boolean {
    return this.skeletons.find(skeleton) >= 0;
  }

  /** As a Map (made once, on first use): for iterating, which matching never does. */
  private asMap(): Map<string, number[]> {
    if (this.map === undefined) {
      const map = new Map<string, number[]>();
      for (let id = 0; id < this.size; id++) {
        map.set(this.skeletons.at(id), (this.lists[id] ??= Array.from(this.listItems.subarray(this.listStart[id]!, this.listStart[id + 1]!))));
      }
      this.map = map;
    }
    return this.map;
  }

  forEach(callback: (value: number[], key: string, map: ReadonlyMap<string, number[]>) => void, thisArg?: unknown): void {
    this.asMap().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[string, number[]]> {
    return this.asMap().entries();
  }

  keys(): MapIterator<string> {
    return this.asMap().keys();
  }

  values(): MapIterator<number[]> {
    return this.asMap().values();
  }

  [Symbol.iterator](): MapIterator<[string, number[]]> {
    return this.asMap().entries();
  }

  sections(): Section[] {
    return [...this.skeletons.sections(), this.listStart, this.listItems];
  }

  static readonly SECTIONS = StringTable.SECTIONS + 2;

  static fromSections(s: readonly Section[]): VariantTable {
    const w = StringTable.SECTIONS;
    return new VariantTable(StringTable.fromSections(s, 0), s[w] as Int32Array, s[w + 1] as Int32Array);
  }
}
