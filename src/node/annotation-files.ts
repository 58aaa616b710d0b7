/**
 * Reading annotation files and their source texts for the research commands (validate,
 * check, diff, stats, show, export): the file-system edge around src/workflows/.
 * Errors are AnnotatorErrors for the caller to report; nothing here prints.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AnnotatorError, displayPath } from '../core/errors.js';
import { findInputs, type InputFile } from './inputs.js';
import type { Annotation } from '../core/output/contract.js';
import type { StatsInput } from '../core/workflows/stats.js';
import { decodeSource } from '../core/pipeline/read.js';
import { parseAnnotationText, type ParsedDocument } from '../core/workflows/parse.js';
import { schemaFindings } from '../core/workflows/validate.js';

/** Folders are searched for the files `annotate --out-dir` writes. */
export const ANNOTATION_GLOB = '**/*.ann.{yaml,json,jsonl}';

export interface AnnotationFile {
  /** Path to read (`-` for stdin). */
  path: string;
  /** Path relative to the folder it was found in (or the file name), without `.ann.*`. */
  stem: string;
}

export type FoundAnnotationFile = { ok: true; file: AnnotationFile } | { ok: false; error: AnnotatorError };

function stemOf(input: InputFile): string {
  return input.outputStem.replace(/\.ann$/, '');
}

/** Annotation files named on the command line, or found (sorted) in folders. */
export async function* findAnnotationFiles(args: readonly string[]): AsyncGenerator<FoundAnnotationFile> {
  for await (const found of findInputs(args, { extensions: [], include: ANNOTATION_GLOB })) {
    if (!found.ok) {
      const e = found.error;
      yield {
        ok: false,
        error: e.code === 'AA106' ? new AnnotatorError('AA106', 'directory has no *.ann.yaml, *.ann.json or *.ann.jsonl files', { ...(e.file === undefined ? {} : { file: e.file }) }) : e,
      };
      continue;
    }
    yield { ok: true, file: { path: found.input.file, stem: stemOf(found.input) } };
  }
}

function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AnnotatorError('AA101', `${what} not found`, { file: displayPath(path), cause });
    throw new AnnotatorError('AA102', `cannot read ${what} (${code ?? 'error'})`, { file: displayPath(path), cause });
  }
}

/** Decode (strict UTF-8, BOM dropped) and parse an annotation file's bytes. */
export function parseAnnotationBytes(bytes: Uint8Array, origin: string): ParsedDocument[] {
  const { text } = decodeSource(bytes, origin);
  return parseAnnotationText(text, origin);
}

/** Read and parse one annotation file (every document it holds). */
export function readAnnotationDocuments(path: string): ParsedDocument[] {
  return parseAnnotationBytes(readBytes(path, 'annotation file'), displayPath(path));
}

export interface LoadedAnnotation {
  annotation: Annotation;
  document: ParsedDocument;
}

/** Check parsed documents against the schema; the first problem is AA502 with its line. */
export function asAnnotations(docs: readonly ParsedDocument[], origin: string): LoadedAnnotation[] {
  return docs.map((document) => {
    const findings = schemaFindings(document.data);
    if (findings.length > 0) {
      const f = findings[0]!;
      const where = document.locate(f.path);
      const more = findings.length > 1 ? ` (and ${findings.length - 1} more; run afghan-annotator validate)` : '';
      throw new AnnotatorError('AA502', `${f.message}${more}`, { file: origin, ...(where === undefined ? {} : { where }) });
    }
    return { annotation: document.data as Annotation, document };
  });
}

/** Read, parse and schema-check one annotation file. */
export function loadAnnotationFile(path: string): LoadedAnnotation[] {
  return asAnnotations(readAnnotationDocuments(path), displayPath(path));
}

/**
 * Every annotation document of the files and folders named, each with the file it came from
 * (stats, report and export read their inputs this way). A file that cannot be found, read
 * or parsed goes to `onError` and is counted; the others are read. `-` is standard input
 * when `readStdin` is given. `keep` may trim a document as it is read.
 */
export async function readAnnotationInputs(
  args: readonly string[],
  onError: (error: AnnotatorError) => void,
  options: { readStdin?: () => Promise<Uint8Array>; keep?: (annotation: Annotation) => Annotation } = {},
): Promise<{ inputs: StatsInput[]; failed: number }> {
  const inputs: StatsInput[] = [];
  let failed = 0;
  for await (const found of findAnnotationFiles(args)) {
    if (!found.ok) {
      failed++;
      onError(found.error);
      continue;
    }
    const path = found.file.path;
    try {
      const loaded = path === '-' && options.readStdin !== undefined ? asAnnotations(parseAnnotationBytes(await options.readStdin(), '-'), '-') : loadAnnotationFile(path);
      for (const { annotation } of loaded) inputs.push({ annotation: displayPath(path), document: options.keep === undefined ? annotation : options.keep(annotation) });
    } catch (error) {
      if (!(error instanceof AnnotatorError)) throw error;
      failed++;
      onError(error);
    }
  }
  return { inputs, failed };
}

/**
 * Where to read the text of `source.path`: relative to `sourceDir` when given (`show` and
 * `export --source-dir`), else to the current folder, as it was given to `annotate`. An
 * absolute `source.path` and `-` are kept as they are.
 */
export function sourcePathOf(path: string, sourceDir: string | undefined): string {
  return sourceDir === undefined || path === '-' || isAbsolute(path) ? path : join(sourceDir, path);
}

export interface SourceText {
  text: string;
  sha256: string;
}

/**
 * The source text an annotation was made from (`source.path`, relative to the current
 * folder as given to `annotate`), decoded as `annotate` decodes it. AA506 when it cannot
 * be read.
 */
export function readSourceText(path: string, origin?: string): SourceText {
  if (path === '-') throw new AnnotatorError('AA506', 'the source was standard input (source.path "-"): its text is not available', origin === undefined ? {} : { file: origin });
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new AnnotatorError('AA506', `cannot read the source text ${displayPath(path)} (${code})`, { ...(origin === undefined ? {} : { file: origin }), cause });
  }
  const source = decodeSource(bytes, displayPath(path));
  return { text: source.text, sha256: source.sha256 };
}
