/**
 * Parsing lexicons: YAML text -> validated `Lexicon` (the files are read by src/node/lexicon/load.ts). Errors name the file, the line and
 * column, and the YAML path of the offending value (`entries[3].aliases[0]`).
 *
 * A lexicon is plain data, and a user's lexicon is untrusted input. YAML is read with the
 * 1.2 core schema only: no merge keys (`<<`), no YAML 1.1 types (`!!binary`, `!!set`,
 * `!!timestamp`), and any tag beyond the core ones (`!!js/function`, `!custom`) is refused.
 * Keys must be scalars. Alias expansion is bounded (a "billion laughs" document fails at
 * once), and so is nesting (checked before the parser recurses). `__proto__`,
 * `constructor` and `prototype` keys become plain own properties (never prototypes), and
 * the schema refuses them wherever it does not allow free keys. Nothing in a lexicon names
 * a file to read or write.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, LineCounter, Node } from 'yaml';
import { AnnotatorError, displayPath } from '../errors.js';
import { ajvPackage, yamlPackage } from '../packages.js';
import { sha256Hex } from '../pipeline/read.js';
import type { Lexicon, LexiconDocument } from '../lexicon/types.js';
import type { RulesDocument } from '../context/rules.js';

// yaml and ajv are loaded on first use (src/packages.ts): a start that finds every lexicon
// in the cache (src/lexicon/cache.ts) parses no YAML and validates nothing (~0.1 s saved).
function newAjv(): import('ajv').Ajv {
  const { Ajv } = ajvPackage();
  return new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
}

let lexiconValidator: ValidateFunction | undefined;
let rulesValidator: ValidateFunction | undefined;

export type SchemaName = 'lexicon' | 'annotation' | 'rules' | 'gold';

let schemaSource: ((name: SchemaName) => object) | undefined;

/**
 * Where the published schemas come from: the core reads no files, so the node layer
 * (src/node/lexicon/load.ts, which reads schema/*.schema.json) provides them.
 */
export function provideSchemas(read: (name: SchemaName) => object): void {
  schemaSource = read;
}

/** One published schema, from the source the node layer provided. */
export function readSchema(name: SchemaName): object {
  if (schemaSource === undefined) throw new Error(`no schema source: import src/node/lexicon/load.ts (it reads schema/${name}.schema.json)`);
  return schemaSource(name);
}

