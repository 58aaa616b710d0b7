/**
 * Compiling lexicons: entries -> a phrase index, a trie over piece keys. Matching walks
 * it once from each piece, so its cost depends on the text and the longest alias, not on
 * the number of aliases.
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
import { skeleton, variantWorthy } from '../pipeline/variants.js';
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
  entry: LexiconEntry;
}

export interface AliasHit {
  entry: number;
  /** The alias as written in the lexicon. */
  form: string;
  /** Number of pieces. */
  length: number;
  /** Required case-shape bits per piece (0: none). */
  require: Uint8Array;
  /** With `case: exact`: the raw pieces the text must equal. */
  exact: string[] | undefined;
  /** A short form: names the entry only after a full mention of it (see context.v1). */
  short: boolean;
}

export interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  hits: AliasHit[] | undefined;
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
  root: TrieNode;
  /** Context rules (lexicons/rules); without them, mentions are what the aliases say. */
  rules: CompiledRules | undefined;
  entries: CompiledEntry[];
  byId: Map<string, CompiledEntry>;
  lexicons: LexiconInfo[];
  aliasCount: number;
  /** variant.v1 skeleton -> entries (provinces, places, and officials' multi-word names). */
  variants: Map<string, number[]>;
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

export function compileLexicons(lexicons: readonly Lexicon[], options: { rules?: CompiledRules } = {}): PhraseIndex {
  const root: TrieNode = { next: undefined, hits: undefined };
  const entries: CompiledEntry[] = [];
  const byId = new Map<string, CompiledEntry>();
  const seenLexicons = new Map<string, string>();
  const infos: LexiconInfo[] = [];
  let aliasCount = 0;
  const variants = new Map<string, number[]>();

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

    doc.entries.forEach((entry, i) => {
      const where = `entries[${i}]`;
      const clash = byId.get(entry.id);
      if (clash !== undefined) {
        throw new AnnotatorError('AA204', `${where}: id "${entry.id}" is already defined in lexicon "${clash.lexicon}"`, {
          file: displayPath(lexicon.origin),
        });
      }
      for (const s of entry.sources) {
        if (!sourceIds.has(s)) {
          throw new AnnotatorError('AA207', `${where}.sources: "${s}" is not among the lexicon's sources`, { file: displayPath(lexicon.origin) });
        }
      }
      const compiled: CompiledEntry = {
        index: entries.length,
        id: entry.id,
        type: entry.type,
        name: entry.name,
        priority: entry.priority ?? DEFAULT_PRIORITY[entry.type],
        lexicon: doc.lexicon,
        entry,
      };
      entries.push(compiled);
      byId.set(entry.id, compiled);

      const seenKeys = new Set<string>();
      const forms: { spec: AliasSpec; short: boolean; path: string }[] = [
        ...entry.aliases.map((spec, a) => ({ spec, short: false, path: `aliases[${a}]` })),
        ...(entry.short_forms ?? []).map((spec, a) => ({ spec, short: true, path: `short_forms[${a}]` })),
      ];
      forms.forEach(({ spec, short, path }) => {
        const form = typeof spec === 'string' ? spec : spec.form;
        const mode = typeof spec === 'string' ? 'shape' : (spec.case ?? 'shape');
        const pieces = aliasPieces(form);
        if (pieces.length === 0) {
          throw new AnnotatorError('AA206', `${where}.${path}: "${form}" has no letters or digits to match`, {
            file: displayPath(lexicon.origin),
          });
        }
        const keys = pieces.map((p) => p.key);
        const require = Uint8Array.from(
          pieces.map((p) => {
            const r = requirementOf(p.shape, mode);
            return r === Shape.allUpper && casedLetterCount(p.raw) < 2 ? Shape.initialUpper : r;
          }),
        );
        // Two aliases of one entry that fold to the same keys and case need only one hit.
        const dedupe = `${keys.join('\u0000')}\u0001${Array.from(require).join(',')}\u0001${mode}\u0001${short}`;
        if (seenKeys.has(dedupe)) return;
        seenKeys.add(dedupe);

        let node = root;
        for (const key of keys) {
          node.next ??= new Map();
          let child = node.next.get(key);
          if (child === undefined) {
            child = { next: undefined, hits: undefined };
            node.next.set(key, child);
          }
          node = child;
        }
        if (!short && mode !== 'exact' && (entry.type !== 'armed_group') && (entry.type !== 'official' || pieces.length >= 2)) {
          const sk = skeleton(form);
          // People's names collide across languages more often ("John R. Allen" ~ "Jianru Lin"): one letter more.
          if (variantWorthy(sk, entry.type === 'official' ? 1 : 0)) {
            const list = variants.get(sk);
            if (list === undefined) variants.set(sk, [compiled.index]);
            else if (!list.includes(compiled.index)) list.push(compiled.index);
          }
        }
        node.hits ??= [];
        node.hits.push({
          entry: compiled.index,
          form,
          length: keys.length,
          require,
          exact: mode === 'exact' ? pieces.map((p) => p.raw) : undefined,
          short,
        });
        aliasCount++;
      });
    });
  }
  return { root, rules: options.rules, entries, byId, lexicons: infos, aliasCount, variants };
}
