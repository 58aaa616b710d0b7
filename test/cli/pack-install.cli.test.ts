/**
 * Issue 13 item 2: the package is installed as the CI recipes (docs/workflows.md) say, from a tarball
 * made with `npm pack` (never by name from the registry, where anyone may claim the name):
 * pack this checkout, install the tarball globally into a temporary prefix, and run the
 * installed binary as the recipe does (annotate, then check). The dependencies come from
 * the npm cache when they are there (--prefer-offline), else from the registry.
 * The package is packed with --ignore-scripts: the global setup has just built dist/.
 * Packed and installed once a run, for this file and the Slurm tests (test/fixtures/packed.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDocs } from '../docs.js';
import { expectValidAnnotation, repoRoot } from '../helpers.js';
import { packedInstall } from '../fixtures/packed.js';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aa-pack-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('issue 13 item 2: npm pack, then a global install of the tarball', () => {
  it('README and docs/ recipes install from a tarball or a pinned git URL, never a package name from the registry', () => {
    // Every fenced block of every page (any language tag, so that fences pair up in each file).
    const blocks = [...allDocs().values()].flatMap((text) => [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!));
    const lines = blocks.flatMap((b) => b.split('\n'));
    // npx, npm exec, dlx or an install that names the package as a registry package.
    const byName = lines.filter((l) => /\b(?:npx|npm exec|pnpm dlx|yarn dlx)\b[^\n]*afghan-annotator|\bnpm (?:i|install)\b[^\n]*(?<![/.\w-])afghan-annotator(?:@|\s|$)/.test(l));
    expect(byName).toEqual([]);
    const installs = lines.filter((l) => /\bnpm (?:i|install)\b/.test(l) && l.includes('afghan-annotator'));
    expect(installs.length).toBeGreaterThan(0);
    for (const l of installs) expect(l).toMatch(/afghan-annotator-[\d.]+\.tgz|#[0-9a-f]{7,40}\b|#<commit sha>/);
  });

  it('installs the packed tarball into a temporary prefix; the installed binary annotates and checks a sample', () => {
    // Packed and installed once for the run (test/fixtures/packed.ts), maybe by the Slurm tests.
    const { files, prefix } = packedInstall();
    expect(files).toEqual(expect.arrayContaining(['bin/afghan-annotator.js', 'dist/cli/main.js', 'schema/annotation.schema.json', 'README.md', 'LICENSE']));
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);

    // A corpus repository as in the recipe: corpus/ and annotations/.
    const repo = join(work, 'corpus-repo');
    mkdirSync(join(repo, 'corpus'), { recursive: true });
    writeFileSync(join(repo, 'corpus', 'a.txt'), readFileSync(join(repoRoot, 'samples', '2019-09-kunduz-pul-e-khumri-attacks.txt')));
    const bin = join(prefix, 'bin', 'afghan-annotator');
    const env = { XDG_CACHE_HOME: join(work, 'cache') };
    const version = run(bin, ['--version'], repo, env);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
    const annotate = run(bin, ['annotate', 'corpus/', '--out-dir', 'annotations/'], repo, env);
    expect(annotate.status, annotate.stderr).toBe(0);
    const json = run(bin, ['annotate', 'corpus/a.txt', '-f', 'json'], repo, env);
    const doc = JSON.parse(json.stdout) as { mentions: unknown[] };
    expectValidAnnotation(doc);
    expect(doc.mentions.length).toBeGreaterThan(0);
    const check = run(bin, ['check', 'corpus/', '--out-dir', 'annotations/'], repo, env);
    expect(check.stdout).toBe('check: 1 file(s): 1 up to date\n');
    expect(check.status).toBe(0);
  }, 240_000);
});
