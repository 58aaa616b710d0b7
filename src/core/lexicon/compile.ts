/**
 * Compiling lexicons: entries -> a phrase index, a trie over piece keys (built straight
 * into flat arrays, src/core/lexicon/trie.ts). Matching walks it once from each piece, so its
 * cost depends on the text and the longest alias, not on the number of aliases.
 *
 * Case policy `case-shape.v1` (per alias, `case: shape` is the default):
 * - an alias word in capitals of two or more letters (an acronym: ANA, ISKP) matches
 *   only a word in capitals;
 * - an alias word with an initial capital (Kunduz, Lashkar) matches only a word with an
 *   initial capital (Kunduz, KUNDUZ; not "kunduz");
 * - a lower-case alias word (the "al" of al-Qaeda, the "e" of Sar-e Pol) matches any case;
 * - `case: exact` demands the alias's letters exactly as written ("IS", not "Is"), and
 *   a short one (three letters or fewer) does not match next to a word in capitals
 *   ("PROVIDED AS IS"), where the text is shouting rather than abbreviating;
 *   `case: any` ignores case altogether.
 * Scripts without case (Arabic, Pashto, Dari) are unaffected.
 */
import { AnnotatorError, displayPath } from '../errors.js';
import { aliasPieces, Shape } from '../pipeline/normalize.js';
import { aliasKeyVariants } from '../pipeline/arabic-affixes.js';
import { skeleton, variantWorthy } from '../pipeline/variants.js';
import { TrieBuilder, VariantTable, type PhraseTrie } from './trie.js';
import type { CompiledRules } from '../context/rules.js';
import { DEFAULT_PRIORITY, type AliasSpec, type EntityType, type Lexicon, type LexiconEntry } from './types.js';

export const CASE_POLICY = 'case-shape.v1';

export interface CompiledEntry {
  /** Index in `PhraseIndex.entries`. */
  index: number;
  id: string;
  type: EntityType;
  name: string;
  priority: number;
  /** Name of the lexicon the entry comes from. */
  lexicon: string;
  /** The province the entry is in (`entry.province`), or its own id if it is a province. */
  province: string | undefined;
  /** Whether the entry has short forms (`entry.short_forms`). */
  hasShortForms: boolean;
  /**
   * The lexicon document of the entry. A cached index parses it when first read: per-index
   * tables over every entry use the fields above instead.
   */
  entry: LexiconEntry;
}

export interface AliasHit {
  entry: number;
  /** The alias as written in the lexicon. */
  form: string;
  /** Number of pieces. */
  length: number;
  /** Required case-shape bits per piece (0: none). Shared by hits with the same pattern: read only. */
  require: Uint8Array;
  /** With `case: exact`: the raw pieces the text must equal. */
  exact: string[] | undefined;
  /** A short form: names the entry only after a full mention of it (see context.v1). */
  short: boolean;
}

export interface LexiconInfo {
  name: string;
  version: string;
  sha256: string;
  entries: number;
  attribution: string | undefined;
  origin: string;
}

export interface PhraseIndex {
  /** The phrase trie, in flat arrays (src/core/lexicon/trie.ts): what matching walks and the cache's image stores. */
  trie: PhraseTrie;
  /** Context rules (lexicons/rules); without them, mentions are what the aliases say. */
  rules: CompiledRules | undefined;
  entries: CompiledEntry[];
  byId: Map<string, CompiledEntry>;
  lexicons: LexiconInfo[];
  aliasCount: number;
  /** variant.v1 skeleton -> entries (provinces, places, and officials' multi-word names). */
  variants: VariantTable;
}

function requirementOf(shape: number, mode: 'shape' | 'exact' | 'any'): number {
  if (mode !== 'shape' || (shape & Shape.cased) === 0) return 0;
  if ((shape & Shape.allUpper) !== 0 && (shape & Shape.initialUpper) !== 0) {
    return Shape.allUpper; // set below only for words of two or more letters
  }
  if ((shape & Shape.initialUpper) !== 0) return Shape.initialUpper;
  return 0;
}

function casedLetterCount(raw: string): number {
  let n = 0;
  for (const ch of raw) if (ch.toLowerCase() !== ch.toUpperCase()) n++;
  return n;
}

/**
 * The case requirements of an alias (from `scratch`) stored in the builder: once per
 * pattern, since most aliases share a handful of patterns. Returns their offset.
 */
function requireOffset(builder: TrieBuilder, scratch: readonly number[], length: number, shared: Map<number, number>): number {
  if (length > 8) return builder.addRequire(scratch, length);
  let code = length;
  for (let k = 0; k < length; k++) code = code * 8 + scratch[k]!;
  let at = shared.get(code);
  if (at === undefined) {
    at = builder.addRequire(scratch, length);
    shared.set(code, at);
  }
  return at;
}

/** Entry `index` of the index, from lexicon `lexicon`. */
export function compiledEntry(index: number, entry: LexiconEntry, lexicon: string): CompiledEntry {
  return {
    index,
    id: entry.id,
    type: entry.type,
    name: entry.name,
    priority: entry.priority ?? DEFAULT_PRIORITY[entry.type],
    lexicon,
    province: entry.province ?? (entry.type === 'province' ? entry.id : undefined),
    hasShortForms: entry.short_forms !== undefined,
    entry,
  };
}

