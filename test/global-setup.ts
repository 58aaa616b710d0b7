import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The mtimes (ms) of the files below `dir` whose names end with `ext`, except in `skip` folders. */
function mtimes(dir: string, ext: string, skip: readonly string[] = []): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return skip.includes(e.name) ? [] : mtimes(path, ext, skip);
    return e.name.endsWith(ext) ? [statSync(path).mtimeMs] : [];
  });
}

/**
 * dist/ was built after the last change to its sources: every .js file there (tsc writes them
 * all at each build) is newer than every file of src/, tsconfig.json and package.json. So
 * after `npm ci` (whose `prepare` builds) or a second run, no second build of about 10 s
 * CPU holds up every test (issue 14); an edited source file makes it build again.
 */
function distIsFresh(root: string): boolean {
  const outputs = mtimes(join(root, 'dist'), '.js', ['lexicon-cache']);
  if (outputs.length === 0) return false;
  const inputs = [...mtimes(join(root, 'src'), '.ts'), ...['tsconfig.json', 'package.json'].map((f) => statSync(join(root, f)).mtimeMs)];
  return Math.min(...outputs) > Math.max(...inputs);
}

/** End-to-end tests run the built executable: build it first, so they never test a stale dist/. */
export default function setup(): void {
  // Once per run, also when two projects (cli, cluster) list this file.
  const flag = globalThis as { afghanAnnotatorBuilt?: boolean };
  if (flag.afghanAnnotatorBuilt === true) return;
  flag.afghanAnnotatorBuilt = true;
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (distIsFresh(root)) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
