/**
 * Loading lexicons: YAML text -> validated `Lexicon`. Errors name the file, the line and
 * column, and the YAML path of the offending value (`entries[3].aliases[0]`).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import YAML, { LineCounter, isNode, type Document } from 'yaml';
import { AnnotatorError } from '../errors.js';
import { sha256Hex } from '../pipeline/read.js';
import type { Lexicon, LexiconDocument } from './types.js';
import type { RulesDocument } from '../context/rules.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Folder of the lexicons that ship with the package. */
export const BUILTIN_LEXICON_DIR = join(packageRoot, 'lexicons');
/** The published schemas. */
export const SCHEMA_DIR = join(packageRoot, 'schema');

let lexiconValidator: ValidateFunction | undefined;
let rulesValidator: ValidateFunction | undefined;

export function readSchema(name: 'lexicon' | 'annotation' | 'rules'): object {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')) as object;
}

function validator(which: 'lexicon' | 'rules' = 'lexicon'): ValidateFunction {
  if (which === 'rules') {
    rulesValidator ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(readSchema('rules'));
    return rulesValidator;
  }
  lexiconValidator ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(readSchema('lexicon'));
  return lexiconValidator;
}

/** `/entries/3/aliases/0` -> `entries[3].aliases[0]` */
export function yamlPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out === '' ? '(document)' : out;
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(p['additionalProperty'])}"`;
    case 'required':
      return `missing key "${String(p['missingProperty'])}"`;
    case 'enum':
      return `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Pick the most useful of ajv's errors: `oneOf` and `if` produce noise around the real one. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if' && e.keyword !== 'anyOf');
  const pool = specific.length > 0 ? specific : errors;
  // Deepest path first: it points at the value to fix.
  return [...pool].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0]!;
}

function locate(doc: Document, lines: LineCounter, segments: (string | number)[]): string | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return undefined;
}

/** Parse YAML text and check it against one of the published schemas; errors name file, line, column and YAML path. */
function parseChecked(text: string, origin: string, which: 'lexicon' | 'rules'): unknown {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, version: '1.2' });
  const syntaxCode = which === 'lexicon' ? 'AA202' : 'AA208';
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new AnnotatorError(syntaxCode, (e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, ''), {
      file: origin,
      ...(pos ? { where: `${pos.line}:${pos.col}` } : {}),
    });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const validate = validator(which);
  if (!validate(data)) {
    const error = pickError(validate.errors ?? []);
    const segments = pointerSegments(error.instancePath);
    const where = locate(doc, lines, segments);
    throw new AnnotatorError(which === 'lexicon' ? 'AA203' : 'AA208', `${yamlPath(segments)}: ${describe(error)}`, {
      file: origin,
      ...(where ? { where } : {}),
    });
  }
  return data;
}

/** Parse and schema-check one lexicon's YAML text. Pure apart from reading the schema once. */
export function parseLexicon(text: string, origin: string, sha256: string = sha256Hex(text)): Lexicon {
  return { document: parseChecked(text, origin, 'lexicon') as LexiconDocument, sha256, origin };
}

/** Parse and schema-check a context rules file. */
export function parseRules(text: string, origin: string): RulesDocument {
  return parseChecked(text, origin, 'rules') as RulesDocument;
}

/** The built-in context rules (lexicons/rules/context.yaml). */
export function loadRules(path: string = join(BUILTIN_LEXICON_DIR, 'rules', 'context.yaml')): RulesDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AnnotatorError('AA208', `cannot read context rules (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { file: path, cause });
  }
  const rules = parseRules(text, path);
  const namesPath = join(dirname(path), 'given-names.yaml');
  if (existsSync(namesPath)) {
    const names = YAML.parse(readFileSync(namesPath, 'utf8')) as { names?: unknown };
    if (!Array.isArray(names.names) || !names.names.every((n) => typeof n === 'string')) {
      throw new AnnotatorError('AA208', 'names: must be a list of strings', { file: namesPath });
    }
    rules.given_names = names.names as string[];
  }
  return rules;
}

/** Read and parse one lexicon file. */
export function readLexiconFile(path: string, origin: string = path): Lexicon {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AnnotatorError('AA201', `cannot read lexicon (${reason})`, { file: origin, cause });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new AnnotatorError('AA201', 'lexicon is not valid UTF-8', { file: origin, cause });
  }
  return parseLexicon(text, origin, sha256Hex(bytes));
}

/** The names of the built-in lexicon files, sorted. */
export function builtinLexiconFiles(): string[] {
  return readdirSync(BUILTIN_LEXICON_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export interface LoadLexiconsOptions {
  /** Load the lexicons that ship with the package (default true). */
  builtin?: boolean;
  /** Further lexicon files, in the order given. */
  files?: readonly string[];
}

/** Load the built-in lexicons (sorted by file name) and then the user's, in order. */
export function loadLexicons(options: LoadLexiconsOptions = {}): Lexicon[] {
  const out: Lexicon[] = [];
  if (options.builtin !== false) {
    for (const f of builtinLexiconFiles()) out.push(readLexiconFile(join(BUILTIN_LEXICON_DIR, f), `builtin:${f}`));
  }
  for (const f of options.files ?? []) out.push(readLexiconFile(f));
  return out;
}
