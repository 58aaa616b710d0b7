/**
 * The batch driver: inputs in a deterministic order, each read, annotated and written on
 * its own; one input's error is reported and the run goes on. Errors reach the caller as
 * data (`onError`), so only cli.ts decides what to print and which exit code to use.
 *
 * - Streaming: inputs are discovered lazily (src/inputs.ts) and at most `window` tasks are
 *   in flight, so memory does not grow with the number of inputs.
 * - Parallel: with `jobs` > 1 and more than one task, tasks go to worker threads
 *   (src/batch/pool.ts); results are taken in input order, so stdout, the output files
 *   and the error messages are the same whatever `jobs` is.
 * - Files are written atomically: whoever does a task (a worker thread, or this one)
 *   writes its output into a temporary file this thread named (src/node/batch/task.ts), and
 *   this thread renames it over the output, synchronously and in input order: an
 *   interrupted run (SIGINT) leaves complete files and no temporary one (the signal handler
 *   removes the temporary files still pending, src/node/output/write.ts). The loop yields
 *   to the event loop at least every YIELD_MS, so that a signal is handled even when
 *   every input is annotated synchronously in this thread (--jobs 1).
 * - An output name too long for a file name (AA108) fails that input only.
 * - Incremental: with `outDir`, an input whose output already records the same source
 *   path and sha256, annotator version, policies and lexicon hashes is skipped, unless `force`.
 * - Record mode (`input: 'jsonl'`): JSON Lines records in, the same records with an
 *   `annotation` field out on stdout, in input order (src/records.ts).
 * - The same jobs serve `check` (`check` given): each fresh annotation is compared with
 *   the file (or the record's `annotation`) annotate wrote, and the sink's report lines go
 *   to stdout in input order; with --update the files that differ are written here too.
 * - `-f json` on stdout holds one document: a second input is refused (AA401) before
 *   anything is written; `-f jsonl` writes one document per line.
 */
import { dirname } from 'node:path';
import type { AnnotateOptions } from '../core/annotate.js';
import { AnnotatorError, displayPath } from '../core/errors.js';
import { findInputs, inputReadError, type FindOptions } from './inputs.js';
import type { PhraseIndex } from '../core/lexicon/compile.js';
import type { Format } from '../core/output/serialize.js';
import { OutputRoot, commitOutput, releaseTemporary, removeStaleTemporaryFilesOnce, reserveTemporary, writeOutputFile, type OutputFileOptions } from './output/write.js';
import { OutputTargets } from './output/targets.js';
import { fileChunks, recordBatches } from './records.js';
import { WorkerPool } from './batch/pool.js';
import { inShard, type Shard } from './batch/shard.js';
import { toAnnotatorError, type CheckSettings, type CheckStatus, type CheckVerdict, type Outcome, type RecordSettings, type Task, type TaskSettings } from './batch/types.js';
import type { LoadIndexOptions } from './load-index.js';

export type InputKind = 'text' | 'jsonl';

export interface RunOptions extends FindOptions {
  inputs: readonly string[];
  /** The compiled lexicons (for the main thread). */
  index: PhraseIndex;
  /** The options the index was built from: workers build theirs from them (see src/node/worker.ts). */
  indexOptions?: LoadIndexOptions;
  /** Settings from the environment, read by the CLI (src/cli/annotate.ts). */
  tuning?: RunTuning;
  /** `text` (default): one document per file; `jsonl`: JSON Lines records. */
  input?: InputKind;
  format: Format;
  /** Write one file per input below this folder; without it, write to `writeStdout`. */
  outDir?: string;
  /** Further annotateText options, the same for every input (such as `types`). */
  annotate?: AnnotateOptions;
  /** Record mode: the date field and what to do with a bad record (default: `date`, skip). */
  records?: RecordSettings;
  /** Threads that annotate: this one and `jobs - 1` worker threads (default 1: everything in this thread). */
  jobs?: number;
  /** With `outDir`: redo inputs whose output is up to date. */
  force?: boolean;
  /** Annotate only this shard of the inputs (src/batch/shard.ts). */
  shard?: Shard;
  readStdin: () => Promise<Uint8Array>;
  /** Standard input as a stream (record mode). */
  stdinChunks?: () => AsyncIterable<Uint8Array | string>;
  /** Write data to stdout, waiting when the pipe is full (text, or UTF-8 bytes). */
  writeStdout: (chunk: string | Uint8Array) => Promise<void>;
  onError: (error: AnnotatorError) => void;
  /** Called after each input (or batch of records) is done, with the running totals. */
  onProgress?: (result: Readonly<RunResult>) => void;
  /**
   * `check`: the jobs compare with what annotate wrote (the files below `outDir`, or the
   * records' `annotation`) and this sink says what to print for each verdict.
   */
  check?: CheckSink;
  /** Where the outputs go below `outDir` (default: a new one); `check` looks in it for extra files afterwards. */
  targets?: OutputTargets;
}

