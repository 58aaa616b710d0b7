/**
 * Atomic file output: write a temporary file beside the target, then rename it over the
 * target. A reader (or a crash) sees the old file or the complete new one, never a part.
 * (No fsync: the guarantee is against a crash or kill of this process, not a power cut.)
 * Temporary files still being written are tracked so that an interrupted run can remove
 * them. Synchronous on purpose: for many small files, thread-pool round trips of async
 * calls cost more than the writes (measured: 40 % of a run's wall time idle).
 *
 * The one atomic writer: annotation files, exports and the caches (src/node/lexicon/cache.ts)
 * all write through writeFileAtomic. Temporary files are named `.<target name>.<host>.<pid>.<8 hex>.tmp`. A process killed
 * with SIGKILL cannot remove its own: the first write of a later run into the same folder
 * removes those whose process is gone (same host, pid not running) or that are more than
 * a day old (another host's crash). When that name would be longer than a file name may
 * be (255 bytes), the part of the target name before `.ann.<ext>` is cut and followed by
 * `~` and 8 hex digits of its sha256, so the temporary name always fits and still ends the
 * same way (and is still recognised as ours); a target name that itself is too long fails
 * at the rename (ENAMETOOLONG).
 *
 * Confinement (`OutputRoot`): with a root (the `--out-dir` the user named), every write
 * stays inside the root's real location. Missing folders are made one at a time, each
 * resolved before the next is made inside it; right before the temporary file is created,
 * and again right before the rename, the target's folder is resolved (every component,
 * links followed) and must be inside the real root; an existing target that is a symbolic
 * link must resolve inside it too (a rename replaces the link, but a link pointing out is
 * refused rather than silently replaced). Anything else is refused with AA110 and nothing
 * is left behind. The temporary file is created with O_CREAT|O_EXCL, which never follows a
 * link. What remains is the instant between the last check and rename(2): Node has no
 * renameat(2) on an open folder, and only someone who can already write inside the
 * output folder can use it.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AnnotatorError, displayPath } from '../../core/errors.js';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

const pending = new Set<string>();

const host = hostname().replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 64) || 'host';
// `s`: a target name may hold a newline.
// Annotation files, and the caches' entries (`<sha256>.json`) and images (`<sha256>.v8`).
const TEMPORARY = /^\..+\.(?:ann\.(?:yaml|json|jsonl)|json|v8)\.([A-Za-z0-9-]+)\.(\d+)\.[0-9a-f]{8}\.tmp$/s;
const STALE_MS = 24 * 60 * 60 * 1000;
/** The longest file name most file systems take (NAME_MAX: ext4, XFS, Btrfs, tmpfs), in bytes. */
export const NAME_MAX = 255;

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the temporary files that killed runs left in `dir` (see above). Returns how many. */
export function removeStaleTemporaryFiles(dir: string, now: number = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMPORARY.exec(name);
    if (m === null) continue;
    const file = join(dir, name);
    try {
      const stale = (m[1] === host && !running(Number(m[2]))) || now - statSync(file).mtimeMs > STALE_MS;
      if (stale) {
        rmSync(file, { force: true });
        removed++;
      }
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

const cleaned = new Set<string>();

/** `removeStaleTemporaryFiles`, once per folder (by absolute path) and process. */
export function removeStaleTemporaryFilesOnce(dir: string): void {
  const key = resolve(dir);
  if (cleaned.has(key)) return;
  cleaned.add(key);
  removeStaleTemporaryFiles(dir);
}

/** Random bytes taken 4 at a time from a block (one call to the system's generator for 1024 names). */
let randomBlock = Buffer.alloc(0);
let randomAt = 0;
function randomHex8(): string {
  if (randomAt + 4 > randomBlock.length) {
    randomBlock = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += 4;
  return randomBlock.toString('hex', randomAt - 4, randomAt);
}

/** The name of a temporary file for `target` (a base name): at most NAME_MAX bytes, matched by TEMPORARY. */
export function temporaryName(target: string, pid: number = process.pid, random: string = randomHex8()): string {
  const tail = `.${host}.${pid}.${random}.tmp`;
  const whole = `.${target}${tail}`;
  if (Buffer.byteLength(whole) <= NAME_MAX) return whole;
  const m = /^(.*)(\.ann\.(?:yaml|json|jsonl))$/s.exec(target);
  const [stem, ext] = m === null ? [target, ''] : [m[1]!, m[2]!];
  const mark = `~${createHash('sha256').update(stem).digest('hex').slice(0, 8)}`;
  const room = NAME_MAX - Buffer.byteLength(`.${mark}${ext}${tail}`);
  // Cut on a code point boundary (a lone surrogate would become U+FFFD's 3 bytes).
  let cut = '';
  let size = 0;
  for (const ch of stem) {
    const n = Buffer.byteLength(ch);
    if (size + n > room) break;
    cut += ch;
    size += n;
  }
  return `.${cut}${mark}${ext}${tail}`;
}

/**
 * The folder outputs must stay in (a `--out-dir`), by its real location: resolved once, when
 * first needed (it is made then if missing; the path the user typed is followed as given).
 */
export class OutputRoot {
  private realDir: string | undefined;
  /** The folders `makeDirOnce` made (or found), by absolute path. */
  private readonly made = new Set<string>();

  constructor(readonly dir: string) {}

  /** The root's real location (the folder is made if missing). */
  real(): string {
    if (this.realDir === undefined) {
      mkdirSync(this.dir, { recursive: true });
      this.realDir = realpathSync.native(this.dir);
    }
    return this.realDir;
  }

  private inside(real: string): boolean {
    const root = this.real();
    return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  }

  /** `path` (the root joined with a relative path) split into the root and its components below it. */
  private parts(path: string): string[] {
    const rel = relative(this.dir, path);
    if (rel === '') return [];
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw this.refuse(path, `${displayPath(path)} is not below ${displayPath(this.dir)}`);
    return rel.split(sep);
  }

  private refuse(path: string, why: string): AnnotatorError {
    return new AnnotatorError('AA110', `its output ${displayPath(path)} would be written outside --out-dir ${displayPath(this.dir)}: ${why}; skipped`);
  }

  /** Why `path`'s real location is outside the root: the first symbolic link on the way that leads out. */
  private why(path: string): string {
    let current = this.dir;
    for (const part of this.parts(path)) {
      current = join(current, part);
      let link = false;
      try {
        link = lstatSync(current).isSymbolicLink();
      } catch {
        break;
      }
      if (!link) continue;
      let real: string;
      try {
        real = realpathSync.native(current);
      } catch {
        return `${displayPath(current)} is a symbolic link that leads nowhere`;
      }
      if (!this.inside(real)) return `${displayPath(current)} is a symbolic link to ${displayPath(real)}`;
    }
    return 'its real location is elsewhere';
  }

  /** Throw AA110 (naming `target`, a file in it) unless `dir` (a folder below the root, existing) resolves inside the root. */
  checkDir(dir: string, target: string = dir): void {
    let real: string;
    try {
      real = realpathSync.native(dir);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw this.refuse(target, this.why(dir));
      throw cause;
    }
    if (!this.inside(real)) throw this.refuse(target, this.why(dir));
  }

  /** Throw AA110 unless the file `path` (below the root) may be written: its folder inside, and no link out where it goes. */
  checkFile(path: string): void {
    this.checkDir(dirname(path), path);
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      return; // not there yet (or not ours to see): the rename creates it inside
    }
    if (!link) return;
    let real: string;
    try {
      real = realpathSync.native(path);
    } catch {
      throw this.refuse(path, `${displayPath(path)} is a symbolic link that leads nowhere`);
    }
    if (!this.inside(real)) throw this.refuse(path, `${displayPath(path)} is a symbolic link to ${displayPath(real)}`);
  }

  /**
   * `makeDir` once per root (per run and thread) and folder, by absolute path; true when it
   * made (or found) the folder now. A process that runs again from another working folder,
   * or after its output folder was removed, has another root, so it makes its folders again
   * (remembered for the process by their relative path, they were taken as made, and every
   * output was refused with AA110).
   */
  makeDirOnce(dir: string, target: string = dir): boolean {
    const key = resolve(dir);
    if (this.made.has(key)) return false;
    this.makeDir(dir, target);
    this.made.add(key);
    return true;
  }

  /** Make the folders from the root down to `dir`, one at a time, each checked before anything is made inside it. */
  makeDir(dir: string, target: string = dir): void {
    let current = this.dir;
    this.real();
    for (const part of this.parts(dir)) {
      current = join(current, part);
      try {
        mkdirSync(current); // never through a link: an existing link (or anything) is EEXIST
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
      }
      this.checkDir(current, target);
    }
  }
}

/**
 * Between threads (`annotate --jobs N`: worker threads write the temporary files of their
 * tasks, src/node/batch/task.ts): [0] set when the process is stopping (a signal), [1] how
 * many temporary files are being written now. A thread creates one only while [0] is
 * clear, so once the signal handler has set it and seen [1] fall to 0, no temporary file
 * can appear after it removed the pending ones.
 */
let gate: Int32Array | undefined;

/** The gate of this process, made on first use (the driver gives it to its worker threads). */
export function writeGate(): SharedArrayBuffer {
  gate ??= new Int32Array(new SharedArrayBuffer(8));
  return gate.buffer as SharedArrayBuffer;
}

/** In a worker thread: use the main thread's gate. */
export function adoptWriteGate(buffer: SharedArrayBuffer | undefined): void {
  if (buffer !== undefined) gate = new Int32Array(buffer);
}

function enterGate(): void {
  if (gate === undefined) return;
  Atomics.add(gate, 1, 1);
  if (Atomics.load(gate, 0) !== 0) {
    leaveGate();
    throw new Error('the process is stopping: no new temporary file');
  }
}

function leaveGate(): void {
  if (gate !== undefined && Atomics.sub(gate, 1, 1) === 1) Atomics.notify(gate, 1);
}

/**
 * Make `dir`: below `root` (confined), once per root (`makeDirOnce`); without one, every
 * time (`mkdir -p`). Then check it again right before a temporary file is made in it.
 */
function prepareDir(dir: string, path: string, root: OutputRoot | undefined): void {
  if (root === undefined) {
    mkdirSync(dir, { recursive: true });
    removeStaleTemporaryFilesOnce(dir);
    return;
  }
  if (root.makeDirOnce(dir, path)) removeStaleTemporaryFilesOnce(dir);
  // A folder made (or found) earlier may have been replaced by a link since.
  root.checkDir(dir, path);
}

/**
 * Name a temporary file for `path` and count it as pending (removed on SIGINT) until
 * `releaseTemporary`: the driver names the temporary files of the outputs a worker thread
 * writes, so that the main thread knows them all.
 */
export function reserveTemporary(path: string): string {
  const tmp = join(dirname(path), temporaryName(basename(path)));
  pending.add(tmp);
  return tmp;
}

/** Delete a temporary file if it is there; never throws (it may never have been made: its folder is a file, its name too long). */
function removeQuietly(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // Nothing to remove, or nothing more to do: the error that matters is the caller's.
  }
}

/** No longer pending (renamed, or never made); `remove`: delete it if it is there. */
export function releaseTemporary(tmp: string, remove: boolean): void {
  if (remove) removeQuietly(tmp);
  pending.delete(tmp);
}

/**
 * The first half of an atomic write: all of `data` in the temporary file `tmp` (beside
 * `path`, created, never followed through a link). Nothing is left behind on failure.
 */
export function writeTemporary(path: string, tmp: string, data: string | Uint8Array, root?: OutputRoot): void {
  prepareDir(dirname(path), path, root);
  enterGate();
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      // writeSync may write less than asked (a full disk): loop over the bytes until all are written.
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    removeQuietly(tmp);
    throw error;
  } finally {
    leaveGate();
  }
}

