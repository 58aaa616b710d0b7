/**
 * `report`: a static site over a set of annotations (issue 15). Pure: pages in, strings
 * out; src/commands/report.ts reads the files and writes the pages.
 *
 * Layout below the output folder (every link relative, nothing fetched from elsewhere, no
 * script: it opens from the file system with a double click):
 *   index.html              overview: counts, mentions by type, choropleth of the 34
 *                           provinces (SVG from data/geo/), mentions over time, top places,
 *                           groups and officials
 *   articles/index.html     the list of articles, PER_PAGE a page (index-2.html, ...)
 *   articles/NNNNN.html     one page per article: the text with every mention marked
 *   entities/<id>.html      one page per entity: the articles that mention it
 *   assets/report.css       the one style sheet (screen and print)
 *
 * Mentions are `<mark>` elements holding exactly the mention's text, with data-start and
 * data-end (code points) and a `title` (entity, province, rule, confidence) shown on hover;
 * the type's label is drawn by CSS (::after), so the page's text is the article's text,
 * character for character (a CR is written as &#13; so that HTML parsing keeps it).
 * Colours: light tints of a colour-blind-safe palette, each type also with its own
 * underline style and its name as a label, so that nothing rests on colour alone.
 */
import { ENTITY_TYPES, type EntityType } from '../lexicon/types.js';
import type { Annotation, MentionRecord } from '../output/contract.js';
import { BOUNDARIES_ATTRIBUTION, type Position, type ProvinceBoundaries } from '../output/geo.js';
import type { Stats } from './stats.js';

export const PER_PAGE = 200;

const TYPE_LABEL: Record<EntityType, string> = { province: 'province', place: 'place', armed_group: 'armed group', official: 'official' };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;')).replace(/\r/g, '&#13;');
}

const num = (n: number): string => n.toLocaleString('en-US');

export interface ArticleRef {
  /** 1-based position in the report. */
  n: number;
  /** File name below articles/, e.g. 00042.html. */
  page: string;
  title: string;
  date?: string;
  file: string;
  mentions: number;
  byType: Record<EntityType, number>;
}

/** Slugs for entity pages: the id with unsafe characters replaced; unique. */
export function entitySlugs(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    let base = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
    if (base === '' || base.startsWith('.')) base = `_${base}`;
    let slug = base;
    for (let i = 2; used.has(slug.toLowerCase()); i++) slug = `${base}-${i}`;
    used.add(slug.toLowerCase());
    out.set(id, slug);
  }
  return out;
}

/** The article's title: its first non-empty line (cut at 140 characters), else the file name. */
export function articleTitle(text: string | undefined, file: string): string {
  const line = text?.split(/\r\n|\r|\n/).find((l) => l.trim() !== '')?.trim();
  if (line === undefined) return file.replace(/^.*[\\/]/, '');
  const cps = Array.from(line);
  return cps.length > 140 ? `${cps.slice(0, 139).join('')}…` : line;
}

