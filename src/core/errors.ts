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
  /** An internal error (a bug): the stack trace is printed on stderr. */
  internal: 70,
  /** Interrupted by SIGINT / SIGTERM. Files already renamed into place are complete. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What each exit code means: `long` for the README's table, `short` for `--help`. The
 * README's table is generated from this (scripts/docs-tables.mjs) and a test fails when
 * they drift.
 */
export const ExitCodeDocs: Record<ExitCode, { short: string; long: string }> = {
  0: { short: 'success', long: 'every input was annotated (or every check passed)' },
  1: {
    short: 'some inputs failed (each reported on stderr, the rest written) or a check found differences',
    long: 'some inputs failed: each was reported on stderr, every other input was written; for `check`, `diff --exit-code` and `lexicon validate --strict`, differences or warnings were found',
  },
  2: {
    short: 'usage, lexicon or gold-file error (nothing written or scored)',
    long: 'usage error, lexicon error or gold-file error (`eval`): nothing was written or scored',
  },
  3: { short: 'output not writable (run stopped)', long: 'an output file could not be written (disk full, read-only folder): the run stopped; files already written are complete' },
  70: { short: 'internal error (a bug; please report it)', long: 'internal error (a bug: please report it with the input); the stack trace is on stderr' },
  130: { short: 'interrupted', long: 'interrupted (SIGINT/SIGTERM): files already written are complete, no temporary file is left' },
};

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
  // AA7xx: gold files read by `eval` (every problem is reported, nothing is scored; exit 2)
  AA701: 'gold line is not JSON',
  AA702: 'gold line does not match the gold schema',
  AA703: 'gold mention text differs from the document text',
  AA704: 'gold mention gives an unknown province code',
  AA705: 'gold file not readable',
} as const;
export type ErrorCode = keyof typeof ErrorCodes;

/**
 * The README's description of a code, where it says more than the title. The README's
 * error tables are generated from `ErrorCodes`, these and `exitCodeFor` (scripts/docs-tables.mjs);
 * a test fails when they drift.
 */
export const ErrorDocs: Partial<Record<ErrorCode, string>> = {
  AA101: 'input not found (or removed during the run)',
  AA102: 'input not readable (permissions, I/O error)',
  AA103: 'invalid UTF-8; the message gives the byte offset',
  AA104: 'binary file (a NUL byte)',
  AA105: 'unsupported or broken encoding (bad UTF-16)',
  AA106: 'a folder with no matching files',
  AA107: 'two inputs would write the same output file; the second is skipped',
  AA108: "the output's name would be longer than a file name may be (255 bytes), or its path too long (ENAMETOOLONG); that input is skipped",
  AA109: 'a file or folder name that is not valid UTF-8 (printed with its bad bytes as `\\xHH`); skipped',
  AA201: 'lexicon not readable',
  AA202: 'lexicon YAML syntax error (line and column)',
  AA203: 'lexicon does not match the lexicon schema (line, column and YAML path such as `entries[3].province`)',
  AA204: 'an entry id defined twice (in one file or across files)',
  AA205: 'two lexicons with the same name (the second is not checked further)',
  AA206: 'an alias with no letters or digits',
  AA207: 'an entry cites a source id its lexicon does not declare',
  AA208: 'context rules (`lexicons/rules/`) not readable, YAML syntax error or not matching `schema/rules.schema.json`',
  AA220:
    'an alias (same `normalize.v2` keys) claimed by two entries of the same type, unless every lexicon involved declares `shared_aliases: candidates`. Entries of different types may share a name (the province and the city of Kunduz): priority decides and the mention is flagged `ambiguous`',
  AA221:
    'an alias that is common English as prose writes it: every word is a lower-case word of the system word list, and its case policy lets it match the words in lower case or at the start of a sentence (`Bar` does; `ALP`, an acronym, and `Resolute Support` do not). The list is `/usr/share/dict/words` (Debian: `apt-get install wamerican`) or `--words FILE`; without it the check is skipped with a note',
  AA222: 'an alias of fewer than 3 letters or digits, unless it has `case: exact`',
  AA223: 'a date range that ends before it starts (`roles[].from`/`to`, `active_from`/`active_to`; compared at the precision both give)',
  AA224: 'an impossible date (`2021-02-30`, month `13`)',
  AA225: 'a `province` code that is not the id of a loaded province entry',
  AA226: 'a `district` id that no loaded entry has',
  AA227: 'a `part_of` id that no loaded entry has',
  AA228: "a short form that is another entry's alias (that entry matches it anywhere)",
  AA229: 'a `district` that is not a district place of the same province',
  AA230: 'a province entry whose `province` is not its own id',
  AA301: 'an output file could not be written',
  AA401: 'an option has an invalid value',
  AA402: 'no inputs given',
  AA501: 'annotation file syntax error (YAML or JSON; line and column)',
  AA502: 'annotation does not match the schema (line, column and path such as `mentions[3].province`)',
  AA503: "a mention's `text` is not the source text at its offsets",
  AA504: 'the source file changed since it was annotated (sha256 or length)',
  AA505: 'annotation inconsistent (offsets, order, counts, unknown entity)',
  AA506: 'source text not readable (`show`, `export`; a warning in `validate`)',
  AA507: 'two annotation files for the same name (`diff`: the same article in two formats)',
  AA601: 'the worker thread doing this input (or these records) stopped; the other inputs go on',
  AA602: 'record mode: a line is not JSON',
  AA603: 'record mode: a record is not an object with a `text` string',
  AA701: '`eval`: a gold line is not JSON',
  AA702: '`eval`: a gold line does not match `schema/gold.schema.json` (a missing `mentions`, an unknown `type`; the path of the value)',
  AA703: "`eval`: a gold mention's `text` is not the document's text at its offsets (or the offsets are not a span of it)",
  AA704: "`eval`: a gold mention's `province` is not the id of a loaded province entry",
  AA705: '`eval`: a gold file not readable',
};

/** The severity of each `lexicon validate` finding (AA204-AA230): errors exit 2, warnings only with --strict (exit 1). */
export const FindingSeverity: Partial<Record<ErrorCode, 'error' | 'warning'>> = {
  AA201: 'error',
  AA202: 'error',
  AA203: 'error',
  AA204: 'error',
  AA205: 'error',
  AA206: 'error',
  AA207: 'error',
  AA220: 'error',
  AA221: 'warning',
  AA222: 'warning',
  AA223: 'error',
  AA224: 'error',
  AA225: 'error',
  AA226: 'error',
  AA227: 'error',
  AA228: 'warning',
  AA229: 'warning',
  AA230: 'error',
};

const exitByPrefix: Record<string, ExitCode> = {
  AA1: ExitCode.inputErrors,
  AA2: ExitCode.usage,
  AA3: ExitCode.output,
  AA4: ExitCode.usage,
  AA5: ExitCode.inputErrors,
  AA6: ExitCode.inputErrors,
  AA7: ExitCode.usage,
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
