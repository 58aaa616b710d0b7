/**
 * YAML output, fast: the same bytes as `YAML.stringify(value, YAML_OPTIONS)` of the `yaml`
 * package for the plain data of an annotation (objects, arrays, strings, finite numbers,
 * booleans), about fifty times faster. The library stays the judge of every scalar: how a
 * string or number is written (plain, single- or double-quoted) is asked of it once and
 * remembered; the layout around the scalars (block mappings and sequences, indent 2,
 * sequences indented under their key, `[]` and `{}` when empty) is written here.
 *
 * Whenever a value falls outside what this layout covers (a scalar the library writes on
 * several lines, such as a mention text that spans a line break; null; a non-finite number;
 * a key that needs quotes), the whole document is handed to the library instead, so the
 * output is the library's in every case. `test/unit/yaml.test.ts` holds the two equal.
 */
import { yamlPackage } from '../packages.js';

export const YAML_OPTIONS = { version: '1.2', lineWidth: 0, indent: 2, aliasDuplicateObjects: false } as const;

/** A value this emitter cannot lay out: the caller falls back to the library. */
class Unsupported extends Error {}

/** Single-line scalar renderings by value; `undefined` marks one the library writes on several lines. */
const scalars = new Map<string | number | boolean, string | undefined>();
const SCALAR_LIMIT = 100_000;

/**
 * Strings the library writes plain, decided without asking it: an ASCII letter first, then
 * letters, digits, spaces and `._/()-`, not ending in a space (no indicator, no `: ` or ` #`,
 * nothing to escape, never a number); only YAML 1.2's keywords among them are quoted.
 * Most strings of an annotation are of this kind (ids, names, titles, types), and many are
 * new in every document (mention texts), so they skip the cache as well as the library.
 * `test/unit/yaml.test.ts` compares every output with the library's.
 */
const SAFE_PLAIN = /^[A-Za-z](?:[A-Za-z0-9 ._/()-]*[A-Za-z0-9._/()-])?$/;
const KEYWORD = /^(?:true|false|null)$/i;
/** Longer strings are left to the library (and its cache). */
const SAFE_PLAIN_MAX = 1000;

function scalar(v: string | number | boolean): string {
  // Integers (offsets, lines, counts) as the library writes them (JSON's digits), without a lookup.
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
  if (typeof v === 'string' && v.length <= SAFE_PLAIN_MAX && SAFE_PLAIN.test(v) && !(v.length <= 5 && KEYWORD.test(v))) return v;
  let s = scalars.get(v);
  if (s === undefined && !scalars.has(v)) {
    // Rendered as a mapping value, the position every scalar of an annotation is in (a
    // sequence item is written the same way).
    const whole = yamlPackage().stringify({ k: v }, YAML_OPTIONS);
    s = whole.startsWith('k: ') && whole.indexOf('\n') === whole.length - 1 ? whole.slice(3, -1) : undefined;
    if (scalars.size >= SCALAR_LIMIT) scalars.clear();
    scalars.set(v, s);
  }
  if (s === undefined) throw new Unsupported();
  return s;
}
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Keys found to be written plain (the few field names of an annotation). */
const plainKeys = new Set<string>();

/** A mapping key: the field names of an annotation are written plain; anything else is left to the library. */
function key(k: string): string {
  if (plainKeys.has(k)) return k;
  if (!PLAIN_KEY.test(k) || scalar(k) !== k) throw new Unsupported();
  if (plainKeys.size < SCALAR_LIMIT) plainKeys.add(k);
  return k;
}

function isScalar(v: unknown): v is string | number | boolean {
  const t = typeof v;
  // -0 is left to the library: a Map does not tell it from 0.
  return t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v) && !Object.is(v, -0));
}

/** An object without own enumerable keys (without building the list of them). */
function isEmpty(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return false;
  return true;
}

/**
 * The document so far. Built by concatenation, which V8 keeps as a rope until it is used:
 * cheaper than gathering the many short pieces in an array and joining them.
 */
let out = '';

/** Append `value`, the value of a mapping key or sequence item, after its `key:` or `-`. */
function value(v: unknown, indent: string): void {
  if (isScalar(v)) {
    out += ' ' + scalar(v) + '\n';
  } else if (Array.isArray(v)) {
    if (v.length === 0) out += ' []\n';
    else {
      out += '\n';
      sequence(v, indent + '  ');
    }
  } else if (v !== null && typeof v === 'object') {
    if (isEmpty(v)) out += ' {}\n';
    else {
      out += '\n';
      const inner = indent + '  ';
      mapping(v as Record<string, unknown>, inner, inner);
    }
  } else {
    throw new Unsupported();
  }
}

/** A block mapping; the first key goes after `firstIndent` (the text already on its line). */
function mapping(obj: Record<string, unknown>, indent: string, firstIndent: string): void {
  let first = true;
  for (const k in obj) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? firstIndent : indent) + key(k) + ':';
    first = false;
    value(v, indent);
  }
  if (first) throw new Unsupported(); // only undefined values: let the library decide
}

function sequence(items: readonly unknown[], indent: string): void {
  for (const item of items) {
    if (isScalar(item)) out += indent + '- ' + scalar(item) + '\n';
    else if (item !== null && typeof item === 'object' && !Array.isArray(item) && !isEmpty(item)) {
      out += indent + '- ';
      mapping(item as Record<string, unknown>, indent + '  ', '');
    } else {
      throw new Unsupported();
    }
  }
}

/** The fast layout of `doc`, or undefined when it holds something only the library lays out. */
export function stringifyYamlFast(doc: Record<string, unknown>): string | undefined {
  out = '';
  try {
    mapping(doc, '', '');
    return out;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  } finally {
    out = '';
  }
}

/** `doc` as a YAML document, byte for byte what `YAML.stringify(doc, YAML_OPTIONS)` gives. */
export function stringifyYaml(doc: Record<string, unknown>): string {
  return stringifyYamlFast(doc) ?? yamlPackage().stringify(doc, YAML_OPTIONS);
}