/** The second half: rename the complete temporary file over `path` (checked again first). Nothing is left behind on failure. */
export function commitTemporary(path: string, tmp: string, root?: OutputRoot): void {
  try {
    root?.checkFile(path);
    renameSync(tmp, path);
  } catch (error) {
    removeQuietly(tmp);
    throw error;
  }
}

/**
 * Write `data` to `path` atomically. With `root`, `path` must be below `root.dir` and is
 * written only if its real location is inside the root (AA110 otherwise, see above).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, root?: OutputRoot): void {
  const tmp = reserveTemporary(path);
  try {
    writeTemporary(path, tmp, data, root);
    commitTemporary(path, tmp, root);
  } finally {
    releaseTemporary(tmp, false); // renamed, or removed by the half that failed
  }
}

export interface OutputFileOptions {
  /** Confine the write to this root (the folder the user named). */
  root?: OutputRoot;
  /** The input this output is made from, as shown in messages: errors name it, and AA110 is that input's error. */
  input?: string;
  /** A name or path too long (ENAMETOOLONG) is that input's error (AA108, the input is skipped) rather than AA301. */
  skipNameTooLong?: boolean;
}

/**
 * The one output writer of the commands (annotate, check --update, export, report):
 * `writeFileAtomic` with its failures as the documented errors. A link that leads out of
 * the root stays AA110 (naming `input` when given); with `skipNameTooLong`, ENAMETOOLONG is
 * AA108; anything else is AA301 (the run stops, exit 3), naming `input`, else the target.
 */
