/**
 * The layers of src/ (issue 14): src/core is pure (no files, no OS, no threads, no process,
 * no terminal), src/node does the I/O, src/cli is the only place with commander, chalk,
 * the process's environment and exit codes. Imports go inwards only: cli -> node -> core.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    .sort();
}

/** Every module a source names: static imports and re-exports, dynamic import() and require(). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of source.matchAll(/\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]/g)) out.push(m[1]!);
  return out;
}

const FORBIDDEN_IN_CORE = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:os', 'os', 'node:worker_threads', 'worker_threads', 'node:child_process', 'child_process', 'chalk', 'commander'];

/** What a core source breaks: forbidden modules, imports from node/ or cli/, and any use of `process.`. */
export function coreViolations(file: string, source: string): string[] {
  const found: string[] = [];
  for (const spec of importsOf(source)) {
    if (FORBIDDEN_IN_CORE.includes(spec)) found.push(`imports ${spec}`);
    if (spec.startsWith('.')) {
      const target = relative(srcDir, resolve(dirname(file), spec));
      if (!target.startsWith('core/')) found.push(`imports ${spec} (outside src/core)`);
    }
  }
  // Comments may name process.env (to say who reads it); code may not.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  if (/\bprocess\s*\.|\bprocess\s*\[|globalThis\.process/.test(code)) found.push('uses process');
  return found;
}

describe('src/ layers (issue 14)', () => {
  it('src/core reads no files, OS, threads or process, and imports nothing outside src/core', () => {
    const files = sources(join(srcDir, 'core'));
    expect(files.length).toBeGreaterThan(40);
    const violations = files.flatMap((f) => coreViolations(f, readFileSync(f, 'utf8')).map((v) => `${relative(srcDir, f)}: ${v}`));
    expect(violations).toEqual([]);
  });

  it('the check catches what it should (a core file that reads a file, the environment or the CLI)', () => {
    const file = join(srcDir, 'core', 'x.ts');
    expect(coreViolations(file, "import { readFileSync } from 'node:fs';")).toEqual(['imports node:fs']);
    expect(coreViolations(file, "import { cpus } from 'os';\nimport chalk from 'chalk';")).toEqual(['imports os', 'imports chalk']);
    expect(coreViolations(file, "const w = await import('node:worker_threads');")).toEqual(['imports node:worker_threads']);
    expect(coreViolations(file, "const x = process.env['HOME'];")).toEqual(['uses process']);
    expect(coreViolations(file, "import { loadIndex } from '../node/load-index.js';")).toEqual(['imports ../node/load-index.js (outside src/core)']);
    expect(coreViolations(file, "// process.env is read by src/cli only\nimport { a } from './pipeline/read.js';")).toEqual([]);
  });

  it('src/node imports nothing from src/cli, and only src/cli imports commander or chalk', () => {
    const bad: string[] = [];
    for (const f of sources(join(srcDir, 'node'))) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (spec === 'chalk' || spec === 'commander') bad.push(`${relative(srcDir, f)}: imports ${spec}`);
        if (spec.startsWith('.') && relative(srcDir, resolve(dirname(f), spec)).startsWith('cli/')) bad.push(`${relative(srcDir, f)}: imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only src/cli reads the environment (process.env)', () => {
    const readers = [...sources(join(srcDir, 'core')), ...sources(join(srcDir, 'node')), join(srcDir, 'index.ts')]
      .filter((f) => /\bprocess\.env\b/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')))
      .map((f) => relative(srcDir, f));
    expect(readers).toEqual([]);
  });
});
