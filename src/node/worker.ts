/**
 * A worker thread of `annotate --jobs N` and `check --jobs N` (see src/node/batch/pool.ts): builds the index once,
 * with the same function as the main thread, then does tasks (the per-input job, src/node/batch/task.ts) in the
 * order received and answers each with its outcome.
 *
 * Test hook: when AFGHAN_ANNOTATOR_TEST_WORKER_CRASH is set (the CLI reads it and passes it
 * as WorkerInit.testCrashOn), a task whose path (for
 * records, its input's name) contains its value makes the worker thread exit abruptly, as
 * a crash would (used by the tests of the crash handling; no effect otherwise).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadIndex } from './load-index.js';
import { adoptSharedIndexImages } from './lexicon/cache.js';
import { adoptWriteGate } from './output/write.js';
import { createRunner, loadChecker } from './batch/task.js';
import type { WorkerInit, WorkerMessage } from './batch/pool.js';
import type { Outcome, Task } from './batch/types.js';

const port = parentPort;
if (port === null) throw new Error('src/worker.ts runs only as a worker thread');
const send = (m: WorkerMessage): void => port.postMessage(m);

const init = workerData as WorkerInit;
const crashOn = init.testCrashOn;

try {
  const checker = await loadChecker(init.settings);
  adoptSharedIndexImages(init.images ?? []);
  adoptWriteGate(init.writeGate);
  const index = loadIndex(init.indexOptions);
  const hashes = index.lexicons.map((l) => l.sha256);
  if (hashes.join(' ') !== init.lexiconHashes.join(' ')) {
    throw new Error('the lexicon files changed while the run was starting; run again');
  }
  const run = createRunner(index, init.settings, checker);
  port.on('message', (task: Task) => {
    if (crashOn !== undefined && crashOn !== '' && (task.kind === 'file' ? task.path : task.file).includes(crashOn)) process.exit(99);
    let outcome: Outcome;
    try {
      outcome = run(task);
    } catch (error) {
      outcome = { kind: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    send({ outcome });
  });
  send({ ready: true });
} catch (error) {
  send({ initError: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
