/**
 * The one per-input job of `annotate`, `check` and the worker threads: read -> decode ->
 * up to date? -> annotate -> serialize (annotate) or compare (check, src/node/batch/check.ts).
 * Each stage is a function of its own. The same code runs in a worker thread and, for
 * --jobs 1 or a single input, in the main thread, so the output cannot depend on which.
 * Reads files (synchronously: many small files). Writes only the temporary file the
 * driver named (annotate --out-dir, `task.temporary`): the driver (src/node/run.ts) renames
 * it over the output, in the main thread and in input order, and removes the temporary
 * files still pending when the run is interrupted, so that it leaves no partial file.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { annotateText } from '../../core/annotate.js';
import { AnnotatorError, displayPath } from '../../core/errors.js';
import { readInput } from '../inputs.js';
import type { PhraseIndex } from '../../core/lexicon/compile.js';
import type { Annotation } from '../../core/output/contract.js';
import { serializeAnnotation, serializeForStream, type Format } from '../../core/output/serialize.js';
import { decodeSource, firstInvalidUtf8, type DecodedSource } from '../../core/pipeline/read.js';
import { recordDate } from '../../core/context/dates.js';
import { errorData, type CheckSettings, type FileTask, type Outcome, type RecordItem, type RecordsTask, type Task, type TaskSettings } from './types.js';
import { yamlPackage } from '../../core/packages.js';
import { rawMemberText } from '../records.js';
import { OutputRoot, writeTemporaryOutput } from '../output/write.js';
import type * as CheckStage from './check.js';

export type Runner = (task: Task) => Outcome;

/** check's compare stage (src/node/batch/check.ts): loaded only by `check`, since it needs YAML and the schema validator. */
export type Checker = Pick<typeof CheckStage, 'existingInRecord' | 'readExistingFile' | 'verdictOf'>;

/** Load check's compare stage when the settings ask for it. */
export async function loadChecker(settings: TaskSettings): Promise<Checker | undefined> {
  return settings.check === undefined ? undefined : await import('./check.js');
}

interface Header {
  schema?: { name?: unknown; version?: unknown };
  source?: { path?: unknown; sha256?: unknown };
  annotator?: unknown;
}

const HEAD_BYTES = 64 * 1024;

