/**
 * The messages between the batch driver and whatever annotates (worker threads or the
 * main thread): plain data, so they cross a thread boundary by structured clone.
 */
import type { ErrorCode } from '../../core/errors.js';
import { AnnotatorError } from '../../core/errors.js';
import type { Format } from '../../core/output/serialize.js';
import type { AnnotateOptions } from '../../core/annotate.js';
import type { AnnotationComparison } from '../../core/workflows/compare.js';

/** An AnnotatorError as data. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  file?: string;
  where?: string;
}

/** One text file (or stdin's bytes), to annotate into one document. */
export interface FileTask {
  kind: 'file';
  /** Where to read from. */
  file: string;
  /** `source.path` in the output, and the name in messages. */
  path: string;
  /** The output file (with --out-dir): the document is serialized as a file, not a stream part. */
  target?: string;
  /** Check whether `target` is already up to date before annotating. */
  check: boolean;
  /**
   * annotate --out-dir: write the output into this temporary file beside `target` (named and
   * tracked by the driver, which renames it over `target` in input order), rather than
   * returning it: a worker thread writes its own outputs and sends no text.
   */
  temporary?: string;
  /** The bytes, when the driver read them (stdin). */
  bytes?: Uint8Array;
}

/** Complete lines of JSON Lines records. */
export interface RecordsTask {
  kind: 'records';
  /** The input's name in messages (`-` for stdin). */
  file: string;
  /** 1-based number of the first line. */
  firstLine: number;
  bytes: Uint8Array;
}

export type Task = FileTask | RecordsTask;

/**
 * A record annotated, or its error; with `--on-error pass`, the error also has the line to
 * write in its place. For `check`, the verdict on the record's `annotation` instead of a line.
 */
export type RecordItem = { line: string; mentions: number } | { error: ErrorData; line?: string } | RecordVerdict;

/** `check --input jsonl`: a record's verdict, with where the record is. */
export interface RecordVerdict {
  verdict: CheckVerdict;
  mentions: number;
  /** The record's name (`source.path`: its id, or `-`). */
  path: string;
  /** 1-based line of the record in its input. */
  line: number;
}

/** How an annotation file (or a record's `annotation`) compares with a fresh annotation (`check`). */
export const CHECK_STATUSES = ['ok', 'drift', 'stamp', 'missing', 'invalid'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckVerdict {
  status: CheckStatus;
  /** With `drift` and `stamp`. */
  comparison?: AnnotationComparison;
  /** With `invalid`: why the file cannot be compared. */
  reason?: string;
}

/** `check`: the jobs compare with what annotate wrote instead of producing it. */
export interface CheckSettings {
  /** A difference only in the annotator stamp counts as up to date. */
  ignoreStamp: boolean;
  /** Serialize the fresh annotation of a file that is not up to date (the driver writes it). */
  update: boolean;
}

/** What record mode does with a bad record (`--on-error`). */
export const ON_ERROR = ['skip', 'pass', 'fail'] as const;
export type OnError = (typeof ON_ERROR)[number];

/** Record mode settings. */
export interface RecordSettings {
  /** The field that holds a record's date (default `date`). */
  dateField: string;
  onError: OnError;
}

export type Outcome =
  /**
   * `output` crosses from a worker as a string: measured cheaper than transferring its UTF-8
   * bytes. `written`: the output is complete in the task's `temporary` file.
   */
  | { kind: 'file'; output?: string; written?: true; upToDate?: boolean; mentions: number; bytes: number; error?: ErrorData; verdict?: CheckVerdict }
  | { kind: 'records'; items: RecordItem[]; records: number; bytes: number }
  /** Not an input's fault: a bug or a broken installation. The run stops (exit 70). */
  | { kind: 'fatal'; message: string; cause?: unknown };

/** What every annotator needs besides the lexicons. Plain data. */
export interface TaskSettings {
  format: Format;
  /** Further `annotateText` options (such as `types`), the same for every input. */
  annotate: AnnotateOptions;
  /** Record mode only (default: the `date` field, `skip`). */
  records?: RecordSettings;
  /** `check`: compare each fresh annotation with the existing one. */
  check?: CheckSettings;
  /** annotate --out-dir: the folder temporary files are confined to (src/node/output/write.ts OutputRoot). */
  outDir?: string;
}

export function errorData(error: AnnotatorError): ErrorData {
  return {
    code: error.code,
    message: error.message,
    ...(error.file === undefined ? {} : { file: error.file }),
    ...(error.where === undefined ? {} : { where: error.where }),
  };
}

export function toAnnotatorError(data: ErrorData): AnnotatorError {
  return new AnnotatorError(data.code, data.message, {
    ...(data.file === undefined ? {} : { file: data.file }),
    ...(data.where === undefined ? {} : { where: data.where }),
  });
}
