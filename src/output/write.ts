/**
 * Atomic file output: write a temporary file beside the target, then rename it over the
 * target. A reader (or a crash) sees the old file or the complete new one, never a part.
 * (No fsync: the guarantee is against a crash or kill of this process, not a power cut.)
 * Temporary files still open are tracked so that an interrupted run can remove them.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const pending = new Set<string>();

export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pending.add(tmp);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(data, 'utf8');
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
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
