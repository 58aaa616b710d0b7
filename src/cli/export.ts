/**
 * `afghan-annotator export --format brat|w3c FILES... --out-dir DIR`: convert annotation
 * files for other tools. brat: `<stem>.ann` and the text as `<stem>.txt` side by side,
 * and `annotation.conf` at the top; w3c: `<stem>.w3c.jsonld` (Web Annotation JSON-LD).
 * `--format geojson|csv`: one file over all the inputs (stdout, or a file in DIR). The
 * formats themselves are the pure functions in src/output/brat.ts, w3c.ts and geo.ts.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, normalize, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { AnnotatorError, ExitCode, displayPath } from '../core/errors.js';
import { bratAnnotationConf, bratText, toBrat } from '../core/output/brat.js';
import { serializeGeoJson, toMentionCsv, toPointCollection, toProvinceCollection } from '../core/output/geo.js';
import { provinceBoundaries } from '../node/geo-data.js';
import type { Annotation } from '../core/output/contract.js';
import { pathToIri, serializeW3c, toW3c } from '../core/output/w3c.js';
import { OutputRoot, writeOutputFile } from '../node/output/write.js';
import { EXPORT_MARKER } from '../node/inputs.js';
import { sourceFindings } from '../core/workflows/validate.js';
import { findAnnotationFiles, loadAnnotationFile, readAnnotationInputs, readSourceText, sourcePathOf } from '../node/annotation-files.js';
import { addColorOption, type ColorMode, type CommandContext } from './command-context.js';

export const EXPORT_FORMATS = ['brat', 'w3c', 'geojson', 'csv'] as const;

const EXPORT_MARKER_TEXT = 'Written by afghan-annotator export: annotate and check do not walk into this folder (its .txt files are copies of annotated texts).\n';
type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXPORT_HELP = `
Reads annotation files (folders are searched for *.ann.yaml, *.ann.json, *.ann.jsonl) and
their source texts (source.path, relative to the current folder as given to annotate, or
to --source-dir DIR),
and writes below DIR, mirroring the folders: annotations/a/b.ann.yaml -> DIR/a/b.ann
(brat) or DIR/a/b.w3c.jsonld (w3c). DIR also gets a hidden file, ${EXPORT_MARKER}, so
that annotate and check do not take DIR's files for articles when DIR is inside a
folder they walk. A file holding several documents (JSON Lines) gives
one output per document, named after its source file.

brat (standoff, https://brat.nlplab.org/standoff.html): <stem>.txt is the text in UTF-8
with LF line ends (brat reads texts with universal newlines, so CRLF would shift its
offsets); <stem>.ann has a T line per mention (type and code-point offsets into that
.txt), A lines Entity, Province and Ambiguous, an N line to Wikidata when known, and a #
AnnotatorNotes line. Declare the types and attributes in brat's annotation.conf to style
them.

w3c (Web Annotation Data Model, JSON-LD): one AnnotationCollection per text; each mention
an Annotation whose target has a TextPositionSelector (code points in the decoded text)
and a TextQuoteSelector (exact, and 32 code points of prefix and suffix); the target
source is the text's path relative to the .jsonld file.

brat also gets DIR/annotation.conf: the four entity types and the attributes (Entity and
Province with the values used, Ambiguous), so the folder opens in brat as it is.

geojson (RFC 7946, WGS 84; opens in QGIS, geojson.io, kepler.gl): one FeatureCollection
over all the inputs, a Point per located entity (entity records with lat/lon; see
geo_precision in the README) with its mentions, articles and files; with --by province,
the 34 province polygons (shipped in data/geo/, Natural Earth) with the counts of stats'
by_province section. csv: one row per mention (file, start, end, line, sentence, type,
entity, name, province, lat, lon, rule, confidence), RFC 4180 (CRLF, quoted fields).
Both are printed on stdout, or written to DIR/places.geojson, DIR/provinces.geojson or
DIR/mentions.csv with --out-dir; they need no source texts.

A text that no longer matches its annotation (a mention's text differs) is an error
(AA503) and nothing is written for it.

Examples:
  $ afghan-annotator export --format brat annotations/ --out-dir brat-data/
  $ afghan-annotator export --format w3c annotations/a.ann.yaml -o web/
  $ afghan-annotator export --format geojson annotations/ > places.geojson
  $ afghan-annotator export --format geojson --by province annotations/ -o maps/
  $ afghan-annotator export --format csv annotations/ > mentions.csv

Exit codes: 0 every file exported; 1 some file could not be read or did not match its
text (each reported, the others written); 2 usage error; 3 output not writable.`;

export function registerExport(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('export')
    .description('convert annotation files to brat standoff, W3C Web Annotation JSON-LD, GeoJSON or CSV')
    .argument('[files...]', 'annotation files or folders', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --out-dir <dir>', 'write the exported files below DIR (brat, w3c: required; geojson, csv: default stdout)')
    .addOption(new Option('--by <what>', 'geojson: one feature per entity (points) or per province (polygons)').choices(['entity', 'province']).default('entity'))
    .option('--source-dir <dir>', 'read source texts from DIR/source.path (default: source.path relative to the current folder)');
  addColorOption(cmd)
    .addHelpText('after', EXPORT_HELP)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const chalk = ctx.useColor(opts['color'] as ColorMode);
      if (files.length === 0) throw new AnnotatorError('AA402', 'no inputs: give annotation files or folders');
      if (files.includes('-')) throw new AnnotatorError('AA401', 'export cannot read standard input (-): give annotation files or folders');
      const format = opts['format'] as ExportFormat;
      if (format === 'geojson' || format === 'csv') {
        await exportCollection(files, format, opts, ctx);
        return;
      }
      if (opts['by'] !== 'entity') throw new AnnotatorError('AA401', '--by applies to --format geojson only');
      if (opts['outDir'] === undefined) throw new AnnotatorError('AA401', `--format ${format} writes many files: give --out-dir DIR`);
      const outDir = String(opts['outDir']);
      const sourceDir = opts['sourceDir'] === undefined ? undefined : String(opts['sourceDir']);
      const exportedDocs: Annotation[] = [];
      const written = new Map<string, string>();
      let exported = 0;
      let failed = 0;
      const root = new OutputRoot(outDir);
      let marked = false;
      const writeOut = (target: string, data: string, origin: string): void => {
        // The marker tells annotate's folder walk that this folder holds exported copies, not articles.
        if (!marked) {
          const marker = join(outDir, EXPORT_MARKER);
          if (!existsSync(marker)) writeOutputFile(marker, EXPORT_MARKER_TEXT, { root, input: origin });
          marked = true;
        }
        // A link that leads out of --out-dir: this document's error (AA110); the others go on.
        writeOutputFile(target, data, { root, input: origin });
      };
      for await (const found of findAnnotationFiles(files)) {
        if (!found.ok) {
          failed++;
          ctx.reportError(found.error);
          continue;
        }
        const origin = displayPath(found.file.path);
        try {
          const loaded = loadAnnotationFile(found.file.path);
          for (const { annotation } of loaded) {
            try {
              const sourcePath = sourcePathOf(annotation.source.path, sourceDir);
              const source = readSourceText(sourcePath, origin);
              const findings = sourceFindings(annotation, source);
              const mismatch = findings.find((f) => f.code === 'AA503');
              if (mismatch !== undefined) throw new AnnotatorError('AA503', `${mismatch.message}; not exported`, { file: origin });
              if (findings.length > 0) ctx.warn(`${origin}: ${displayPath(annotation.source.path)} has changed since it was annotated (the mentions still match it)`);
              const stem =
                loaded.length === 1 ? found.file.stem : join(dirname(found.file.stem), basename(annotation.source.path).replace(/\.[^.]*$/, '') || 'document');
              const base = join(outDir, stem);
              const key = normalize(base);
              const earlier = written.get(key);
              if (earlier !== undefined) {
                throw new AnnotatorError('AA107', `its output ${displayPath(base)}.* would overwrite that of ${earlier}; skipped`, { file: origin });
              }
              written.set(key, origin);
              if (format === 'brat') {
                writeOut(`${base}.txt`, bratText(source.text), origin);
                writeOut(`${base}.ann`, toBrat(annotation, source.text), origin);
                exportedDocs.push(annotation);
              } else {
                const target = `${base}.w3c.jsonld`;
                const iri = pathToIri(relative(dirname(resolve(target)), resolve(sourcePath)));
                writeOut(target, serializeW3c(toW3c(annotation, source.text, { source: iri })), origin);
              }
              exported++;
            } catch (error) {
              if (!(error instanceof AnnotatorError) || error.code.startsWith('AA3')) throw error;
              failed++;
              ctx.reportError(error);
            }
          }
        } catch (error) {
          if (!(error instanceof AnnotatorError) || error.code.startsWith('AA3')) throw error;
          failed++;
          ctx.reportError(error);
        }
      }
      if (format === 'brat' && exportedDocs.length > 0) writeOut(join(outDir, 'annotation.conf'), bratAnnotationConf(exportedDocs), outDir);
      if (failed > 0) ctx.raise(ExitCode.inputErrors);
      if (opts['quiet'] !== true && ctx.io.stderr.isTTY === true) {
        ctx.io.stderr.write(`exported ${exported} document(s) as ${format}${failed > 0 ? chalk.red(`, ${failed} failed`) : ''}\n`);
      }
    });
}

/** geojson and csv: one output over every input, on stdout or in --out-dir. */
async function exportCollection(files: string[], format: 'geojson' | 'csv', opts: Record<string, unknown>, ctx: CommandContext): Promise<void> {
  const byProvince = opts['by'] === 'province';
  if (byProvince && format !== 'geojson') throw new AnnotatorError('AA401', '--by province applies to --format geojson only');
  const { inputs, failed } = await readAnnotationInputs(files, (e) => ctx.reportError(e));
  const text =
    format === 'csv' ? toMentionCsv(inputs) : serializeGeoJson(byProvince ? toProvinceCollection(inputs, provinceBoundaries()) : toPointCollection(inputs));
  if (opts['outDir'] === undefined) {
    await ctx.writeStdout(text);
  } else {
    const target = join(String(opts['outDir']), format === 'csv' ? 'mentions.csv' : byProvince ? 'provinces.geojson' : 'places.geojson');
    writeOutputFile(target, text, { root: new OutputRoot(String(opts['outDir'])) });
  }
  if (failed > 0) ctx.raise(ExitCode.inputErrors);
}