/** `check` as a sink over the same jobs: the report lines of each verdict, in input order, on stdout. */
export interface CheckSink extends CheckSettings {
  report(found: CheckFound): string;
}

export interface CheckFound {
  verdict: CheckVerdict;
  /** The input's path (`source.path`: for a record, its id or `-`). */
  input: string;
  /** The annotation file compared with (not in record mode). */
  target?: string;
  /** Record mode: the input's name and the record's line. */
  record?: { file: string; line: number };
  /** Mentions in the fresh annotation. */
  mentions: number;
}

export interface RunResult {
  /** Inputs annotated (files, or records in record mode). */
  files: number;
  /** Inputs skipped because their output was up to date. */
  upToDate: number;
  /** Errors reported (one per failed input or record), not counting `passed`. */
  failed: number;
  /** Record mode with `--on-error pass`: bad records written back with an `error` object (reported on stderr too). */
  passed?: number;
  mentions: number;
  /** Bytes of input read. */
  bytes: number;
  /** `check`: how many inputs (or records) had each verdict. */
  verdicts?: Record<CheckStatus, number>;
}

type Item = { task: Task } | { error: AnnotatorError };

/** Tasks queued in each worker thread: enough that it never waits while this thread runs one. */
const WORKER_DEPTH = 4;
/** Milliseconds of annotation in this thread before worker threads are started. */
const WORKERS_AFTER_MS = 300;
/** Milliseconds of synchronous work at most between two turns of the event loop (signals, stdout). */
const YIELD_MS = 25;

interface Pending {
  outcome: Promise<Outcome> | undefined;
  error: AnnotatorError | undefined;
  /** The input's path (for messages; for records, the input's name) and its output file. */
  path: string | undefined;
  target: string | undefined;
  /** The temporary file the task writes its output into (annotate --out-dir). */
  temporary: string | undefined;
  /** Whether `outcome` has settled (then emitting it does not wait). */
  done: boolean;
}

/** How many inputs a run with these options will take (for the progress bar): the same walk, nothing read. */
export async function countInputs(options: Pick<RunOptions, 'inputs' | 'shard' | 'extensions' | 'include' | 'skipOutputs' | 'excludeDirs'>, stop?: () => boolean): Promise<number> {
  let n = 0;
  for await (const found of findInputs(options.inputs, options)) {
    if (stop?.()) break;
    if (found.ok && (options.shard === undefined || inShard(found.input.path, options.shard))) n++;
  }
  return n;
}

/** `-f json` on stdout is one JSON document: a second input is refused before anything is written. */
function oneJsonDocument(): AnnotatorError {
  return new AnnotatorError('AA401', '-f json writes one JSON document to stdout, and these inputs make more than one: use -f jsonl (one document per line) or --out-dir DIR');
}

async function* textItems(options: RunOptions, reserved: Set<string>): AsyncGenerator<Item> {
  const targets = options.outDir === undefined ? undefined : (options.targets ?? new OutputTargets(options.outDir, options.format));
  const oneDocument = options.outDir === undefined && options.format === 'json';
  let tasks = 0;
  for await (const found of findInputs(options.inputs, options)) {
    if (!found.ok) {
      yield { error: found.error };
      continue;
    }
    const input = found.input;
    if (options.shard !== undefined && !inShard(input.path, options.shard)) continue;
    let target: string | undefined;
    if (targets !== undefined) {
      const claim = targets.claim(input);
      if ('error' in claim) {
        yield claim;
        continue;
      }
      target = claim.target;
    }
    if (oneDocument && ++tasks > 1) throw oneJsonDocument();
    let temporary: string | undefined;
    if (target !== undefined && options.check === undefined) {
      temporary = reserveTemporary(target);
      reserved.add(temporary);
    }
    const task: Task = {
      kind: 'file',
      file: input.file,
      path: input.path,
      check: target !== undefined && options.force !== true && options.check === undefined,
      ...(target === undefined ? {} : { target }),
      ...(temporary === undefined ? {} : { temporary }),
      ...(input.file === '-' ? { bytes: await options.readStdin() } : {}),
    };
    yield { task };
  }
}

