/**
 * The "Archive scale" recipes (docs/archive-scale.md), run for real: record mode under GNU parallel
 * --pipe with 4 jobs gives, sorted, the output of a single process; --shard under GNU
 * parallel, and the Slurm array script, together give one full run. The commands are
 * taken from the documentation itself (hosts replaced by the local one), so the documentation
 * cannot drift from what is tested.
 *
 * GNU parallel is the Debian package `parallel` (installed by .ci/run). Without it these
 * tests skip with a message, except in CI, where its absence is a failure.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, expectValidAnnotation, runCli, testCacheEnv, tinyLexiconPath } from '../helpers.js';
import type { Annotation } from '../../src/core/output/contract.js';
import { docSection, shBlocks } from '../docs.js';
import { inCi, slurmClusterTested } from '../fixtures/slurm.js';

const TINY = ['--no-builtin-lexicons', '--lexicon', tinyLexiconPath];
const hasParallel = spawnSync('parallel', ['--version'], { encoding: 'utf8' }).status === 0;
const SKIP = 'skipped: GNU parallel is not installed (apt-get install parallel; .ci/run installs it)';
/** Skip without GNU parallel, except in CI, where the tests run and fail. */
const skipParallel = !hasParallel && !inCi;
if (skipParallel) console.warn(SKIP);

let work: string;
let bin: string;
let env: Record<string, string>;

/** The code block (```sh) of docs/archive-scale.md whose text contains `marker`. */
function recipe(marker: string): string {
  const block = shBlocks(docSection('docs/archive-scale.md', '# Archive scale')).find((b) => b.includes(marker));
  expect(block, `docs/archive-scale.md recipe with ${marker}`).toBeDefined();
  return block!;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}

function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function sh(script: string, extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { cwd: work, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SENTENCES = [
  'Fighting spread to Kunduz and Helmand.',
  'The Taliban said nothing.',
  'Officials in Lashkar Gah met elders.',
  'The TTP and ISKP were blamed.',
  'Nothing happened in Sar-e Pol.',
  'کندز was calm.',
];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-parallel-'));
  // `afghan-annotator` on PATH, as installed, with the tiny test lexicon.
  bin = join(work, 'bin');
  mkdirSync(bin);
  const shim = join(bin, 'afghan-annotator');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${binPath}' "$@" ${TINY.map((a) => `'${a}'`).join(' ')}\n`);
  chmodSync(shim, 0o755);
  // The run's cache folder (test/setup/cache-home.ts): its caches are warm, where a HOME of
  // its own would make the first jobs parse the rules and build wink's model each.
  env = { PATH: `${bin}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1', HOME: work, ...testCacheEnv() };
  const records = Array.from({ length: 2000 }, (_, i) =>
    JSON.stringify({ id: `r${i}`, text: `${SENTENCES[i % SENTENCES.length]} ${SENTENCES[(i * 7) % SENTENCES.length]}`, n: i }),
  );
  writeFileSync(join(work, 'records.jsonl'), `${records.join('\n')}\n`);
  const corpus = join(work, 'corpus');
  for (let i = 0; i < 24; i++) {
    mkdirSync(join(corpus, `d${i % 3}`), { recursive: true });
    writeFileSync(join(corpus, `d${i % 3}`, `a${i}.txt`), `${SENTENCES[i % SENTENCES.length]} Report ${i}.\n`);
  }
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('docs/archive-scale.md recipes under GNU parallel and Slurm', () => {
  it.skipIf(skipParallel)('record mode under parallel --pipe with 4 jobs: sorted output equals one process', () => {
    expect(hasParallel, 'GNU parallel must be installed (CI: .ci/run installs the Debian package parallel)').toBe(true);
    const single = runCli(['annotate', '--input', 'jsonl', '--jobs', '1', ...TINY], { input: readFileSync(join(work, 'records.jsonl')) });
    expect(single.status).toBe(0);
    const expected = single.stdout.trimEnd().split('\n');
    expect(expected).toHaveLength(2000);

    // The documented command, with 4 jobs on the local host and small blocks so that the 4 jobs all get records.
    const command = recipe('parallel --pipe')
      .trim()
      .replace('-S 2/host1,2/host2', '--will-cite -j 4 -S 4/:')
      .replace('--block 10M', '--block 50k'); // 6 blocks of the ~270 kB: every job gets records
    expect(command).toContain('-j 4');
    const r = sh(command);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = readFileSync(join(work, 'annotated.jsonl'), 'utf8').trimEnd().split('\n');
    expect([...lines].sort()).toEqual([...expected].sort());
    const first = JSON.parse(lines[0]!) as { annotation: Annotation };
    expectValidAnnotation(first.annotation);
  });

  it.skipIf(skipParallel)('--shard under parallel (two "hosts"): one output folder equal to a full run', () => {
    // Relative paths, as in the recipe: source.path is part of the output.
    const full = join(work, 'full');
    expect(runCli(['annotate', 'corpus/', '--out-dir', full, ...TINY], { cwd: work }).status).toBe(0);
    rmSync(join(work, 'annotations'), { recursive: true, force: true });
    const command = recipe('--shard {}/8').trim().replace('-S 4/host1,4/host2', '--will-cite -S 2/:');
    const r = sh(command);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readTree(join(work, 'annotations'))).toEqual(readTree(full));
  });

  // Without Slurm: the script run four times with the variables Slurm would set. When
  // test/cluster/slurm.cluster.test.ts submits the same script to a real cluster in this run
  // (CI), that test proves this and more (issue 14: the same work twice).
  it.skipIf(slurmClusterTested())('the Slurm array script (no Slurm: test/cluster submits it when a cluster answers, and in CI): tasks 0..3 of 4 together make one full run', () => {
    const full = join(work, 'full-slurm');
    expect(runCli(['annotate', 'corpus', '--out-dir', full, ...TINY], { cwd: work }).status).toBe(0);
    const script = join(work, 'annotate.sbatch');
    writeFileSync(script, recipe('#SBATCH --array'));
    const out = join(work, 'slurm-out');
    for (let k = 0; k < 4; k++) {
      const r = sh(`bash ${script}`, { CORPUS: 'corpus', OUT: out, SLURM_ARRAY_TASK_ID: String(k), SLURM_ARRAY_TASK_COUNT: '4', SLURM_CPUS_PER_TASK: '2' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(readTree(out)).toEqual(readTree(full));
  });
});
