import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** End-to-end tests run the built executable: build it first, so they never test a stale dist/. */
export default function setup(): void {
  // Once per run, also when two projects (cli, cluster) list this file.
  const flag = globalThis as { afghanAnnotatorBuilt?: boolean };
  if (flag.afghanAnnotatorBuilt === true) return;
  flag.afghanAnnotatorBuilt = true;
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
