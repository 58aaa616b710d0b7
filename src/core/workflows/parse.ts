/**
 * Reading annotation files back: text -> documents, each able to say where a value sits
 * (`line:column`) so that errors point into the file. Pure: the caller reads the bytes.
 *
 * - YAML (`.yaml`, `.yml`): one document or a stream of `---` documents (what
 *   `annotate` prints on stdout).
 * - JSON (`.json`, `.jsonl`, anything else starting with `{`): one document (what
 *   `annotate -f json` prints), or JSON Lines, one document per line (`annotate -f jsonl`).
 *   JSON.parse does the parsing; there is no JSON scanner of our own.
 */
import type { Document, LineCounter } from 'yaml';
import { AnnotatorError } from '../errors.js';
import { yamlPackage } from '../packages.js';

export type AnnotationSyntax = 'yaml' | 'json';

export interface ParsedDocument {
  data: unknown;
  /** 0-based position of the document in its file. */
  index: number;
  /** 1-based line where the document starts. */
  line: number;
  /** `line:column` (1-based) of the value at a path, or of its nearest parent found. */
  locate(path: readonly (string | number)[]): string | undefined;
}

/** The annotation file extensions `annotate --out-dir` writes. */
export const ANNOTATION_SUFFIXES = ['.ann.yaml', '.ann.json', '.ann.jsonl'] as const;

/** Remove `.ann.yaml`, `.ann.json` or `.ann.jsonl` (or, failing that, the last extension). */
export function annotationStem(name: string): string {
  for (const s of ANNOTATION_SUFFIXES) if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot > name.lastIndexOf('/') + 1 ? name.slice(0, dot) : name;
}

/** YAML for .yaml/.yml; JSON for .json/.jsonl/.jsonld; otherwise by the first visible character. */
export function syntaxOf(fileName: string, text: string): AnnotationSyntax {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json') || lower.endsWith('.jsonl') || lower.endsWith('.jsonld')) return 'json';
  const first = /\S/.exec(text);
  return first !== null && (first[0] === '{' || first[0] === '[') ? 'json' : 'yaml';
}

function locator(doc: Document, lines: LineCounter, lineOffset = 0): (path: readonly (string | number)[]) => string | undefined {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (yamlPackage().isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return `${pos.line + lineOffset}:${pos.col}`;
      }
    }
    return undefined;
  };
}

function lineColumnAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

function parseYaml(text: string, origin: string): ParsedDocument[] {
  const YAML = yamlPackage();
  const lines = new YAML.LineCounter();
  const docs = YAML.parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, version: '1.2' });
  const list = Array.isArray(docs) ? docs : [];
  const out: ParsedDocument[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const pos = e.linePos?.[0];
      throw new AnnotatorError('AA501', `YAML syntax error: ${(e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, '')}`, {
        file: origin,
        ...(pos ? { where: `${pos.line}:${pos.col}` } : {}),
      });
    }
    if (doc.contents === null) continue;
    const start = doc.contents.range?.[0] ?? 0;
    out.push({ data: doc.toJS({ maxAliasCount: 100 }), index: out.length, line: lines.linePos(start).line, locate: locator(doc, lines) });
  }
  return out;
}

/**
 * Where `text` stops being JSON: the length of its longest prefix that JSON.parse finds
 * complete or merely unfinished (an error at its end). A prefix with an error stays wrong
 * however it goes on, so a binary search finds the first offending character. Only run on
 * an error (JSON.parse of Node 20 does not always give a position).
 */
function jsonErrorOffset(text: string): number {
  const unfinished = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return true;
    } catch (error) {
      const message = (error as Error).message;
      if (/end of JSON input/i.test(message)) return true;
      const at = / at position (\d+)/.exec(message);
      return at !== null && Number(at[1]) >= n;
    }
  };
  if (unfinished(text.length)) return text.length;
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (unfinished(mid)) good = mid;
    else bad = mid;
  }
  return bad - 1;
}

/** JSON.parse's message without the text it quotes or the position (given as line:column instead). */
function jsonMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '');
}

/** A parsed JSON document; `slice` (the document's text) starts `lineOffset` lines into the file. */
function jsonDocument(data: unknown, slice: string, index: number, line: number, lineOffset: number): ParsedDocument {
  let located: ((path: readonly (string | number)[]) => string | undefined) | undefined;
  return {
    data,
    index,
    line,
    // Locating needs a YAML parse of the document (JSON is YAML 1.2): done only when asked.
    locate: (path) => {
      if (located === undefined) {
        const YAML = yamlPackage();
        const lines = new YAML.LineCounter();
        const doc = YAML.parseDocument(slice, { lineCounter: lines, version: '1.2', uniqueKeys: false });
        located = locator(doc, lines, lineOffset);
      }
      return located(path);
    },
  };
}

function syntaxError(text: string, offset: number, message: string, origin: string): AnnotatorError {
  const pos = lineColumnAt(text, offset);
  return new AnnotatorError('AA501', `JSON syntax error: ${message}`, { file: origin, where: `${pos.line}:${pos.col}` });
}

/** JSON Lines: every line that is not blank is one document. */
function parseJsonLines(text: string, origin: string): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const slice = text.slice(start, end);
    if (slice.trim() !== '') {
      let data: unknown;
      try {
        data = JSON.parse(slice);
      } catch (error) {
        throw syntaxError(text, start + jsonErrorOffset(slice), jsonMessage(error), origin);
      }
      out.push(jsonDocument(data, slice, out.length, line, line - 1));
    }
    start = end + 1;
    line++;
  }
  return out;
}

/**
 * One JSON document (`.json`, what `annotate -f json` writes), or JSON Lines (`.jsonl`, or
 * a file whose first line is a document by itself). Parsed by JSON.parse; the position of
 * a syntax error is found by jsonErrorOffset.
 */
function parseJson(text: string, origin: string): ParsedDocument[] {
  const first = /\S/.exec(text);
  if (first === null) return [];
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    const firstLineEnd = text.indexOf('\n', first.index);
    const firstLine = text.slice(first.index, firstLineEnd === -1 ? text.length : firstLineEnd);
    let lines = origin.toLowerCase().endsWith('.jsonl');
    if (!lines && firstLineEnd !== -1) {
      try {
        JSON.parse(firstLine);
        lines = true;
      } catch {
        // not JSON Lines
      }
    }
    if (lines) return parseJsonLines(text, origin);
    const message = jsonMessage(error);
    // Indented documents one after another (what `annotate -f json` wrote on stdout for several inputs in earlier versions).
    const more = /non-whitespace character after JSON/i.test(message) ? ': more than one JSON document one after another (write them as JSON Lines, annotate -f jsonl)' : '';
    throw syntaxError(text, jsonErrorOffset(text), `${message}${more}`, origin);
  }
  const at = lineColumnAt(text, first.index);
  return [jsonDocument(whole, text, 0, at.line, 0)];
}

/**
 * Parse the text of an annotation file into its documents (at least one). Syntax errors
 * are AA501 with the line and column.
 */
export function parseAnnotationText(text: string, origin: string, syntax: AnnotationSyntax = syntaxOf(origin, text)): ParsedDocument[] {
  const docs = syntax === 'yaml' ? parseYaml(text, origin) : parseJson(text, origin);
  if (docs.length === 0) throw new AnnotatorError('AA501', 'no annotation document in the file', { file: origin });
  return docs;
}