function validator(which: 'lexicon' | 'rules' = 'lexicon'): ValidateFunction {
  if (which === 'rules') {
    rulesValidator ??= newAjv().compile(readSchema('rules'));
    return rulesValidator;
  }
  lexiconValidator ??= newAjv().compile(readSchema('lexicon'));
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

/** JSON pointer `/entries/3/aliases/0` -> `['entries', 3, 'aliases', 0]`. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The key whose name a `propertyNames` rule refused (ajv gives it as `propertyName`), if any. */
function keyOf(error: ErrorObject): string | undefined {
  const name = (error as ErrorObject & { propertyName?: string }).propertyName;
  return name === undefined ? undefined : String(name);
}

/** One ajv error in words a person reads (shared by lexicon loading and `validate`). */
export function describeSchemaError(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const key = keyOf(error);
  if (key !== undefined) return `key "${key}" ${error.message ?? 'is not allowed'}`;
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

/** Keywords whose errors only sum up the errors of their parts (`propertyNames`: "property name must be valid"). */
const SUMMARY_KEYWORDS = new Set(['oneOf', 'if', 'anyOf', 'propertyNames']);

/**
 * A document that does not match its schema: thrown as its most useful error (what loading
 * reports), and carrying every error (`all`, in line order), which `lexicon validate` reports.
 */
export class SchemaErrors extends AnnotatorError {
  readonly all: readonly AnnotatorError[];

  constructor(first: AnnotatorError, all: readonly AnnotatorError[]) {
    super(first.code, first.message, { ...(first.file === undefined ? {} : { file: first.file }), ...(first.where === undefined ? {} : { where: first.where }) });
    const line = (e: AnnotatorError): number => (e.where === undefined ? Number.MAX_SAFE_INTEGER : Number(e.where.split(':')[0]));
    const col = (e: AnnotatorError): number => (e.where === undefined ? 0 : Number(e.where.split(':')[1] ?? 0));
    this.all = [...all].sort((a, b) => line(a) - line(b) || col(a) - col(b));
  }
}

/**
 * Every distinct error worth a line: without the combinators' summaries (`oneOf`, `if`,
 * `anyOf`), and one value error per place (a `oneOf` of string or object gives "must be
 * string" and "must be object" for the same value: the first is enough).
 */
function everyError(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  const pool = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  return pool.filter((e) => {
    const valueError = e.keyword === 'type' || e.keyword === 'enum' || e.keyword === 'const';
    const key = valueError ? `${e.instancePath} value` : `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Pick the most useful of ajv's errors: `oneOf` and `if` produce noise around the real one. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const specific = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  const pool = specific.length > 0 ? specific : errors;
  // Deepest path first: it points at the value to fix. At the same depth an unknown key comes
  // first: it is the likeliest cause of the others (a misspelt or foreign key such as `<<`).
  const depth = (e: ErrorObject): number => e.instancePath.split('/').length;
  const unknown = (e: ErrorObject): number => (e.keyword === 'additionalProperties' ? 1 : 0);
  return [...pool].sort((a, b) => depth(b) - depth(a) || unknown(b) - unknown(a))[0]!;
}

function locate(doc: Document, lines: LineCounter, segments: (string | number)[]): string | undefined {
  const { isNode } = yamlPackage();
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return undefined;
}

/** How many times aliases may be expanded (yaml's measure): enough to share a list among entries, not to explode. */
export const MAX_ALIAS_COUNT = 1000;
/** How deeply collections may nest (a lexicon needs 6). */
export const MAX_NESTING = 64;

/** The YAML 1.2 core tags: the only ones a lexicon may carry. */
const CORE_TAGS = new Set(['!', '!!str', '!!int', '!!float', '!!bool', '!!null', '!!map', '!!seq'].map((t) => t.replace(/^!!/, 'tag:yaml.org,2002:')));

/**
 * Where collections nest deeper than `limit` (1-based line and column), or undefined. A
 * cheap scan before parsing, because the parser recurses once per level: block
 * indentation levels, compact `- - x` levels and flow brackets outside quotes, comments
 * and block scalars are counted: an estimate, generous enough for any real lexicon.
 */
export function nestingTooDeep(text: string, limit: number = MAX_NESTING): { line: number; column: number } | undefined {
  const lines = text.split(/\r\n|\n|\r/);
  const indents: number[] = [];
  let flow = 0;
  let quote: string | undefined;
  let blockScalar = -1; // while >= 0, lines indented more than this are a block scalar's text
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    let k = 0;
    let base = indents.length;
    if (quote === undefined && flow === 0) {
      const indent = line.length - line.replace(/^[ \t]+/, '').length;
      const rest = line.slice(indent);
      if (blockScalar >= 0) {
        if (rest === '' || indent > blockScalar) continue;
        blockScalar = -1;
      }
      if (rest === '' || rest.startsWith('#')) continue;
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // "- - x", "- key: - x", "? - x": each indicator opens a level on this line.
      k = indent;
      let compact = 0;
      for (let m = /^([-?:])(?:[ \t]+|$)/.exec(line.slice(k)); m !== null; m = /^([-?:])(?:[ \t]+|$)/.exec(line.slice(k))) {
        compact++;
        if (indents.length + compact > limit) return { line: n + 1, column: k + 1 };
        k += m[0].length;
      }
      base = indents.length + compact;
      if (base > limit) return { line: n + 1, column: k + 1 };
      if (/(?:^|[ \t])[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$/.test(line.slice(k)) && !/^["']/.test(line.slice(k))) blockScalar = indent;
    }
    // The last character before k that is not a space ('' at the start of the line), whether a
    // space followed it, and whether k is inside a plain (unquoted) scalar of block context,
    // where brackets are text.
    let last = '';
    let spaced = false;
    let plain = false;
    for (; k < line.length; k++) {
      const c = line[k]!;
      if (quote === "'") {
        if (c === "'") {
          if (line[k + 1] === "'") k++;
          else quote = undefined;
        }
        last = c;
        spaced = false;
        continue;
      }
      if (quote === '"') {
        if (c === '\\') k++;
        else if (c === '"') quote = undefined;
        last = c;
        spaced = false;
        continue;
      }
      if (c === ' ' || c === '\t') {
        spaced = true;
        continue;
      }
      if (c === '#' && (k === 0 || spaced)) break;
      const indicator = (c === ':' || c === '-' || c === '?') && (k + 1 === line.length || line[k + 1] === ' ' || line[k + 1] === '\t');
      if (plain) {
        if (c === ':' && indicator) plain = false; // the end of a plain key
      } else {
        const atStart = last === '' || last === '[' || last === '{' || last === ',' || ((last === ':' || last === '-' || last === '?') && spaced);
        if ((c === '"' || c === "'") && atStart) quote = c;
        else if ((c === '[' || c === '{') && (flow > 0 || atStart)) {
          flow++;
          if (base + flow > limit) return { line: n + 1, column: k + 1 };
        } else if ((c === ']' || c === '}') && flow > 0) flow--;
        else if (flow === 0 && !indicator && c !== ',') plain = true;
      }
      last = c;
      spaced = false;
    }
  }
  return undefined;
}

/** Refuse what a lexicon (plain data) has no use for: tags beyond the core schema, and keys that are not scalars. */
function checkPlainData(doc: Document, lines: LineCounter, origin: string, code: 'AA202' | 'AA208'): void {
  const { isAlias, isCollection, isScalar, visit } = yamlPackage();
  let problem: { node: Node; message: string } | undefined;
  visit(doc, {
    Node(_key, node) {
      if (problem !== undefined) return visit.BREAK;
      const tag = (node as { tag?: string }).tag;
      if (tag !== undefined && !CORE_TAGS.has(tag)) {
        problem = { node, message: `YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, '!!')} is not allowed: a lexicon is plain data (strings, numbers, lists and mappings)` };
        return visit.BREAK;
      }
      return undefined;
    },
    Pair(_key, pair) {
      if (problem !== undefined) return visit.BREAK;
      if (pair.key !== null && !isScalar(pair.key)) {
        problem = { node: pair.key as Node, message: `a mapping key must be a plain value, not ${isAlias(pair.key) ? 'an alias' : isCollection(pair.key) ? 'a list or mapping' : 'this'}` };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (problem !== undefined) {
    const at = problem.node.range ? lines.linePos(problem.node.range[0]) : undefined;
    throw new AnnotatorError(code, problem.message, { file: displayPath(origin), ...(at ? { where: `${at.line}:${at.col}` } : {}) });
  }
}

/** The first alias node (for locating an alias-expansion error). */
function firstAlias(doc: Document): Node | undefined {
  const { visit } = yamlPackage();
  let found: Node | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** `line:column` of the key `key` in the mapping at `segments`. */
function locateKey(doc: Document, lines: LineCounter, segments: (string | number)[], key: string): string | undefined {
  const { isMap, isScalar } = yamlPackage();
  const parent = segments.length === 0 ? doc.contents : doc.getIn(segments, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  const range = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const pos = lines.linePos(range[0]);
  return `${pos.line}:${pos.col}`;
}

/** Parse YAML text and check it against one of the published schemas; errors name file, line, column and YAML path. */
function parseChecked(text: string, origin: string, which: 'lexicon' | 'rules'): unknown {
  const syntaxCode = which === 'lexicon' ? 'AA202' : 'AA208';
  const file = displayPath(origin);
  const deep = nestingTooDeep(text);
  if (deep !== undefined) {
    throw new AnnotatorError(syntaxCode, `YAML nested more than ${MAX_NESTING} levels deep`, { file, where: `${deep.line}:${deep.column}` });
  }
  const YAML = yamlPackage();
  const lines = new YAML.LineCounter();
  let doc: Document;
  try {
    doc = YAML.parseDocument(text, {
      lineCounter: lines,
      uniqueKeys: true,
      prettyErrors: true,
      version: '1.2',
      schema: 'core',
      merge: false,
      resolveKnownTags: false,
      logLevel: 'error',
    });
  } catch (cause) {
    // The parser's own limits (stack depth) should report errors; never let one escape as a crash.
    throw new AnnotatorError(syntaxCode, `YAML could not be parsed (${cause instanceof Error ? cause.message : String(cause)})`, { file, cause });
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    const message =
      e.code === 'RESOURCE_EXHAUSTION' ? 'YAML nested too deeply' : (e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, '');
    throw new AnnotatorError(syntaxCode, message, {
      file,
      ...(pos ? { where: `${pos.line}:${pos.col}` } : {}),
    });
  }
  checkPlainData(doc, lines, origin, syntaxCode);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const alias = firstAlias(doc);
    const at = alias?.range ? lines.linePos(alias.range[0]) : undefined;
    const excessive = cause instanceof Error && /alias count/i.test(cause.message);
    throw new AnnotatorError(
      syntaxCode,
      excessive
        ? `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions: a "billion laughs" document?)`
        : `YAML could not be read (${cause instanceof Error ? cause.message : String(cause)})`,
      { file, ...(at ? { where: `${at.line}:${at.col}` } : {}), cause },
    );
  }
  const validate = validator(which);
  if (!validate(data)) {
    const code = which === 'lexicon' ? 'AA203' : 'AA208';
    const describe = (error: ErrorObject): AnnotatorError => {
      const segments = pointerSegments(error.instancePath);
      // An unknown key: name it in the path and point at the key itself.
      // A key that the schema refuses by its name (`xref` keys): name it too.
      const unknown = error.keyword === 'additionalProperties' ? String((error.params as Record<string, unknown>)['additionalProperty']) : keyOf(error);
      const where = (unknown === undefined ? undefined : locateKey(doc, lines, segments, unknown)) ?? locate(doc, lines, segments);
      if (unknown !== undefined) segments.push(unknown);
      return new AnnotatorError(code, `${yamlPath(segments)}: ${describeSchemaError(error)}`, { file, ...(where ? { where } : {}) });
    };
    const errors = validate.errors ?? [];
    throw new SchemaErrors(describe(pickError(errors)), everyError(errors).map(describe));
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