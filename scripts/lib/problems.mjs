// @ts-check
// Problems found by a build script: collected with `fail`, reported together at the end of a
// stage (one build run shows every stale decision, not only the first).
import process from 'node:process';

/** A problem that stops the build (exit 2 through `runMain`). */
export class BuildError extends Error {}

/** @type {string[]} */
const problems = [];

/** Record a problem; the build goes on to the end of the stage. */
export function fail(/** @type {string} */ message) {
  problems.push(message);
}

/** Throw one BuildError listing every problem recorded so far (build-lexicons style). */
export function stopIfProblems(/** @type {string} */ stage) {
  if (problems.length > 0) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new BuildError(`${stage}: ${problems.length} problem(s)\n${list}`);
  }
}

/** Print every problem recorded so far, one line each, and exit 1 (build-actors style). */
export function exitIfProblems(/** @type {string} */ tool, /** @type {string} */ stage) {
  if (problems.length === 0) return;
  for (const p of problems) process.stderr.write(`${tool}: ${p}\n`);
  process.stderr.write(`${tool}: ${problems.length} problem(s) while ${stage}; nothing written\n`);
  process.exit(1);
}

/** One section of --report on stdout: a `## title (count)` line, then one indented line per item. */
export function reportSection(/** @type {string} */ title, /** @type {string[]} */ items) {
  process.stdout.write(`\n## ${title} (${items.length})\n${items.map((i) => `  ${i}`).join('\n')}\n`);
}

/**
 * Run a script's main(): its return value is the exit code; a BuildError, an unknown option
 * or a missing file prints one line `tool: message` and exits 2.
 * @param {string} tool
 * @param {() => number} main
 */
export function runMain(tool, main) {
  try {
    process.exitCode = main();
  } catch (err) {
    const code = /** @type {{ code?: unknown }} */ (err)?.code;
    if (err instanceof BuildError || code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ENOENT') {
      process.stderr.write(`${tool}: ${/** @type {Error} */ (err).message}\n`);
      process.exitCode = 2;
    } else {
      throw err;
    }
  }
}
