import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files of `npm test`, slowest first (seconds of their own on a quiet 2-core
 * machine, in a full run, 2026-12-02). They start first, so that two workers stay busy to
 * the end: vitest's own order runs the projects by name (cli, cluster, fast), which started
 * the Slurm file, the longest, after every cli file, and the run waited on it alone.
 * (Issue 14, later: interrupt.cli lost half its runs and robustness.cli its 10 MB line;
 * robustness now comes before interrupt, from two full runs on a loaded machine.)
 * A file missing here runs after these, in vitest's order (the results of the last local
 * run, longest first; in a fresh clone, larger files first).
 */
const SLOWEST_FIRST = [
  'test/cluster/slurm.cluster.test.ts',
  'test/cli/scale.cli.test.ts',
  'test/cli/robustness.cli.test.ts',
  'test/cli/interrupt.cli.test.ts',
  'test/unit/wink-model-cache.test.ts',
  'test/cli/hardening2.cli.test.ts',
  'test/cli/parallel.cli.test.ts',
  'test/cli/pack-install.cli.test.ts',
  'test/cli/lexicon.cli.test.ts',
];

/**
 * Slowest files first (SLOWEST_FIRST), then the other files of the cli and cluster projects,
 * then the fast project's, together: its files share a worker (isolate: false) only while
 * they come one after another.
 */
export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification): number => {
      const i = SLOWEST_FIRST.indexOf(relative(root, spec.moduleId).split('\\').join('/'));
      if (i >= 0) return i;
      return spec.project.config.isolate === false ? SLOWEST_FIRST.length + 1 : SLOWEST_FIRST.length;
    };
    return base
      .map((spec, i) => ({ spec, i, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.spec);
  }
}
