/** `afghan-annotator annotate`: the main job. */
import { LANGUAGES, type Language } from '../core/pipeline/language.js';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Option, type Command } from 'commander';
import { AnnotatorError, ExitCode } from '../core/errors.js';
import { ENTITY_TYPES, type EntityType } from '../core/lexicon/types.js';
import type { AnnotateOptions } from '../core/annotate.js';
import { dateProblem } from '../core/context/dates.js';
import { FORMATS, type Format } from '../core/output/serialize.js';
import { parseShard, type Shard } from '../node/batch/shard.js';
import { ON_ERROR, type OnError } from '../node/batch/types.js';
import { ProgressLine, renderSummary, type ProgressState } from './progress.js';
import { countInputs, runJobs, type InputKind, type RunResult, type RunTuning } from '../node/run.js';
import { addColorOption, addLexiconOptions, EXIT_CODES_HELP, indexFromOptions, indexOptions, parseMinConfidence, parseTypes, refuseExtWithInclude, type ColorMode, type CommandContext } from './command-context.js';

export const ANNOTATE_EXAMPLES = `
Examples:
  $ afghan-annotator annotate samples/ --out-dir annotations/
  $ afghan-annotator annotate article.txt                  # YAML on stdout
  $ afghan-annotator annotate -f jsonl corpus/ | jq -r '.mentions[].name'
  $ cat article.txt | afghan-annotator annotate - -f json
  $ afghan-annotator annotate --lexicon my-places.yaml --types place,province corpus/
  $ afghan-annotator annotate corpus/ -o out/ --jobs 4      # rerun: skips what is up to date
  $ afghan-annotator annotate corpus/ -o out/ --shard 3/8   # one of 8 array-job tasks
  $ afghan-annotator annotate --input jsonl < records.jsonl > annotated.jsonl`;

const MAX_JOBS = 256;
const HEAP_GROWING_PERCENT = 30;

/** `--jobs N` (default: the number of cores). */
export function parseJobs(value: unknown): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) {
    throw new AnnotatorError('AA401', `invalid --jobs "${String(value)}" (expected a whole number from 1 to ${MAX_JOBS})`);
  }
  return n;
}

