/**
 * Context rules as data: `lexicons/rules/*.yaml` (format `afghan-annotator/rules@1`,
 * schema `schema/rules.schema.json`). Each rule has a name (what a mention's `rule` says),
 * a kind (a behaviour implemented in apply.ts), its words and its confidence. Words are
 * compiled to match keys (normalize.v3), so rules compare folded text.
 */
import { foldKey, splitPieces } from '../pipeline/normalize.js';

export const RULE_KINDS = [
  'inside-name',
  'inside-name-of',
  'noun-after',
  'cue-before',
  'chain-after',
  'nearby-province',
  'new-place',
  'new-place-before-province',
  'title-before-name',
  'name-comma-title',
  'affiliation',
  'short-form',
  'acronym',
  // Dari and Pashto (src/context/fa-ps.ts, lexicons/rules/context-fa-ps.yaml)
  'fa-ps-date-word',
  'fa-ps-new-place',
  'fa-ps-title-name',
  'fa-ps-name-title',
  'fa-ps-repeat',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Which candidates a rule keeps: provinces, cities, districts or any place. */
export type Selector = 'province' | 'city' | 'district' | 'place';

export interface RuleSpec {
  name: string;
  kind: RuleKind;
  description?: string;
  confidence?: number;
  nouns?: string[];
  following?: string[];
  require_capital?: boolean;
  preceded_by_capitalised?: boolean;
  exclude?: string[];
  cues?: (string | string[])[];
  select?: Selector;
  links?: string[][];
  kind_of_place?: string;
  max_words?: number;
  titles?: (string | string[])[];
  not_titles?: string[];
  window?: number;
  require_given_name?: boolean;
}

export interface RulesDocument {
  format: 'afghan-annotator/rules@1';
  ruleset: string;
  version: string;
  description?: string;
  stopwords: string[];
  name_connectors: string[];
  rules: RuleSpec[];
  /** Given-name words (lexicons/rules/given-names.yaml, and those of the other rules files). */
  given_names?: string[];
  /** While loading: the given names of the other rules files. */
  extra_given_names?: string[];
  /** The other rules files read with this one ("ruleset version"), in order. */
  rulesets?: string[];
}

/** A rule with its words compiled to key sets and key sequences. */
export interface CompiledRule {
  name: string;
  kind: RuleKind;
  confidence: number;
  words: Set<string>;
  following: Set<string>;
  exclude: Set<string>;
  notTitles: Set<string>;
  /** Multi-word cues, titles or links as key sequences, longest first. */
  sequences: string[][];
  select: Selector | undefined;
  requireCapital: boolean;
  precededByCapitalised: boolean;
  kindOfPlace: string;
  maxWords: number;
  window: number;
  requireGivenName: boolean;
}

export interface CompiledRules {
  ruleset: string;
  version: string;
  stopwords: Set<string>;
  connectors: Set<string>;
  givenNames: Set<string>;
  rules: CompiledRule[];
  byKind: Map<RuleKind, CompiledRule[]>;
}

const keysOf = (phrase: string): string[] => splitPieces(phrase).map((p) => p.key);

function sequencesOf(items: (string | string[])[] | undefined): string[][] {
  return (items ?? [])
    .map((item) => (Array.isArray(item) ? item.flatMap(keysOf) : keysOf(item)))
    .filter((seq) => seq.length > 0)
    .sort((a, b) => b.length - a.length);
}

const setOf = (words: string[] | undefined): Set<string> => new Set((words ?? []).map((w) => foldKey(w)));

export function compileRules(doc: RulesDocument): CompiledRules {
  const rules = doc.rules.map(
    (r): CompiledRule => ({
      name: r.name,
      kind: r.kind,
      confidence: r.confidence ?? 0.8,
      // name-comma-title looks for single title words anywhere in the phrase after the comma.
      words: setOf(r.kind === 'name-comma-title' || r.kind === 'fa-ps-name-title' ? (r.titles ?? []).flat() : r.nouns),
      following: setOf(r.following),
      exclude: setOf(r.exclude),
      notTitles: setOf(r.not_titles),
      sequences: sequencesOf(r.kind === 'fa-ps-name-title' ? r.links : (r.cues ?? r.titles ?? r.links)),
      select: r.select,
      requireCapital: r.require_capital ?? false,
      precededByCapitalised: r.preceded_by_capitalised ?? false,
      kindOfPlace: r.kind_of_place ?? 'area',
      maxWords: r.max_words ?? 3,
      window: r.window ?? 6,
      requireGivenName: r.require_given_name ?? false,
    }),
  );
  const byKind = new Map<RuleKind, CompiledRule[]>();
  for (const r of rules) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  return {
    ruleset: doc.ruleset,
    version: [doc.version, ...(doc.rulesets ?? [])].join(', '),
    stopwords: setOf(doc.stopwords),
    connectors: setOf(doc.name_connectors),
    givenNames: setOf(doc.given_names),
    rules,
    byKind,
  };
}