async function* recordItems(options: RunOptions): AsyncGenerator<Item> {
  const inputs = options.inputs.length === 0 ? ['-'] : options.inputs;
  for await (const found of findInputs(inputs, options)) {
    if (!found.ok) {
      yield { error: found.error };
      continue;
    }
    const input = found.input;
    const name = displayPath(input.path);
    const source = input.file === '-' ? (options.stdinChunks?.() ?? [await options.readStdin()]) : fileChunks(input.file);
    try {
      for await (const batch of recordBatches(source)) yield { task: { kind: 'records', file: name, firstLine: batch.firstLine, bytes: batch.bytes } };
    } catch (cause) {
      yield { error: inputReadError(input.path, cause) };
    }
  }
}

/** What the environment may tune (the CLI reads it): tests and measurements, never the output. */
export interface RunTuning {
  /** AFGHAN_ANNOTATOR_WORKERS_AFTER_MS: start workers once this thread was busy that long (default 300). */
  workersAfterMs?: number;
  /** AFGHAN_ANNOTATOR_WORKER_YOUNG_MB: see src/node/batch/pool.ts. */
  youngGenerationMb?: number;
  /** AFGHAN_ANNOTATOR_TEST_WORKER_CRASH: see src/node/worker.ts. */
  testCrashOn?: string;
}

