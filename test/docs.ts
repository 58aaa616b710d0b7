/**
 * The documentation as tests read it: README.md and the pages of docs/. Recipes and claims
 * that tests execute or check live in a named page; these helpers cut them out by heading.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './helpers.js';

/** A documentation file by its path in the repository (`README.md`, `docs/workflows.md`). */
export function readDoc(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** README.md and every docs/*.md, by path. */
export function allDocs(): Map<string, string> {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return new Map(['README.md', ...docs].map((p) => [p, readDoc(p)]));
}

/**
 * The section of `path` that starts at the heading line `heading` (such as
 * `## jq cookbook`) and runs to the next heading of the same or a higher level (headings
 * inside fenced code blocks, such as a `# comment` line, do not count).
 */
export function docSection(path: string, heading: string): string {
  const text = readDoc(path);
  const lines = text.split('\n');
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  const start = lines.indexOf(heading);
  expect(start, `${path} has a "${heading}" heading`).toBeGreaterThan(-1);
  let fence = false;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) fence = !fence;
    const m = fence ? null : /^(#+) /.exec(line);
    if (m && m[1]!.length <= level) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}

/** The fenced ```sh blocks of a section of a doc. */
export function shBlocks(section: string): string[] {
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}
