/**
 * Atomic file output: write a temporary file beside the target, then rename it over the
 * target. A reader (or a crash) sees the old file or the complete new one, never a part.
 * (No fsync: the guarantee is against a crash or kill of this process, not a power cut.)
 * Temporary files still being written are tracked so that an interrupted run can remove
 * them. Synchronous on purpose: for many small files, thread-pool round trips of async
 * calls cost more than the writes (measured: 40 % of a run's wall time idle).
 *
 * Temporary files are named `.<target name>.<host>.<pid>.<8 hex>.tmp`. A process killed
 * with SIGKILL cannot remove its own: the first write of a later run into the same folder
 * removes those whose process is gone (same host, pid not running) or that are more than
 * a day old (another host's crash). When that name would be longer than a file name may
 * be (255 bytes), the part of the target name before `.ann.<ext>` is cut and followed by
 * `~` and 8 hex digits of its sha256, so the temporary name always fits and still ends the
 * same way (and is still recognised as ours); a target name that itself is too long fails
 * at the rename (ENAMETOOLONG).
 */
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

const pending = new Set<string>();
const madeDirs = new Set<string>();

const host = hostname().replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 64) || 'host';
// `s`: a target name may hold a newline.
const TEMPORARY = /^\..+\.ann\.(?:yaml|json|jsonl)\.([A-Za-z0-9-]+)\.(\d+)\.[0-9a-f]{8}\.tmp$/s;
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

/** `removeStaleTemporaryFiles`, once per folder and process. */
export function removeStaleTemporaryFilesOnce(dir: string): void {
  if (cleaned.has(dir)) return;
  cleaned.add(dir);
  removeStaleTemporaryFiles(dir);
}

/** The name of a temporary file for `target` (a base name): at most NAME_MAX bytes, matched by TEMPORARY. */
export function temporaryName(target: string, pid: number = process.pid, random: string = randomBytes(4).toString('hex')): string {
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

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    removeStaleTemporaryFilesOnce(dir);
    madeDirs.add(dir);
  }
  const tmp = join(dir, temporaryName(basename(path)));
  pending.add(tmp);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      // writeSync may write less than asked (a full disk): loop over the bytes until all are written.
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    pending.delete(tmp);
  }
}

/** Remove temporary files of writes still in progress (call on SIGINT/SIGTERM). */
export function removePendingTemporaryFiles(): void {
  for (const tmp of pending) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Best effort: nothing else can be done while exiting.
    }
  }
  pending.clear();
}
