/**
 * `afghan-annotator show FILE`: the article with its mentions marked, so that a person can
 * check the tool's work at a glance. FILE is an annotation file (its source.path is read)
 * or a text file (annotated on the fly).
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { annotateText } from '../core/annotate.js';
import { AnnotatorError, displayPath } from '../core/errors.js';
import { ENTITY_TYPES } from '../core/lexicon/types.js';
import type { Annotation } from '../core/output/contract.js';
import { decodeSource } from '../core/pipeline/read.js';
import { renderLegend, renderMentions } from './render.js';
import { sourceFindings } from '../core/workflows/validate.js';
import { asAnnotations, loadAnnotationFile, parseAnnotationBytes, readSourceText, sourcePathOf } from '../node/annotation-files.js';
import { addLexiconOptions, indexFromOptions, parseTypes, type ColorMode, type CommandContext } from './command-context.js';

const SHOW_HELP = `
FILE ending in .yaml, .yml, .json or .jsonl is read as an annotation file and its text is
read from source.path (relative to the current folder, or to --source-dir DIR; or from
--source FILE); any other file is annotated on the fly with the lexicon options given. A
file with several documents shows each in turn. FILE - reads standard input: an
annotation (YAML or JSON, as annotate writes it: its first lines name
afghan-annotator/annotation) or else a text to annotate.

On a terminal (and NO_COLOR unset), mentions are coloured by type: province blue, place
cyan, armed_group red, official green; ambiguous mentions are underlined. Otherwise (or
with --color never) each mention is written as a tag: [text|type entity], for example
[Kunduz|province AF-KDZ] or [Taliban|armed_group group.taliban]; " ?" before the closing
bracket marks an ambiguous mention. A legend with the entities and their counts follows
the text (--no-legend to leave it out).

Examples:
  $ afghan-annotator show annotations/2019-09-kunduz-pul-e-khumri-attacks.ann.yaml
  $ afghan-annotator show samples/2018-08-ghazni-city-assault.txt --color never | less
  $ afghan-annotator show article.txt --lexicon my-places.yaml
  $ afghan-annotator annotate article.txt | afghan-annotator show -
  $ afghan-annotator show annotations/a.ann.yaml --source-dir ~/corpus-checkout

Exit codes: 0 shown; 1 the file or its source text could not be read, or the text no
longer matches the annotation (AA503); 2 usage or lexicon error.`;

const isAnnotationFile = (path: string): boolean => /\.(ya?ml|jsonl?)$/i.test(path);
/** Standard input holds an annotation when its start names the annotation schema (what annotate writes begins with it). */
const looksLikeAnnotation = (text: string): boolean => text.slice(0, 300).includes('afghan-annotator/annotation');

export function registerShow(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('show')
    .description('print an article with its mentions marked by type (colours on a terminal, [text|type entity] tags otherwise)')
    .argument('<file>', 'an annotation file, or a text file to annotate, or - for standard input (either)')
    .option('--source <file>', 'read the text from this file instead of source.path (annotation files)')
    .option('--source-dir <dir>', 'read the text from DIR/source.path (annotation files; default: source.path relative to the current folder)')
    .option('--no-legend', 'print the text only');
  addLexiconOptions(cmd)
    .option('--types <list>', `text files: keep only these entity types (comma-separated: ${ENTITY_TYPES.join(', ')})`)
    .addOption(new Option('--color <when>', 'colour on stdout (auto: only on a terminal, NO_COLOR unset)').choices(['auto', 'always', 'never']).default('auto'))
    .addHelpText('after', SHOW_HELP)
    .action(async (file: string, opts: Record<string, unknown>) => {
      const mode = opts['color'] as ColorMode;
      ctx.useColor(mode);
      const chalk = ctx.makeChalk(mode, ctx.io.stdout);
      const shown: { annotation: Annotation; text: string }[] = [];
      const stdinBytes = file === '-' ? await ctx.readStdin() : undefined;
      const stdinText = stdinBytes === undefined ? undefined : decodeSource(stdinBytes, '-');
      const sourceDir = opts['sourceDir'] === undefined ? undefined : String(opts['sourceDir']);
      if (stdinText !== undefined ? looksLikeAnnotation(stdinText.text) : isAnnotationFile(file)) {
        const loaded = stdinBytes !== undefined ? asAnnotations(parseAnnotationBytes(stdinBytes, '-'), '-') : loadAnnotationFile(file);
        for (const { annotation } of loaded) {
          const sourcePath = opts['source'] === undefined ? sourcePathOf(annotation.source.path, sourceDir) : String(opts['source']);
          const source = readSourceText(sourcePath, displayPath(file));
          const findings = sourceFindings(annotation, source);
          const mismatch = findings.find((f) => f.code === 'AA503');
          if (mismatch !== undefined) {
            throw new AnnotatorError('AA503', `${mismatch.message}: the text of ${displayPath(sourcePath)} is not the one annotated`, { file: displayPath(file) });
          }
          if (findings.length > 0) ctx.warn(`${displayPath(file)}: ${displayPath(sourcePath)} has changed since it was annotated (the mentions still match it)`);
          shown.push({ annotation, text: source.text });
        }
      } else {
        let bytes: Uint8Array;
        try {
          bytes = stdinBytes ?? readFileSync(file);
        } catch (cause) {
          const code = (cause as NodeJS.ErrnoException).code;
          throw new AnnotatorError(code === 'ENOENT' ? 'AA101' : 'AA102', code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? 'error'})`, { file: displayPath(file), cause });
        }
        const types = parseTypes(opts['types']);
        const source = decodeSource(bytes, displayPath(file));
        const index = indexFromOptions(opts, ctx.io.env);
        const annotation = annotateText(source.text, index, { path: file, sha256: source.sha256, encoding: source.encoding, ...(types === undefined ? {} : { types }) });
        shown.push({ annotation, text: source.text });
      }
      for (const [i, { annotation, text }] of shown.entries()) {
        if (i > 0) await ctx.writeStdout('\n');
        const body = renderMentions(text, annotation.mentions, chalk);
        await ctx.writeStdout(body.endsWith('\n') || body === '' ? body : `${body}\n`);
        if (opts['legend'] !== false) await ctx.writeStdout(`\n${renderLegend(annotation, chalk)}`);
      }
    });
}
