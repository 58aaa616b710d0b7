/**
 * Reading lexicon, rules and schema files; the parsing and checking is src/core/lexicon/parse.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { AnnotatorError, displayPath } from '../../core/errors.js';
import { yamlPackage } from '../../core/packages.js';
import { firstInvalidUtf8, sha256Hex } from '../../core/pipeline/read.js';
import type { Lexicon } from '../../core/lexicon/types.js';
import type { RulesDocument } from '../../core/context/rules.js';
import { parseLexicon, parseRules, provideSchemas, type SchemaName } from '../../core/lexicon/parse.js';

const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Folder of the lexicons that ship with the package. */
export const BUILTIN_LEXICON_DIR = join(packageRoot, 'lexicons');
/** The published schemas. */
export const SCHEMA_DIR = join(packageRoot, 'schema');

export function readSchema(name: SchemaName): object {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')) as object;
}

provideSchemas(readSchema);

/** The built-in context rules (lexicons/rules/context.yaml). */
export function loadRules(path: string = join(BUILTIN_LEXICON_DIR, 'rules', 'context.yaml')): RulesDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AnnotatorError('AA208', `cannot read context rules (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { file: displayPath(path), cause });
  }
  const rules = parseRules(text, path);
  // Every other rules file beside it (lexicons/rules/*.yaml, by name; given-names.yaml is
  // a word list): its rules, stop words, connectors and given names are added to these.
  for (const extra of extraRuleFiles(path)) {
    let more: RulesDocument;
    try {
      more = parseRules(readFileSync(extra, 'utf8'), extra);
    } catch (cause) {
      if (cause instanceof AnnotatorError) throw cause;
      throw new AnnotatorError('AA208', `cannot read context rules (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { file: displayPath(extra), cause });
    }
    rules.rules = [...rules.rules, ...more.rules];
    rules.stopwords = [...rules.stopwords, ...more.stopwords];
    rules.name_connectors = [...rules.name_connectors, ...more.name_connectors];
    rules.rulesets = [...(rules.rulesets ?? []), `${more.ruleset} ${more.version}`];
    if (more.given_names !== undefined) rules.extra_given_names = [...(rules.extra_given_names ?? []), ...more.given_names];
  }
  const namesPath = join(dirname(path), 'given-names.yaml');
  if (existsSync(namesPath)) {
    const names = yamlPackage().parse(readFileSync(namesPath, 'utf8')) as { names?: unknown };
    if (!Array.isArray(names.names) || !names.names.every((n) => typeof n === 'string')) {
      throw new AnnotatorError('AA208', 'names: must be a list of strings', { file: namesPath });
    }
    rules.given_names = names.names as string[];
  }
  if (rules.extra_given_names !== undefined) {
    rules.given_names = [...(rules.given_names ?? []), ...rules.extra_given_names];
    delete rules.extra_given_names;
  }
  return rules;
}

/** The rules files read after `path`: the other *.yaml beside it but given-names.yaml, by name. */
export function extraRuleFiles(path: string): string[] {
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((f) => f.endsWith('.yaml') && f !== 'given-names.yaml' && join(dir, f) !== join(path))
    .sort()
    .map((f) => join(dir, f));
}

/** Read and parse one lexicon file. */
export function readLexiconFile(path: string, origin: string = path): Lexicon {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AnnotatorError('AA201', `cannot read lexicon (${reason})`, { file: displayPath(origin), cause });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new AnnotatorError('AA201', `lexicon is not valid UTF-8 (byte ${firstInvalidUtf8(bytes)})`, { file: displayPath(origin), cause });
  }
  return parseLexicon(text, origin, sha256Hex(bytes));
}

/** The names of the built-in lexicon files, sorted. */
export function builtinLexiconFiles(): string[] {
  return readdirSync(BUILTIN_LEXICON_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** Which lexicons to load: the one selection type of `loadLexicons`, the lexicon cache and `loadIndex`. */
export interface LexiconSelection {
  /** Load the lexicons that ship with the package (default true). */
  builtin?: boolean;
  /** Further lexicon files, in the order given. */
  files?: readonly string[];
}

/** Load the built-in lexicons (sorted by file name) and then the user's, in order. */
export function loadLexicons(options: LexiconSelection = {}): Lexicon[] {
  const out: Lexicon[] = [];
  if (options.builtin !== false) {
    for (const f of builtinLexiconFiles()) out.push(readLexiconFile(join(BUILTIN_LEXICON_DIR, f), `builtin:${f}`));
  }
  for (const f of options.files ?? []) out.push(readLexiconFile(f));
  return out;
}
