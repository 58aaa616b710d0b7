/**
 * `afghan-annotator report FILES|DIR -o DIR`: a static site over annotation files (issue
 * 15): an overview with a choropleth of the provinces, one page per article with its
 * mentions marked, one page per entity. The pages are made by src/workflows/report.ts;
 * this module reads the annotations and source texts and writes the pages, each with the
 * atomic writer, every one of them below the output folder.
 */
import { join, relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { ENTITY_TYPES, type EntityType } from '../core/lexicon/types.js';
import { AnnotatorError, ExitCode, displayPath } from '../core/errors.js';
import type { Annotation } from '../core/output/contract.js';
import { provinceBoundaries } from '../node/geo-data.js';
import { OutputRoot, writeOutputFile } from '../node/output/write.js';
import { VERSION } from '../core/version.js';
import {
  articleIndexPage,
  articlePage,
  articleTitle,
  entityPage,
  entitySlugs,
  overviewPage,
  PER_PAGE,
  REPORT_CSS,
  type ArticleRef,
  type EntityRef,
} from '../core/workflows/report.js';
import { computeStats } from '../core/workflows/stats.js';
import { sourceFindings } from '../core/workflows/validate.js';
import { readAnnotationInputs, readSourceText } from '../node/annotation-files.js';
import { addColorOption, type ColorMode, type CommandContext } from './command-context.js';

const REPORT_HELP = `
Reads annotation files (folders are searched for *.ann.yaml, *.ann.json, *.ann.jsonl) and
their source texts (source.path, relative to the current folder as given to annotate),
and writes a static web site below DIR: open DIR/index.html in a browser (no server, no
network: every page, style and map is in DIR).

  index.html            overview: articles, mentions by type, a map of the 34 provinces
                        shaded by mentions (hover for counts), mentions over time when
                        articles have dates, top places, armed groups and officials
  articles/             an index (--per-page articles a page) and one page per article,
                        its text with every mention marked by type (hover: entity,
                        province, rule, confidence)
  entities/             one page per entity: the articles that mention it
  assets/report.css     one style sheet, for screen and print

The counts are those of \`stats\`. An article whose text cannot be read or no longer
matches its annotation gets a page without the text (and a warning). Pages of an earlier
report in DIR that this one does not write are left as they were.

Examples:
  $ afghan-annotator annotate corpus/ -o annotations/
  $ afghan-annotator report annotations/ -o report/

Exit codes: 0 written; 1 some annotation file could not be read (each reported, the
others in the report); 2 usage error; 3 output not writable.`;

export function registerReport(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .description('write a static web site (overview, map, one page per article) over annotation files')
    .argument('[files...]', 'annotation files or folders', [])
    .requiredOption('-o, --out-dir <dir>', 'write the site below DIR')
    .addOption(new Option('--top <n>', 'rows in the top places, groups and officials tables').default('25'))
    .addOption(new Option('--per-page <n>', 'articles per page of the article index').default(String(PER_PAGE)));
  addColorOption(cmd)
    .addHelpText('after', REPORT_HELP)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      ctx.useColor(opts['color'] as ColorMode);
      if (files.length === 0) throw new AnnotatorError('AA402', 'no inputs: give annotation files or folders');
      if (files.includes('-')) throw new AnnotatorError('AA401', 'report cannot read standard input (-): give annotation files or folders');
      const top = Number(opts['top']);
      if (!Number.isInteger(top) || top < 1) throw new AnnotatorError('AA401', `--top must be a whole number >= 1, not "${String(opts['top'])}"`);
      const perPage = Number(opts['perPage']);
      if (!Number.isInteger(perPage) || perPage < 1) throw new AnnotatorError('AA401', `--per-page must be a whole number >= 1, not "${String(opts['perPage'])}"`);
      const outDir = resolve(String(opts['outDir']));
      // Every page goes through the out-dir's real location, so a linked folder inside it cannot
      // lead a write elsewhere (AA110), as for annotate and export.
      const root = new OutputRoot(outDir);
      const write = (rel: string, data: string): void => {
        const target = resolve(outDir, rel);
        if (!target.startsWith(outDir + sep)) throw new AnnotatorError('AA301', `refusing to write ${displayPath(target)}: outside ${displayPath(outDir)}`);
        // Named relative to the working folder in messages.
        writeOutputFile(relative(process.cwd(), target) || target, data, { root });
      };

      const { inputs, failed } = await readAnnotationInputs(files, (e) => ctx.reportError(e), { keep: slim });

      const stats = computeStats(inputs);
      const slugs = entitySlugs(stats.by_entity.map((e) => e.entity));
      const width = Math.max(5, String(inputs.length).length);
      const articles: ArticleRef[] = inputs.map(({ document: doc }, i) => {
        const byType = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
        for (const m of doc.mentions) byType[m.type]++;
        return {
          n: i + 1,
          page: `${String(i + 1).padStart(width, '0')}.html`,
          title: '',
          ...(doc.source.date === undefined ? {} : { date: doc.source.date }),
          file: doc.source.path,
          mentions: doc.mentions.length,
          byType,
        };
      });

      // Articles: read each text once, for its title and its page (the pages link their
      // neighbours by file name only, so each is written as soon as it is read).
      inputs.forEach(({ annotation: origin, document: doc }, i) => {
        let text: string | undefined;
        let problem: string | undefined;
        try {
          const source = readSourceText(doc.source.path, origin);
          const mismatch = sourceFindings(doc, source).find((f) => f.code === 'AA503');
          if (mismatch === undefined) text = source.text;
          else problem = `${displayPath(doc.source.path)} no longer matches its annotation`;
        } catch (error) {
          if (!(error instanceof AnnotatorError)) throw error;
          problem = `${displayPath(doc.source.path)} could not be read`;
        }
        if (problem !== undefined) ctx.warn(`${origin}: ${problem}; its page shows the mentions without the text`);
        const ref = articles[i]!;
        ref.title = articleTitle(text, doc.source.path);
        write(
          join('articles', ref.page),
          articlePage({
            ref,
            document: doc,
            text,
            ...(problem === undefined ? {} : { textProblem: problem }),
            ...(i > 0 ? { prev: articles[i - 1]! } : {}),
            ...(i + 1 < articles.length ? { next: articles[i + 1]! } : {}),
            slugs,
          }),
        );
      });

      // Entities: the articles that mention each.
      const refs = new Map<string, EntityRef[]>();
      const points = new Map<string, { lat: number; lon: number; geo_precision: number }>();
      inputs.forEach(({ document: doc }, i) => collectRefs(doc, articles[i]!, refs, points));
      for (const e of stats.by_entity) write(join('entities', `${slugs.get(e.entity)!}.html`), entityPage(e, refs.get(e.entity) ?? [], points.get(e.entity)));

      const pages = Math.max(1, Math.ceil(articles.length / perPage));
      for (let p = 1; p <= pages; p++) write(join('articles', p === 1 ? 'index.html' : `index-${p}.html`), articleIndexPage(articles, p, perPage));
      write(join('assets', 'report.css'), REPORT_CSS);
      write('index.html', overviewPage({ stats, articles, boundaries: provinceBoundaries(), slugs, top, version: VERSION }));

      if (failed > 0) ctx.raise(ExitCode.inputErrors);
      if (opts['quiet'] !== true && ctx.io.stderr.isTTY === true) {
        ctx.io.stderr.write(`report of ${inputs.length} article(s) written to ${displayPath(join(String(opts['outDir']), 'index.html'))}\n`);
      }
    });
}

