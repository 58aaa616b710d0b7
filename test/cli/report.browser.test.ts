/**
 * Issue 15: `report` as a person sees it, in headless Chromium (Debian's `chromium`,
 * driven by playwright-core; no browser download). The report of the seven samples,
 * annotated with the shipped lexicons: the map has the 34 province shapes, the legend,
 * the map and the tables agree with `stats --json`, every article page marks every
 * mention at its offsets, the overview's links lead to the articles, and no request
 * leaves the machine.
 *
 * Without /usr/bin/chromium (or $AA_CHROMIUM) the tests are skipped with a message, unless
 * $CI is set: then that is a failure (.ci/run installs chromium).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Browser, Page } from 'playwright-core';
import type { Annotation } from '../../src/core/output/contract.js';
import type { Stats } from '../../src/core/workflows/stats.js';
import { runCli } from '../helpers.js';

/** The little of the DOM the page functions below use (the tests' tsconfig has no DOM library). */
interface DomNode {
  nodeType: number;
  textContent: string | null;
  tagName?: string;
  getAttribute(name: string): string | null;
  childNodes: { forEach(f: (n: DomNode) => void): void };
}

const CHROMIUM = process.env['AA_CHROMIUM'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';

if (!haveChromium && !inCi) {
  console.warn(`report.browser.test: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set AA_CHROMIUM); in CI this fails`);
}

describe.runIf(!haveChromium && inCi)('report in a browser (CI)', () => {
  it('needs Chromium in CI', () => {
    expect.fail(`no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package`);
  });
});

describe.runIf(haveChromium)('report in headless Chromium', () => {
  let work: string;
  let report: string;
  let stats: Stats;
  let docs: Annotation[];
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const blocked: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'aa-report-'));
    const env = { XDG_CACHE_HOME: join(work, 'cache') };
    const ann = join(work, 'ann');
    report = join(work, 'report');
    let r = runCli(['annotate', 'samples/', '-o', ann], { env });
    expect(r.status).toBe(0);
    r = runCli(['stats', '--json', ann], { env });
    expect(r.status).toBe(0);
    stats = JSON.parse(r.stdout) as Stats;
    r = runCli(['report', ann, '-o', report], { env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    docs = readdirSync(ann)
      .sort()
      .map((f) => YAML.parse(readFileSync(join(ann, f), 'utf8')) as Annotation);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Every request is recorded; anything not a file below the report is refused.
    const inside = pathToFileURL(report).href + '/';
    context.on('request', (req) => requested.push(req.url()));
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(inside)) await route.continue();
      else {
        blocked.push(url);
        await route.abort();
      }
    });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  const open = async (rel: string): Promise<void> => {
    await page.goto(pathToFileURL(join(report, rel)).href);
  };

  it('overview: 34 province shapes whose counts, colours and legend agree with stats --json', async () => {
    await open('index.html');
    const shapes = await page.$$eval('svg path.province', (ps) =>
      ps.map((p) => ({ iso: p.getAttribute('data-iso')!, mentions: Number(p.getAttribute('data-mentions')), fill: p.getAttribute('fill')!, title: p.querySelector('title')?.textContent ?? '' })),
    );
    expect(shapes).toHaveLength(34);
    expect(new Set(shapes.map((s) => s.iso)).size).toBe(34);
    const counts = new Map(stats.by_province.map((p) => [p.province, p]));
    for (const s of shapes) {
      expect(s.mentions, s.iso).toBe(counts.get(s.iso)?.mentions ?? 0);
      expect(s.title, s.iso).toContain(`${s.mentions} mention`);
    }
    const legend = await page.$$eval('ul.legend li', (lis) =>
      lis.map((li) => ({ min: Number(li.getAttribute('data-min')), max: Number(li.getAttribute('data-max')), fill: li.querySelector('rect')!.getAttribute('fill')!, label: li.textContent!.trim() })),
    );
    expect(legend[0]).toMatchObject({ min: 0, max: 0 });
    expect(legend[legend.length - 1]!.max).toBe(Math.max(...stats.by_province.map((p) => p.mentions)));
    for (let i = 1; i < legend.length; i++) expect(legend[i]!.min).toBe(legend[i - 1]!.max + 1);
    for (const s of shapes) {
      const cls = legend.find((l) => s.mentions >= l.min && s.mentions <= l.max)!;
      expect(s.fill, s.iso).toBe(cls.fill);
    }
    expect(new Set(legend.map((l) => l.fill)).size).toBe(legend.length);
  });

  it('overview: the summary and the type, province and top tables equal stats --json', async () => {
    await open('index.html');
    const text = async (sel: string): Promise<string> => (await page.textContent(sel))!.replace(/,/g, '');
    expect(await text('#files')).toBe(String(stats.files));
    expect(await text('#mentions')).toBe(String(stats.mentions));
    expect(await text('#entities')).toBe(String(stats.entities));
    const rows = async (sel: string): Promise<string[][]> =>
      page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.replace(/,/g, '').trim())));
    expect(await rows('#by-type')).toEqual(stats.by_type.map((t) => [t.type.replace('_', ' '), String(t.mentions), String(t.entities), String(t.files)]));
    const provinces = await page.$$eval('#by-province tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-iso')!, ...[...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent!.replace(/,/g, '').trim())]),
    );
    expect(provinces).toHaveLength(34);
    for (const [iso, mentions, , , files] of provinces) {
      const p = stats.by_province.find((x) => x.province === iso);
      expect([mentions, files], iso).toEqual([String(p?.mentions ?? 0), String(p?.files ?? 0)]);
    }
    for (const type of ['place', 'armed_group', 'official'] as const) {
      const shown = await rows(`table[data-type="${type}"]`);
      const expected = stats.by_entity.filter((e) => e.type === type).slice(0, 25);
      expect(shown.map((r) => [r[0], r[2], r[3]])).toEqual(expected.map((e) => [e.name, String(e.mentions), String(e.files)]));
    }
  });

  it('every article page marks every mention at its code-point offsets, with entity, province, rule and confidence on hover', async () => {
    const pages = readdirSync(join(report, 'articles')).filter((f) => /^\d+\.html$/.test(f)).sort();
    expect(pages).toHaveLength(docs.length);
    const byPath = new Map(docs.map((d) => [d.source.path, d]));
    for (const p of pages) {
      await open(join('articles', p));
      const meta = (await page.textContent('p.meta'))!;
      const doc = byPath.get(meta.split(' · ')[0]!)!;
      expect(doc, p).toBeDefined();
      // Walk the text in document order, counting code points before each mark.
      const marks = await page.$eval('#text', (root: DomNode) => {
        const out: { start: number; end: number; at: number; text: string; title: string; type: string }[] = [];
        let at = 0;
        const walk = (node: DomNode): void => {
          if (node.nodeType === 3) {
            at += Array.from(node.textContent!).length;
            return;
          }
          const el = node;
          if (el.tagName === 'MARK') {
            const text = el.textContent!;
            out.push({ start: Number(el.getAttribute('data-start')), end: Number(el.getAttribute('data-end')), at, text, title: el.getAttribute('title')!, type: el.getAttribute('data-type')! });
            at += Array.from(text).length;
            return;
          }
          node.childNodes.forEach(walk);
        };
        root.childNodes.forEach(walk);
        return { out, total: at, whole: root.textContent! };
      });
      const source = readFileSync(join(process.cwd(), doc.source.path), 'utf8').replace(/^\uFEFF/, '');
      expect(marks.whole, `${p}: the page's text is the article's`).toBe(source);
      expect(marks.out, p).toHaveLength(doc.mentions.length);
      doc.mentions.forEach((m, i) => {
        const k = marks.out[i]!;
        expect([k.at, k.start, k.end, k.text, k.type], `${p} mention ${i + 1}`).toEqual([m.start, m.start, m.end, m.text, m.type]);
        expect(k.title).toContain(`(${m.entity})`);
        expect(k.title).toContain(`rule ${m.rule}`);
        expect(k.title).toContain(`confidence ${m.confidence}`);
        if (m.province !== undefined) expect(k.title).toContain(`province ${m.province}`);
      });
      // Each type is told apart by more than its colour: a label and an underline style.
      const styles = await page.$$eval('#text mark', (ms) => {
        const style = (globalThis as unknown as { getComputedStyle(e: unknown, pseudo?: string): { borderBottomStyle: string; content: string } }).getComputedStyle;
        return ms.map((m) => [m.getAttribute('data-type')!, style(m).borderBottomStyle, style(m, '::after').content] as const);
      });
      const underline: Record<string, string> = { province: 'solid', place: 'dashed', armed_group: 'dotted', official: 'double' };
      for (const [type, border, label] of styles) {
        expect(border, type).toBe(underline[type]);
        expect(label).toBe(`"${type.replace('_', ' ')}"`);
      }
    }
  });

  it("links: an overview table row leads to the entity's page, and from there to the article, at the mention", async () => {
    await open('index.html');
    const top = stats.by_entity.find((e) => e.type === 'armed_group')!;
    await page.click(`table[data-type="armed_group"] tr[data-entity="${top.entity}"] a`);
    expect(await page.textContent('h1')).toBe(top.name);
    const links = await page.$$eval('table.articles tbody a', (as) => as.map((a) => a.getAttribute('href')!));
    expect(links).toHaveLength(top.files);
    await page.click('table.articles tbody a');
    const hash = new URL(page.url()).hash.slice(1);
    expect(await page.getAttribute(`#${hash}`, 'data-entity')).toBe(top.entity);
  });

  it('no request left the machine: every one was a file of the report', async () => {
    expect(requested.length).toBeGreaterThan(10);
    expect(blocked).toEqual([]);
    const inside = pathToFileURL(report).href + '/';
    expect(requested.filter((u) => !u.startsWith(inside))).toEqual([]);
    // And the pages name nothing outside: no http(s) URL in any page or style sheet.
    const files = ['index.html', 'assets/report.css', ...readdirSync(join(report, 'articles')).map((f) => `articles/${f}`)];
    for (const f of files) expect(readFileSync(join(report, f), 'utf8'), f).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\//);
  });
});