/** The first `HEAD_BYTES` of a file (all of it if shorter), or undefined if it cannot be read. */
function readHead(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.allocUnsafe(HEAD_BYTES);
    let n = 0;
    while (n < HEAD_BYTES) {
      const got = readSync(fd, buf, n, HEAD_BYTES - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.toString('utf8', 0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The `schema`, `source` and `annotator` blocks of an existing output file, or undefined.
 * The top-level keys come in a fixed order, so only the part before `summary` is read and
 * parsed (outputs are often several times larger than their inputs); if that fails, the
 * whole file is parsed.
 */
function readHeader(target: string, format: Format): Header | undefined {
  const head = readHead(target);
  if (head === undefined) return undefined;
  const marker = format === 'yaml' ? '\nsummary:' : format === 'json' ? ',\n  "summary":' : ',"summary":';
  const cut = head.indexOf(marker);
  if (cut !== -1) {
    try {
      return (format === 'yaml' ? yamlPackage().parse(head.slice(0, cut + 1)) : JSON.parse(`${head.slice(0, cut)}}`)) as Header;
    } catch {
      // fall through to the whole file
    }
  }
  try {
    const text = readFileSync(target, 'utf8');
    return (format === 'yaml' ? yamlPackage().parse(text) : JSON.parse(text)) as Header;
  } catch {
    return undefined;
  }
}

/**
 * Build the function that does tasks with this index. The annotator block an up-to-date
 * output must carry is taken from a real annotation, so it follows whatever the
 * annotator records (version, policies, lexicon hashes).
 */
export function createRunner(index: PhraseIndex, settings: TaskSettings, checker?: Checker): Runner {
  const extra = settings.annotate;
  const probe: Annotation = annotateText('', index, { ...extra });
  const schemaName = probe.schema.name;
  const schemaVersion = probe.schema.version;
  const annotatorJson = JSON.stringify(probe.annotator);

  function upToDate(target: string, path: string, sha256: string): boolean {
    const h = readHeader(target, settings.format);
    return (
      h !== undefined &&
      h.schema?.name === schemaName &&
      h.schema.version === schemaVersion &&
      h.source?.path === path &&
      h.source.sha256 === sha256 &&
      JSON.stringify(h.annotator) === annotatorJson
    );
  }

  const root = settings.outDir === undefined ? undefined : new OutputRoot(settings.outDir);
  const verify = settings.check;
  if (verify !== undefined && checker === undefined) throw new Error('createRunner: settings.check needs the checker (loadChecker)');

  /** Stage 1: the input's bytes (stdin's were read by the driver). */
  const read = (task: FileTask): Uint8Array => task.bytes ?? readInput(task);

  /** Stage 2: bytes -> text (BOM, UTF-8 or UTF-16, sha256), or the input's error. */
  const decode = (bytes: Uint8Array, task: FileTask): DecodedSource => decodeSource(bytes, displayPath(task.path));

  /** Stage 4: annotate. */
  const annotate = (source: DecodedSource, task: FileTask): Annotation =>
    annotateText(source.text, index, { ...extra, path: task.path, sha256: source.sha256, encoding: source.encoding });

  /** Stage 5 (annotate): the document as a file, or as a part of stdout's stream. */
  const serialize = (annotation: Annotation, task: FileTask): string =>
    task.target === undefined ? serializeForStream(annotation, settings.format) : serializeAnnotation(annotation, settings.format);

  /** Stage 5 (check): compare with the file annotate wrote; with --update, the file to write instead when they differ. */
  function compare(annotation: Annotation, task: FileTask, size: number, check: CheckSettings): Outcome {
    const verdict = checker!.verdictOf(checker!.readExistingFile(task.target!, settings.format), annotation, check);
    const output = check.update && verdict.status !== 'ok' ? serializeAnnotation(annotation, settings.format) : undefined;
    return { kind: 'file', verdict, ...(output === undefined ? {} : { output }), mentions: annotation.mentions.length, bytes: size };
  }

  function runFile(task: FileTask): Outcome {
    let size = 0;
    try {
      const bytes = read(task);
      size = bytes.length;
      const source = decode(bytes, task);
      // Stage 3: skip an input whose output is up to date (annotate --out-dir without --force).
      if (task.check && task.target !== undefined && upToDate(task.target, task.path, source.sha256)) {
        return { kind: 'file', upToDate: true, mentions: 0, bytes: size };
      }
      const annotation = annotate(source, task);
      if (verify !== undefined) return compare(annotation, task, size, verify);
      const output = serialize(annotation, task);
      if (task.temporary !== undefined && task.target !== undefined) {
        // Stage 6 (annotate --out-dir): the output, complete, in the temporary file the driver renames.
        writeTemporaryOutput(task.target, task.temporary, output, { root, input: displayPath(task.path), skipNameTooLong: true });
        return { kind: 'file', written: true, mentions: annotation.mentions.length, bytes: size };
      }
      return { kind: 'file', output, mentions: annotation.mentions.length, bytes: size };
    } catch (error) {
      if (error instanceof AnnotatorError) return { kind: 'file', error: errorData(error), mentions: 0, bytes: size };
      throw error;
    }
  }

  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  const dateField = settings.records?.dateField ?? 'date';
  const pass = settings.records?.onError === 'pass';

  type RecordCode = 'AA103' | 'AA602' | 'AA603' | 'AA604';

  /**
   * A bad record's error; with `--on-error pass`, also the line written in its place: the
   * record with an `error` object ({code, message, line}) instead of `annotation` (its other
   * fields kept byte for byte when it has no `annotation` or `error` field), or only
   * `{"error": ...}` when the line is not a JSON object.
   */
  function recordError(code: RecordCode, message: string, file: string, line: number, raw?: string, fields?: Record<string, unknown>): RecordItem {
    const short = message.length > 200 ? `${message.slice(0, 200)}…` : message;
    const item: RecordItem = { error: { code, message: short, file, where: String(line) } };
    if (pass) {
      const error = { code, message: short, line };
      let out: string;
      if (fields === undefined || raw === undefined) out = JSON.stringify({ error });
      else if (Object.keys(fields).length === 0 || Object.prototype.hasOwnProperty.call(fields, 'annotation') || Object.prototype.hasOwnProperty.call(fields, 'error')) {
        const { annotation: _annotation, ...rest } = fields;
        out = JSON.stringify({ ...rest, error });
      } else out = `${raw.trim().slice(0, -1)},"error":${JSON.stringify(error)}}`;
      item.line = `${out}\n`;
    }
    return item;
  }

  /** A record read: its fields, its text, its name (`source.path`) and its own date. */
  interface ParsedRecord {
    fields: Record<string, unknown>;
    text: string;
    path: string;
    date: string | undefined;
  }

  /** Stages 1-2 of a record: one JSON Lines line -> the record, or its error. */
  function parseRecord(raw: string, file: string, line: number): ParsedRecord | RecordItem {
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      return recordError('AA602', `not a JSON record (${(error as Error).message})`, file, line);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      return recordError('AA603', 'not a JSON object with a "text" field', file, line);
    }
    const fields = record as Record<string, unknown>;
    if (typeof fields['text'] !== 'string') {
      return recordError('AA603', `no "text" string in the record${'text' in fields ? ` ("text" is ${fields['text'] === null ? 'null' : typeof fields['text']})` : ''}`, file, line, raw, fields);
    }
    // The record's own date, unless --date gives one for every record; absent, null or "" means none.
    let own: string | undefined;
    const value = extra.date === undefined && Object.prototype.hasOwnProperty.call(fields, dateField) ? fields[dateField] : undefined;
    if (value !== undefined && value !== null && value !== '') {
      const given = typeof value === 'string' ? recordDate(value) : { problem: `a ${Array.isArray(value) ? 'list' : typeof value}, not a string` };
      if ('problem' in given) {
        const shown = typeof value === 'string' ? `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} (${given.problem})` : given.problem;
        return recordError('AA604', `"${dateField}" is not a date: ${shown}`, file, line, raw, fields);
      }
      own = given.date;
    }
    const id = fields['id'];
    // A numeric id is named as written (JSON.parse would make 100000000000000000000000000 "1e+26").
    const path = typeof id === 'string' ? id : typeof id === 'number' ? (rawMemberText(raw, 'id') ?? String(id)) : '-';
    return { fields, text: fields['text'], path, date: own };
  }

  /** Stage 4 of a record: annotate its text. */
  const annotateRecord = (record: ParsedRecord): Annotation =>
    annotateText(record.text, index, { ...extra, path: record.path, ...(record.date === undefined ? {} : { recordDate: record.date }) });

  /** Stage 5 of a record (annotate): the same line with `annotation` added (other fields kept byte for byte). */
  function recordLine(raw: string, record: ParsedRecord, annotation: Annotation): string {
    if (Object.prototype.hasOwnProperty.call(record.fields, 'annotation')) {
      return `${JSON.stringify({ ...record.fields, annotation })}\n`; // replaces the old annotation in place
    }
    return `${raw.trim().slice(0, -1)},"annotation":${JSON.stringify(annotation)}}\n`;
  }

  /** One JSON Lines record -> its annotated line (annotate) or its verdict (check), or its error. */
  function runRecord(raw: string, file: string, line: number): RecordItem {
    const record = parseRecord(raw, file, line);
    if (!('fields' in record)) return record;
    const annotation = annotateRecord(record);
    if (verify !== undefined) return { verdict: checker!.verdictOf(checker!.existingInRecord(record.fields), annotation, verify), mentions: annotation.mentions.length, path: record.path, line };
    return { line: recordLine(raw, record, annotation), mentions: annotation.mentions.length };
  }

  function runRecords(task: RecordsTask): Outcome {
    const bytes = task.bytes;
    const items: RecordItem[] = [];
    let records = 0;
    let line = task.firstLine;
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(10, start);
      if (end === -1) end = bytes.length;
      let stop = end;
      if (stop > start && bytes[stop - 1] === 13) stop--;
      let from = start;
      if (line === 1 && stop - from >= 3 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
      const slice = bytes.subarray(from, stop);
      let blank = true;
      for (let i = 0; i < slice.length; i++) {
        const b = slice[i]!;
        if (b !== 32 && b !== 9) {
          blank = false;
          break;
        }
      }
      if (!blank) {
        records++;
        let raw: string | undefined;
        try {
          raw = utf8.decode(slice);
        } catch {
          items.push(recordError('AA103', `invalid UTF-8 at byte ${firstInvalidUtf8(slice)} of the line`, task.file, line));
        }
        if (raw !== undefined) items.push(runRecord(raw, task.file, line));
      }
      start = end + 1;
      line++;
    }
    return { kind: 'records', items, records, bytes: bytes.length };
  }

  return (task) => (task.kind === 'file' ? runFile(task) : runRecords(task));
}