export function compileLexicons(lexicons: readonly Lexicon[], options: { rules?: CompiledRules } = {}): PhraseIndex {
  const builder = new TrieBuilder();
  const entries: CompiledEntry[] = [];
  const byId = new Map<string, CompiledEntry>();
  const seenLexicons = new Map<string, string>();
  const infos: LexiconInfo[] = [];
  let aliasCount = 0;
  const variants = new Map<string, number[]>();
  const requires = new Map<number, number>();
  const scratch: number[] = [];
  // The hits of the entry being compiled (reused from entry to entry).
  const seenNode: number[] = [];
  const seenRequire: number[] = [];
  const seenMode: string[] = [];
  const seenShort: boolean[] = [];

  // Plain loops, and nothing built per alias that the index does not keep (error paths are
  // formatted only when thrown): 100,000 aliases compile in well under a second. The
  // index is the same, hit for hit and in the same order, as the straightforward version
  // (test/unit/compile-reference.test.ts compares them).
  for (const lexicon of lexicons) {
    const doc = lexicon.document;
    const previous = seenLexicons.get(doc.lexicon);
    if (previous !== undefined) {
      throw new AnnotatorError('AA205', `lexicon name "${doc.lexicon}" is already used by ${previous}`, { file: displayPath(lexicon.origin) });
    }
    seenLexicons.set(doc.lexicon, lexicon.origin);
    const sourceIds = new Set(doc.sources.map((s) => s.id));
    infos.push({
      name: doc.lexicon,
      version: doc.version,
      sha256: lexicon.sha256,
      entries: doc.entries.length,
      attribution: doc.attribution,
      origin: lexicon.origin,
    });

    const docEntries = doc.entries;
    for (let i = 0; i < docEntries.length; i++) {
      const entry = docEntries[i]!;
      const clash = byId.get(entry.id);
      if (clash !== undefined) {
        throw new AnnotatorError('AA204', `entries[${i}]: id "${entry.id}" is already defined in lexicon "${clash.lexicon}"`, {
          file: displayPath(lexicon.origin),
        });
      }
      for (const s of entry.sources) {
        if (!sourceIds.has(s)) {
          throw new AnnotatorError('AA207', `entries[${i}].sources: "${s}" is not among the lexicon's sources`, { file: displayPath(lexicon.origin) });
        }
      }
      const compiled = compiledEntry(entries.length, entry, doc.lexicon);
      entries.push(compiled);
      byId.set(entry.id, compiled);

      const aliases = entry.aliases;
      const shortForms = entry.short_forms ?? [];
      const formCount = aliases.length + shortForms.length;
      let added = 0; // hits of this entry so far, in seen*
      // Variant skeletons: not for armed groups, nor for officials' one-word names.
      const variantType = entry.type !== 'armed_group';
      // People's names collide across languages more often ("John R. Allen" ~ "Jianru Lin"): one letter more.
      const variantExtra = entry.type === 'official' ? 1 : 0;
      for (let f = 0; f < formCount; f++) {
        const short = f >= aliases.length;
        const spec: AliasSpec = short ? shortForms[f - aliases.length]! : aliases[f]!;
        const form = typeof spec === 'string' ? spec : spec.form;
        const mode = typeof spec === 'string' ? 'shape' : (spec.case ?? 'shape');
        const pieces = aliasPieces(form);
        const length = pieces.length;
        if (length === 0) {
          const path = short ? `short_forms[${f - aliases.length}]` : `aliases[${f}]`;
          throw new AnnotatorError('AA206', `entries[${i}].${path}: "${form}" has no letters or digits to match`, {
            file: displayPath(lexicon.origin),
          });
        }
        for (let k = 0; k < length; k++) {
          const p = pieces[k]!;
          const r = requirementOf(p.shape, mode);
          scratch[k] = r === Shape.allUpper && casedLetterCount(p.raw) < 2 ? Shape.initialUpper : r;
        }
        const require = requireOffset(builder, scratch, length, requires);

        // The trie node of the keys (the path exists already if an earlier form had them).
        let node = 0;
        for (let k = 0; k < length; k++) node = builder.child(node, pieces[k]!.key);
        // Two forms of one entry that fold to the same keys (the same node) with the same
        // case requirements, case mode and shortness need only one hit.
        let duplicate = false;
        for (let d = 0; d < added && !duplicate; d++) {
          duplicate = seenNode[d] === node && seenMode[d] === mode && seenShort[d] === short && builder.sameRequire(seenRequire[d]!, require, length);
        }
        if (duplicate) continue;
        seenNode[added] = node;
        seenRequire[added] = require;
        seenMode[added] = mode;
        seenShort[added] = short;
        added++;
        if (!short && mode !== 'exact' && variantType && (entry.type !== 'official' || length >= 2)) {
          const sk = skeleton(form);
          if (variantWorthy(sk, variantExtra)) {
            const list = variants.get(sk);
            // Entries are compiled in index order, so this entry, if listed, is the last one.
            if (list === undefined) variants.set(sk, [compiled.index]);
            else if (list[list.length - 1] !== compiled.index) list.push(compiled.index);
          }
        }
        let exact: string[] | undefined;
        if (mode === 'exact') {
          exact = [];
          for (let k = 0; k < length; k++) exact.push(pieces[k]!.raw);
        }
        builder.addHit(node, compiled.index, form, length, require, exact, short);
        aliasCount++;
        // arabic-affixes.v1: the same Arabic-script alias with its words run together or its
        // -الله compounds split (no case in that script, so no requirements).
        for (const seq of aliasKeyVariants(pieces.map((p) => p.key))) {
          let vnode = 0;
          for (const k of seq) vnode = builder.child(vnode, k);
          if (vnode === node) continue;
          const zeros = new Array<number>(seq.length).fill(0);
          builder.addHit(vnode, compiled.index, form, seq.length, requireOffset(builder, zeros, seq.length, requires), undefined, short);
        }
      }
    }
  }
  return { trie: builder.finish(), rules: options.rules, entries, byId, lexicons: infos, aliasCount, variants: VariantTable.fromMap(variants) };
}
