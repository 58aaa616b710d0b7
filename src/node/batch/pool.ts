/**
 * A pool of worker threads that do tasks (src/worker.ts). Each worker loads and compiles
 * the lexicons once, with the same function as the main thread, then does tasks in the
 * order received. It is given the compiled-index images the main thread read into shared
 * memory (src/lexicon/cache.ts), so that its index is views on the same arrays: with
 * 100,000 extra aliases, ~0.1 s in the worker where reading its own V8 image took ~0.8 s.
 *
 * - Workers are started lazily: all of them at the first `hasRoom()`, or one more whenever
 *   every running one is busy, up to `size`. A worker gets tasks from `hasRoom()` only once
 *   it is ready, so the caller does the work itself while workers start.
 * - Each worker holds at most `depth` tasks (one running, the rest queued), so a slow task
 *   never gathers a long queue behind it.
 * - A worker that dies (an uncaught error, out of memory) fails the task it was doing with
 *   AA601; the tasks queued behind it go to another worker; the run goes on. Workers that
 *   die before they are ready, twice in a row, end the run (a broken installation).
 * - `run` never rejects: failures are outcomes, so nothing waits forever.
 */
import { Worker } from 'node:worker_threads';
import { displayPath } from '../../core/errors.js';
import { sharedIndexImages, type SharedIndexImage } from '../lexicon/cache.js';
import { writeGate } from '../output/write.js';
import type { Outcome, Task, TaskSettings } from './types.js';
import type { LoadIndexOptions } from '../load-index.js';

export interface WorkerInit {
  /** The options the main thread built its index from: the worker builds the same (src/node/load-index.ts). */
  indexOptions: LoadIndexOptions;
  /** sha256 of each lexicon the main thread loaded, in order: a worker that loads others refuses to run. */
  lexiconHashes: string[];
  settings: TaskSettings;
  /**
   * The compiled-index images this thread holds in shared memory (set by the pool): the
   * worker reads its index from them rather than from the disk (src/lexicon/cache.ts).
   */
  images?: SharedIndexImage[];
  /** The process's write gate (src/node/output/write.ts, set by the pool): the worker writes temporary files only through it. */
  writeGate?: SharedArrayBuffer;
  /** Young generation of each worker's heap in MB (default 16; 0: V8's default). */
  youngGenerationMb?: number;
  /** Test hook (AFGHAN_ANNOTATOR_TEST_WORKER_CRASH, read by the CLI): see src/node/worker.ts. */
  testCrashOn?: string;
}

interface Job {
  task: Task;
  resolve: (outcome: Outcome) => void;
}

interface Slot {
  worker: Worker;
  jobs: Job[];
  ready: boolean;
  failure: string | undefined;
  /** Set when the worker said it cannot start (not worth another try). */
  initError: string | undefined;
}

export type WorkerMessage = { ready: true } | { initError: string } | { outcome: Outcome };

const WORKER_URL = new URL('../worker.js', import.meta.url);

/**
 * Young generation of each worker's heap, in MB. V8's default lets it grow to ~48 MB per
 * thread; 8 MB measured lower peak RSS (-60 MB with 2 workers), but its scavenges cost
 * the worker of --jobs 2 on news-8mb ~2.3 s of CPU profile where the main thread spent
 * ~1.4 s on the same work; 16 MB measured ~1.7 s (V8's default ~1.3 s). AFGHAN_ANNOTATOR_WORKER_YOUNG_MB=0 (read by the
 * CLI, passed as WorkerInit.youngGenerationMb) keeps V8's default.
 */
const YOUNG_GENERATION_MB = 16;

export class WorkerPool {
  private slots: Slot[] = [];
  private waiting: Job[] = [];
  private closing = false;
  private startFailures = 0;
  private broken: string | undefined;

  constructor(
    private readonly size: number,
    private readonly init: WorkerInit,
    private readonly depth = 2,
  ) {}

  run(task: Task): Promise<Outcome> {
    return new Promise((resolve) => {
      if (this.broken !== undefined) {
        resolve({ kind: 'fatal', message: this.broken });
        return;
      }
      this.waiting.push({ task, resolve });
      this.pump();
    });
  }

