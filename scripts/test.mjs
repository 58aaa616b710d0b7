#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: the type check of the sources and tests (`tsc -p test/tsconfig.json --noEmit`)
 * and every test tier (`vitest run`, with the arguments given to `npm test -- ...`), side by
 * side. tsc runs at the lowest CPU priority, so that it takes the time the tests leave idle
 * (the Slurm file's waits, children starting) instead of holding them up for ~10 s before
 * they start (issue 14). Its output comes after vitest's; the exit code is vitest's, or 1 if
 * only the type check failed.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** @param {string} path a file below node_modules/ */
const bin = (path) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));

/**
 * @param {string[]} args
 * @param {{ quiet: boolean, lowPriority: boolean }} how
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(args, how) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: how.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    if (how.lowPriority && child.pid !== undefined) {
      try {
        setPriority(child.pid, 19);
      } catch {
        // not allowed here: it runs at the usual priority
      }
    }
    child.on('error', (e) => resolve({ code: 1, output: `${output}${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal === null ? 1 : 128), output }));
  });
}

const typecheck = run([bin('typescript/bin/tsc'), '-p', 'test/tsconfig.json', '--noEmit', '--pretty', 'false'], { quiet: true, lowPriority: true });
const tests = await run([bin('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)], { quiet: false, lowPriority: false });
const checked = await typecheck;
if (checked.code === 0) {
  process.stdout.write('type check (tsc -p test/tsconfig.json --noEmit): no errors\n');
} else {
  process.stdout.write(`type check (tsc -p test/tsconfig.json --noEmit) failed:\n${checked.output}`);
}
process.exitCode = tests.code !== 0 ? tests.code : checked.code !== 0 ? 1 : 0;
