/**
 * Reading annotation files back: text -> documents, each able to say where a value sits
 * (`line:column`) so that errors point into the file. Pure: the caller reads the bytes.
 *
 * - YAML (`.yaml`, `.yml`): one document or a stream of `---` documents (what
 *   `annotate` prints on stdout).
 * - JSON (`.json`, `.jsonl`, anything else starting with `{`): one document, one document
 *   per line, or a stream of indented documents one after another (what `annotate -f json`
 *   prints on stdout).
 */
import YAML, { LineCounter, isNode, type Document } from 'yaml';
import { AnnotatorError } from '../errors.js';

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

function locator(doc: Document, lines: LineCounter, lineOffset = 0, columnOffset = 0): (path: readonly (string | number)[]) => string | undefined {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return `${pos.line + lineOffset}:${pos.line === 1 ? pos.col + columnOffset : pos.col}`;
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
  const lines = new LineCounter();
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

/** End (exclusive) of the JSON object or array that starts at `start`, or -1 if unbalanced. */
function endOfValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Offset of the first JSON syntax error in `text` from `start` (JSON.parse's messages
 * differ between Node versions and do not always give a position), with what was found.
 */
export function jsonErrorAt(text: string, start = 0): { offset: number; message: string } | undefined {
  let i = start;
  const ws = (): void => {
    while (i < text.length && /[ \t\r\n]/.test(text[i]!)) i++;
  };
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const found = (): string => (i >= text.length ? 'end of input' : JSON.stringify(text[i]));
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a key in double quotes, found ${found()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after a key, found ${found()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected ',' or '}' in an object, found ${found()}`);
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected ',' or ']' in an array, found ${found()}`);
      }
    } else if (c === '"') string();
    else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (m === null) fail(`expected a value, found ${found()}`);
      i += m![0].length;
    }
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`invalid escape \\${e ?? ''}`);
      } else if (c < ' ') fail('control character in a string (write it as an escape)');
      else i++;
    }
    fail('unterminated string');
  };
  try {
    value();
    ws();
    return undefined;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error) return error as { offset: number; message: string };
    throw error;
  }
}

function jsonError(text: string, sliceStart: number, sliceEnd: number, cause: unknown, origin: string): AnnotatorError {
  const found = jsonErrorAt(text.slice(0, sliceEnd), sliceStart);
  const fallback = cause instanceof Error ? cause.message : String(cause);
  const pos = lineColumnAt(text, found?.offset ?? sliceStart);
  return new AnnotatorError('AA501', `JSON syntax error: ${found?.message ?? fallback}`, { file: origin, where: `${pos.line}:${pos.col}` });
}

function parseJson(text: string, origin: string): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  let i = 0;
  while (i < text.length) {
    const next = text.slice(i).search(/\S/);
    if (next === -1) break;
    const start = i + next;
    const c = text[start];
    if (c !== '{' && c !== '[') {
      const pos = lineColumnAt(text, start);
      throw new AnnotatorError('AA501', `JSON syntax error: expected a JSON object, found ${JSON.stringify(c)}`, { file: origin, where: `${pos.line}:${pos.col}` });
    }
    let end = endOfValue(text, start);
    if (end === -1) end = text.length;
    const slice = text.slice(start, end);
    let data: unknown;
    try {
      data = JSON.parse(slice);
    } catch (cause) {
      throw jsonError(text, start, end, cause, origin);
    }
    const at = lineColumnAt(text, start);
    let located: ((path: readonly (string | number)[]) => string | undefined) | undefined;
    out.push({
      data,
      index: out.length,
      line: at.line,
      // Locating needs a YAML parse of the slice (JSON is YAML 1.2): done only when asked.
      locate: (path) => {
        if (located === undefined) {
          const lines = new LineCounter();
          const doc = YAML.parseDocument(slice, { lineCounter: lines, version: '1.2', uniqueKeys: false });
          located = locator(doc, lines, at.line - 1, at.col - 1);
        }
        return located(path);
      },
    });
    i = end;
  }
  return out;
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