/**
 * What the report uses of an annotation (memory: 10,000 articles are held at once): the
 * source, the summary, the entities' names, places and points, the mentions without
 * candidates and roles.
 */
function slim(doc: Annotation): Annotation {
  return {
    schema: doc.schema,
    source: doc.source,
    annotator: { name: doc.annotator.name, version: doc.annotator.version, policies: doc.annotator.policies, lexicons: [] },
    summary: doc.summary,
    entities: doc.entities.map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      lexicon: e.lexicon,
      ...(e.province === undefined ? {} : { province: e.province }),
      ...(e.lat === undefined ? {} : { lat: e.lat }),
      ...(e.lon === undefined ? {} : { lon: e.lon }),
      ...(e.geo_precision === undefined ? {} : { geo_precision: e.geo_precision }),
      mentions: e.mentions,
    })),
    mentions: doc.mentions.map((m) => ({
      start: m.start,
      end: m.end,
      line: m.line,
      column: m.column,
      sentence: m.sentence,
      text: m.text,
      type: m.type,
      entity: m.entity,
      name: m.name,
      ...(m.province === undefined ? {} : { province: m.province }),
      alias: m.alias,
      rule: m.rule,
      confidence: m.confidence,
      ambiguous: m.ambiguous,
    })),
  };
}

function collectRefs(doc: Annotation, article: ArticleRef, refs: Map<string, EntityRef[]>, points: Map<string, { lat: number; lon: number; geo_precision: number }>): void {
  const here = new Map<string, EntityRef>();
  doc.mentions.forEach((m, i) => {
    const r = here.get(m.entity);
    if (r === undefined) here.set(m.entity, { article, mentions: 1, first: i + 1 });
    else r.mentions++;
  });
  for (const [id, r] of here) {
    let list = refs.get(id);
    if (list === undefined) refs.set(id, (list = []));
    list.push(r);
  }
  for (const e of doc.entities) {
    if (e.lat !== undefined && e.lon !== undefined && e.geo_precision !== undefined && !points.has(e.id) && e.lexicon !== '(document)') {
      points.set(e.id, { lat: e.lat, lon: e.lon, geo_precision: e.geo_precision });
    }
  }
}
