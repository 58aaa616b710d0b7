/**
 * Issue 14: the README stays short (what, install, quick start, the five commands, links)
 * and the documentation's relative links lead somewhere: every relative link of README.md,
 * docs/*.md and bench/HISTORY.md names an existing file, and a `#heading` anchor names a
 * heading of that page (GitHub's slugs). The table of shipped lexicons gives their real counts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { allDocs, readDoc } from '../docs.js';
import { repoRoot } from '../helpers.js';

const README_MAX_LINES = 250;

/** The text outside fenced code blocks and inline code spans. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings (outside code blocks), with GitHub's -1, -2 for repeats. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative links of a page: `[text](target)`, without URLs (scheme:) or mail addresses. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

const pages = new Map([...allDocs(), ['bench/HISTORY.md', readDoc('bench/HISTORY.md')]]);

describe('documentation layout (issue 14)', () => {
  it(`README.md is under ${README_MAX_LINES} lines`, () => {
    const lines = readDoc('README.md').split('\n').length;
    expect(lines).toBeLessThan(README_MAX_LINES);
  });

  it('README.md keeps the quick start: the main job on samples/ and the whole test suite', () => {
    const readme = readDoc('README.md');
    expect(readme).toContain('```sh\nnpm ci && node bin/afghan-annotator.js annotate samples --out-dir annotations\n```');
    expect(readme).toContain('```sh\nnpm ci && npm test\n```');
  });

  it('the slug of a heading is GitHub\'s', () => {
    expect(slug('Output format: `afghan-annotator/annotation`, version 1')).toBe('output-format-afghan-annotatorannotation-version-1');
    expect(slug('Record mode: JSON Lines in, JSON Lines out')).toBe('record-mode-json-lines-in-json-lines-out');
    expect(slug('Error codes of `eval`')).toBe('error-codes-of-eval');
  });

  for (const [path, text] of pages) {
    it(`every relative link of ${path} names an existing file and heading`, () => {
      const links = relativeLinks(text);
      const broken: string[] = [];
      for (const link of links) {
        const [file, anchor] = link.split('#') as [string, string?];
        const target = file === '' ? path : normalize(join(dirname(path), decodeURI(file)));
        if (target.startsWith('..') || !existsSync(join(repoRoot, target))) {
          broken.push(`${link}: no file ${target}`);
          continue;
        }
        if (anchor !== undefined && anchor !== '' && target.endsWith('.md')) {
          const page = pages.get(target) ?? readFileSync(join(repoRoot, target), 'utf8');
          if (!anchors(page).has(anchor)) broken.push(`${link}: no heading #${anchor} in ${target}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('README.md links every page of docs/', () => {
    const linked = new Set(relativeLinks(readDoc('README.md')).map((l) => l.split('#')[0]));
    const missing = [...pages.keys()].filter((p) => p.startsWith('docs/') && !linked.has(p));
    expect(missing).toEqual([]);
  });
});

describe('the table of shipped lexicons in docs/lexicons.md (issue 14: hand-kept tables drifted)', () => {
  const rows = [...readDoc('docs/lexicons.md').matchAll(/^\| `([a-z/-]+\.yaml)` \| ([\d,]+)(?: (rules|names))? \|\s*([\d,]*)\s*\|/gm)];
  const num = (s: string): number => Number(s.replace(/,/g, ''));

  it('lists every file of lexicons/ and lexicons/rules/', () => {
    const files = [
      ...readdirSync(join(repoRoot, 'lexicons')).filter((f) => f.endsWith('.yaml')),
      ...readdirSync(join(repoRoot, 'lexicons', 'rules')).filter((f) => f.endsWith('.yaml')).map((f) => `rules/${f}`),
    ];
    expect(rows.map((r) => r[1]).sort()).toEqual(files.sort());
  });

  it('gives each file its real number of entries and aliases (rules, names)', () => {
    for (const [, file, count, unit, aliases] of rows) {
      const data = YAML.parse(readFileSync(join(repoRoot, 'lexicons', file!), 'utf8')) as {
        entries?: { aliases: unknown[] }[];
        rules?: unknown[];
        names?: unknown[];
      };
      if (unit === 'rules') expect(num(count!), file).toBe(data.rules!.length);
      else if (unit === 'names') expect(num(count!), file).toBe(data.names!.length);
      else {
        expect(num(count!), `${file} entries`).toBe(data.entries!.length);
        expect(num(aliases!), `${file} aliases`).toBe(data.entries!.reduce((n, e) => n + e.aliases.length, 0));
      }
    }
  });
});
