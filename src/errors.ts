/**
 * Every error the tool reports has a stable code (never reused, never renumbered) and
 * belongs to one of the exit codes below. The codes are documented in the README; tests
 * and users may match on them. Only `cli.ts` turns these into process exit codes.
 */

/** Process exit codes (the only ones the CLI uses). */
export const ExitCode = {
  /** Every input was annotated (or every check passed). */
  ok: 0,
  /** Some inputs failed; each was reported on stderr, the others were written. */
  inputErrors: 1,
  /** Usage error or lexicon error: nothing was written. */
  usage: 2,
  /** The output could not be written (disk full, read-only folder): the run stopped. */
  output: 3,
  /** Interrupted by SIGINT / SIGTERM. Files already renamed into place are complete. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The error catalogue: code -> short title. Codes are stable. */
export const ErrorCodes = {
  // AA1xx: one input file (the batch goes on; exit 1)
  AA101: 'input not found',
  AA102: 'input not readable',
  AA103: 'invalid UTF-8',
  AA104: 'binary file',
  AA105: 'unsupported encoding',
  AA106: 'input is a directory without matching files',
  AA107: 'output name collision',
  AA108: 'output name too long',
  AA109: 'input name not valid UTF-8',
  AA110: 'output would be written outside --out-dir (a symbolic link)',
  // AA2xx: lexicons (nothing is written; exit 2)
  AA201: 'lexicon not readable',
  AA202: 'lexicon YAML syntax error',
  AA203: 'lexicon does not match the lexicon schema',
  AA204: 'duplicate entry id',
  AA205: 'duplicate lexicon name',
  AA206: 'alias has no matchable text',
  AA207: 'unknown source id',
  AA208: 'context rules invalid',
  // AA220-AA259: `lexicon validate` findings (errors exit 2; warnings exit 1 only with --strict)
  AA220: 'alias shared by two entries of the same type without a policy',
  AA221: 'alias is a common English word',
  AA222: 'alias is very short',
  AA223: 'date range ends before it starts',
  AA224: 'impossible date',
  AA225: 'unknown province code',
  AA226: 'unknown district id',
  AA227: 'unknown part_of id',
  AA228: 'short form collides with another entry\'s alias',
  AA229: 'district reference is not a place of the same province',
  AA230: 'province entry names another province',
  // AA3xx: output (the run stops; exit 3)
  AA301: 'output not writable',
  // AA4xx: usage (nothing is written; exit 2)
  AA401: 'invalid option value',
  AA402: 'no inputs',
  // AA5xx: annotation files read back (validate, check, diff, stats, show, export; exit 1)
  AA501: 'annotation file syntax error',
  AA502: 'annotation does not match the annotation schema',
  AA503: 'mention text differs from the source text',
  AA504: 'source changed since it was annotated',
  AA505: 'annotation is inconsistent',
  AA506: 'source text not readable',
  AA507: 'two annotation files for the same name',
  // AA6xx: archive scale, workers and records (the batch goes on; exit 1)
  AA601: 'worker crashed on this input',
  AA602: 'record is not JSON',
  AA603: 'record has no text',
  AA604: 'record date is not a valid date',
} as const;
export type ErrorCode = keyof typeof ErrorCodes;

const exitByPrefix: Record<string, ExitCode> = {
  AA1: ExitCode.inputErrors,
  AA2: ExitCode.usage,
  AA3: ExitCode.output,
  AA4: ExitCode.usage,
  AA5: ExitCode.inputErrors,
  AA6: ExitCode.inputErrors,
};

/** The exit code an error of this code leads to when it ends the run. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  return exitByPrefix[code.slice(0, 3)] ?? ExitCode.inputErrors;
}

/**
 * A reported problem. `file` names the file it concerns (input, lexicon or output);
 * `where` locates it inside the file (`line:column`, a YAML path, a byte offset).
 */
export class AnnotatorError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly where: string | undefined;

  constructor(code: ErrorCode, message: string, options: { file?: string; where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AnnotatorError';
    this.code = code;
    this.file = options.file;
    this.where = options.where;
  }

  /** One line: `error[AA103] samples/x.txt: invalid UTF-8 at byte 1234`. */
  format(): string {
    const location = this.file === undefined ? '' : this.where === undefined ? `${this.file}: ` : `${this.file}:${this.where}: `;
    return `error[${this.code}] ${location}${oneLine(this.message)}`;
  }
}

/** Collapse control characters so that a message (or a file name in it) stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ');
}

/** A file name made safe to print on one line: newlines and other controls are escaped. */
export function displayPath(path: string): string {
  // eslint-disable-next-line no-control-regex
  return path.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