  /**
   * Whether a task given now would go straight to a ready worker with fewer than `depth`
   * queued. Starts the workers not started yet: they get tasks once ready, so that the
   * caller goes on with the work meanwhile instead of queueing it behind a worker that
   * is still loading (~0.3-0.6 s: wink's model, the lexicons).
   */
  hasRoom(): boolean {
    if (this.broken !== undefined || this.waiting.length > 0) return false;
    while (this.slots.length < this.size) this.spawn();
    return this.slots.some((s) => s.ready && s.jobs.length < this.depth);
  }

  /** Stop every worker (pending tasks are dropped: call when the run is over or stops). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }

  private pump(): void {
    while (this.waiting.length > 0 && !this.closing && this.broken === undefined) {
      // The least busy ready worker; a worker still starting only when none is ready.
      let best: Slot | undefined;
      for (const s of this.slots) {
        if (s.jobs.length >= this.depth) continue;
        if (best === undefined || (s.ready && !best.ready) || (s.ready === best.ready && s.jobs.length < best.jobs.length)) best = s;
      }
      if ((best === undefined || best.jobs.length > 0) && this.slots.length < this.size) best = this.spawn();
      if (best === undefined) return;
      const job = this.waiting.shift()!;
      best.jobs.push(job);
      best.worker.postMessage(job.task);
    }
  }

  private get youngMb(): number {
    return this.init.youngGenerationMb ?? YOUNG_GENERATION_MB;
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      workerData: { ...this.init, images: sharedIndexImages(), writeGate: writeGate() } satisfies WorkerInit,
      ...(this.youngMb > 0 ? { resourceLimits: { maxYoungGenerationSizeMb: this.youngMb } } : {}),
    });
    const slot: Slot = { worker, jobs: [], ready: false, failure: undefined, initError: undefined };
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (error: Error) => {
      slot.failure = error.message;
    });
    worker.on('exit', (code: number) => this.onExit(slot, code));
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if ('ready' in m) {
      slot.ready = true;
      this.startFailures = 0;
      return;
    }
    if ('initError' in m) {
      slot.initError = m.initError;
      return;
    }
    const job = slot.jobs.shift();
    job?.resolve(m.outcome);
    this.pump();
  }

  private fail(message: string): void {
    this.broken = message;
    const jobs = [...this.slots.flatMap((s) => s.jobs.splice(0)), ...this.waiting.splice(0)];
    for (const job of jobs) job.resolve({ kind: 'fatal', message });
  }

  private onExit(slot: Slot, code: number): void {
    this.slots = this.slots.filter((s) => s !== slot);
    if (this.closing) return;
    const reason = slot.failure ?? `exit code ${code}`;
    if (slot.initError !== undefined) {
      this.fail(slot.initError);
      return;
    }
    if (!slot.ready) {
      this.startFailures++;
      if (this.startFailures >= 2) {
        this.fail(`worker threads cannot start (${reason})`);
        return;
      }
      this.waiting.unshift(...slot.jobs);
      this.pump();
      return;
    }
    const [culprit, ...rest] = slot.jobs;
    this.waiting.unshift(...rest);
    if (culprit !== undefined) culprit.resolve(crashOutcome(culprit.task, reason, this.init.settings.records?.onError === 'pass'));
    this.pump();
  }
}

function crashOutcome(task: Task, reason: string, pass: boolean): Outcome {
  const message = `the worker thread annotating this input stopped (${reason}); the other inputs go on`;
  if (task.kind === 'file') {
    return { kind: 'file', mentions: 0, bytes: 0, error: { code: 'AA601', message, file: displayPath(task.path) } };
  }
  let lines = 0;
  for (const b of task.bytes) if (b === 10) lines++;
  const last = task.firstLine + Math.max(0, lines - 1);
  const text = `lines ${task.firstLine}-${last}: ${message}`;
  // --on-error pass: one error line in place of each record of the batch (blank lines are no records).
  let passed: string | undefined;
  if (pass) {
    passed = '';
    let n = task.firstLine;
    for (const l of Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength).toString('latin1').split('\n')) {
      if (l.replace(/^\xef\xbb\xbf/, '').replace(/[ \t\r]/g, '') !== '') passed += `${JSON.stringify({ error: { code: 'AA601', message: text, line: n } })}\n`;
      n++;
    }
  }
  return {
    kind: 'records',
    items: [{ error: { code: 'AA601', message: text, file: task.file, where: String(task.firstLine) }, ...(passed === undefined ? {} : { line: passed }) }],
    records: 0,
    bytes: task.bytes.length,
  };
}