/** Write to stdout (text or UTF-8 bytes), waiting when the pipe is full. */
async function writeOut(stream: NodeJS.WriteStream, chunk: string | Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * The options that change what is found (recorded in `annotator.options`): `annotate` and
 * `check` take the same ones, so that `check` can reproduce what `annotate` wrote.
 */
export function addAnnotateOptions(cmd: Command): Command {
  return cmd
    .option('--types <list>', `keep only these entity types (comma-separated: ${ENTITY_TYPES.join(', ')})`)
    .option('--min-confidence <x>', 'drop mentions whose confidence is below X (0 to 1)')
    .option('--date <date>', "the articles' date (YYYY, YYYY-MM or YYYY-MM-DD) for officials' roles on it; default: each article's dateline")
    .option('--explain', 'also list every context decision and every span that lost an overlap (field explanation)')
    .option('--no-variants', 'do not match unlisted spelling variants (variant.v1)')
    .addOption(new Option('--lang <lang>', "the articles' language (source.language); default: detected from script and function words").choices([...LANGUAGES]));
}

/**
 * The batch options of `annotate` and `check`, which run the same per-input jobs: how
 * inputs are read (`--input`, `--date-field`), taken from folders (`--ext`, `--include`),
 * split across machines (`--shard`) and across threads (`--jobs`). One definition, so that
 * a `check` reads exactly the inputs its `annotate` read. `input` says what each kind of
 * input is compared with or turned into, the one thing that differs between the two.
 */
export function addBatchOptions(cmd: Command, input: { text: string; jsonl: string }): Command {
  return cmd
    .option('--ext <list>', 'file extensions to take from folders (comma-separated; default txt, jsonl with --input jsonl)')
    .option('--include <glob>', 'take files from folders whose relative path matches GLOB (instead of --ext; not with --ext)')
    .option('-j, --jobs <n>', 'threads that annotate: this one and N-1 worker threads (default: the number of cores); what is written is the same whatever N')
    .option('--shard <k/n>', 'take only shard K of N of the inputs (0 <= K < N), chosen by a hash of each input path')
    .addOption(new Option('--input <kind>', `text: ${input.text}; jsonl: ${input.jsonl}`).choices(['text', 'jsonl']).default('text'))
    .option('--date-field <name>', "with --input jsonl: the record field that holds its date (default: date), used for officials' roles unless --date is given");
}

/** What the batch options say (`addBatchOptions`), checked: the inputs of one run of jobs. */
export interface BatchSelection {
  input: InputKind;
  jobs: number;
  shard: Shard | undefined;
  dateField: string;
  /** How folders are walked (`findInputs`), with --out-dir left out by the caller. */
  extensions: string[];
  include: string | undefined;
}

/** Parse and check the batch options; `recordOnly` names the command's other options that only record mode takes. */
export function batchSelection(opts: Record<string, unknown>, command: Command, recordOnly: readonly (readonly [key: string, flag: string])[] = []): BatchSelection {
  refuseExtWithInclude(opts, command);
  const input = opts['input'] as InputKind;
  const jobs = parseJobs(opts['jobs']);
  const shard = opts['shard'] === undefined ? undefined : parseShard(String(opts['shard']));
  const dateField = opts['dateField'] === undefined ? 'date' : String(opts['dateField']);
  if (input !== 'jsonl') {
    for (const [key, flag] of [['dateField', '--date-field'], ...recordOnly] as const) {
      if (command.getOptionValueSource(key) === 'cli') throw new AnnotatorError('AA401', `${flag} is for record mode only (--input jsonl)`);
    }
  }
  if (dateField === '') throw new AnnotatorError('AA401', '--date-field takes a field name, not ""');
  if (input === 'jsonl' && shard !== undefined) {
    throw new AnnotatorError('AA401', '--shard cannot be used with --input jsonl (split the records instead, e.g. with GNU parallel --pipe)');
  }
  const extensions = String(opts['ext'] ?? (input === 'jsonl' ? 'jsonl' : 'txt'))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { input, jobs, shard, dateField, extensions, include: opts['include'] === undefined ? undefined : String(opts['include']) };
}

/** Options of annotateText given on the command line (plain data: workers get them too). */
export function annotateSettings(opts: Record<string, unknown>, types: readonly EntityType[] | undefined): AnnotateOptions {
  const out: AnnotateOptions = {};
  if (types !== undefined) out.types = types;
  if (opts['minConfidence'] !== undefined) out.minConfidence = parseMinConfidence(opts['minConfidence']);
  if (opts['date'] !== undefined) {
    const d = String(opts['date']);
    const problem = dateProblem(d);
    if (problem !== undefined) throw new AnnotatorError('AA401', `--date takes a real date, YYYY, YYYY-MM or YYYY-MM-DD, not "${d}" (${problem})`);
    out.date = d;
  }
  if (opts['explain'] === true) out.explain = true;
  if (opts['variants'] === false) out.variants = false;
  if (opts['lang'] !== undefined) out.lang = opts['lang'] as Language;
  return out;
}

/** The tuning in an environment. */
export function runTuning(env: Readonly<Record<string, string | undefined>>): RunTuning {
  const after = env['AFGHAN_ANNOTATOR_WORKERS_AFTER_MS'];
  const young = env['AFGHAN_ANNOTATOR_WORKER_YOUNG_MB'];
  const crash = env['AFGHAN_ANNOTATOR_TEST_WORKER_CRASH'];
  return {
    ...(after === undefined ? {} : { workersAfterMs: Number(after) }),
    ...(young === undefined ? {} : { youngGenerationMb: Number(young) || 0 }),
    ...(crash === undefined ? {} : { testCrashOn: crash }),
  };
}

export function registerAnnotate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('annotate')
    .description('annotate text files, folders (recursively) or - (stdin); or JSON Lines records with --input jsonl')
    .argument('[paths...]', 'files, folders or - for stdin', [])
    .option('-o, --out-dir <dir>', 'write one annotation file per input below DIR, mirroring the input tree; folder walks leave out DIR, the files the tool writes (*.ann.yaml, *.ann.json, *.ann.jsonl, *.ann, *.w3c.jsonld) and folders written by export')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('yaml'));
  addBatchOptions(addAnnotateOptions(addLexiconOptions(cmd)), {
    text: 'one document per file',
    jsonl: 'JSON Lines records {"id", "text", "date", ...} in, the same records with "annotation" added out',
  })
    .option('--force', 'with --out-dir: annotate again inputs whose output is up to date')
    .addOption(
      new Option('--on-error <what>', 'with --input jsonl, a bad record: skip (an error line on stderr; exit 1), pass (also written to stdout with an "error" object {code, message, line} in place of "annotation", so every input line gives one output line; exit 0), fail (stop at it; exit 1)')
        .choices([...ON_ERROR])
        .default('skip'),
    );
  addColorOption(cmd)
    .addHelpText('after', ANNOTATE_EXAMPLES + EXIT_CODES_HELP)
    .action(async (paths: string[], opts: Record<string, unknown>, command: Command) => {
      const started = performance.now();
      // Keep the heap close to what is live: V8's default lets each thread's old generation
      // grow up to 4x before collecting; 1.3x measured -35 % peak RSS (jobs 2, 20,000 files:
      // 399 -> 234 MB) for ~1 % more time in GC. It decides when garbage is collected, never what is computed.
      setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
      const chalk = ctx.useColor(opts['color'] as ColorMode);
      const types = parseTypes(opts['types']);
      const { input, jobs, shard, dateField, extensions, include } = batchSelection(opts, command, [['onError', '--on-error']]);
      const outDir = opts['outDir'] === undefined ? undefined : String(opts['outDir']);
      const onError = opts['onError'] as OnError;
      if (input === 'jsonl') {
        if (outDir !== undefined) throw new AnnotatorError('AA401', '--out-dir cannot be used with --input jsonl (records are written to stdout)');
        if (command.getOptionValueSource('format') === 'cli' && opts['format'] !== 'jsonl') {
          throw new AnnotatorError('AA401', '--input jsonl writes JSON Lines records: --format must be jsonl');
        }
      } else if (paths.length === 0) {
        throw new AnnotatorError('AA402', 'no inputs: give files, folders, or - for stdin');
      }
      const index = indexFromOptions(opts, ctx.io.env);
      const quiet = opts['quiet'] === true;
      const env = ctx.io.env;
      const onTerminal = ctx.io.stderr.isTTY === true && !quiet;
      const inCi = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false';
      const bar = onTerminal && !inCi && env['TERM'] !== 'dumb' ? new ProgressLine(ctx.io.stderr) : undefined;

      const findOptions = {
        extensions,
        ...(include === undefined ? {} : { include }),
        skipOutputs: true,
        ...(outDir === undefined ? {} : { excludeDirs: [outDir] }),
      };
      let latest: RunResult = { files: 0, upToDate: 0, failed: 0, mentions: 0, bytes: 0 };
      let total: number | undefined;
      let finished = false;
      const snapshot = (): ProgressState => ({
        done: latest.files + latest.upToDate + latest.failed + (latest.passed ?? 0),
        total,
        bytes: latest.bytes,
        mentions: latest.mentions,
        failed: latest.failed,
        upToDate: latest.upToDate,
        elapsedMs: performance.now() - started,
        unit: input === 'jsonl' ? 'record' : 'file',
      });
      if (bar !== undefined) {
        bar.start(snapshot);
        if (input === 'text') {
          // Count the inputs alongside the run (names only, nothing read) for "done of total" and time left.
          countInputs({ inputs: paths, ...findOptions, ...(shard === undefined ? {} : { shard }) }, () => finished).then(
            (n) => {
              if (!finished) total = n;
            },
            () => undefined,
          );
        }
      }
      let result: RunResult;
      try {
        result = await runJobs({
          inputs: paths,
          input,
          index,
          indexOptions: indexOptions(opts, ctx.io.env),
          tuning: runTuning(ctx.io.env),
          format: opts['format'] as Format,
          jobs,
          force: opts['force'] === true,
          ...(outDir === undefined ? {} : { outDir }),
          annotate: annotateSettings(opts, types),
          ...(input === 'jsonl' ? { records: { dateField, onError } } : {}),
          ...(shard === undefined ? {} : { shard }),
          ...findOptions,
          readStdin: () => ctx.readStdin(),
          stdinChunks: () => ctx.io.stdin,
          writeStdout: (chunk) => writeOut(ctx.io.stdout, chunk),
          onError: (e) => {
            bar?.clear();
            ctx.reportError(e);
          },
          onProgress: (r) => {
            latest = r;
          },
        });
      } finally {
        finished = true;
        bar?.stop();
      }
      latest = result;
      if (result.failed > 0) ctx.raise(ExitCode.inputErrors);
      if (onTerminal) {
        const line = renderSummary(snapshot());
        ctx.io.stderr.write(`${result.failed > 0 ? line.replace(/(\d[\d,]*) errors?/, (m) => chalk.red(m)) : line}\n`);
      }
    });
}