export function writeOutputFile(target: string, data: string | Uint8Array, options: OutputFileOptions = {}): void {
  try {
    writeFileAtomic(target, data, options.root);
  } catch (cause) {
    throw outputError(cause, target, options);
  }
}

/** `writeOutputFile` in two halves (`writeTemporary`, then `commitTemporary`), with the same errors: the first may run in a worker thread. */
export function writeTemporaryOutput(target: string, tmp: string, data: string | Uint8Array, options: OutputFileOptions = {}): void {
  try {
    writeTemporary(target, tmp, data, options.root);
  } catch (cause) {
    throw outputError(cause, target, options);
  }
}

export function commitOutput(target: string, tmp: string, options: OutputFileOptions = {}): void {
  try {
    commitTemporary(target, tmp, options.root);
  } catch (cause) {
    throw outputError(cause, target, options);
  }
}

function outputError(cause: unknown, target: string, options: OutputFileOptions): unknown {
  const input = options.input;
  if (cause instanceof AnnotatorError) {
    if (cause.code === 'AA110' && input !== undefined) return new AnnotatorError('AA110', cause.message, { file: input, cause });
    return cause;
  }
  const code = (cause as NodeJS.ErrnoException).code ?? 'error';
  const shown = displayPath(target);
  if (code === 'ENAMETOOLONG' && options.skipNameTooLong === true) {
    return new AnnotatorError('AA108', `cannot write ${shown} (ENAMETOOLONG: its name or path is too long); skipped`, { file: input ?? shown, cause });
  }
  return new AnnotatorError('AA301', `cannot write ${shown} (${code})`, { file: input ?? shown, cause });
}

/** Remove temporary files of writes still in progress (call on SIGINT/SIGTERM). */
export function removePendingTemporaryFiles(): void {
  if (gate !== undefined) {
    // Stop the other threads from making temporary files, and wait (a little) for those being written.
    Atomics.store(gate, 0, 1);
    const until = Date.now() + 2000;
    for (let n = Atomics.load(gate, 1); n > 0 && Date.now() < until; n = Atomics.load(gate, 1)) Atomics.wait(gate, 1, n, 50);
  }
  for (const tmp of pending) removeQuietly(tmp); // best effort: nothing else can be done while exiting
  pending.clear();
}
