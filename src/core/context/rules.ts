/**
 * Context rules as data: `lexicons/rules/*.yaml` (format `afghan-annotator/rules@1`,
 * schema `schema/rules.schema.json`). Each rule has a name (what a mention's `rule` says),
 * a kind (a behaviour implemented in apply.ts), its words and its confidence. Words are
 * compiled to match keys (normalize.v3), so rules compare folded text.
 */
import { RULE_CONFIDENCE } from '../confidence.js';
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
  'title-comma-name',
  'name-comma-title',
  'affiliation',
  'person-inside-name',
  'extend-known',
  'full-repeat',
  'short-form',
  'acronym',
  'dotted-acronym',
  'group-branch',
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
  same_initial?: boolean;
  /** group-branch: the entity id the compound names. */
  entity?: string;
}

/** Word lists that say what a person's name looks like (policy, not code). */
export interface PersonWords {
  /** Honorifics and religious titles that stand before a name and are not part of its span ("Mullah Omar" -> "Omar"). */
  honorifics?: string[];
  /** Honorifics that are part of the name they start ("Qari Yousuf Ahmadi", "Hafiz Saeed Khan"). */
  name_honorifics?: string[];
  /** Given names beside given-names.yaml (hand list). */
  given_names?: string[];
  /** Name endings that mark a word as a personal name (-ullah, -uddin, -zai, -khel). */
  name_suffixes?: string[];
  /** Capitalised words that end a name run (headline verbs: "Mullah X Killed"). */
  name_breakers?: string[];
  /** Words that open a relative clause, not an apposition ("X, who ..."). */
  relatives?: string[];
  /** Articles skipped before a title phrase. */
  articles?: string[];
}

/** A normalised title and the phrases that say it ("police chief": "chief of police", "police commander"). */
export interface TitleSpec {
  title: string;
  forms: (string | string[])[];
}

export interface RulesDocument {
  format: 'afghan-annotator/rules@1';
  ruleset: string;
  version: string;
  description?: string;
  stopwords: string[];
  name_connectors: string[];
  /** Words that join the names of a list ("Kunduz and Baghlan", "Kunduz, Baghlan and Takhar"). */
  coordination?: (string | string[])[];
  persons?: PersonWords;
  titles?: TitleSpec[];
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
  /** acronym: the acronym starts with the first letter of the name before it. */
  sameInitial: boolean;
  entity: string | undefined;
}

export interface TitleForm {
  title: string;
  seq: string[];
}

export interface CompiledRules {
  ruleset: string;
  version: string;
  stopwords: Set<string>;
  connectors: Set<string>;
  givenNames: Set<string>;
  /** Key sequences that join the names of a list. */
  coordination: string[][];
  honorifics: Set<string>;
  nameHonorifics: Set<string>;
  nameSuffixes: string[];
  nameBreakers: Set<string>;
  relatives: Set<string>;
  articles: Set<string>;
  /** Title phrases by their first key, longest first. */
  titleForms: Map<string, TitleForm[]>;
  rules: CompiledRule[];
  byKind: Map<RuleKind, CompiledRule[]>;
}

/** A match key with an Afghan or Pakistani name ending (-ullah, -zai) and three letters or more before it. */
export function nameSuffixed(key: string, rules: Pick<CompiledRules, 'nameSuffixes'>): boolean {
  return rules.nameSuffixes.some((s) => key.length >= s.length + 3 && key.endsWith(s));
}

/** A match key that reads as a personal name: a known given name, or a name ending. */
export function nameShapedKey(key: string, rules: Pick<CompiledRules, 'givenNames' | 'nameSuffixes'>): boolean {
  return rules.givenNames.has(key) || nameSuffixed(key, rules);
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
      confidence: r.confidence ?? RULE_CONFIDENCE,
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
      sameInitial: r.same_initial ?? false,
      entity: r.entity,
    }),
  );
  const byKind = new Map<RuleKind, CompiledRule[]>();
  for (const r of rules) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  return {
    ruleset: doc.ruleset,
    version: [doc.version, ...(doc.rulesets ?? [])].join(', '),
    stopwords: setOf(doc.stopwords),
    connectors: setOf(doc.name_connectors),
    givenNames: setOf([...(doc.given_names ?? []), ...(doc.persons?.given_names ?? [])]),
    coordination: coordinationOf(doc.coordination),
    honorifics: setOf(doc.persons?.honorifics),
    nameHonorifics: setOf(doc.persons?.name_honorifics),
    nameSuffixes: (doc.persons?.name_suffixes ?? []).map((w) => foldKey(w)),
    nameBreakers: setOf(doc.persons?.name_breakers),
    relatives: setOf(doc.persons?.relatives),
    articles: setOf(doc.persons?.articles),
    titleForms: titleForms(doc.titles),
    rules,
    byKind,
  };
}

function titleForms(specs: TitleSpec[] | undefined): Map<string, TitleForm[]> {
  const out = new Map<string, TitleForm[]>();
  for (const spec of specs ?? []) {
    for (const seq of sequencesOf(spec.forms)) {
      const list = out.get(seq[0]!) ?? [];
      list.push({ title: spec.title, seq });
      out.set(seq[0]!, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => b.seq.length - a.seq.length);
  return out;
}

/** List joiners in the order the rules file gives them; without a list, the context.v1 default. */
function coordinationOf(items: (string | string[])[] | undefined): string[][] {
  return (items ?? ['and', ',', [',', 'and'], 'or']).map((item) => (Array.isArray(item) ? item.flatMap(keysOf) : keysOf(item))).filter((seq) => seq.length > 0);
}