/** Run the per-input jobs of `annotate` (or, with `check`, of `check`) over the inputs, writing what they give in input order. */
export async function runJobs(options: RunOptions): Promise<RunResult> {
  const result: RunResult = { files: 0, upToDate: 0, failed: 0, mentions: 0, bytes: 0 };
  const jobs = Math.max(1, options.jobs ?? 1);
  const check = options.check;
  const settings: TaskSettings = {
    format: options.format,
    annotate: options.annotate ?? {},
    ...(options.records === undefined ? {} : { records: options.records }),
    ...(check === undefined ? {} : { check: { ignoreStamp: check.ignoreStamp, update: check.update } }),
    ...(options.outDir === undefined || check !== undefined ? {} : { outDir: options.outDir }),
  };
  /** Temporary files named for tasks and not yet renamed or released (removed if the run stops). */
  const reserved = new Set<string>();
  const release = (tmp: string | undefined, remove: boolean): void => {
    if (tmp === undefined) return;
    releaseTemporary(tmp, remove);
    reserved.delete(tmp);
  };
  if (check !== undefined) result.verdicts = { ok: 0, drift: 0, stamp: 0, missing: 0, invalid: 0 };
  /** `check`: count a verdict and print what the sink says about it. */
  const verdictFound = (found: CheckFound, mentions: number): void => {
    result.verdicts![found.verdict.status]++;
    result.files++;
    result.mentions += mentions;
    const text = check!.report(found);
    if (text !== '') toStdout(text);
  };
  const onRecordError = options.records?.onError ?? 'skip';
  const tuning = options.tuning ?? {};
  const root = options.outDir === undefined ? undefined : new OutputRoot(options.outDir);
  /** An output refused because its real location is outside --out-dir (AA110): that input's error. */
  const escaped = (cause: unknown, path: string | undefined): AnnotatorError | undefined =>
    cause instanceof AnnotatorError && cause.code === 'AA110' ? new AnnotatorError('AA110', cause.message, { file: displayPath(path ?? '-'), cause }) : undefined;
  // In flight at most: tasks done here wait behind the head until it is done, so with too
  // few this thread stops and waits for a worker's long task (measured: idle 8% of the main
  // thread with 16 for --jobs 2 on news). An outcome written to its temporary file holds no text.
  const window = jobs > 1 ? Math.max(64, jobs * 32) : 2;

  // The engine is chosen when the second task arrives: a single input (one article, a
  // small stdin) is done in this thread, so that it does not pay for starting workers.
  let engine: ((task: Task) => Promise<Outcome>) | undefined;
  let pool: WorkerPool | undefined;
  let held: { task: Task; resolve: (outcome: Promise<Outcome>) => void } | undefined;

  const chooseEngine = async (many: boolean): Promise<(task: Task) => Promise<Outcome>> => {
    if (engine !== undefined) return engine;
    const { createRunner, loadChecker } = await import('./batch/task.js');
    const run = createRunner(options.index, settings, await loadChecker(settings));
    const local = (task: Task): Promise<Outcome> => {
      try {
        return Promise.resolve(run(task));
      } catch (cause) {
        return Promise.resolve<Outcome>({ kind: 'fatal', message: String(cause), cause });
      }
    };
    if (many && jobs > 1) {
      // This thread is one of the N: it takes a task whenever the N - 1 workers have enough
      // queued. One isolate fewer than N workers (each holds wink's model, the lexicons and
      // its own heap): peak RSS for --jobs 2 on 20,000 files measured 474 -> 399 MB.
      const p = new WorkerPool(jobs - 1, {
        indexOptions: options.indexOptions ?? {},
        lexiconHashes: options.index.lexicons.map((l) => l.sha256),
        settings,
        ...(tuning.youngGenerationMb === undefined ? {} : { youngGenerationMb: tuning.youngGenerationMb }),
        ...(tuning.testCrashOn === undefined ? {} : { testCrashOn: tuning.testCrashOn }),
      }, WORKER_DEPTH);
      pool = p;
      // Workers start only once this thread has been busy for a while: a small run (a few
      // articles) would spend more on starting a worker (~0.5 s of CPU: wink's model, the
      // lexicons) than it saves. The tests set the delay to 0 to use workers at once.
      const after = tuning.workersAfterMs ?? WORKERS_AFTER_MS;
      const workersOnly = tuning.testCrashOn !== undefined; // see src/node/worker.ts
      let busy = 0;
      engine = (task) => {
        if (workersOnly || (busy >= after && p.hasRoom())) return p.run(task);
        const t0 = performance.now();
        const outcome = local(task);
        busy += performance.now() - t0;
        return outcome;
      };
    } else {
      engine = local;
    }
    return engine;
  };
  const releaseHeld = async (many: boolean): Promise<void> => {
    if (held === undefined) return;
    const run = await chooseEngine(many);
    const h = held;
    held = undefined;
    h.resolve(run(h.task));
  };
  // Returns the outcome's promise wrapped, so that awaiting the submission does not await the outcome.
  const submit = async (task: Task): Promise<{ outcome: Promise<Outcome> }> => {
    if (engine !== undefined) return { outcome: engine(task) };
    if (held === undefined) {
      const outcome = new Promise<Outcome>((resolve) => {
        held = { task, resolve };
      });
      return { outcome };
    }
    await releaseHeld(true);
    return { outcome: engine!(task) };
  };

  // Stdout data is gathered into batches of about 64 KB (the await for the stream's room, once a batch).
  let stdoutParts: (string | Uint8Array)[] = [];
  let stdoutSize = 0;
  const toStdout = (part: string | Uint8Array): void => {
    stdoutParts.push(part);
    stdoutSize += part.length;
  };
  const flushStdout = async (): Promise<void> => {
    if (stdoutParts.length === 0) return;
    const parts = stdoutParts;
    stdoutParts = [];
    stdoutSize = 0;
    // Each part as it is, not joined (issue 17): a joined batch is a new ~130 KB string on
    // the heap at every flush, and its allocation paid for the old generation's garbage
    // collection. On the bench's news (80 MB of JSON Lines), joining took 0.9 s of a 6-8 s
    // run; written part by part, the run took 8.1 s of CPU instead of 9.5 (medians of 5
    // alternating runs, > /dev/null; 7.9 against 9.9 into a pipe).
    for (const part of parts) await options.writeStdout(part);
  };
  const report = async (error: AnnotatorError): Promise<void> => {
    await flushStdout();
    // Record mode, --on-error fail: what came before is written, then the run stops (exit 1).
    if (options.input === 'jsonl' && onRecordError === 'fail') throw error;
    result.failed++;
    options.onError(error);
  };

  /**
   * Put an input's output in place with `place` (writeOutputFile or commitOutput, given the
   * input's options); the error when it was refused for this input only (AA110, AA108), to report.
   */
  const refusedPlacing = (entry: Pending, place: (options: OutputFileOptions) => void): AnnotatorError | undefined => {
    try {
      place({ root, input: displayPath(entry.path ?? '-'), skipNameTooLong: true });
      return undefined;
    } catch (error) {
      if (error instanceof AnnotatorError && (error.code === 'AA110' || error.code === 'AA108')) return error;
      throw error;
    }
  };
  /** Write an input's output file (its text came back from the task). */
  const refusedWrite = (entry: Pending, output: string): AnnotatorError | undefined => refusedPlacing(entry, (o) => writeOutputFile(entry.target!, output, o));
  /** Rename a task's temporary file over its output; the temporary file is no longer pending either way. */
  const refusedCommit = (entry: Pending, tmp: string): AnnotatorError | undefined => {
    try {
      return refusedPlacing(entry, (o) => commitOutput(entry.target!, tmp, o));
    } finally {
      release(tmp, false);
    }
  };

  const emit = async (entry: Pending): Promise<void> => {
    if (entry.error !== undefined) {
      await report(entry.error);
      options.onProgress?.(result);
      return;
    }
    const outcome = await entry.outcome!;
    // A task that wrote no output leaves no temporary file (a crashed worker may have left part of one).
    if (outcome.kind !== 'file' || outcome.written !== true) release(entry.temporary, outcome.kind !== 'file' || outcome.upToDate !== true);
    switch (outcome.kind) {
      case 'fatal':
        if (outcome.cause !== undefined) throw outcome.cause;
        throw new Error(outcome.message);
      case 'file':
        result.bytes += outcome.bytes;
        if (outcome.error !== undefined) {
          // A write that failed for another reason than this input's (AA301) stops the run, as writeOutputFile's would.
          if (outcome.error.code === 'AA301') throw toAnnotatorError(outcome.error);
          await report(toAnnotatorError(outcome.error));
        } else if (outcome.verdict !== undefined) {
          // check --update: the fresh file replaces one that is not up to date.
          const refused = outcome.output === undefined ? undefined : refusedWrite(entry, outcome.output);
          if (refused !== undefined) {
            await report(refused);
            break;
          }
          verdictFound({ verdict: outcome.verdict, input: entry.path!, target: entry.target!, mentions: outcome.mentions }, outcome.mentions);
          if (stdoutSize >= 64 * 1024) await flushStdout();
        } else if (outcome.upToDate === true) {
          // An output found up to date through a link that leads out of --out-dir is not ours.
          try {
            root?.checkFile(entry.target!);
          } catch (cause) {
            const error = escaped(cause, entry.path);
            if (error === undefined) throw cause;
            await report(error);
            break;
          }
          // A killed run may have left temporary files beside outputs that are now up to date.
          removeStaleTemporaryFilesOnce(dirname(entry.target!));
          result.upToDate++;
        } else if (entry.target !== undefined) {
          const refused = outcome.written === true ? refusedCommit(entry, entry.temporary!) : refusedWrite(entry, outcome.output!);
          if (refused !== undefined) {
            await report(refused);
            break;
          }
          result.files++;
          result.mentions += outcome.mentions;
        } else {
          toStdout(outcome.output!);
          result.files++;
          result.mentions += outcome.mentions;
          if (stdoutSize >= 64 * 1024) await flushStdout();
        }
        break;
      case 'records':
        result.bytes += outcome.bytes;
        for (const item of outcome.items) {
          if ('verdict' in item) {
            verdictFound({ verdict: item.verdict, input: item.path, record: { file: entry.path!, line: item.line }, mentions: item.mentions }, item.mentions);
          } else if ('error' in item) {
            if (item.line !== undefined) {
              // --on-error pass: the error takes the record's line; stderr still names it.
              toStdout(item.line);
              result.passed = (result.passed ?? 0) + 1;
              await flushStdout();
              options.onError(toAnnotatorError(item.error));
            } else await report(toAnnotatorError(item.error));
          } else {
            toStdout(item.line);
            result.files++;
            result.mentions += item.mentions;
          }
        }
        await flushStdout();
        break;
    }
    options.onProgress?.(result);
  };

  const queue: Pending[] = [];
  let yielded = performance.now();
  try {
    const items = options.input === 'jsonl' ? recordItems(options) : textItems(options, reserved);
    for await (const item of items) {
      if ('error' in item) {
        queue.push({ outcome: undefined, error: item.error, path: undefined, target: undefined, temporary: undefined, done: true });
      } else {
        const task = item.task;
        const { outcome } = await submit(task);
        const entry: Pending = {
          outcome,
          error: undefined,
          path: task.kind === 'file' ? task.path : task.file,
          target: task.kind === 'file' ? task.target : undefined,
          temporary: task.kind === 'file' ? task.temporary : undefined,
          done: false,
        };
        void outcome.then(() => {
          entry.done = true;
        });
        queue.push(entry);
      }
      // Let the workers' answers in (a task done in this thread ran synchronously), and let
      // a signal handler run: without a turn of the event loop, SIGINT would wait for the end.
      if (pool !== undefined || performance.now() - yielded >= YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
      // Emit in order: whatever is done at the head, and wait for the head when the window is full.
      while (queue.length > 0 && (queue.length >= window || queue[0]!.done)) {
        if (queue.length >= window && held !== undefined) await releaseHeld(true);
        await emit(queue.shift()!);
      }
    }
    await releaseHeld(false);
    while (queue.length > 0) await emit(queue.shift()!);
    await flushStdout();
  } finally {
    await pool?.close();
    // The run stopped early (an error): the outputs done but not renamed are not written.
    for (const tmp of [...reserved]) release(tmp, true);
  }
  return result;
}