function page(title: string, root: string, body: string, nav: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${root}assets/report.css">
</head>
<body>
<nav>${nav}</nav>
<main>
${body}
</main>
<footer>Made with afghan-annotator. ${esc(BOUNDARIES_ATTRIBUTION)} Points: GeoNames (geonames.org), CC BY 4.0.</footer>
</body>
</html>
`;
}

const navLinks = (root: string): string => `<a href="${root}index.html">Overview</a> <a href="${root}articles/index.html">Articles</a>`;

function typeLegend(): string {
  return `<p class="legend-types">${ENTITY_TYPES.map((t) => `<mark class="m swatch t-${t}">${esc(TYPE_LABEL[t])}</mark>`).join(' ')}</p>`;
}

// ---------------------------------------------------------------------------------------
// The map
// ---------------------------------------------------------------------------------------

/** Sequential blues (ColorBrewer "Blues", colour-blind safe), lightest first; 0 is white. */
const CLASS_COLOURS = ['#deebf7', '#9ecae1', '#4292c6', '#08519c'];
const ZERO_COLOUR = '#ffffff';

export interface MapClass {
  min: number;
  max: number;
  colour: string;
}

/** Classes: 0, then up to four ranges cut at the quartiles of the non-zero counts. */
export function mapClasses(counts: readonly number[]): MapClass[] {
  const nz = counts.filter((c) => c > 0).sort((a, b) => a - b);
  const classes: MapClass[] = [{ min: 0, max: 0, colour: ZERO_COLOUR }];
  if (nz.length === 0) return classes;
  const q = (p: number): number => nz[Math.min(nz.length - 1, Math.floor(p * (nz.length - 1)))]!;
  const cuts = [...new Set([q(0.25), q(0.5), q(0.75), nz[nz.length - 1]!])].sort((a, b) => a - b);
  let min = 1;
  for (const cut of cuts) {
    if (cut < min) continue;
    classes.push({ min, max: cut, colour: '' });
    min = cut + 1;
  }
  const colours = CLASS_COLOURS.slice(CLASS_COLOURS.length - (classes.length - 1));
  classes.slice(1).forEach((c, i) => (c.colour = colours[i]!));
  return classes;
}

const classOf = (classes: readonly MapClass[], n: number): MapClass => classes.find((c) => n >= c.min && n <= c.max) ?? classes[classes.length - 1]!;

function mapSvg(boundaries: ProvinceBoundaries, counts: Map<string, { mentions: number; files: number }>, slugs: Map<string, string>): string {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  const rings = (f: ProvinceBoundaries['features'][number]): Position[][] =>
    f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  for (const f of boundaries.features) {
    for (const ring of rings(f)) {
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 720;
  const scale = width / ((maxLon - minLon) * k);
  const height = Math.ceil((maxLat - minLat) * scale);
  const x = (lon: number): string => ((lon - minLon) * k * scale).toFixed(1);
  const y = (lat: number): string => ((maxLat - lat) * scale).toFixed(1);
  const classes = mapClasses(boundaries.features.map((f) => counts.get(f.properties.iso_3166_2)?.mentions ?? 0));
  const shapes = boundaries.features.map((f) => {
    const iso = f.properties.iso_3166_2;
    const c = counts.get(iso);
    const mentions = c?.mentions ?? 0;
    const d = rings(f)
      .map((ring) => `M${ring.map(([lon, lat]) => `${x(lon)} ${y(lat)}`).join('L')}Z`)
      .join('');
    const tip = `${f.properties.name} (${iso}): ${num(mentions)} mention${mentions === 1 ? '' : 's'} in ${num(c?.files ?? 0)} article${c?.files === 1 ? '' : 's'}`;
    const path = `<path class="province" d="${d}" fill="${classOf(classes, mentions).colour}" data-iso="${iso}" data-mentions="${mentions}"><title>${esc(tip)}</title></path>`;
    const slug = slugs.get(iso);
    return mentions > 0 && slug !== undefined ? `<a href="entities/${slug}.html">${path}</a>` : path;
  });
  const legend = classes
    .map(
      (c) =>
        `<li data-min="${c.min}" data-max="${c.max}"><svg width="18" height="14" aria-hidden="true"><rect width="18" height="14" fill="${c.colour}" stroke="#555"/></svg> ${
          c.min === c.max ? num(c.min) : `${num(c.min)}–${num(c.max)}`
        }</li>`,
    )
    .join('');
  return `<figure class="map">
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="map-title">
<title id="map-title">Mentions of each province and of the places in it</title>
${shapes.join('\n')}
</svg>
<figcaption><strong>Mentions</strong> (of the province and of places in it; hover for counts)<ul class="legend">${legend}</ul></figcaption>
</figure>`;
}

// ---------------------------------------------------------------------------------------
// Mentions over time
// ---------------------------------------------------------------------------------------

function timeChart(articles: readonly ArticleRef[]): string {
  const dated = articles.filter((a) => a.date !== undefined);
  if (dated.length === 0) return '';
  const months = dated.every((a) => a.date!.length >= 7);
  let keys = dated.map((a) => (months ? a.date!.slice(0, 7) : a.date!.slice(0, 4))).sort();
  let byMonth = months;
  const first = keys[0]!;
  const last = keys[keys.length - 1]!;
  const monthSpan = (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + (months ? Number(last.slice(5, 7)) - Number(first.slice(5, 7)) : 0);
  if (months && monthSpan > 96) byMonth = false;
  const bucket = (d: string): string => (byMonth ? d.slice(0, 7) : d.slice(0, 4));
  keys = dated.map((a) => bucket(a.date!)).sort();
  const all: string[] = [];
  let y = Number(keys[0]!.slice(0, 4));
  let m = byMonth ? Number(keys[0]!.slice(5, 7)) : 1;
  const end = keys[keys.length - 1]!;
  for (;;) {
    const key = byMonth ? `${y}-${String(m).padStart(2, '0')}` : String(y);
    all.push(key);
    if (key >= end) break;
    if (byMonth && m < 12) m++;
    else {
      y++;
      m = 1;
    }
  }
  const counts = new Map(all.map((k) => [k, { mentions: 0, articles: 0 }]));
  for (const a of dated) {
    const c = counts.get(bucket(a.date!))!;
    c.mentions += a.mentions;
    c.articles++;
  }
  const max = Math.max(1, ...[...counts.values()].map((c) => c.mentions));
  const bw = Math.max(4, Math.min(40, Math.floor(700 / all.length)));
  const h = 160;
  const pad = 24;
  const bars = all
    .map((k, i) => {
      const c = counts.get(k)!;
      const bh = Math.round((c.mentions / max) * h);
      return `<rect x="${pad + i * bw + 1}" y="${h - bh}" width="${bw - 2}" height="${bh}" data-bucket="${k}" data-mentions="${c.mentions}"><title>${k}: ${num(c.mentions)} mentions in ${num(c.articles)} articles</title></rect>`;
    })
    .join('');
  const labelEvery = Math.ceil(all.length / 12);
  const labels = all
    .map((k, i) => (i % labelEvery === 0 ? `<text x="${pad + i * bw + bw / 2}" y="${h + 14}" text-anchor="middle">${k}</text>` : ''))
    .join('');
  const rows = all
    .filter((k) => counts.get(k)!.articles > 0)
    .map((k) => `<tr><td>${k}</td><td class="n">${num(counts.get(k)!.mentions)}</td><td class="n">${num(counts.get(k)!.articles)}</td></tr>`)
    .join('');
  return `<section><h2>Mentions over time</h2>
<p>By ${byMonth ? 'month' : 'year'} of the article's date (${num(dated.length)} of ${num(articles.length)} articles have one).</p>
<svg class="time" viewBox="0 0 ${all.length * bw + 2 * pad} ${h + 20}" width="${all.length * bw + 2 * pad}" height="${h + 20}" role="img" aria-label="Mentions by ${byMonth ? 'month' : 'year'}">${bars}${labels}</svg>
<details><summary>As a table</summary><table><thead><tr><th>${byMonth ? 'Month' : 'Year'}</th><th>Mentions</th><th>Articles</th></tr></thead><tbody>${rows}</tbody></table></details>
</section>`;
}

// ---------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------

export interface OverviewInput {
  stats: Stats;
  articles: readonly ArticleRef[];
  boundaries: ProvinceBoundaries;
  slugs: Map<string, string>;
  top: number;
  version: string;
}

export function overviewPage(o: OverviewInput): string {
  const { stats, slugs } = o;
  const provinceCounts = new Map(stats.by_province.map((p) => [p.province, { mentions: p.mentions, files: p.files }]));
  const types = stats.by_type
    .map(
      (t) =>
        `<tr data-type="${t.type}"><td><mark class="m swatch t-${t.type}">${esc(TYPE_LABEL[t.type])}</mark></td><td class="n">${num(t.mentions)}</td><td class="n">${num(t.entities)}</td><td class="n">${num(t.files)}</td></tr>`,
    )
    .join('\n');
  const names = new Map(o.boundaries.features.map((f) => [f.properties.iso_3166_2, f.properties.name]));
  const provinceRows = o.boundaries.features
    .map((f) => {
      const iso = f.properties.iso_3166_2;
      const p = stats.by_province.find((r) => r.province === iso);
      return { iso, name: names.get(iso)!, mentions: p?.mentions ?? 0, files: p?.files ?? 0, pm: p?.province_mentions ?? 0, plm: p?.place_mentions ?? 0 };
    })
    .sort((a, b) => b.mentions - a.mentions || (a.iso < b.iso ? -1 : 1))
    .map((p) => {
      const slug = slugs.get(p.iso);
      const name = slug === undefined ? esc(p.name) : `<a href="entities/${slug}.html">${esc(p.name)}</a>`;
      return `<tr data-iso="${p.iso}" title="${p.iso}"><td>${name}</td><td class="n">${num(p.mentions)}</td><td class="n">${num(p.pm)}</td><td class="n">${num(p.plm)}</td><td class="n">${num(p.files)}</td></tr>`;
    })
    .join('\n');
  const topTable = (type: EntityType, heading: string): string => {
    const rows = stats.by_entity.filter((e) => e.type === type).slice(0, o.top);
    if (rows.length === 0) return `<section class="top"><h2>${heading}</h2><p>None found.</p></section>`;
    return `<section class="top"><h2>${heading}</h2><table data-type="${type}"><thead><tr><th>Name</th><th>Province</th><th>Mentions</th><th>Articles</th></tr></thead><tbody>
${rows
  .map(
    (e) =>
      `<tr data-entity="${esc(e.entity)}"><td><a href="entities/${slugs.get(e.entity)!}.html">${esc(e.name)}</a></td><td>${e.province ?? ''}</td><td class="n">${num(e.mentions)}</td><td class="n">${num(e.files)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>`;
  };
  const firstArticles = o.articles.slice(0, 10);
  const body = `<h1>Annotation report</h1>
<p class="summary"><span><strong id="files">${num(stats.files)}</strong> articles</span> <span><strong id="mentions">${num(stats.mentions)}</strong> mentions</span> <span><strong id="entities">${num(stats.entities)}</strong> entities</span></p>
<section><h2>Mentions by type</h2>
<table id="by-type"><thead><tr><th>Type</th><th>Mentions</th><th>Entities</th><th>Articles</th></tr></thead><tbody>
${types}
</tbody></table></section>
<section class="map-section"><h2>Where</h2>
<div class="map-wrap">
${mapSvg(o.boundaries, provinceCounts, slugs)}
<div class="province-table"><table id="by-province"><thead><tr><th>Province</th><th>Mentions</th><th title="mentions of the province itself">as province</th><th title="mentions of places in the province">of places</th><th>Articles</th></tr></thead><tbody>
${provinceRows}
</tbody></table></div>
</div></section>
${timeChart(o.articles)}
<div class="tops">
${topTable('place', 'Top places')}
${topTable('armed_group', 'Top armed groups')}
${topTable('official', 'Top officials')}
</div>
<section><h2>Articles</h2>
<ul>${firstArticles.map((a) => `<li><a href="articles/${a.page}">${esc(a.title)}</a>${a.date === undefined ? '' : ` <span class="date">${a.date}</span>`}</li>`).join('')}</ul>
<p><a href="articles/index.html">All ${num(o.articles.length)} articles</a></p></section>
<p class="meta">afghan-annotator ${esc(o.version)}.</p>`;
  return page('Annotation report', '', body, navLinks(''));
}

export function articleIndexPage(articles: readonly ArticleRef[], pageNo: number, perPage: number): string {
  const pages = Math.max(1, Math.ceil(articles.length / perPage));
  const name = (p: number): string => (p === 1 ? 'index.html' : `index-${p}.html`);
  const slice = articles.slice((pageNo - 1) * perPage, pageNo * perPage);
  const pager =
    pages === 1
      ? ''
      : `<p class="pager">Page ${pageNo} of ${pages}: ${pageNo > 1 ? `<a href="${name(pageNo - 1)}" rel="prev">previous</a>` : ''} ${pageNo < pages ? `<a href="${name(pageNo + 1)}" rel="next">next</a>` : ''} · ${Array.from({ length: pages }, (_, i) => (i + 1 === pageNo ? `<strong>${i + 1}</strong>` : `<a href="${name(i + 1)}">${i + 1}</a>`)).join(' ')}</p>`;
  const rows = slice
    .map(
      (a) =>
        `<tr><td class="n">${a.n}</td><td><a href="${a.page}">${esc(a.title)}</a></td><td>${a.date ?? ''}</td><td class="file">${esc(a.file)}</td><td class="n">${num(a.mentions)}</td>${ENTITY_TYPES.map((t) => `<td class="n">${num(a.byType[t])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const body = `<h1>Articles</h1>${pager}
<table class="articles"><thead><tr><th>#</th><th>Title</th><th>Date</th><th>File</th><th>Mentions</th>${ENTITY_TYPES.map((t) => `<th>${TYPE_LABEL[t]}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>${pager}`;
  return page(`Articles${pages > 1 ? ` (page ${pageNo})` : ''}`, '../', body, navLinks('../'));
}

export interface ArticlePageInput {
  ref: ArticleRef;
  document: Annotation;
  /** The source text, or undefined when it could not be read or no longer matches. */
  text: string | undefined;
  /** Why the text is missing. */
  textProblem?: string;
  prev?: ArticleRef;
  next?: ArticleRef;
  slugs: Map<string, string>;
}

function mentionTip(m: MentionRecord): string {
  return `${m.name} (${m.entity})${m.province === undefined ? '' : ` · province ${m.province}`} · rule ${m.rule} · confidence ${m.confidence}${m.ambiguous ? ' · ambiguous' : ''}`;
}

/** The text with each mention marked; mentions that overlap an earlier one are left unmarked. */
export function markedText(text: string, mentions: readonly MentionRecord[]): string {
  const cps = Array.from(text);
  let out = '';
  let at = 0;
  mentions.forEach((m, i) => {
    if (m.start < at || m.end > cps.length) return;
    out += esc(cps.slice(at, m.start).join(''));
    out += `<mark class="m t-${m.type}" id="m${i + 1}" data-start="${m.start}" data-end="${m.end}" data-type="${m.type}" data-entity="${esc(m.entity)}" data-label="${TYPE_LABEL[m.type]}" title="${esc(mentionTip(m))}">${esc(cps.slice(m.start, m.end).join(''))}</mark>`;
    at = m.end;
  });
  return out + esc(cps.slice(at).join(''));
}

export function articlePage(a: ArticlePageInput): string {
  const { ref, document: doc } = a;
  const nav = `${navLinks('../')} ${a.prev === undefined ? '' : `<a href="${a.prev.page}" rel="prev">← previous</a>`} ${a.next === undefined ? '' : `<a href="${a.next.page}" rel="next">next →</a>`}`;
  const text =
    a.text === undefined
      ? `<p class="problem">The text is not shown: ${esc(a.textProblem ?? 'it could not be read')}.</p>`
      : `<div class="text" id="text">${markedText(a.text, doc.mentions)}</div>`;
  const rows = doc.mentions
    .map(
      (m, i) =>
        `<tr><td class="n"><a href="#m${i + 1}">${i + 1}</a></td><td>${esc(m.text)}</td><td class="nw">${TYPE_LABEL[m.type]}</td><td><a href="../entities/${a.slugs.get(m.entity) ?? ''}.html">${esc(m.name)}</a></td><td class="nw">${m.province ?? ''}</td><td class="nw">${esc(m.rule)}</td><td class="n">${m.confidence}</td><td class="n">${m.start}–${m.end}</td></tr>`,
    )
    .join('\n');
  const body = `<h1>${esc(ref.title)}</h1>
<p class="meta">${esc(doc.source.path)}${doc.source.date === undefined ? '' : ` · ${doc.source.date}`} · ${num(doc.mentions.length)} mentions · article ${ref.n}</p>
${typeLegend()}
${text}
<section><h2>Mentions</h2>
<table class="mentions"><thead><tr><th>#</th><th>Text</th><th>Type</th><th>Entity</th><th>Province</th><th>Rule</th><th>Confidence</th><th>Offsets</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
  return page(ref.title, '../', body, nav);
}

export interface EntityRef {
  article: ArticleRef;
  mentions: number;
  /** 1-based number of the first mention of the entity in the article. */
  first: number;
}

export function entityPage(e: Stats['by_entity'][number], refs: readonly EntityRef[], point: { lat: number; lon: number; geo_precision: number } | undefined): string {
  const rows = refs
    .map(
      (r) =>
        `<tr><td><a href="../articles/${r.article.page}#m${r.first}">${esc(r.article.title)}</a></td><td>${r.article.date ?? ''}</td><td class="n">${num(r.mentions)}</td></tr>`,
    )
    .join('\n');
  const where =
    point === undefined ? '' : ` · ${point.lat}, ${point.lon} (geo-precision ${point.geo_precision})`;
  const body = `<h1>${esc(e.name)}</h1>
<p class="meta"><mark class="m swatch t-${e.type}">${esc(TYPE_LABEL[e.type])}</mark> ${esc(e.entity)}${e.province === undefined ? '' : ` · ${e.province}`}${where} · ${num(e.mentions)} mentions in ${num(e.files)} articles</p>
<table class="articles"><thead><tr><th>Article</th><th>Date</th><th>Mentions</th></tr></thead><tbody>
${rows}
</tbody></table>`;
  return page(e.name, '../', body, navLinks('../'));
}

export const REPORT_CSS = `:root{--ink:#1a1a1a;--muted:#555;--rule:#ccc;--link:#0b4f9c;
--province:#a6cee3;--place:#fdbf6f;--armed_group:#cab2d6;--official:#ffe680}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",sans-serif;color:var(--ink);background:#fff}
nav{padding:.5rem 1rem;border-bottom:1px solid var(--rule);background:#f6f6f6}
nav a{margin-right:1rem}
main{max-width:1200px;margin:0 auto;padding:1rem}
footer{max-width:1200px;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.85rem}
a{color:var(--link)}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--rule)}
table{border-collapse:collapse;margin:.5rem 0}
th,td{padding:.2rem .6rem;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.nw{white-space:nowrap}
td.file{color:var(--muted);font-size:.85rem;word-break:break-all}
.summary span{display:inline-block;margin-right:2rem;font-size:1.1rem}
.summary strong{font-size:1.6rem}
.meta{color:var(--muted)}
.map-wrap{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
figure.map{margin:0;flex:0 1 640px}
figure.map svg{max-width:100%;height:auto}
path.province{stroke:#444;stroke-width:.6}
a:hover path.province,a:focus path.province{stroke:#000;stroke-width:2}
ul.legend{list-style:none;padding:0;margin:.3rem 0;display:flex;gap:1rem;flex-wrap:wrap}
ul.legend svg{vertical-align:middle}
.province-table{flex:1 1 360px;max-height:520px;overflow:auto}
svg.time{max-width:100%;height:auto}
svg.time rect{fill:#4292c6}
svg.time text{font-size:10px;fill:var(--muted)}
.tops{display:flex;flex-wrap:wrap;gap:1.5rem}
.tops section{flex:1 1 320px}
.text{white-space:pre-wrap;unicode-bidi:plaintext;font-size:1.05rem;line-height:2.1;max-width:60rem;border:1px solid var(--rule);padding:1rem;border-radius:4px}
mark.m{color:var(--ink);padding:.1em .3em;border-radius:.3em;border-bottom:2px solid #333;line-height:1}
mark.m::after{content:attr(data-label);font-size:.62em;font-weight:bold;text-transform:uppercase;margin-left:.35em;vertical-align:middle;letter-spacing:.02em}
mark.t-province{background:var(--province);border-bottom-style:solid}
mark.t-place{background:var(--place);border-bottom-style:dashed}
mark.t-armed_group{background:var(--armed_group);border-bottom-style:dotted}
mark.t-official{background:var(--official);border-bottom-style:double;border-bottom-width:3px}
mark.m:target{outline:3px solid #000}
mark.swatch::after{content:none}
.legend-types mark{margin-right:.5rem}
.problem{background:#fff3cd;padding:.5rem;border:1px solid #e0c36b}
.pager{margin:.5rem 0}
@media print{
nav,.pager,details{display:none}
body{font-size:11pt}
a{color:inherit;text-decoration:none}
main{max-width:none;padding:0}
.province-table{max-height:none;overflow:visible}
tr,mark.m,figure.map{break-inside:avoid}
.text{border:none;padding:0}
mark.m{-webkit-print-color-adjust:exact;print-color-adjust:exact}
path.province{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
